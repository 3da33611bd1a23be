import { spawnSync } from 'node:child_process'
import { beforeAll, describe, expect, test } from 'vitest'
import { RESOURCE_TYPES } from '~db/schema/enums'
import { UNITS_BY_TYPE } from '~/domain/resource-requests'
import { serverForSuite } from '../app-server'
import { dbQuery, DEMO_PASSWORD, signIn, type Client } from './http'

// Issue 14, finding 3, over real HTTP: two bureau reviewers (only the bureau accepts or returns a
// request, app/domain/request-workflow.ts) open the same submitted request and press accept and
// return at the same moment. Every round exactly one wins (302) and the other is told (409, the
// stale notice with the current status); the stored request and its audit rows hold one change,
// and the lab is told of that one change only (issue 15).
const ROUNDS = 10

describe('concurrent reviewers', () => {
  const server = serverForSuite()
  beforeAll(() => {
    // a second bureau reviewer, made as an administrator would make one
    const made = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/create-user.ts', '--username', 'bureau2', '--name', '市局审核员乙', '--role', 'bureau'],
      { env: { ...process.env, DATA_DIR: server.dataDir, LABCYCLE_PASSWORD: DEMO_PASSWORD }, encoding: 'utf8' },
    )
    if (made.status !== 0) throw new Error(`create-user failed: ${made.stderr}${made.stdout}`)
  })

  // A submitted request of the demo lab, made through its pages as the lab would.
  async function submittedRequest(lab: Client, labId: number, type: (typeof RESOURCE_TYPES)[number], n: number) {
    const form = new FormData()
    for (const [k, v] of Object.entries({
      type,
      title: `并发测试申请 ${n}`,
      description: '两位审核人同时处理',
      quantity: '10',
      unit: UNITS_BY_TYPE[type][0],
      neededBy: '2099-12-31',
      justification: '测试',
    }))
      form.append(k, v)
    const created = await lab.post(`/labs/${labId}/requests/new`, form)
    expect(created.status, await created.clone().text()).toBe(302)
    const path = created.headers.get('location')!.split('?')[0]
    const submitted = await lab.post(path, { intent: 'submit', rowVersion: await versionOn(lab, path) })
    expect(submitted.status).toBe(302)
    return path
  }

  // the row version the page shows in its forms' hidden field, as a browser would post it back
  async function versionOn(c: Client, path: string) {
    const html = await (await c.get(path)).text()
    const found = /name="rowVersion" value="(\d+)"/.exec(html)
    if (!found) throw new Error(`no rowVersion on ${path}`)
    return found[1]
  }

  test(`${ROUNDS} rounds of accept against return on one request: one winner and one clear 409 every round`, async () => {
    const [a, b, lab] = await Promise.all([
      signIn(server.baseUrl, 'bureau'),
      signIn(server.baseUrl, 'bureau2'),
      signIn(server.baseUrl, 'lab'),
    ])
    const labId = dbQuery<{ labId: number }>(server.dataDir, "SELECT lab_id AS labId FROM users WHERE username = 'lab'")[0].labId
    // a type whose rule does not wait for the district's opinion, so the bureau may accept at once
    const waiting = dbQuery<{ type: string }>(server.dataDir, 'SELECT type FROM request_type_rules WHERE district_opinion = 1').map(
      (r) => r.type,
    )
    const type = RESOURCE_TYPES.find((t) => !waiting.includes(t))!
    const outcomes: string[] = []
    const started = Date.now()
    for (let round = 1; round <= ROUNDS; round++) {
      const path = await submittedRequest(lab, labId, type, round)
      const id = Number(path.split('/').pop())
      const [seenA, seenB] = await Promise.all([versionOn(a, path), versionOn(b, path)])
      expect(seenA).toBe(seenB)
      // alternate who fires first, so neither reviewer always wins by order
      const posts = [
        () => a.post(path, { intent: 'accept', rowVersion: seenA }),
        () => b.post(path, { intent: 'return', comment: `第 ${round} 轮：请补充材料`, rowVersion: seenB }),
      ]
      if (round % 2 === 0) posts.reverse()
      const answers = await Promise.all(posts.map((p) => p()))
      const [accepted, returned] = round % 2 === 0 ? [answers[1], answers[0]] : answers
      const statuses = [accepted.status, returned.status].sort()
      expect(statuses, `round ${round}`).toEqual([302, 409])
      const loser = accepted.status === 409 ? accepted : returned
      const html = await loser.text()
      expect(html).toContain('data-testid="stale-notice"')
      expect(html).toContain('已有其他人修改了这条记录')
      const [row] = dbQuery<{ status: string }>(server.dataDir, 'SELECT status FROM resource_requests WHERE id = ?', id)
      const winner = accepted.status === 302 ? 'accepted' : 'returned'
      expect(row.status, `round ${round}`).toBe(winner)
      expect(html).toContain(`当前状态：${winner === 'accepted' ? '已受理' : '退回补充'}`)
      const audit = dbQuery<{ action: string }>(
        server.dataDir,
        "SELECT action FROM audit_log WHERE entity_type = 'resource_request' AND entity_id = ? AND action IN ('accept', 'return')",
        String(id),
      )
      expect(
        audit.map((r) => r.action),
        `round ${round}`,
      ).toEqual([winner === 'accepted' ? 'accept' : 'return'])
      // issue 15: the lab hears of the winning step only, once per account; both reviewers of the submission
      const told = dbQuery<{ key: string; username: string }>(
        server.dataDir,
        "SELECT json_extract(n.title, '$.key') AS key, u.username FROM notices n JOIN users u ON u.id = n.recipient_id WHERE n.source = 'request' AND n.channel = 'inbox' AND n.link = ? ORDER BY u.username",
        path,
      )
      expect(told, `round ${round}`).toEqual([
        { key: 'notices.request.submitted.bureau', username: 'bureau' },
        { key: 'notices.request.submitted.bureau', username: 'bureau2' },
        { key: winner === 'accepted' ? 'notices.request.accepted' : 'notices.request.returned', username: 'lab' },
      ])
      outcomes.push(winner)
    }
    console.info(`concurrent reviewers: ${ROUNDS} rounds in ${Date.now() - started} ms, winners ${outcomes.join(' ')}`)
  })
})
