import { describe, expect, test } from 'vitest'
import { serverForSuite } from '../app-server'
import { dbQuery, signIn, type Client } from './http'

// 任务指标计划 (issue 16, part 1) through the real server's pages: the bureau adds a custom
// indicator, the demo lab fills in its plan (a bad target is refused with the message shown and
// what was typed kept), submits, the bureau returns it with a reason the lab then reads, and the
// stored targets are whole numbers (万元 as yuan).
describe('indicator plan pages', () => {
  const server = serverForSuite()

  const versionOn = async (c: Client, path: string) => {
    const html = await (await c.get(path)).text()
    const found = /name="rowVersion" value="(\d+)"/.exec(html)
    if (!found) throw new Error(`no rowVersion on ${path}`)
    return found[1]
  }
  const unescape = (html: string) =>
    html
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&amp;/g, '&')

  test('custom indicator, bad input, submit, return with a reason, read back', async () => {
    const [bureau, lab] = await Promise.all([signIn(server.baseUrl, 'bureau'), signIn(server.baseUrl, 'lab2')])
    const labId = dbQuery<{ labId: number }>(server.dataDir, "SELECT lab_id AS labId FROM users WHERE username = 'lab2'")[0].labId

    const added = await bureau.post('/settings/indicators', {
      intent: 'addIndicator',
      nameZh: '示范应用单位',
      nameEn: 'Demo users',
      unit: 'count',
    })
    expect(added.status).toBe(302)
    expect(await (await bureau.get('/settings/indicators')).text()).toContain('示范应用单位')
    const customId = dbQuery<{ id: number }>(server.dataDir, "SELECT id FROM custom_indicators WHERE name_zh = '示范应用单位'")[0].id

    const path = `/labs/${labId}/plan`
    // the demo's second lab: its plan for the period in force was returned (db/seed-plans.ts)
    const planId = dbQuery<{ id: number }>(
      server.dataDir,
      "SELECT id FROM indicator_plans WHERE lab_id = ? AND status = 'returned'",
      labId,
    )[0].id
    const targets = () =>
      dbQuery<{ key: string; target: number }>(
        server.dataDir,
        "SELECT coalesce(indicator_key, 'c' || custom_indicator_id) AS key, target FROM indicator_targets WHERE plan_id = ? ORDER BY id",
        planId,
      )
    const seeded = targets()
    expect(seeded.length).toBeGreaterThan(0)
    const empty = await (await lab.get(path)).text()
    expect(empty).toContain('name="target.transfer_value"')
    expect(empty).toContain(`name="target.c${customId}"`)

    const bad = await lab.post(path, {
      intent: 'save',
      rowVersion: await versionOn(lab, path),
      'target.papers': '2.5',
      'target.transfer_value': '12.5',
    })
    expect(bad.status).toBe(400)
    const badHtml = await bad.text()
    expect(badHtml).toContain('请输入不小于 0 的整数')
    expect(badHtml).toContain('value="2.5"')
    expect(targets()).toEqual(seeded)

    const sent = await lab.post(path, {
      intent: 'submit',
      rowVersion: await versionOn(lab, path),
      ...Object.fromEntries(seeded.map((t) => [`target.${t.key}`, ''])),
      'target.papers': '6',
      'target.transfer_value': '12.5',
      [`target.c${customId}`]: '3',
    })
    expect(sent.status).toBe(302)
    expect(targets()).toEqual([
      { key: 'papers', target: 6 },
      { key: 'transfer_value', target: 125_000 },
      { key: `c${customId}`, target: 3 },
    ])

    const seen = unescape(await (await bureau.get(path)).text())
    expect(seen).toContain('已提交，待市局审核')
    expect(seen).toContain('12.5')
    expect(seen).toContain('示范应用单位')
    const returned = await bureau.post(path, { intent: 'return', rowVersion: await versionOn(bureau, path), reason: '成果转化目标偏低' })
    expect(returned.status).toBe(302)

    const back = await (await lab.get(path)).text()
    expect(back).toContain('已退回，待修改')
    expect(back).toContain('成果转化目标偏低')
    expect(back).toContain('value="12.5"')
    expect(
      // this plan's: the demo's certified labs have plans of their own, submitted and approved at 授牌
      dbQuery<{ action: string }>(
        server.dataDir,
        "SELECT action FROM audit_log WHERE entity_type = 'indicator_plan' AND entity_id = ? ORDER BY id",
        String(planId),
      ),
    ).toEqual([{ action: 'submit' }, { action: 'return' }])
  })
})
