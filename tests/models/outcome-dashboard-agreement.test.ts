import { beforeAll, describe, expect, test } from 'vitest'
import { addDays, type IsoDate } from '~/domain/dates'
import { BUILTIN_INDICATOR_KEYS } from '~/domain/indicators'
import type { Actor } from '~/domain/permissions'
import { countedFromRegister, elapsedPercent, paceGap, planFulfilment } from '~/domain/progress'
import { labPeriods, periodEndDate, validityYearOf } from '~/domain/validity'
import {
  countsByDirection,
  countsByDistrict,
  countsByForm,
  countsByKind,
  countsByVerification,
  countsByYear,
  outcomeTotals,
  periodAchievements,
  planFulfilmentPanel,
  planFulfilments,
  storePlanFulfilments,
  transferTotals,
  type LabPace,
  type PeriodAchievement,
} from '~/models/outcome-dashboard.server'
import { bucketOf, type OutcomeFilter } from '~/models/outcome-dashboard-params'
import { countRegister, listRegister } from '~/models/outcome-register.server'
import { periodProgress } from '~/models/progress.server'
import type { Db } from '~db/client.server'
import { customIndicators, indicatorPlans, indicatorTargets } from '~db/schema'
import {
  DELIVERABLE_FORMS,
  FILING_STATUSES,
  OUTCOME_KINDS,
  OUTCOME_VERIFICATIONS,
  PLAN_STATUSES,
  TRANSFER_STATUSES,
  type DeliverableForm,
  type DistrictCode,
  type OutcomeKind,
  type OutcomeVerification,
} from '~db/schema/enums'
import { insertAnnualReport, insertDeliverable, insertOutcome, insertPeriod } from '~db/factories'
import { createRng } from '~db/seed-rng'
import { makeLab, setupTestDb } from '../helpers'

// The city dashboard counts in SQL what app/domain/progress.ts counts in TypeScript. Like the
// other SQL twins (request-sql-agreement, lab-periods), this builds 60 random labs, their periods,
// plans, outcomes, deliverables and annual reports (seeded: a failure replays), and holds the
// dashboard's per-period figures, plan fulfilment, elapsed share and pace gap to the rule's, and
// every total and bar to the register rows it links to.

const TODAY: IsoDate = '2025-09-15'
const DISTRICTS: DistrictCode[] = ['320508', '320506', '320583']
const LABS = 60

type Item = {
  source: 'outcome' | 'deliverable'
  id: number
  labId: number
  districtCode: DistrictCode
  direction: number
  forms: DeliverableForm[]
  kind: OutcomeKind | null
  date: string
  valueYuan: number | null
  verification: OutcomeVerification
}

let db: Db
let items: Item[]
let labs: {
  id: number
  name: string
  districtCode: DistrictCode
  direction: number
  periods: { id: number; sequence: number; startDate: string; endDate: string }[]
}[]
let actors: Record<string, Actor>

