import { eq } from 'drizzle-orm'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { beforeEach, describe, expect, test } from 'vitest'
import { DEFAULT_REMINDER_RULES } from '~/domain/reminders'
import { ensureLedger } from '~/models/obligations.server'
import { readKindRules } from '~/models/reminders.server'
import ObligationsPage, { action as obligationsAction, loader as obligationsLoader } from '~/routes/labs.$labId.obligations'
import { action as rulesAction, loader as rulesLoader } from '~/routes/settings_.reminders'
import type { Db } from '~db/client.server'
import { auditLog, obligations, reminderSnoozes } from '~db/schema'
import { errorsOf, formRequest, getRequest, makeCast, makeLab, outcome, setupTestDb, TEST_CONTEXT, type RouteFunction } from '../helpers'
import { pinClock } from '../clock'

// The bureau's steps per kind on /settings/reminders, and a lab's snooze on its obligations page
// (issue 15 part 6). Today is Wednesday 2026-07-01; the lab's first annual report was due 06-30.
pinClock(new Date('2026-07-01T02:00:00Z'))

let db: Db
let labId: number
let otherLabId: number
let cookies: { bureau: string; district: string; otherDistrict: string; lab: string; otherLab: string; expert: string }

beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  otherLabId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  const cast = await makeCast(db, {
    bureau: { role: 'bureau' },
    district: { role: 'district', districtCode: '320508' },
    otherDistrict: { role: 'district', districtCode: '320583' },
    lab: { role: 'lab', labId },
    otherLab: { role: 'lab', labId: otherLabId },
    expert: { role: 'expert' },
  })
  cookies = cast.cookies
})

const call = (fn: RouteFunction, request: Request, params: Record<string, string> = {}) =>
  outcome(async () => fn({ request, params, context: TEST_CONTEXT }))

describe('reminder steps per kind on the rules page', () => {
  const drill = {
    intent: 'kind',
    kind: 'drill',
    beforeDays: '30,7',
    onDueDate: 'on',
    afterDays: '3',
    repeatEveryDays: '14',
    escalateDistrictAfterDays: '10',
    escalateBureauAfterDays: '20',
    rowVersion: '0',
  }
  const post = (fields: Record<string, string>, cookie = cookies.bureau) =>
    call(rulesAction, formRequest('/settings/reminders', fields, cookie))
  type Page = { kinds: { kind: string; origin: string; rowVersion: number; values: Record<string, string> }[] }
  const page = async () => (await call(rulesLoader, getRequest('/settings/reminders', cookies.bureau))).body as unknown as Page

  test('every kind is shown with where its steps come from; one kind is saved on its own, audited', async () => {
    const before = await page()
    expect(before.kinds.map((k) => [k.kind, k.origin])).toEqual([
      ['deliverable', 'default'],
      ['annual_report', 'default'],
      ['plan_review', 'default'],
      ['drill', 'default'],
      ['incident_report', 'default'],
      ['incident_followup', 'kind_default'],
      ['request_decision', 'kind_default'],
      ['validity', 'default'],
    ])
    expect(before.kinds.find((k) => k.kind === 'request_decision')!.values.beforeDays).toBe('14,7,3,1')
    expect(await post(drill)).toMatchObject({ status: 302, location: '/settings/reminders?kind=drill&saved=1' })
    const kinds = readKindRules(db)
    expect(kinds.find((k) => k.kind === 'drill')).toMatchObject({
      origin: 'own',
      rowVersion: 1,
      rules: {
        beforeDays: [30, 7],
        onDueDate: true,
        afterDays: [3],
        repeatEveryDays: 14,
        escalateDistrictAfterDays: 10,
        escalateBureauAfterDays: 20,
      },
    })
    // the others are untouched
    expect(kinds.find((k) => k.kind === 'deliverable')).toMatchObject({ origin: 'default', rules: DEFAULT_REMINDER_RULES })
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'reminder_kind_rules')).all()).toMatchObject([
      {
        action: 'update',
        entityId: 'drill',
        before: { origin: 'default', beforeDays: [90, 60, 30, 7, 1] },
        after: { origin: 'own', beforeDays: [30, 7], escalateBureauAfterDays: 20 },
      },
    ])
    // and put back on the default
    expect(await post({ intent: 'resetKind', kind: 'drill', rowVersion: '1' })).toMatchObject({
      location: '/settings/reminders?kind=drill&saved=reset',
    })
    expect(readKindRules(db).find((k) => k.kind === 'drill')).toMatchObject({ origin: 'default', rowVersion: 2 })
  })

  test('bad input is 400 with localised messages and what was typed; nothing is saved', async () => {
    const bad = await post({ ...drill, beforeDays: '30,x', afterDays: '3,3', escalateBureauAfterDays: '400' })
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toMatchObject({
      beforeDays: { key: 'reminderRules.error.days', vars: { max: 366 } },
      afterDays: { key: 'reminderRules.error.duplicate' },
      escalateBureauAfterDays: { key: 'reminderRules.error.integer', vars: { max: 366 } },
    })
    expect((bad.body as { kind: string; values: Record<string, string> }).kind).toBe('drill')
    expect((bad.body as { values: Record<string, string> }).values.beforeDays).toBe('30,x')
    expect((await post({ ...drill, kind: 'renewal_decision' })).status).toBe(400)
    expect((await post({ ...drill, intent: 'nonsense' })).status).toBe(400)
    expect((await post({ ...drill, rowVersion: '' })).status).toBe(400)
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'reminder_kind_rules')).all()).toEqual([])
  })

  test('a save from a page loaded before someone else’s is refused with 409 and who changed it', async () => {
    expect((await post(drill)).status).toBe(302)
    const stale = await post({ ...drill, afterDays: '5' })
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({ stale: { by: expect.any(String) } })
    expect(readKindRules(db).find((k) => k.kind === 'drill')!.rules.afterDays).toEqual([3])
    // the default rules too
    const defaults = { ...drill, intent: 'defaults', kind: '' }
    expect((await post(defaults)).status).toBe(302)
    expect((await post({ ...defaults, afterDays: '9' })).status).toBe(409)
  })

  test('no one but the bureau reads or saves them', async () => {
    for (const cookie of [cookies.district, cookies.lab, cookies.expert]) {
      expect((await call(rulesLoader, getRequest('/settings/reminders', cookie))).status).toBe(404)
      expect((await post(drill, cookie)).status).toBe(404)
    }
    expect(readKindRules(db).find((k) => k.kind === 'drill')!.origin).toBe('default')
  })
})

