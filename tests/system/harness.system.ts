import { describe, expect, test } from 'vitest'
import { serverForSuite, startAppServer } from '../app-server'
import { client, dbQuery, signIn } from './http'

// The harness itself: a server starts on its own data, a demo user signs in over HTTP, and a
// killed server restarts on the same database with what it had stored.
describe('system harness', () => {
  const server = serverForSuite()

  test('a signed-in bureau user reads the registry; signed out goes to /login', async () => {
    const bureau = await signIn(server.baseUrl, 'bureau')
    const page = await bureau.get('/labs')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('实验室')
    const anonymous = await client(server.baseUrl).get('/labs')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })

  test('after SIGKILL the server restarts on the same database', async () => {
    const labs = dbQuery<{ n: number }>(server.dataDir, 'SELECT count(*) AS n FROM labs')[0].n
    await server.kill()
    Object.assign(server, await startAppServer({ dataDir: server.dataDir }))
    expect(dbQuery<{ n: number }>(server.dataDir, 'SELECT count(*) AS n FROM labs')[0].n).toBe(labs)
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200)
  })
})
