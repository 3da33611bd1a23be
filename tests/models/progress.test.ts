import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { evaluateLab } from '~/domain/compliance/engine'
import { lineProgress } from '~/domain/progress'
import { DEFAULT_RULE_SETTINGS } from '~/domain/settings'
import { loadLabFacts } from '~/models/compliance-facts.server'
import { labChecksOf } from '~/models/compliance.server'
import { approvedPlanFacts, periodProgress } from '~/models/progress.server'
import { markAllLabsStale } from '~/models/compliance-freshness.server'
import type { Db } from '~db/client.server'
import { insertAnnualReport, insertDeliverable, insertOutcome, insertPeriod } from '~db/factories'
import { validityPeriods } from '~db/schema'
import { pinClock } from '../clock'
import { makeLab, setupTestDb } from '../helpers'
import { insertCustomIndicator, insertPlan } from '../progress-fixtures'

// The progress rule's loader (app/models/progress.server.ts), the one that feeds every page, and
// its batch twin that feeds the compliance check. A lab certified 2025-03-01; today 2026-03-10,
// just after validity year 1 ended (2026-02-28).
pinClock(new Date('2026-03-10T04:00:00Z'))
let db: Db
let labId: number
let periodId: number
let otherLabId: number
let otherPeriodId: number

const periodOfLab = (id: number) => db.select().from(validityPeriods).where(eq(validityPeriods.labId, id)).get()!.id
beforeEach(() => {
  db = setupTestDb()
  labId = makeLab(db, { startDate: '2025-03-01' }).id
  periodId = periodOfLab(labId)
  otherLabId = makeLab(db, { startDate: '2025-03-01' }).id
  otherPeriodId = periodOfLab(otherLabId)
})

const lineOf = (field: string) => periodProgress(db, periodId)!.lines.find((l) => l.field === field)!
const figures = (field: string) => {
  const l = lineOf(field)
  return { target: l.target, y1: l.byYear[1], y2: l.byYear[2], achieved: l.achieved, verified: l.verified }
}