describe('a lab snoozes one of its reminders on its obligations page', () => {
  beforeEach(() => ensureLedger())
  const reportId = () =>
    db
      .select()
      .from(obligations)
      .where(eq(obligations.labId, labId))
      .all()
      .find((o) => o.kind === 'annual_report' && o.validityYear === 1)!.id
  const snooze = (fields: Record<string, string>, cookie = cookies.lab, lab = labId) =>
    call(obligationsAction, formRequest(`/labs/${lab}/obligations`, fields, cookie), { labId: String(lab) })
  type Body = { reminders: { source: string; sourceId: number; snoozedUntil: string | null; snoozable: boolean }[]; canSnooze: boolean }
  const load = async (cookie: string) =>
    (await call(obligationsLoader, getRequest(`/labs/${labId}/obligations`, cookie), { labId: String(labId) })).body as unknown as Body

  test('the lab snoozes for 7 days; it stays on everyone’s list, marked snoozed; audited; then unsnoozed', async () => {
    const before = await load(cookies.lab)
    expect(before.canSnooze).toBe(true)
    const key = { source: 'annual_report', sourceId: String(reportId()) }
    expect(await snooze({ intent: 'snooze', ...key, days: '7' })).toMatchObject({
      status: 302,
      location: `/labs/${labId}/obligations?saved=snooze#reminders`,
    })
    for (const cookie of [cookies.lab, cookies.district, cookies.bureau]) {
      const body = await load(cookie)
      expect(body.reminders.find((r) => r.source === 'annual_report' && r.sourceId === reportId())).toMatchObject({
        snoozedUntil: '2026-07-08',
      })
    }
    expect((await load(cookies.district)).canSnooze).toBe(false)
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'reminder_snooze')).get()).toMatchObject({
      action: 'snooze',
      labId,
      before: null,
      after: { until: '2026-07-08', dueDate: '2026-06-30' },
    })
    // the district office reads it on the page
    expect(await renderAs(cookies.district)).toContain('提醒已暂缓至 2026-07-08')
    expect(await snooze({ intent: 'unsnooze', ...key })).toMatchObject({ status: 302 })
    expect(db.select().from(reminderSnoozes).all()).toEqual([])
    expect(db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityType, 'reminder_snooze')).all()).toEqual([
      { action: 'snooze' },
      { action: 'unsnooze' },
    ])
  })

  test('a chosen day within 14 days is taken; the past, too far and nonsense are 400 with a message', async () => {
    const key = { intent: 'snooze', source: 'annual_report', sourceId: String(reportId()) }
    expect((await snooze({ ...key, until: '2026-07-15' })).status).toBe(302)
    expect(db.select().from(reminderSnoozes).get()?.until).toBe('2026-07-15')
    const cases: [Record<string, string>, string][] = [
      [{ until: '2026-07-16' }, 'snooze.error.too_far'],
      [{ until: '2026-07-01' }, 'snooze.error.past'],
      [{ until: '2026-13-01' }, 'form.invalidDate'],
      [{ days: '30' }, 'form.invalidChoice'],
      [{}, 'snooze.error.choose'],
    ]
    for (const [fields, message] of cases) {
      const bad = await snooze({ ...key, ...fields })
      expect(bad.status, JSON.stringify(fields)).toBe(400)
      expect(Object.values(errorsOf(bad)).map((e) => e?.key)).toContain(message)
    }
    expect(db.select().from(reminderSnoozes).get()?.until).toBe('2026-07-15')
  })

  test('another lab’s obligation is 404; the offices and an expert cannot snooze; the bureau’s own decision cannot be snoozed', async () => {
    const key = { intent: 'snooze', source: 'annual_report', sourceId: String(reportId()), days: '3' }
    // the other lab on this lab's page, and this lab's obligation posted on the other lab's own page
    expect((await snooze(key, cookies.otherLab)).status).toBe(404)
    expect((await snooze(key, cookies.otherLab, otherLabId)).status).toBe(404)
    expect((await snooze(key, cookies.district)).status).toBe(403)
    expect((await snooze(key, cookies.bureau)).status).toBe(403)
    expect((await snooze(key, cookies.otherDistrict)).status).toBe(404)
    expect((await snooze(key, cookies.expert)).status).toBe(404)
    expect((await snooze({ ...key, source: 'request_decision', sourceId: '1' })).status).toBe(404)
    expect(db.select().from(reminderSnoozes).all()).toEqual([])
  })
})

// The obligations page as the server renders it for one person, in Chinese.
async function renderAs(cookie: string) {
  const body = (await call(obligationsLoader, getRequest(`/labs/${labId}/obligations`, cookie), { labId: String(labId) })).body
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ locale: 'zh' }),
      element: createElement(Outlet),
      children: [{ id: 'ledger', path: 'ledger', loader: () => body, element: createElement(ObligationsPage) }],
    },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/ledger'))
  if (context instanceof Response) throw new Error('unexpected response')
  return renderToString(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }))
}