beforeAll(() => {
  db = setupTestDb()
  const rng = createRng(20261205)
  const customs = [true, false].map(
    (active, k) =>
      db
        .insert(customIndicators)
        .values({ nameZh: `自定义${k}`, nameEn: `Custom ${k}`, unit: 'count', active, updatedAt: '2025-01-01T00:00:00Z' })
        .returning()
        .get().id,
  )
  items = []
  labs = []
  for (let i = 0; i < LABS; i++) {
    // one lab certified on 29 February, so the anniversary edge is in the data
    const startDate = i === 0 ? '2024-02-29' : addDays('2022-10-01', rng.int(0, 1100))
    const districtCode = DISTRICTS[i % DISTRICTS.length]
    const lab = makeLab(db, { districtCode, startDate, direction: rng.int(1, 14), name: `核对实验室${String(i).padStart(2, '0')}` })
    const periods = [{ id: 0, sequence: 1, startDate, endDate: periodEndDate(startDate) }]
    // the first period's id, and a renewed second one (some not yet begun) for a third of the labs
    const [first] = db.$client.prepare('SELECT id FROM validity_periods WHERE lab_id = ?').all(lab.id) as { id: number }[]
    periods[0].id = first.id
    if (rng.chance(0.35)) {
      const start2 = addDays(periods[0].endDate, 1)
      const p2 = insertPeriod(db, { labId: lab.id, sequence: 2, startDate: start2 })
      periods.push({ id: p2.id, sequence: 2, startDate: start2, endDate: p2.endDate })
    }
    labs.push({ id: lab.id, name: lab.name, districtCode, direction: lab.direction, periods })

    for (const period of periods) {
      // a plan in any state, with targets for a random set of indicators (zero and custom ones too)
      if (rng.chance(0.85)) {
        const plan = db
          .insert(indicatorPlans)
          .values({ labId: lab.id, periodId: period.id, status: rng.chance(0.7) ? 'approved' : rng.pick(PLAN_STATUSES) })
          .returning()
          .get()
        for (const key of BUILTIN_INDICATOR_KEYS)
          if (rng.chance(0.6))
            db.insert(indicatorTargets)
              .values({
                planId: plan.id,
                indicatorKey: key,
                target: key === 'transfer_value' ? rng.int(0, 3) * 250_000 + rng.int(0, 9) : rng.chance(0.1) ? 0 : rng.int(1, 6),
              })
              .run()
        for (const customId of customs)
          if (rng.chance(0.4))
            db.insert(indicatorTargets)
              .values({ planId: plan.id, customIndicatorId: customId, target: rng.int(0, 5) })
              .run()
      }
      // outcomes of every form, kind and verification state, dated inside the period
      for (let k = rng.int(0, 16); k > 0; k--) {
        const date = addDays(period.startDate, rng.int(0, 729))
        if (date > TODAY || date > period.endDate) continue
        const kind = rng.pick(OUTCOME_KINDS)
        const o = insertOutcome(db, {
          labId: lab.id,
          periodId: period.id,
          validityYear: validityYearOf(period, date) ?? 1,
          form: rng.pick(DELIVERABLE_FORMS),
          kind,
          occurredOn: date,
          valueYuan: kind === 'transfer' || rng.chance(0.2) ? rng.int(1, 5_000_000) : null,
          verification: rng.pick(OUTCOME_VERIFICATIONS),
        })
        items.push({
          source: 'outcome',
          id: o.id,
          labId: lab.id,
          districtCode,
          direction: lab.direction,
          forms: [o.form],
          kind: o.kind,
          date,
          valueYuan: o.valueYuan,
          verification: o.verification,
        })
      }
      // the annual reports' declarations, some of them not whole non-negative numbers
      for (const year of [1, 2] as const)
        if (rng.chance(0.6)) {
          const value = () =>
            rng.weighted<unknown>([
              [rng.int(0, 9), 8],
              [-2, 1],
              [2.5, 1],
              ['3', 1],
              [null, 1],
            ])
          insertAnnualReport(db, {
            labId: lab.id,
            periodId: period.id,
            validityYear: year,
            status: rng.pick(FILING_STATUSES),
            content: rng.chance(0.1)
              ? { progress: 'none' }
              : {
                  progress: {
                    declared: { other_ip: value(), people_trained: value(), [`c${customs[0]}`]: value(), [`c${customs[1]}`]: value() },
                  },
                },
          })
        }
    }
    // annual deliverables in every state, some of several forms, some dated outside every period,
    // transfer values in 万元 with up to four decimals
    for (let k = rng.int(0, 8); k > 0; k--) {
      const date = addDays(startDate, rng.int(-60, 1100))
      if (date > TODAY) continue
      const forms = rng.shuffle(DELIVERABLE_FORMS).slice(0, rng.int(1, 3))
      const transferStatus = rng.pick(TRANSFER_STATUSES)
      const transferValueYuan = rng.chance(0.8) ? rng.int(0, 5000) * 10_000 + rng.int(0, 9999) : null
      const status = rng.weighted([
        ['accepted', 5],
        ['submitted', 1],
        ['superseded', 1],
        ['returned', 1],
        ['draft', 1],
      ] as const)
      const d = insertDeliverable(db, { labId: lab.id, forms, completedOn: date, status, transferStatus, transferValueYuan })
      if (status !== 'accepted') continue
      const transferred = transferStatus === 'transferred'
      items.push({
        source: 'deliverable',
        id: d.id,
        labId: lab.id,
        districtCode,
        direction: lab.direction,
        forms,
        kind: transferred ? 'transfer' : null,
        date,
        valueYuan: transferred ? transferValueYuan : null,
        verification: 'verified',
      })
    }
  }
  actors = {
    bureau: { id: 1, role: 'bureau', districtCode: null, labId: null },
    district: { id: 2, role: 'district', districtCode: '320506', labId: null },
    lab: { id: 3, role: 'lab', districtCode: null, labId: labs[4].id },
    expert: { id: 4, role: 'expert', districtCode: null, labId: null },
  }
})

