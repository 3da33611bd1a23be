import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action, loader } from '~/routes/labs.$labId.plan'
import { action as indicatorsAction, loader as indicatorsLoader } from '~/routes/settings_.indicators'
import type { Db } from '~db/client.server'
import { auditLog, customIndicators, indicatorPlans, indicatorTargets, validityPeriods } from '~db/schema'
import { errorsOf, formRequest, getRequest, makeCast, makeLab, outcome, setupTestDb, TEST_CONTEXT, valuesOf } from '../helpers'
import { pinClock } from '../clock'

// 任务指标计划 (issue 16, part 1). A 姑苏区 lab certified 2025-06-01, today 2026-03-10 (year 1).
let db: Db
let labId: number
let periodId: number
let otherLabId: number
let farLabId: number
let cookies: Record<'bureau' | 'lab' | 'otherLab' | 'gusu' | 'wuzhong', string>

pinClock(new Date('2026-03-10T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  otherLabId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  farLabId = makeLab(db, { districtCode: '320506', startDate: '2025-06-01' }).id
  periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  cookies = (
    await makeCast(db, {
      bureau: { role: 'bureau' },
      lab: { role: 'lab', labId },
      otherLab: { role: 'lab', labId: otherLabId },
      gusu: { role: 'district', districtCode: '320508' },
      wuzhong: { role: 'district', districtCode: '320506' },
    })
  ).cookies
})

type Page = {
  plan: { id: number; status: string; rowVersion: number; returnReason: string } | null
  period: { id: number } | null
  lines: { field: string; target: number | null }[]
  canEdit: boolean
  canDecide: boolean
}
const page = async (cookie: string, id = labId, query = '') =>
  outcome(() => loader({ request: getRequest(`/labs/${id}/plan${query}`, cookie), params: { labId: String(id) }, context: TEST_CONTEXT }))
const read = async (cookie: string) => (await page(cookie)).body as unknown as Page
const post = (cookie: string, fields: Record<string, string>, id = labId) =>
  outcome(() =>
    action({
      request: formRequest(`/labs/${id}/plan`, { periodId: String(periodId), ...fields }, cookie),
      params: { labId: String(id) },
      context: TEST_CONTEXT,
    }),
  )
const version = () => String(db.select().from(indicatorPlans).where(eq(indicatorPlans.periodId, periodId)).get()?.rowVersion ?? 0)
const targets = () =>
  Object.fromEntries(
    db
      .select()
      .from(indicatorTargets)
      .all()
      .map((t) => [t.indicatorKey ?? `c${t.customIndicatorId}`, t.target]),
  )
const audits = (entityType = 'indicator_plan') => db.select().from(auditLog).where(eq(auditLog.entityType, entityType)).all()

const submitted = async () => {
  const o = await post(cookies.lab, { intent: 'submit', rowVersion: version(), 'target.papers': '6', 'target.transfer_value': '12.5' })
  expect(o.status).toBe(302)
}

