import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { decidePlan, savePlan } from '~/models/indicator-plans.server'
import {
  countItemsBy,
  countsByDirection,
  countsByDistrict,
  countsByForm,
  countsByKind,
  countsByVerification,
  countsByYear,
  outcomeTotals,
  planFulfilmentPanel,
  planFulfilments,
  storedPlanFulfilments,
  transferTotals,
} from '~/models/outcome-dashboard.server'
import type { OutcomeFilter } from '~/models/outcome-dashboard-params'
import { createOutcome, takeOutcomeStep, updateOutcome } from '~/models/outcomes.server'
import { listRegister } from '~/models/outcome-register.server'
import type { ActingUser } from '~/models/result.server'
import { ensureComplianceFresh } from '~/models/compliance.server'
import type { Db } from '~db/client.server'
import { deliverables, indicatorPlans, labs, outcomeTallies, outcomes, validityPeriods } from '~db/schema'
import { DELIVERABLE_FORMS } from '~db/schema/enums'
import { insertDeliverable, insertOutcome } from '~db/factories'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { pinClock } from '../clock'

// The outcomes dashboard reads two stored figures (issue 18): outcome_tallies, kept on write by
// SQLite triggers, and plan_fulfilments, kept by the compliance refresh. Each must equal what the
// register recomputes, after every kind of write that changes what the dashboard counts.

pinClock(new Date('2026-12-04T02:00:00Z'))
const TODAY = '2026-12-04'
let db: Db
let labId: number
let otherLabId: number
let periodId: number

const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
const kunshan: Actor = { id: 3, role: 'district', districtCode: '320583', labId: null }

beforeEach(() => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', direction: 3, startDate: '2025-06-01', name: '姑苏成果实验室' }).id
  otherLabId = makeLab(db, { districtCode: '320583', direction: 5, startDate: '2024-03-01', name: '昆山成果实验室' }).id
  periodId = (db.$client.prepare('SELECT id FROM validity_periods WHERE lab_id = ?').get(labId) as { id: number }).id
})

// every chart and tile as the tallies answer them, against the same figures recounted from the
// register's items (the path a single lab's dashboard takes), for each scope and some filters
function expectTalliesAgree() {
  expectMarginalsRollUp()
  const filters: OutcomeFilter[] = [
    {},
    { year: 2026 },
    { form: 'data' },
    { kind: 'transfer' },
    { kind: 'none' },
    { verification: 'verified' },
    { districtCode: '320583' },
    { source: 'deliverable' },
    { direction: 3 },
  ]
  for (const actor of [bureau, gusu, kunshan])
    for (const filter of filters) {
      const recount = (f: OutcomeFilter, dimension: Parameters<typeof countItemsBy>[2]) =>
        countItemsBy<string | number>(actor, f, dimension).map(({ key, n }) => ({ key, n }))
      const sources = countItemsBy<string>(actor, filter, 'source')
      const of = (s: string) => sources.find((r) => r.key === s)?.n ?? 0
      expect({ actor: actor.role, filter, totals: outcomeTotals({ actor, filter }) }).toEqual({
        actor: actor.role,
        filter,
        totals: { n: of('outcome') + of('deliverable'), outcomes: of('outcome'), deliverables: of('deliverable') },
      })
      const transfers = countItemsBy(actor, { ...filter, kind: 'transfer' }, 'all')
      expect(transferTotals({ actor, filter })).toEqual({ n: transfers[0]?.n ?? 0, valueYuan: transfers[0]?.valueYuan ?? 0 })
      expect(countsByVerification({ actor, filter })).toEqual(recount({ ...filter, verification: undefined }, 'verification'))
      expect(countsByKind({ actor, filter })).toEqual(recount({ ...filter, kind: undefined }, 'kind'))
      expect(countsByDirection({ actor, filter })).toEqual(recount({ ...filter, direction: undefined }, 'direction'))
      expect(countsByDistrict({ actor, filter })).toEqual(recount({ ...filter, districtCode: undefined }, 'district'))
      expect(countsByYear({ actor, filter })).toEqual(
        countItemsBy<number>(actor, { ...filter, year: undefined }, 'year').map((r) => ({
          year: r.key,
          n: r.n,
          transfers: r.transfers,
          valueYuan: r.valueYuan,
        })),
      )
      // a form's bar is the register rows with that form
      for (const { key, n } of countsByForm({ actor, filter }))
        expect({ key, n }).toEqual({ key, n: listRegister({ actor, filter: { ...filter, form: key }, pageSize: null }).rows.length })
    }
}

