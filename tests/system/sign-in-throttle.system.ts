import { describe, expect, test } from 'vitest'
import { serverForSuite, type AppServer } from '../app-server'
import { client, dbQuery, DEMO_PASSWORD } from './http'

// Issue 14, finding 2, over real HTTP: someone hammering an account must slow only themselves.
// The server takes the client address from the socket; with TRUST_PROXY=true (behind a reverse
// proxy) from X-Forwarded-For, which is how these tests pose as several addresses.

function signInFrom(server: AppServer, address: string | null, username: string, password: string) {
  return client(server.baseUrl).post('/login', { username, password }, address ? { headers: { 'X-Forwarded-For': address } } : {})
}

const failedSignIns = (server: AppServer) =>
  dbQuery<{ ip: string; actorName: string }>(
    server.dataDir,
    "SELECT ip, actor_name AS actorName FROM audit_log WHERE action = 'login_failed'",
  )

describe('sign-in throttle behind a proxy (TRUST_PROXY=true)', () => {
  const server = serverForSuite({ env: { TRUST_PROXY: 'true' } })

  test('an attacker hammering an account is refused while its owner signs in from another address', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 25; i++) statuses.push((await signInFrom(server, '203.0.113.9', 'lab', `guess-${i}`)).status)
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]))

    // the page says why and for how long, in Chinese by default
    const refused = await signInFrom(server, '203.0.113.9', 'lab', DEMO_PASSWORD)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('900')
    expect(await refused.text()).toContain('此账户在本网络地址的登录失败次数过多，请 15 分钟后再试。')
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('lc_session='))).toBe(false)

    const owner = await signInFrom(server, '198.51.100.20', 'lab', DEMO_PASSWORD)
    expect(owner.status).toBe(302)
    const cookie = owner.headers
      .getSetCookie()
      .find((c) => c.startsWith('lc_session='))!
      .split(';')[0]
    expect((await client(server.baseUrl, cookie).get('/')).status).toBe(200)

    // every checked failure is audited with the attacker's address; refused attempts checked nothing
    expect(failedSignIns(server)).toEqual(Array.from({ length: 5 }, () => ({ ip: '203.0.113.9', actorName: 'lab' })))
  })

  test('guesses sent all at once from one address are checked no more than the limit allows', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signInFrom(server, '203.0.113.77', 'lab2', `burst-${i}`)))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(35)
    expect(failedSignIns(server).filter((a) => a.ip === '203.0.113.77')).toHaveLength(5)
    // and the owner of lab2 still signs in from elsewhere
    expect((await signInFrom(server, '198.51.100.20', 'lab2', DEMO_PASSWORD)).status).toBe(302)
  })

  test('colleagues behind one office address, each mistyping twice, all still sign in', async () => {
    const colleagues = ['huqiu', 'wuzhong', 'xiangcheng', 'wujiang', 'sip', 'changshu', 'zhangjiagang', 'kunshan', 'taicang', 'gusu']
    for (const username of colleagues) {
      for (const typo of ['labcycle-dmeo', 'Labcycle-demo'])
        expect((await signInFrom(server, '198.51.100.1', username, typo)).status).toBe(401)
    }
    for (const username of [...colleagues, 'bureau'])
      expect((await signInFrom(server, '198.51.100.1', username, DEMO_PASSWORD)).status).toBe(302)
    expect(failedSignIns(server).filter((a) => a.ip === '198.51.100.1')).toHaveLength(20)
  })
})

describe('sign-in throttle without a proxy (TRUST_PROXY=false)', () => {
  const server = serverForSuite()

  test('the address is the socket’s: a forged X-Forwarded-For does not buy an attacker fresh addresses', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await signInFrom(server, `192.0.2.${i}`, 'lab2', `guess-${i}`)).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
    expect(new Set(failedSignIns(server).map((a) => a.ip))).toEqual(new Set(['127.0.0.1']))
    // another account from the same socket address is not locked by it
    expect((await signInFrom(server, null, 'bureau', DEMO_PASSWORD)).status).toBe(302)
  })
})