describe('periodProgress', () => {
  test('a period without a plan has every line, none with a target, and the register still counts', () => {
    insertOutcome(db, { labId, periodId, occurredOn: '2025-05-01', kind: 'paper' })
    const p = periodProgress(db, periodId)!
    expect(p.plan).toBeNull()
    expect(p.period).toEqual({ id: periodId, sequence: 1, startDate: '2025-03-01', endDate: '2027-02-28' })
    expect(figures('papers')).toMatchObject({ target: null, achieved: 1 })
    expect(periodProgress(db, 999_999)).toBeNull()
  })

  test('outcomes count in their validity year; disputed ones do not; only verified ones are verified; other labs and periods never', () => {
    insertPlan(db, { labId, periodId, targets: { papers: 4 } })
    insertOutcome(db, { labId, periodId, occurredOn: '2025-05-01', validityYear: 1, kind: 'paper', verification: 'verified' })
    insertOutcome(db, { labId, periodId, occurredOn: '2025-06-01', validityYear: 1, kind: 'paper', verification: 'checked' })
    insertOutcome(db, { labId, periodId, occurredOn: '2025-07-01', validityYear: 1, kind: 'paper', verification: 'disputed' })
    insertOutcome(db, { labId, periodId, occurredOn: '2026-03-05', validityYear: 2, kind: 'paper' })
    insertOutcome(db, { labId: otherLabId, periodId: otherPeriodId, occurredOn: '2025-05-01', kind: 'paper', verification: 'verified' })
    const next = insertPeriod(db, { labId, sequence: 2, startDate: '2027-03-01', endDate: '2029-02-28' })
    insertOutcome(db, { labId, periodId: next.id, occurredOn: '2027-04-01', kind: 'paper', verification: 'verified' })
    expect(figures('papers')).toEqual({
      target: 4,
      y1: { achieved: 2, verified: 1 },
      y2: { achieved: 1, verified: 0 },
      achieved: 3,
      verified: 1,
    })
  })

  test('an accepted deliverable counts once for each of its forms, as a transfer with its value, and as verified', () => {
    insertPlan(db, { labId, periodId, targets: { algorithms: 2, datasets: 2, transfers: 1, transfer_value: 200_000 } })
    insertDeliverable(db, {
      labId,
      completedOn: '2025-12-01',
      status: 'accepted',
      forms: ['algorithm', 'data'],
      transferStatus: 'transferred',
      transferValueYuan: 125_000,
    })
    // not yet accepted, superseded, in progress of transfer, or outside the period: none counts as accepted
    insertDeliverable(db, { labId, completedOn: '2025-12-02', status: 'submitted', forms: ['algorithm'] })
    insertDeliverable(db, { labId, completedOn: '2025-12-03', status: 'superseded', forms: ['algorithm'] })
    insertDeliverable(db, { labId, completedOn: '2024-12-03', status: 'accepted', forms: ['algorithm'] })
    insertDeliverable(db, {
      labId,
      completedOn: '2026-04-01',
      status: 'accepted',
      forms: ['data'],
      transferStatus: 'in_progress',
      transferValueYuan: 30_000,
    })
    expect(figures('algorithms')).toMatchObject({ y1: { achieved: 1, verified: 1 }, achieved: 1 })
    expect(figures('datasets')).toMatchObject({ y1: { achieved: 1, verified: 1 }, y2: { achieved: 1, verified: 1 }, achieved: 2 })
    expect(figures('transfers')).toMatchObject({ achieved: 1, verified: 1 })
    expect(figures('transfer_value')).toMatchObject({ achieved: 125_000, verified: 125_000 })
  })

  test('declared lines read filed reports of the period: drafts ignored, verified once accepted', () => {
    const mentors = insertCustomIndicator(db, { nameZh: '带教导师', nameEn: 'Mentors', unit: 'people' })
    insertPlan(db, { labId, periodId, targets: { people_trained: 20, other_ip: 3, [`c${mentors.id}`]: 4 } })
    const declared = (values: Record<string, unknown>) => ({ progress: { summary: '', targets: [], declared: values } })
    insertAnnualReport(db, {
      labId,
      periodId,
      validityYear: 1,
      status: 'accepted',
      content: declared({ people_trained: 8, [`c${mentors.id}`]: 2 }),
    })
    insertAnnualReport(db, { labId, periodId, validityYear: 2, status: 'submitted', content: declared({ people_trained: 5, other_ip: 1 }) })
    insertAnnualReport(db, {
      labId: otherLabId,
      periodId: otherPeriodId,
      validityYear: 1,
      status: 'accepted',
      content: declared({ people_trained: 99 }),
    })
    expect(figures('people_trained')).toEqual({
      target: 20,
      y1: { achieved: 8, verified: 8 },
      y2: { achieved: 5, verified: 0 },
      achieved: 13,
      verified: 8,
    })
    expect(figures('other_ip')).toMatchObject({ achieved: 1, verified: 0 })
    expect(figures(`c${mentors.id}`)).toMatchObject({ target: 4, achieved: 2, verified: 2 })
    expect(lineOf('people_trained').declared).toBe(true)
  })

  test('a draft report and malformed declared figures count for nothing', () => {
    insertPlan(db, { labId, periodId, targets: { people_trained: 20 } })
    insertAnnualReport(db, {
      labId,
      periodId,
      validityYear: 1,
      status: 'draft',
      content: { progress: { declared: { people_trained: 8 } } },
    })
    insertAnnualReport(db, {
      labId,
      periodId,
      validityYear: 2,
      status: 'submitted',
      content: { progress: { declared: { people_trained: -3, other_ip: 1.5, c9: '7' } } },
    })
    expect(figures('people_trained')).toMatchObject({ achieved: 0, verified: 0 })
  })
})

