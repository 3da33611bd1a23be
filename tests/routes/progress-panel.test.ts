import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { loader as labLoader } from '~/routes/labs.$labId._index'
import { loader as planLoader } from '~/routes/labs.$labId.plan'
import type { Db } from '~db/client.server'
import { validityPeriods } from '~db/schema'
import { insertDeliverable, insertOutcome, insertPeriod } from '~db/factories'
import { getRequest, makeCast, makeLab, outcome, setupTestDb, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'
import { insertPlan } from '../progress-fixtures'

// The progress panel of the lab page and the plan page (issue 16, part 3). A 姑苏区 lab certified
// 2025-06-01 (period to 2027-05-31); today 2026-06-01, the first day of year 2 (50% of the period).
pinClock(new Date('2026-06-01T04:00:00Z'))
let db: Db
let labId: number
let periodId: number
let cookies: Record<'lab' | 'otherLab' | 'gusu' | 'wuzhong' | 'bureau' | 'expert', string>

beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  const otherLabId = makeLab(db, { districtCode: '320508' }).id
  periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  cookies = (
    await makeCast(db, {
      lab: { role: 'lab', labId },
      otherLab: { role: 'lab', labId: otherLabId },
      gusu: { role: 'district', districtCode: '320508' },
      wuzhong: { role: 'district', districtCode: '320506' },
      bureau: { role: 'bureau' },
      expert: { role: 'expert' },
    })
  ).cookies
})

type Panel = {
  period: { id: number; sequence: number }
  plan: { status: string } | null
  lines: {
    field: string
    target: number
    byYear: Record<string, { achieved: number; verified: number }>
    achieved: number
    verified: number
  }[]
  fulfilment: number | null
  elapsed: number
  pace: number | null
} | null
const labPage = (cookie: string, id = labId) =>
  outcome(() => labLoader({ request: getRequest(`/labs/${id}`, cookie), params: { labId: String(id) }, context: TEST_CONTEXT }))
const planPage = (cookie: string, query = '') =>
  outcome(() =>
    planLoader({ request: getRequest(`/labs/${labId}/plan${query}`, cookie), params: { labId: String(labId) }, context: TEST_CONTEXT }),
  )
const panelOf = async (run: Promise<{ status: number; body: Record<string, unknown> }>) => {
  const r = await run
  expect(r.status).toBe(200)
  return r.body.progress as Panel
}

describe('the progress panel', () => {
  test('the lab page shows target, achieved and verified per year and for the period, with fulfilment and time elapsed', async () => {
    insertPlan(db, { labId, periodId, targets: { papers: 4, algorithms: 2 } })
    // the form 场景 counts for no form indicator (scenarios are landed scenarios, by kind)
    insertOutcome(db, {
      labId,
      periodId,
      occurredOn: '2025-09-01',
      validityYear: 1,
      form: 'scenario',
      kind: 'paper',
      verification: 'verified',
    })
    insertOutcome(db, {
      labId,
      periodId,
      occurredOn: '2025-10-01',
      validityYear: 1,
      form: 'scenario',
      kind: 'paper',
      verification: 'disputed',
    })
    insertOutcome(db, { labId, periodId, occurredOn: '2026-06-01', validityYear: 2, form: 'scenario', kind: 'paper' })
    insertDeliverable(db, { labId, completedOn: '2025-12-01', status: 'accepted', forms: ['algorithm'] })
    const panel = await panelOf(labPage(cookies.lab))
    expect(panel!.plan).toEqual({ id: expect.any(Number), status: 'approved' })
    expect(panel!.lines.map((l) => [l.field, l.target, l.byYear[1], l.byYear[2], l.achieved, l.verified])).toEqual([
      ['algorithms', 2, { achieved: 1, verified: 1 }, { achieved: 0, verified: 0 }, 1, 1],
      ['papers', 4, { achieved: 1, verified: 1 }, { achieved: 1, verified: 0 }, 2, 1],
    ])
    // algorithms 50%, papers 50%; 366 of 730 days
    expect([panel!.fulfilment, panel!.elapsed, panel!.pace]).toEqual([50, 50, 0])
  })

  test('everyone who may see the lab sees its panel; out of scope is not found', async () => {
    insertPlan(db, { labId, periodId, targets: { papers: 4 } })
    for (const cookie of [cookies.lab, cookies.gusu, cookies.bureau]) expect((await panelOf(labPage(cookie)))!.lines).toHaveLength(1)
    expect((await labPage(cookies.otherLab)).status).toBe(404)
    expect((await labPage(cookies.wuzhong)).status).toBe(404)
    expect((await planPage(cookies.otherLab)).status).toBe(404)
    expect((await planPage(cookies.wuzhong)).status).toBe(404)
  })

  test('a period without a plan says so; a plan awaiting the bureau shows its figures for reference', async () => {
    expect(await panelOf(labPage(cookies.lab))).toMatchObject({ plan: null, lines: [], fulfilment: null })
    insertPlan(db, { labId, periodId, status: 'submitted', targets: { papers: 4 } })
    expect(await panelOf(planPage(cookies.gusu))).toMatchObject({ plan: { status: 'submitted' }, fulfilment: 0 })
  })

  test('the panel follows the period in force, and the plan page the period it shows', async () => {
    const next = insertPeriod(db, { labId, sequence: 2, startDate: '2026-05-01', endDate: '2028-04-30' })
    insertPlan(db, { labId, periodId, targets: { papers: 4 } })
    insertPlan(db, { labId, periodId: next.id, targets: { products: 1 } })
    expect((await panelOf(labPage(cookies.lab)))!.lines.map((l) => l.field)).toEqual(['products'])
    expect((await panelOf(planPage(cookies.lab, `?period=${periodId}`)))!.lines.map((l) => l.field)).toEqual(['papers'])
  })

  test('a bad period on the plan page is not found', async () => {
    expect((await planPage(cookies.lab, '?period=abc')).status).toBe(404)
    expect((await planPage(cookies.lab, '?period=99999')).status).toBe(404)
  })
})