describe('the lab drafts and submits its plan', () => {
  test('a draft keeps counts as typed and 万元 as whole yuan, audited; submitting locks it for the bureau', async () => {
    expect((await read(cookies.lab)).canEdit).toBe(true)
    const draft = await post(cookies.lab, {
      intent: 'save',
      rowVersion: '0',
      'target.papers': '6',
      'target.transfer_value': '0.0001',
      'target.scenarios': '',
    })
    expect(draft.status).toBe(302)
    expect(draft.location).toBe(`/labs/${labId}/plan?period=${periodId}&saved=save`)
    expect(targets()).toEqual({ papers: 6, transfer_value: 1 })
    expect((await read(cookies.lab)).plan?.status).toBe('draft')

    const sent = await post(cookies.lab, {
      intent: 'submit',
      rowVersion: version(),
      'target.papers': '6',
      'target.transfer_value': '1234.5678',
    })
    expect(sent.status).toBe(302)
    expect(targets()).toEqual({ papers: 6, transfer_value: 12_345_678 })
    const after = await read(cookies.lab)
    expect(after.plan?.status).toBe('submitted')
    expect(after.canEdit).toBe(false)
    expect((await read(cookies.bureau)).canDecide).toBe(true)
    expect(audits().map((a) => a.action)).toEqual(['create', 'submit'])
    expect(audits()[1].after).toMatchObject({ status: 'submitted', targets: { papers: 6, transfer_value: 12_345_678 } })
  })

  test('submitting an empty plan is refused with a message', async () => {
    const o = await post(cookies.lab, { intent: 'submit', rowVersion: '0' })
    expect(o.status).toBe(400)
    expect(errorsOf(o)._form.key).toBe('indicators.error.empty')
    expect(db.select().from(indicatorPlans).all()).toHaveLength(0)
  })

  test.each([
    ['target.papers', '-1', 'indicators.error.count'],
    ['target.papers', '2.5', 'indicators.error.count'],
    ['target.papers', '1e3', 'indicators.error.count'],
    ['target.papers', '99999999', 'indicators.error.tooLarge'],
    ['target.transfer_value', '1.23456', 'indicators.error.money'],
    ['target.transfer_value', '-3', 'indicators.error.money'],
    ['target.transfer_value', '12,5', 'indicators.error.money'],
    ['target.transfer_value', '99999999', 'indicators.error.money'],
  ])('%s = %s is refused (400, %s), nothing saved and what was typed kept', async (field, value, key) => {
    const fields = { intent: 'save', rowVersion: '0', 'target.scenarios': '3', [field]: value }
    const o = await post(cookies.lab, fields)
    expect(o.status).toBe(400)
    expect(errorsOf(o)[field].key).toBe(key)
    expect(valuesOf(o)[field]).toBe(value)
    expect(valuesOf(o)['target.scenarios']).toBe('3')
    expect(db.select().from(indicatorPlans).all()).toHaveLength(0)
    expect(targets()).toEqual({})
  })

  test('an amount over 100 亿元 is too large', async () => {
    const o = await post(cookies.lab, { intent: 'save', rowVersion: '0', 'target.transfer_value': '1000000.0001' })
    expect(o.status).toBe(400)
    expect(errorsOf(o)['target.transfer_value']).toEqual({ key: 'indicators.error.tooLarge', vars: { max: 1_000_000 } })
  })

  test('a stale page is refused with 409 and nothing changes', async () => {
    await post(cookies.lab, { intent: 'save', rowVersion: '0', 'target.papers': '6' })
    const old = await post(cookies.lab, { intent: 'save', rowVersion: '0', 'target.papers': '9' })
    expect(old.status).toBe(409)
    expect(errorsOf(old)._form.key).toBe('stale.changed')
    const missing = await post(cookies.lab, { intent: 'save', 'target.papers': '9' })
    expect(missing.status).toBe(400)
    expect(errorsOf(missing)._form.key).toBe('stale.badVersion')
    expect(targets()).toEqual({ papers: 6 })
  })
})

describe('the bureau decides', () => {
  test('approving locks the plan; the lab cannot edit it afterwards (409)', async () => {
    await submitted()
    const o = await post(cookies.bureau, { intent: 'approve', rowVersion: version() })
    expect(o.status).toBe(302)
    const p = await read(cookies.lab)
    expect(p.plan?.status).toBe('approved')
    expect(p.canEdit).toBe(false)
    const edit = await post(cookies.lab, { intent: 'save', rowVersion: version(), 'target.papers': '1' })
    expect(edit.status).toBe(409)
    expect(errorsOf(edit)._form.key).toBe('indicators.error.locked')
    expect(targets().papers).toBe(6)
    expect(audits().map((a) => a.action)).toEqual(['submit', 'approve'])
  })

  test('returning needs a reason; the returned plan is the lab’s to change and resubmit', async () => {
    await submitted()
    const bare = await post(cookies.bureau, { intent: 'return', rowVersion: version(), reason: '  ' })
    expect(bare.status).toBe(400)
    expect(errorsOf(bare).reason.key).toBe('indicators.error.reasonRequired')
    const o = await post(cookies.bureau, { intent: 'return', rowVersion: version(), reason: '论文目标偏低' })
    expect(o.status).toBe(302)
    const p = await read(cookies.lab)
    expect(p.plan).toMatchObject({ status: 'returned', returnReason: '论文目标偏低' })
    expect(p.canEdit).toBe(true)
    expect((await post(cookies.lab, { intent: 'submit', rowVersion: version(), 'target.papers': '10' })).status).toBe(302)
    expect(targets()).toEqual({ papers: 10 })
    expect(audits().map((a) => a.action)).toEqual(['submit', 'return', 'submit'])
  })

  test('two bureau decisions on one page: the second is stale (409)', async () => {
    await submitted()
    const seen = version()
    expect((await post(cookies.bureau, { intent: 'approve', rowVersion: seen })).status).toBe(302)
    const late = await post(cookies.bureau, { intent: 'return', rowVersion: seen, reason: '太晚' })
    expect(late.status).toBe(409)
    expect((late.body.stale as { status: string }).status).toBe('approved')
    expect(valuesOf(late).reason).toBe('太晚')
  })

  test('a draft cannot be approved (409)', async () => {
    await post(cookies.lab, { intent: 'save', rowVersion: '0', 'target.papers': '6' })
    const o = await post(cookies.bureau, { intent: 'approve', rowVersion: version() })
    expect(o.status).toBe(409)
    expect(errorsOf(o)._form.key).toBe('indicators.error.notSubmitted')
  })
})