const visibleLabs = (actor: Actor) =>
  labs.filter((l) =>
    actor.role === 'bureau'
      ? true
      : actor.role === 'district'
        ? l.districtCode === actor.districtCode
        : actor.role === 'lab'
          ? l.id === actor.labId
          : false,
  )

// the rule's answer for each lab in scope: its period in force, with an approved plan with targets
function expectedPace(actor: Actor): LabPace[] {
  return visibleLabs(actor).flatMap((lab) => {
    const period = labPeriods(lab.periods, TODAY).inForce
    if (!period) return []
    const progress = periodProgress(db, period.id)
    if (progress?.plan?.status !== 'approved') return []
    const fulfilment = planFulfilment(progress.lines)
    if (fulfilment === null) return []
    const elapsed = elapsedPercent(period, TODAY)
    return [
      {
        labId: lab.id,
        labName: lab.name,
        districtCode: lab.districtCode,
        periodId: period.id,
        fulfilment,
        elapsed,
        gap: paceGap(fulfilment, elapsed)!,
      },
    ]
  })
}

const byLab = (rows: LabPace[]) => [...rows].sort((a, b) => a.labId - b.labId)

describe('the dashboard SQL agrees with the progress rule', () => {
  test.each(['bureau', 'district', 'lab', 'expert'])('per indicator, lab and period, for %s', (who) => {
    const actor = actors[who]
    const sqlFigures = new Map(periodAchievements({ actor, filter: {} }).map((p) => [p.periodId, p]))
    const periods = visibleLabs(actor).flatMap((l) => l.periods)
    expect([...sqlFigures.keys()].sort((a, b) => a - b)).toEqual(periods.map((p) => p.id).sort((a, b) => a - b))
    for (const period of periods) {
      const rule = periodProgress(db, period.id)!
      for (const line of rule.lines.filter((l) => l.builtinKey && countedFromRegister(l))) {
        const figures = sqlFigures.get(period.id)!.lines[line.builtinKey as keyof PeriodAchievement['lines']]
        expect({ period: period.id, key: line.builtinKey, ...figures }).toEqual({
          period: period.id,
          key: line.builtinKey,
          achieved: line.achieved,
          verified: line.verified,
        })
      }
    }
  })

  test.each(['bureau', 'district', 'lab', 'expert'])('plan fulfilment, elapsed share and pace gap, for %s', (who) => {
    const actor = actors[who]
    const expected = expectedPace(actor)
    expect(byLab(planFulfilments({ actor, filter: {}, today: TODAY }))).toEqual(byLab(expected))
    // the distribution and the leaders are the same rows, grouped and ordered
    const panel = planFulfilmentPanel({ actor, filter: {}, today: TODAY })
    const distribution = panel.distribution
    expect(distribution.labs).toBe(expected.length)
    for (const { bucket, n } of distribution.buckets) expect(n).toBe(expected.filter((e) => bucketOf(e.fulfilment) === bucket).length)
    expect(distribution.mean).toBe(expected.length ? Math.floor(expected.reduce((s, e) => s + e.fulfilment, 0) / expected.length) : null)
    const order = (sign: 1 | -1) => (a: LabPace, b: LabPace) =>
      sign * (b.gap - a.gap) || a.labName.localeCompare(b.labName) || a.labId - b.labId
    expect(panel.ahead).toEqual(
      expected
        .filter((e) => e.gap >= 0)
        .sort(order(1))
        .slice(0, 5),
    )
    expect(panel.behind).toEqual(
      expected
        .filter((e) => e.gap < 0)
        .sort(order(-1))
        .slice(0, 5),
    )
  })

  test('the generated data reaches the cases it claims to', () => {
    const pace = expectedPace(actors.bureau)
    expect(pace.length).toBeGreaterThan(10)
    expect(new Set(pace.map((p) => bucketOf(p.fulfilment))).size).toBeGreaterThan(3)
    expect(pace.some((p) => p.gap > 0) && pace.some((p) => p.gap < 0)).toBe(true)
    expect(items.some((i) => i.source === 'deliverable' && i.kind === 'transfer')).toBe(true)
    expect(items.some((i) => i.source === 'deliverable' && i.forms.length > 1)).toBe(true)
    for (const v of OUTCOME_VERIFICATIONS) expect(items.some((i) => i.verification === v)).toBe(true)
  })
})