// outcome_marginals (what the unfiltered dashboard reads) is outcome_tallies summed per district
// over every dimension but one; keys whose items are all gone may stay behind with n = 0
function expectMarginalsRollUp() {
  const FORMS = DELIVERABLE_FORMS.map((f, i) => `SELECT '${f}' AS key, ${1 << i} AS bit`).join(' UNION ALL ')
  const rollUp = db.$client
    .prepare(
      `SELECT district_code AS districtCode, dimension, key, sum(n) AS n, sum(transfers) AS transfers, sum(value_yuan) AS valueYuan FROM (
        SELECT district_code, 'source' AS dimension, source AS key, n, transfers, value_yuan FROM outcome_tallies
        UNION ALL SELECT district_code, 'verification', verification, n, transfers, value_yuan FROM outcome_tallies
        UNION ALL SELECT district_code, 'kind', kind, n, transfers, value_yuan FROM outcome_tallies
        UNION ALL SELECT district_code, 'direction', CAST(direction AS TEXT), n, transfers, value_yuan FROM outcome_tallies
        UNION ALL SELECT district_code, 'year', CAST(year AS TEXT), n, transfers, value_yuan FROM outcome_tallies
        UNION ALL SELECT t.district_code, 'form', f.key, n, transfers, value_yuan FROM outcome_tallies t JOIN (${FORMS}) f ON (t.forms & f.bit) <> 0
      ) GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(transfers) <> 0 OR sum(value_yuan) <> 0 ORDER BY 1, 2, 3`,
    )
    .all()
  const kept = db.$client
    .prepare(
      `SELECT district_code AS districtCode, dimension, key, n, transfers, value_yuan AS valueYuan FROM outcome_marginals
      WHERE n <> 0 OR transfers <> 0 OR value_yuan <> 0 ORDER BY 1, 2, 3`,
    )
    .all()
  expect(kept).toEqual(rollUp)
}

