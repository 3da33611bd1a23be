import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from '../app-server'
import { decodeSubject, startSmtp } from '../smtp'
import { dbQuery, signIn } from './http'

// Issue 15 part 2 on the real server: a lab reports an urgent incident over HTTP and the mail
// reaches the bureau and the district at once, with the scheduler off (so no scheduled run can
// have sent it); the bureau's badge counts the alert until the bureau acknowledges it.
let smtp: Awaited<ReturnType<typeof startSmtp>>
let server: AppServer

beforeAll(async () => {
  smtp = await startSmtp()
  server = await startAppServer({ env: { SMTP_URL: smtp.url, SCHEDULER: 'off' } })
})
afterAll(async () => {
  await server?.stop()
  if (server) fs.rmSync(server.dataDir, { recursive: true, force: true })
  await smtp?.stop()
})

const badge = async (html: string) => Number(/data-testid="nav-security-count"[^>]*>(\d+)</.exec(html)?.[1] ?? 0)

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('an urgent incident reported over HTTP', () => {
  test('the bureau and the district have the alert mail within seconds; the badge counts it until acknowledged', async () => {
    const lab = await signIn(server.baseUrl, 'lab')
    const labId = dbQuery<{ lab_id: number }>(server.dataDir, "SELECT lab_id FROM users WHERE username = 'lab'")[0].lab_id
    const bureau = await signIn(server.baseUrl, 'bureau')
    const before = await badge(await (await bureau.get('/')).text())
    expect(before).toBeGreaterThanOrEqual(1) // the demo's night-time incident

    const started = Date.now()
    const res = await lab.post(`/labs/${labId}/incidents`, {
      intent: 'report',
      grade: 'I',
      title: '系统测试：核心数据库勒索加密',
      discoveredAt: '',
      reportedAt: '',
      description: '监测发现核心数据库文件被批量加密。',
    })
    // a discovery time is required: the form answers 400 and nothing is sent
    expect(res.status).toBe(400)
    expect(smtp.received).toHaveLength(0)

    const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 16)
    const ok = await lab.post(`/labs/${labId}/incidents`, {
      intent: 'report',
      grade: 'I',
      title: '系统测试：核心数据库勒索加密',
      discoveredAt: now,
      reportedAt: '',
      description: '监测发现核心数据库文件被批量加密。',
    })
    expect(ok.status, await ok.clone().text()).toBe(302)
    const answered = Date.now() - started
    const mails = await waitFor(() => (smtp.received.length >= 2 ? smtp.received.slice() : undefined), 10_000)
    const delivered = Date.now() - started
    console.log(`urgent alert: page answered in ${answered} ms, both mails at the SMTP server in ${delivered} ms`)
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['bureau@example.cn', 'gusu@example.cn'])
    expect(decodeSubject(mails[0].raw)).toMatch(/^【Labcycle】紧急：.+报告 I 级安全事件“系统测试：核心数据库勒索加密”$/)
    // nobody else: a moment later still only these two (another district, the other lab, the expert)
    await new Promise((r) => setTimeout(r, 500))
    expect(smtp.received).toHaveLength(2)

    const id = Number(/\/incidents\/(\d+)/.exec(ok.headers.get('location')!)![1])
    expect(await badge(await (await bureau.get('/')).text())).toBe(before + 1)
    const gusu = await signIn(server.baseUrl, 'gusu')
    expect(await badge(await (await gusu.get('/')).text())).toBe(0)

    // the incident page offers the bureau the acknowledgement; the district sees the alert pending, without the form
    const page = `/labs/${labId}/incidents/${id}`
    const bureauPage = await (await bureau.get(page)).text()
    expect(bureauPage).toContain('确认已收到告警')
    expect(bureauPage).toContain('data-alert="pending"')
    const gusuPage = await (await gusu.get(page)).text()
    expect(gusuPage).toContain('data-alert="pending"')
    expect(gusuPage).not.toContain('确认已收到告警')

    const version = dbQuery<{ row_version: number }>(server.dataDir, 'SELECT row_version FROM incidents WHERE id = ?', id)[0].row_version
    const refused = await gusu.post(`/labs/${labId}/incidents/${id}`, { intent: 'acknowledge', rowVersion: String(version) })
    expect(refused.status).toBe(403)
    const acked = await bureau.post(`/labs/${labId}/incidents/${id}`, { intent: 'acknowledge', rowVersion: String(version) })
    expect(acked.status).toBe(302)
    expect(await badge(await (await bureau.get('/')).text())).toBe(before)
    expect(await (await gusu.get(page)).text()).toContain('data-alert="acknowledged"')
  })
})