// what the register should list under a filter, decided in TypeScript from the generated rows
function expectedItems(actor: Actor, f: OutcomeFilter): Item[] {
  const inScope = new Set(visibleLabs(actor).map((l) => l.id))
  return items.filter(
    (i) =>
      inScope.has(i.labId) &&
      (f.year === undefined || i.date.startsWith(`${f.year}-`)) &&
      (!f.districtCode || i.districtCode === f.districtCode) &&
      (f.direction === undefined || i.direction === f.direction) &&
      (!f.form || i.forms.includes(f.form)) &&
      (!f.kind || (f.kind === 'none' ? i.kind === null : i.kind === f.kind)) &&
      (!f.verification || i.verification === f.verification) &&
      (!f.source || i.source === f.source) &&
      (f.labId === undefined || i.labId === f.labId),
  )
}

const key = (i: { source: string; id: number }) => `${i.source}:${i.id}`

describe('every total and bar is the register rows it links to', () => {
  const filters: OutcomeFilter[] = [
    {},
    { year: 2024 },
    { districtCode: '320506' },
    { form: 'data' },
    { kind: 'transfer' },
    { kind: 'none' },
    { verification: 'verified' },
    { verification: 'disputed', form: 'algorithm' },
    { source: 'deliverable', year: 2025 },
    { direction: 3 },
  ]
  test.each(['bureau', 'district', 'lab', 'expert'])('for %s', (who) => {
    const actor = actors[who]
    for (const filter of filters) {
      const expected = expectedItems(actor, filter)
      const listed = listRegister({ actor, filter, pageSize: null }).rows
      expect(listed.map(key).sort()).toEqual(expected.map(key).sort())
      expect(countRegister({ actor, filter })).toBe(expected.length)
      const totals = outcomeTotals({ actor, filter })
      expect(totals).toEqual({
        n: expected.length,
        outcomes: expected.filter((i) => i.source === 'outcome').length,
        deliverables: expected.filter((i) => i.source === 'deliverable').length,
      })
      const transfers = expectedItems(actor, { ...filter, kind: 'transfer' })
      expect(transferTotals({ actor, filter })).toEqual({
        n: transfers.length,
        valueYuan: transfers.reduce((s, i) => s + (i.valueYuan ?? 0), 0),
      })
      // each chart leaves out its own dimension's filter, and each bar opens that dimension's register
      const bars: [Partial<OutcomeFilter>, number][] = [
        ...countsByForm({ actor, filter }).map((b) => [{ form: b.key }, b.n] as [Partial<OutcomeFilter>, number]),
        ...countsByKind({ actor, filter }).map((b) => [{ kind: b.key }, b.n] as [Partial<OutcomeFilter>, number]),
        ...countsByVerification({ actor, filter }).map((b) => [{ verification: b.key }, b.n] as [Partial<OutcomeFilter>, number]),
        ...countsByDirection({ actor, filter }).map((b) => [{ direction: b.key }, b.n] as [Partial<OutcomeFilter>, number]),
        ...countsByDistrict({ actor, filter }).map((b) => [{ districtCode: b.key }, b.n] as [Partial<OutcomeFilter>, number]),
        ...countsByYear({ actor, filter }).map((b) => [{ year: b.year }, b.n] as [Partial<OutcomeFilter>, number]),
      ]
      for (const [set, n] of bars) {
        expect({ filter, set, n }).toEqual({ filter, set, n: expectedItems(actor, { ...filter, ...set }).length })
        expect(countRegister({ actor, filter: { ...filter, ...set } })).toBe(n)
      }
    }
  })

  test('a page of the register is that slice of the sorted rows', () => {
    const actor = actors.bureau
    const all = listRegister({ actor, filter: {}, pageSize: null }).rows
    const page2 = listRegister({ actor, filter: {}, page: 2, pageSize: 20 })
    expect(page2.total).toBe(all.length)
    expect(page2.rows).toEqual(all.slice(20, 40))
    const dates = all.map((r) => r.date)
    expect(dates).toEqual([...dates].sort().reverse())
    const byValue = listRegister({ actor, filter: {}, sort: 'value', dir: 'desc', pageSize: null }).rows
    const values = byValue.filter((r) => r.valueYuan !== null).map((r) => r.valueYuan!)
    expect(values).toEqual([...values].sort((a, b) => b - a))
    expect(byValue.slice(values.length).every((r) => r.valueYuan === null)).toBe(true)
  })
})

