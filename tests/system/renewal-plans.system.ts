import { describe, expect, test } from 'vitest'
import { serverForSuite } from '../app-server'
import { dbQuery, signIn, type Client } from './http'

// The next period's indicator plan, proposed with the renewal application (issue 16), through the
// real server's pages: the demo's second lab (its window is open) starts its application, drafts
// the plan (a bad target refused with the message shown and what was typed kept), submits the
// application and then the plan; the bureau reads it on the renewal page, approves it and renews
// the lab, and the plan is the new period's, approved. The assigned expert reads a proposed plan
// on its review page.
describe('the renewal’s proposed plan', () => {
  const server = serverForSuite()

  // the rowVersion of the form marked `testId` on the page (the page has several forms)
  const versionIn = async (c: Client, path: string, testId: string) => {
    const html = await (await c.get(path)).text()
    const at = html.indexOf(`data-testid="${testId}"`)
    if (at < 0) throw new Error(`no ${testId} on ${path}`)
    const found = /name="rowVersion" value="(\d+)"/.exec(html.slice(at))
    if (!found) throw new Error(`no rowVersion in ${testId} on ${path}`)
    return found[1]
  }
  const renewalVersion = (id: number) =>
    String(dbQuery<{ v: number }>(server.dataDir, 'SELECT row_version AS v FROM renewals WHERE id = ?', id)[0].v)

  test('drafted, refused, submitted after the application, approved, carried into the renewed period', async () => {
    const [bureau, lab] = await Promise.all([signIn(server.baseUrl, 'bureau'), signIn(server.baseUrl, 'lab2')])
    const labId = dbQuery<{ labId: number }>(server.dataDir, "SELECT lab_id AS labId FROM users WHERE username = 'lab2'")[0].labId

    const started = await lab.post(`/labs/${labId}/renewal`, { intent: 'start' })
    expect(started.status).toBe(302)
    const renewalId = Number(/\/renewals\/(\d+)/.exec(started.headers.get('Location') ?? '')?.[1])
    const path = `/labs/${labId}/renewals/${renewalId}`
    const page = await (await lab.get(path)).text()
    expect(page).toContain('name="target.transfer_value"')
    // submitted only with the application: no submit button on a draft application's page
    expect(page).not.toContain('value="submitPlan"')

    const bad = await lab.post(path, {
      intent: 'savePlan',
      rowVersion: await versionIn(lab, path, 'proposed-plan-form'),
      'target.papers': '2.5',
      'target.transfer_value': '0.3',
    })
    expect(bad.status).toBe(400)
    const badHtml = await bad.text()
    expect(badHtml).toContain('请输入不小于 0 的整数')
    expect(badHtml).toContain('value="2.5"')
    expect(dbQuery(server.dataDir, 'SELECT id FROM indicator_plans WHERE renewal_id = ?', renewalId)).toEqual([])

    const saved = await lab.post(path, {
      intent: 'savePlan',
      rowVersion: await versionIn(lab, path, 'proposed-plan-form'),
      'target.papers': '6',
      'target.transfer_value': '0.3',
    })
    expect(saved.status).toBe(302)
    const application = {
      summary: '两年完成工业互联网平台 3 项成果。',
      selfAssessment: '目标基本完成。',
      planTargets: '见下一有效期任务指标计划。',
      planIp: '发明专利 4 项。',
      planFunding: '投入 600 万元。',
      planScenarios: '工业质检、能耗管理。',
    }
    expect((await lab.post(path, { intent: 'submit', rowVersion: renewalVersion(renewalId), ...application })).status).toBe(302)
    const sent = await lab.post(path, {
      intent: 'submitPlan',
      rowVersion: await versionIn(lab, path, 'proposed-plan-form'),
      'target.papers': '6',
      'target.transfer_value': '0.3',
    })
    expect(sent.status).toBe(302)

    const seen = await (await bureau.get(path)).text()
    expect(seen).toContain('data-testid="proposed-plan-decide"')
    expect(seen).toContain('已提交，待市局审核')
    expect(seen).toContain('0.3')
    const approved = await bureau.post(path, {
      intent: 'approvePlan',
      rowVersion: await versionIn(bureau, path, 'proposed-plan-decide'),
      reason: '',
    })
    expect(approved.status).toBe(302)
    // the demo announces renewals first (公示, issue 21); this walk is about the plan, decided at once
    const noticeVersion = dbQuery<{ v: number }>(server.dataDir, "SELECT row_version AS v FROM settings WHERE key = 'renewalNoticeStep'")
    const switchedOff = await bureau.post('/settings', {
      intent: 'settings',
      renewalNoticeStep: '0',
      'rowVersion.renewalNoticeStep': String(noticeVersion[0]?.v ?? 0),
    })
    expect(switchedOff.status).toBe(302)
    const decided = await bureau.post(path, {
      intent: 'decide',
      rowVersion: renewalVersion(renewalId),
      decision: 'renew',
      grade: 'good',
      reasons: '成果齐全，同意续期。',
    })
    expect(decided.status).toBe(302)

    const [plan] = dbQuery<{ id: number; periodId: number | null; status: string; sequence: number }>(
      server.dataDir,
      `SELECT p.id, p.period_id AS periodId, p.status, v.sequence FROM indicator_plans p
         LEFT JOIN validity_periods v ON v.id = p.period_id WHERE p.renewal_id = ?`,
      renewalId,
    )
    expect(plan).toMatchObject({ status: 'approved', sequence: 2 })
    expect(
      dbQuery(server.dataDir, 'SELECT indicator_key AS k, target FROM indicator_targets WHERE plan_id = ? ORDER BY id', plan.id),
    ).toEqual([
      { k: 'papers', target: 6 },
      { k: 'transfer_value', target: 3_000 },
    ])
    const periodPage = await (await lab.get(`/labs/${labId}/plan?period=${plan.periodId}`)).text()
    expect(periodPage).toContain('已批准')
    expect(periodPage).toContain('0.3')
    expect(
      dbQuery<{ action: string }>(
        server.dataDir,
        "SELECT action FROM audit_log WHERE entity_type = 'indicator_plan' AND entity_id = ? ORDER BY id",
        String(plan.id),
      ),
    ).toEqual([{ action: 'create' }, { action: 'submit' }, { action: 'approve' }, { action: 'carry_over' }])
  })

  test('the assigned expert reads the proposed plan on its review page, without forms', async () => {
    const expert = await signIn(server.baseUrl, 'expert')
    const [assigned] = dbQuery<{ renewalId: number; labId: number }>(
      server.dataDir,
      `SELECT r.id AS renewalId, r.lab_id AS labId FROM review_assignments a JOIN renewals r ON r.id = a.renewal_id
         JOIN users u ON u.id = a.expert_id WHERE u.username = 'expert' AND a.status = 'assigned'`,
    )
    const html = await (await expert.get(`/labs/${assigned.labId}/renewals/${assigned.renewalId}/review`)).text()
    expect(html).toContain('data-testid="proposed-plan-targets"')
    expect(html).toContain('已提交，待市局审核')
    expect(html).not.toContain('value="approvePlan"')
    expect(html).not.toContain('value="savePlan"')
  })
})
