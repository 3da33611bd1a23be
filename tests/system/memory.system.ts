import fs from 'node:fs'
import { describe, expect, test } from 'vitest'
import { MALLOC_ENV } from '~/utils/memory.server'
import { serverForSuite } from '../app-server'
import { signIn } from './http'

// The server's memory settings (app/utils/memory.server.ts) in the real server process: it runs
// with glibc's malloc settings, and downloads stay whole with a full collection after each.

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('server memory', () => {
  const server = serverForSuite()

  test('the server process runs with the malloc settings', () => {
    const environ = fs.readFileSync(`/proc/${server.process.pid}/environ`, 'utf8').split('\0')
    for (const [name, value] of Object.entries(MALLOC_ENV)) expect(environ).toContain(`${name}=${value}`)
  })

  test('exports downloaded again after the collection that follows each are the same, and pages answer meanwhile', async () => {
    const bureau = await signIn(server.baseUrl, 'bureau')
    const bytes = async (pathname: string) => {
      const res = await bureau.get(pathname)
      expect(res.status, pathname).toBe(200)
      return Buffer.from(await res.arrayBuffer())
    }
    for (const pathname of ['/outcomes/register.csv', '/requests/csv', '/labs/export']) {
      const first = await bytes(pathname)
      expect(first.length).toBeGreaterThan(1000)
      await wait(1100) // the quiet second after a download: the collection runs about now
      expect((await bureau.get('/labs')).status).toBe(200)
      await wait(300)
      expect((await bytes(pathname)).equals(first)).toBe(true)
    }
    expect(server.output()).not.toMatch(/failed part-way/)
  })
})
