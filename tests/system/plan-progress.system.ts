import { describe, expect, test } from 'vitest'
import { DEFAULT_RULE_SETTINGS } from '~/domain/settings'
import { serverForSuite } from '../app-server'
import { dbQuery, signIn } from './http'

// 任务指标完成情况 (issue 16, part 3) through the real server: the demo's 姑苏区 lab behind its
// plan shows the warning with its reason and the progress panel on its page and its plan page, to
// the district office and the bureau; the settings page offers the two thresholds in %; raising the
// year-1 share to 100% warns more labs, at once.
describe('plan progress pages', () => {
  const server = serverForSuite()

  test('the lab behind its plan: warning with reason, panel on the lab page and the plan page', async () => {
    const [bureau, gusu] = await Promise.all([signIn(server.baseUrl, 'bureau'), signIn(server.baseUrl, 'gusu')])
    // the dashboard brings the stored checks up to date
    expect((await bureau.get('/')).status).toBe(200)
    const warned = dbQuery<{ labId: number; district: string }>(
      server.dataDir,
      `SELECT c.lab_id AS labId, l.district_code AS district FROM lab_checks c JOIN labs l ON l.id = c.lab_id
       WHERE c.check_id = 'plan_progress' AND c.result = 'warning' ORDER BY (l.district_code = '320508') DESC, c.lab_id LIMIT 1`,
    )[0]!
    expect(warned.district).toBe('320508')
    for (const client of [bureau, gusu]) {
      const page = await (await client.get(`/labs/${warned.labId}`)).text()
      expect(page).toContain('data-testid="progress-panel"')
      expect(page).toContain('任务指标完成情况')
      expect(page).toMatch(/第一个有效年度完成 [\d.]+(项|人|万元)，低于目标/)
      expect(page).toContain(`href="/labs/${warned.labId}/plan#progress"`)
      const plan = await (await client.get(`/labs/${warned.labId}/plan`)).text()
      expect(plan).toContain('data-testid="progress-table"')
      expect(plan).toMatch(/计划完成度 \d+%/)
    }
    // another district's office does not find the lab at all
    const wuzhong = await signIn(server.baseUrl, 'wuzhong')
    expect((await wuzhong.get(`/labs/${warned.labId}`)).status).toBe(404)
  })

  test('the thresholds are bureau settings in %: a stricter year-1 share warns more labs', async () => {
    const bureau = await signIn(server.baseUrl, 'bureau')
    const settings = await (await bureau.get('/settings')).text()
    expect(settings).toContain('任务指标第一年完成比例')
    const warnedLabs = () =>
      dbQuery<{ n: number }>(
        server.dataDir,
        "SELECT count(DISTINCT lab_id) AS n FROM lab_checks WHERE check_id = 'plan_progress' AND result = 'warning'",
      )[0]!.n
    await bureau.get('/')
    const before = warnedLabs()
    const versions = Object.fromEntries(
      [...settings.matchAll(/name="(rowVersion\.[A-Za-z0-9]+)" value="(\d+)"/g)].map((m) => [m[1]!, m[2]!]),
    )
    const values = Object.fromEntries(Object.entries(DEFAULT_RULE_SETTINGS).map(([k, v]) => [k, String(v)]))
    const bad = await bureau.post('/settings', { intent: 'settings', ...versions, ...values, planYear1Percent: '150' })
    expect(bad.status).toBe(400)
    const saved = await bureau.post('/settings', { intent: 'settings', ...versions, ...values, planYear1Percent: '100' })
    expect(saved.status).toBe(302)
    await bureau.get('/')
    expect(warnedLabs()).toBeGreaterThan(before)
  })
})
