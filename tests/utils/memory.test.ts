import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import v8 from 'node:v8'
import express from 'express'
import { afterEach, describe, expect, test } from 'vitest'
import { MALLOC_ENV, MALLOC_ENV_PREFIX, collectAfterDownloads, collectGarbage } from '~/utils/memory.server'

// app/utils/memory.server.ts: a full collection once downloads are done, and the malloc settings
// every way of starting the server passes.

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

type Served = { url: string; close: () => Promise<void> }
const served: Served[] = []
afterEach(async () => {
  await Promise.all(served.splice(0).map((s) => s.close()))
})

/** A real HTTP server with the middleware: /page answers HTML, /download a file sent in `ms`. */
async function serve(collect: () => void): Promise<Served> {
  const app = express()
  app.use(collectAfterDownloads({ quietMs: 100, collect }))
  app.get('/page', (_req, res) => res.type('html').send('<p>page</p>'))
  app.get('/download', (req, res) => {
    res.setHeader('Content-Disposition', 'attachment; filename="x.csv"')
    res.type('text/csv').write('a,b\n')
    setTimeout(() => res.end('1,2\n'), Number(req.query.ms ?? 0))
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  const s = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
  served.push(s)
  return s
}

describe('a full collection after downloads', () => {
  test('a finished download is followed by one collection once the server is quiet', async () => {
    let collections = 0
    const { url } = await serve(() => collections++)
    expect(await (await fetch(`${url}/download`)).text()).toBe('a,b\n1,2\n')
    expect(collections).toBe(0) // not while a page might follow at once
    await wait(400)
    expect(collections).toBe(1)
  })

  test('pages are left to V8', async () => {
    let collections = 0
    const { url } = await serve(() => collections++)
    for (let i = 0; i < 3; i++) expect((await fetch(`${url}/page`)).status).toBe(200)
    await wait(400)
    expect(collections).toBe(0)
  })

  test('while another download runs nothing is collected; after the last, once', async () => {
    let collections = 0
    const { url } = await serve(() => collections++)
    const slow = fetch(`${url}/download?ms=600`).then((r) => r.text())
    await wait(50)
    await (await fetch(`${url}/download`)).text()
    await wait(300) // the quick one ended 300 ms ago: past the quiet time, but the slow one runs on
    expect(collections).toBe(0)
    await slow
    await wait(400)
    expect(collections).toBe(1)
  })

  test('a download the client abandons counts as ended', async () => {
    let collections = 0
    const { url } = await serve(() => collections++)
    const aborted = new AbortController()
    const res = await fetch(`${url}/download?ms=5000`, { signal: aborted.signal })
    expect(res.status).toBe(200)
    aborted.abort()
    await wait(500)
    expect(collections).toBe(1)
  })

  test('collectGarbage gives back the heap that garbage took', async () => {
    let garbage: { i: number; s: string }[] | null = []
    for (let i = 0; i < 1_500_000; i++) garbage.push({ i, s: `row ${i}` })
    const grown = v8.getHeapStatistics().total_heap_size
    garbage = null
    collectGarbage()
    await wait(200) // V8 unmaps freed pages on a background thread
    const after = v8.getHeapStatistics().total_heap_size
    expect(after).toBeLessThan(grown - 50 * 1024 * 1024)
  })
})

describe('the malloc settings', () => {
  test("package.json's server scripts start node with them", () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as { scripts: Record<string, string> }
    for (const name of ['start', 'serve', 'dev']) expect(scripts[name]).toContain(`${MALLOC_ENV_PREFIX} node `)
  })

  test('the test and benchmark servers start with them too', () => {
    const harness = fs.readFileSync(path.resolve('tests/app-server.ts'), 'utf8')
    expect(harness).toMatch(/\.\.\.MALLOC_ENV,/)
    expect(Object.keys(MALLOC_ENV)).toEqual(['MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_'])
  })
})