describe('the compliance check reads the same figures for every lab at once', () => {
  function seedBoth() {
    const mentors = insertCustomIndicator(db, { nameZh: '带教导师', nameEn: 'Mentors', unit: 'people' })
    insertPlan(db, { labId, periodId, targets: { papers: 4, people_trained: 10, transfer_value: 100_000, [`c${mentors.id}`]: 2 } })
    insertPlan(db, { labId: otherLabId, periodId: otherPeriodId, status: 'submitted', targets: { papers: 4 } })
    insertOutcome(db, { labId, periodId, occurredOn: '2025-05-01', kind: 'paper', verification: 'verified' })
    insertOutcome(db, { labId, periodId, occurredOn: '2025-05-02', kind: 'transfer', valueYuan: 60_000 })
    insertOutcome(db, { labId, periodId, occurredOn: '2025-05-03', kind: 'paper', verification: 'disputed' })
    insertDeliverable(db, {
      labId,
      completedOn: '2025-09-01',
      status: 'accepted',
      forms: ['algorithm'],
      transferStatus: 'transferred',
      transferValueYuan: 10_000,
    })
    insertAnnualReport(db, {
      labId,
      periodId,
      validityYear: 1,
      status: 'submitted',
      content: { progress: { declared: { people_trained: 6, [`c${mentors.id}`]: 0 } } },
    })
    insertOutcome(db, { labId: otherLabId, periodId: otherPeriodId, occurredOn: '2025-05-01', kind: 'paper' })
    markAllLabsStale(db)
    return mentors
  }

  test('the batch loader agrees with periodProgress line by line, and leaves out labs without an approved plan', () => {
    seedBoth()
    const judged = new Map([
      [labId, { id: periodId, startDate: '2025-03-01', endDate: '2027-02-28' }],
      [otherLabId, { id: otherPeriodId, startDate: '2025-03-01', endDate: '2027-02-28' }],
    ])
    const batch = approvedPlanFacts(db, { judged, labIds: null })
    expect([...batch.keys()]).toEqual([labId])
    const facts = batch.get(labId)!
    const fromBatch = lineProgress(facts.lines, facts.items, facts.declarations)
    const single = periodProgress(db, periodId)!.lines.filter((l) => l.target !== null)
    expect(fromBatch.map((l) => [l.field, l.byYear, l.achieved, l.verified])).toEqual(
      single.map((l) => [l.field, l.byYear, l.achieved, l.verified]),
    )
    // the same when asked for one lab
    expect(approvedPlanFacts(db, { judged, labIds: [labId] }).get(labId)).toEqual(facts)
    // a plan of another period than the judged one is not this lab's plan in force
    expect(approvedPlanFacts(db, { judged: new Map([[labId, { ...judged.get(labId)!, id: 12345 }]]), labIds: null }).size).toBe(0)
  })

  test('loadLabFacts judges the period in force and the engine warns per indicator behind', () => {
    const mentors = seedBoth()
    const [facts] = loadLabFacts({ labIds: [labId], today: '2026-03-10' })
    const warned = evaluateLab(facts!, { today: '2026-03-10', settings: DEFAULT_RULE_SETTINGS }).checks.filter(
      (c) => c.checkId === 'plan_progress',
    )
    // papers 1 of 4 (the disputed one does not count), transfer value 7 of 10 万元 is fine, 6 of 10 people is fine, mentors 0 of 2
    expect(warned.map((c) => [c.subject, c.reason.params.achieved, c.reason.params.minimum])).toEqual([
      ['papers', '1', '2'],
      [`c${mentors.id}`, '0', '1'],
    ])
    expect(warned[1]!.reason.params).toMatchObject({ indicatorZh: '带教导师', indicatorEn: 'Mentors' })
    expect(loadLabFacts({ labIds: [otherLabId], today: '2026-03-10' })[0]!.planProgress).toBeNull()
    // the history backfill leaves plans out
    expect(loadLabFacts({ labIds: [labId], asOf: '2026-03-10' })[0]!.planProgress).toBeNull()
  })

  test('the stored checks show the warnings on the lab, and none for a lab whose plan is only submitted', () => {
    seedBoth()
    const rows = labChecksOf({ labId, today: '2026-03-10' }).filter((c) => c.checkId === 'plan_progress')
    expect(rows.map((r) => [r.subject, r.result, r.fixPath])).toContainEqual(['papers', 'warning', `/labs/${labId}/plan#progress`])
    expect(labChecksOf({ labId: otherLabId, today: '2026-03-10' }).filter((c) => c.checkId === 'plan_progress')).toEqual([])
  })
})