describe('roles and scope', () => {
  test('the lab cannot approve its own plan, the district cannot decide (403)', async () => {
    await submitted()
    expect((await post(cookies.lab, { intent: 'approve', rowVersion: version() })).status).toBe(403)
    expect((await post(cookies.gusu, { intent: 'approve', rowVersion: version() })).status).toBe(403)
    expect((await read(cookies.bureau)).plan?.status).toBe('submitted')
  })

  test('the bureau and the district cannot write the lab’s plan (403)', async () => {
    expect((await post(cookies.bureau, { intent: 'save', rowVersion: '0', 'target.papers': '6' })).status).toBe(403)
    expect((await post(cookies.gusu, { intent: 'save', rowVersion: '0', 'target.papers': '6' })).status).toBe(403)
    expect(db.select().from(indicatorPlans).all()).toHaveLength(0)
  })

  test('another lab and another district get 404; the own district reads', async () => {
    await submitted()
    expect((await page(cookies.otherLab)).status).toBe(404)
    expect((await post(cookies.otherLab, { intent: 'save', rowVersion: version(), 'target.papers': '1' })).status).toBe(404)
    expect((await page(cookies.wuzhong)).status).toBe(404)
    expect((await post(cookies.wuzhong, { intent: 'approve', rowVersion: version() })).status).toBe(404)
    const district = await read(cookies.gusu)
    expect(district.plan?.status).toBe('submitted')
    expect(district.lines.find((l) => l.field === 'transfer_value')?.target).toBe(125_000)
    expect(district.canEdit).toBe(false)
    expect(district.canDecide).toBe(false)
    expect((await page(cookies.bureau, farLabId)).status).toBe(200)
  })

  test('a period of another lab, or none, is not found', async () => {
    const farPeriod = db.select().from(validityPeriods).where(eq(validityPeriods.labId, farLabId)).get()!.id
    expect((await page(cookies.bureau, labId, `?period=${farPeriod}`)).status).toBe(404)
    expect((await page(cookies.bureau, labId, '?period=abc')).status).toBe(404)
    const o = await post(cookies.lab, { intent: 'save', rowVersion: '0', periodId: String(farPeriod) })
    expect(o.status).toBe(404)
  })

  test('a past period’s plan is a record: the lab cannot change it', async () => {
    db.update(validityPeriods).set({ endDate: '2026-03-09' }).where(eq(validityPeriods.id, periodId)).run()
    expect((await read(cookies.lab)).canEdit).toBe(false)
    const o = await post(cookies.lab, { intent: 'save', rowVersion: '0', 'target.papers': '6' })
    expect(o.status).toBe(409)
    expect(errorsOf(o)._form.key).toBe('indicators.error.periodEnded')
  })
})