describe('outcome_tallies equals the register recounted', () => {
  test('after outcomes are recorded, changed in every counted column and deleted', () => {
    expectTalliesAgree()
    const a = insertOutcome(db, { labId, periodId, occurredOn: '2026-03-01', form: 'data', kind: 'transfer', valueYuan: 1_250_000 })
    const b = insertOutcome(db, { labId, periodId, occurredOn: '2025-08-01', form: 'algorithm', kind: 'patent' })
    insertOutcome(db, { labId: otherLabId, periodId, occurredOn: '2026-01-10', form: 'product', kind: 'transfer', valueYuan: null })
    expectTalliesAgree()
    expect(outcomeTotals({ actor: bureau, filter: {} }).outcomes).toBe(3)
    expect(transferTotals({ actor: bureau, filter: {} })).toEqual({ n: 2, valueYuan: 1_250_000 })
    for (const change of [
      { verification: 'checked' },
      { verification: 'verified' },
      { value_yuan: 2_000_001 },
      { kind: 'paper' },
      { form: 'scenario' },
      { occurred_on: '2025-12-31' },
      { verification: 'disputed' },
    ] as Record<string, string | number>[]) {
      const [column, value] = Object.entries(change)[0]
      db.$client.prepare(`UPDATE outcomes SET ${column} = ? WHERE id = ?`).run(value, a.id)
      expectTalliesAgree()
    }
    expect(countsByYear({ actor: bureau, filter: {} }).map((y) => y.year)).toEqual([2025, 2026])
    db.delete(outcomes).where(eq(outcomes.id, b.id)).run()
    expectTalliesAgree()
    db.delete(outcomes).where(eq(outcomes.id, a.id)).run()
    expectTalliesAgree()
    expect(outcomeTotals({ actor: gusu, filter: {} }).n).toBe(0)
  })

  test('after deliverables are filed, accepted, transferred, re-formed, superseded and deleted', () => {
    const d = insertDeliverable(db, { labId, completedOn: '2026-05-01', forms: ['data', 'product'], status: 'submitted' })
    expectTalliesAgree()
    expect(outcomeTotals({ actor: bureau, filter: {} }).deliverables).toBe(0)
    const set = (values: Partial<typeof deliverables.$inferInsert>) => {
      db.update(deliverables).set(values).where(eq(deliverables.id, d.id)).run()
      expectTalliesAgree()
    }
    set({ status: 'accepted' })
    expect(countsByForm({ actor: bureau, filter: {} }).filter((f) => f.n > 0)).toEqual([
      { key: 'data', n: 1 },
      { key: 'product', n: 1 },
    ])
    set({ transferStatus: 'transferred', transferValueYuan: 3_000_000 })
    expect(transferTotals({ actor: gusu, filter: {} })).toEqual({ n: 1, valueYuan: 3_000_000 })
    set({ transferValueYuan: null })
    set({ forms: [...DELIVERABLE_FORMS] })
    set({ completedOn: '2025-11-30' })
    set({ transferStatus: 'none' })
    set({ status: 'superseded' })
    set({ status: 'accepted' })
    insertDeliverable(db, {
      labId: otherLabId,
      completedOn: '2026-02-02',
      forms: ['scenario'],
      status: 'accepted',
      transferStatus: 'transferred',
    })
    expectTalliesAgree()
    db.delete(deliverables).where(eq(deliverables.id, d.id)).run()
    expectTalliesAgree()
    expect(outcomeTotals({ actor: bureau, filter: {} })).toEqual({ n: 1, outcomes: 0, deliverables: 1 })
  })

  test('a lab that moves district or direction takes its items along; a deleted lab takes them away', () => {
    insertOutcome(db, { labId, periodId, occurredOn: '2026-03-01', form: 'data', kind: 'transfer', valueYuan: 500 })
    insertOutcome(db, { labId, periodId, occurredOn: '2026-04-01', form: 'data', kind: 'paper' })
    insertDeliverable(db, { labId, completedOn: '2026-05-01', forms: ['algorithm'], status: 'accepted' })
    expectTalliesAgree()
    db.update(labs).set({ districtCode: '320583' }).where(eq(labs.id, labId)).run()
    expectTalliesAgree()
    expect(outcomeTotals({ actor: gusu, filter: {} }).n).toBe(0)
    expect(outcomeTotals({ actor: kunshan, filter: {} }).n).toBe(3)
    db.update(labs).set({ direction: 9 }).where(eq(labs.id, labId)).run()
    expectTalliesAgree()
    expect(countsByDirection({ actor: bureau, filter: {} })).toEqual([{ key: 9, n: 3 }])
    // an update that moves nothing leaves the tallies alone
    db.update(labs).set({ name: '改名实验室' }).where(eq(labs.id, labId)).run()
    expectTalliesAgree()
    db.$client.pragma('foreign_keys = OFF')
    db.$client.prepare('DELETE FROM outcomes WHERE lab_id = ?').run(labId)
    db.$client.pragma('foreign_keys = ON')
    expectTalliesAgree()
    // the lab's last item goes with the lab (ON DELETE CASCADE), counted off before the lab is gone
    db.$client.pragma('foreign_keys = OFF')
    db.$client.prepare('DELETE FROM labs WHERE id = ?').run(labId)
    db.$client.pragma('foreign_keys = ON')
    db.$client.prepare('DELETE FROM deliverables WHERE lab_id = ?').run(labId)
    expectTalliesAgree()
    expect(
      db
        .select()
        .from(outcomeTallies)
        .all()
        .every((t) => t.n === 0),
    ).toBe(true)
  })
})

