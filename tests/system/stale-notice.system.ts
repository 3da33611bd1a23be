import { describe, expect, test } from 'vitest'
import { serverForSuite } from '../app-server'
import { dbQuery, signIn } from './http'

// The page a stale decision lands on says so once: in the notice at the top, not again under the
// form that sent it. Rendered by the real server, as a browser without JavaScript receives it.
const STALE = '在您提交之前，已有其他人修改了这条记录'

describe('a stale answer is said once', () => {
  const server = serverForSuite()

  test('closing a drill follow-up that someone has just edited: 409, one notice, the current drill shown', async () => {
    const lab = await signIn(server.baseUrl, 'lab')
    const labId = dbQuery<{ lab_id: number }>(server.dataDir, "SELECT lab_id FROM users WHERE username = 'lab'")[0].lab_id
    const added = await lab.post(`/labs/${labId}/security`, {
      intent: 'addDrill',
      heldOn: '2026-03-01',
      scenario: '勒索病毒应急演练',
      participants: '信息中心 6 人',
      findings: '备份恢复耗时偏长',
      followUp: '优化备份恢复流程',
    })
    expect(added.status, await added.clone().text()).toBe(302)
    const drill = dbQuery<{ id: number; row_version: number }>(
      server.dataDir,
      "SELECT id, row_version FROM drills WHERE lab_id = ? AND scenario = '勒索病毒应急演练'",
      labId,
    )[0]

    // one colleague edits the drill from the page they had open…
    const edited = await lab.post(`/labs/${labId}/security`, {
      intent: 'updateDrill',
      drillId: String(drill.id),
      rowVersion: String(drill.row_version),
      heldOn: '2026-03-01',
      scenario: '勒索病毒应急演练',
      participants: '信息中心 6 人',
      findings: '备份恢复耗时偏长，已定位原因',
      followUp: '优化备份恢复流程',
    })
    expect(edited.status).toBe(302)
    // …and another closes its follow-up from the same, now older, page
    const closed = await lab.post(`/labs/${labId}/security`, {
      intent: 'closeFollowUp',
      drillId: String(drill.id),
      rowVersion: String(drill.row_version),
      followUpClosedOn: '2026-03-05',
    })
    expect(closed.status).toBe(409)
    const html = await closed.text()
    expect(html.split(STALE).length - 1).toBe(1)
    expect(html).toContain('已定位原因')
    expect(dbQuery(server.dataDir, 'SELECT follow_up_closed_on FROM drills WHERE id = ?', drill.id)).toEqual([
      { follow_up_closed_on: null },
    ])
  })
})