// last: it moves and deletes labs
describe('the fulfilment tenths kept on write (plan_fulfilment_tallies)', () => {
  const tallies = () =>
    db.$client.prepare('SELECT district_code, direction, bucket, n, total FROM plan_fulfilment_tallies WHERE n != 0 ORDER BY 1, 2, 3').all()
  const recounted = () =>
    db.$client
      .prepare(
        `SELECT district_code, direction, min(10, fulfilment / 10) AS bucket, count(*) AS n, sum(fulfilment) AS total
         FROM plan_fulfilments GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      )
      .all()
  const agrees = (step: string) => {
    expect({ step, tallies: tallies() }).toEqual({ step, tallies: recounted() })
    // an emptied tenth is zero in both count and sum, never below
    expect(db.$client.prepare('SELECT count(*) AS k FROM plan_fulfilment_tallies WHERE n < 0 OR (n = 0 AND total != 0)').get()).toEqual({
      k: 0,
    })
  }

  test('agree with the stored rows after each kind of write', () => {
    storePlanFulfilments({ today: TODAY, labIds: null })
    expect(recounted().length).toBeGreaterThan(5)
    agrees('every lab refreshed')
    // the panel's distribution reads them: the same figures as the rule's
    const expectedRows = expectedPace(actors.district)
    const panel = planFulfilmentPanel({ actor: actors.district, filter: {}, today: TODAY })
    expect(panel.distribution.labs).toBe(expectedRows.length)
    for (const { bucket, n } of panel.distribution.buckets)
      expect(n).toBe(expectedRows.filter((e) => bucketOf(e.fulfilment) === bucket).length)

    // some labs re-evaluated on a later day: their period in force, so their figures, change
    const before = recounted()
    storePlanFulfilments({ today: '2026-11-20', labIds: labs.slice(0, 25).map((l) => l.id) })
    expect(recounted()).not.toEqual(before)
    agrees('some labs refreshed')
    storePlanFulfilments({ today: '2027-04-01', labIds: null })
    agrees('every lab refreshed on another day')
    storePlanFulfilments({ today: TODAY, labIds: null })

    const stored = db.$client.prepare('SELECT lab_id AS id FROM plan_fulfilments ORDER BY lab_id').all() as { id: number }[]
    const [a, b, c] = stored.map((r) => r.id)
    db.$client.prepare(`UPDATE labs SET district_code = '320585' WHERE id = ?`).run(a)
    agrees('a lab moved district')
    db.$client.prepare('UPDATE labs SET direction = direction % 14 + 1 WHERE id = ?').run(b)
    agrees('a lab changed direction')
    db.$client.prepare('UPDATE plan_fulfilments SET fulfilment = 100 - fulfilment WHERE lab_id = ?').run(c)
    agrees('a figure changed in place')
    db.$client.prepare('DELETE FROM labs WHERE id = ?').run(a)
    expect(db.$client.prepare('SELECT count(*) AS k FROM plan_fulfilments WHERE lab_id = ?').get(a)).toEqual({ k: 0 })
    agrees('a lab deleted')
  })
})