describe('plan_fulfilments equals the plans recomputed from the register', () => {
  let people: Record<'lab' | 'gusu' | 'bureau', ActingUser>
  const planVersion = () => String(db.select().from(indicatorPlans).get()?.rowVersion ?? 0)
  const outcomeVersion = (id: number) => db.select().from(outcomes).where(eq(outcomes.id, id)).get()!.rowVersion
  const paper = {
    form: 'algorithm',
    kind: 'paper',
    title: '城市交通流预测',
    occurredOn: '2026-06-10',
    partners: '',
    value: '',
    description: '',
  }

  beforeEach(async () => {
    const acting = (u: Awaited<ReturnType<typeof makeUser>>): ActingUser => ({
      id: u.id,
      role: u.role,
      districtCode: u.districtCode,
      labId: u.labId,
      displayName: u.displayName,
    })
    people = {
      lab: acting(await makeUser(db, { role: 'lab', labId })),
      gusu: acting(await makeUser(db, { role: 'district', districtCode: '320508' })),
      bureau: acting(await makeUser(db, { role: 'bureau' })),
    }
  })

  // what the page shows (stored, brought up to date by the compliance refresh) is what the register says now
  function expectFulfilmentAgrees() {
    const panel = planFulfilmentPanel({ actor: bureau, filter: {}, today: TODAY })
    for (const actor of [bureau, gusu, kunshan]) {
      const recomputed = planFulfilments({ actor, filter: {}, today: TODAY })
      expect(storedPlanFulfilments({ actor, filter: {}, today: TODAY })).toEqual(recomputed)
    }
    return panel
  }

  test('after a plan is approved, outcomes are recorded, edited, verified and disputed', () => {
    expect(expectFulfilmentAgrees().distribution.labs).toBe(0)
    const raw = { 'target.papers': '2', 'target.invention_patents': '1' }
    expect(savePlan({ by: people.lab, labId, periodId: null, raw, version: '0', submit: true })).toMatchObject({ ok: true })
    expect(expectFulfilmentAgrees().distribution.labs).toBe(0)
    decidePlan({ by: people.bureau, labId, periodId: null, decision: 'approve', reason: '', version: planVersion() })
    expect(expectFulfilmentAgrees().behind.map((p) => [p.labId, p.fulfilment])).toEqual([[labId, 0]])

    const created = createOutcome({ by: people.lab, labId, raw: paper })
    if (!created.ok) throw new Error('not recorded')
    const id = created.outcome.id
    // one paper of two, no patent of one: (50 + 0) / 2
    expect(expectFulfilmentAgrees().behind[0].fulfilment).toBe(25)
    const patent = { ...paper, kind: 'patent', patentNumber: 'ZL202610000001.X', patentStatus: 'granted' }
    expect(updateOutcome({ by: people.lab, labId, outcomeId: id, raw: patent, version: outcomeVersion(id) })).toMatchObject({ ok: true })
    // no paper of two, one patent of one: (0 + 100) / 2
    expect(expectFulfilmentAgrees().behind[0].fulfilment).toBe(50)
    takeOutcomeStep({ by: people.gusu, labId, outcomeId: id, step: 'check', version: outcomeVersion(id) })
    expectFulfilmentAgrees()
    takeOutcomeStep({ by: people.bureau, labId, outcomeId: id, step: 'dispute', reason: '专利号不符', version: outcomeVersion(id) })
    // what the bureau disputed counts for nothing
    expect(expectFulfilmentAgrees().behind[0].fulfilment).toBe(0)
  })

  test('the time elapsed is today’s, and a lab that moves district is found under its new one', () => {
    savePlan({ by: people.lab, labId, periodId: null, raw: { 'target.papers': '1' }, version: '0', submit: true })
    decidePlan({ by: people.bureau, labId, periodId: null, decision: 'approve', reason: '', version: planVersion() })
    createOutcome({ by: people.lab, labId, raw: paper })
    const [row] = expectFulfilmentAgrees().ahead
    expect(row).toMatchObject({ labId, districtCode: '320508', fulfilment: 100 })
    db.update(labs).set({ districtCode: '320583' }).where(eq(labs.id, labId)).run()
    expect(storedPlanFulfilments({ actor: kunshan, filter: {}, today: TODAY }).map((r) => r.labId)).toEqual([labId])
    expect(storedPlanFulfilments({ actor: gusu, filter: {}, today: TODAY })).toEqual([])
    // the copies of the lab's name and the period's dates follow any write to them at once
    db.update(labs).set({ name: '改名实验室', direction: 9 }).where(eq(labs.id, labId)).run()
    db.update(validityPeriods).set({ endDate: '2027-12-31' }).where(eq(validityPeriods.id, periodId)).run()
    expect(storedPlanFulfilments({ actor: bureau, filter: { direction: 9 }, today: TODAY })).toEqual(
      planFulfilments({ actor: bureau, filter: { direction: 9 }, today: TODAY }),
    )
    expect(storedPlanFulfilments({ actor: bureau, filter: {}, today: TODAY })[0]).toMatchObject({ labName: '改名实验室' })
    // the next day: the same stored fulfilment, a day more elapsed
    ensureComplianceFresh('2026-12-05')
    const later = storedPlanFulfilments({ actor: bureau, filter: {}, today: '2026-12-05' })
    expect(later).toEqual(planFulfilments({ actor: bureau, filter: {}, today: '2026-12-05' }))
  })
})