describe('custom indicators (/settings/indicators)', () => {
  const settle = (cookie: string, fields: Record<string, string>) =>
    outcome(() => indicatorsAction({ request: formRequest('/settings/indicators', fields, cookie), params: {}, context: TEST_CONTEXT }))
  const indicatorVersion = (id: number) => String(db.select().from(customIndicators).where(eq(customIndicators.id, id)).get()!.rowVersion)

  test('only the bureau reaches the page (404 for the others)', async () => {
    const get = (cookie: string) =>
      outcome(() => indicatorsLoader({ request: getRequest('/settings/indicators', cookie), params: {}, context: TEST_CONTEXT }))
    expect((await get(cookies.bureau)).status).toBe(200)
    for (const cookie of [cookies.lab, cookies.gusu]) {
      expect((await get(cookie)).status).toBe(404)
      expect((await settle(cookie, { intent: 'addIndicator', nameZh: '示范', nameEn: 'Demo', unit: 'count' })).status).toBe(404)
    }
    expect(db.select().from(customIndicators).all()).toHaveLength(0)
  })

  test('the bureau adds one, audited; plans then carry it; deactivated it stays on plans that have it', async () => {
    const bad = await settle(cookies.bureau, { intent: 'addIndicator', nameZh: '', nameEn: 'Demo', unit: 'kg' })
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toMatchObject({ nameZh: { key: 'form.required' }, unit: { key: 'form.invalidChoice' } })
    expect(valuesOf(bad).nameEn).toBe('Demo')
    const added = await settle(cookies.bureau, { intent: 'addIndicator', nameZh: '示范应用', nameEn: 'Demonstrations', unit: 'count' })
    expect(added.location).toBe('/settings/indicators?saved=added')
    const id = db.select().from(customIndicators).get()!.id
    expect(audits('custom_indicator').map((a) => a.action)).toEqual(['create'])
    const dup = await settle(cookies.bureau, { intent: 'addIndicator', nameZh: '示范应用', nameEn: 'Other', unit: 'count' })
    expect(errorsOf(dup).nameZh.key).toBe('indicators.error.duplicate')

    expect((await read(cookies.lab)).lines.some((l) => l.field === `c${id}`)).toBe(true)
    const bad2 = await post(cookies.lab, { intent: 'save', rowVersion: '0', [`target.c${id}`]: '1.5' })
    expect(errorsOf(bad2)[`target.c${id}`].key).toBe('indicators.error.count')
    expect((await post(cookies.lab, { intent: 'save', rowVersion: '0', [`target.c${id}`]: '4' })).status).toBe(302)
    expect(
      db
        .select()
        .from(indicatorTargets)
        .where(and(eq(indicatorTargets.customIndicatorId, id)))
        .get()?.target,
    ).toBe(4)

    const off = await settle(cookies.bureau, { intent: 'deactivateIndicator', id: String(id), rowVersion: indicatorVersion(id) })
    expect(off.location).toBe('/settings/indicators?saved=changed')
    expect((await read(cookies.lab)).lines.find((l) => l.field === `c${id}`)?.target).toBe(4)
    expect(audits('custom_indicator').map((a) => a.action)).toEqual(['create', 'update'])
  })

  test('a rename from a stale page is refused (409); one without a version is 400', async () => {
    await settle(cookies.bureau, { intent: 'addIndicator', nameZh: '示范应用', nameEn: 'Demonstrations', unit: 'yuan' })
    const id = db.select().from(customIndicators).get()!.id
    const seen = indicatorVersion(id)
    expect(
      (await settle(cookies.bureau, { intent: 'renameIndicator', id: String(id), rowVersion: seen, nameZh: '示范', nameEn: 'Demos' }))
        .status,
    ).toBe(302)
    const late = await settle(cookies.bureau, {
      intent: 'renameIndicator',
      id: String(id),
      rowVersion: seen,
      nameZh: '别名',
      nameEn: 'Alias',
    })
    expect(late.status).toBe(409)
    expect(errorsOf(late)._form.key).toBe('stale.changed')
    const none = await settle(cookies.bureau, { intent: 'renameIndicator', id: String(id), nameZh: '别名', nameEn: 'Alias' })
    expect(none.status).toBe(400)
    expect(db.select().from(customIndicators).get()).toMatchObject({ nameZh: '示范', nameEn: 'Demos' })
    expect((await settle(cookies.bureau, { intent: 'renameIndicator', id: '999', rowVersion: '1', nameZh: 'x', nameEn: 'y' })).status).toBe(
      404,
    )
  })
})
