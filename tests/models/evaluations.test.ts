import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { openRound, recomputeRound, yearRecords } from '~/models/evaluations.server'
import { ensureLedger } from '~/models/ledger.server'
import type { ActingUser } from '~/models/result.server'
import type { Db } from '~db/client.server'
import { insertAnnualReport, insertOutcome } from '~db/factories'
import { complianceHistory, evaluationResults, evaluationRounds, indicatorPlans, indicatorTargets, validityPeriods } from '~db/schema'
import { DEFAULT_ROUND_SETTINGS } from '~/domain/evaluation'
import { makeLab, makeUser, setupTestDb } from '../helpers'

// What the annual evaluation reads from the record (app/models/evaluations.server.ts yearRecords):
// which labs are in a year's round, and each component from its own table.
let db: Db
const AT = new Date('2026-03-10T04:00:00Z')
const DAY = '2026-03-10'
// the reports owed come from the ledger, which the round's writes ensure first
const recordOf = (labId: number, year = 2025, at = AT, day = DAY) => {
  ensureLedger(db)
  return yearRecords(db, { year, day, at }).find((r) => r.labId === labId)
}
const periodOf = (labId: number) => db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!

beforeEach(() => {
  db = setupTestDb()
})

describe('who is in a year’s round', () => {
  test('a lab in force on any day of the year; not one revoked before it or certified after it', () => {
    const inForce = makeLab(db, { startDate: '2024-06-01' }).id
    const lateDecember = makeLab(db, { startDate: '2025-12-31' }).id
    const revoked = makeLab(db, { startDate: '2024-06-01' }).id
    db.update(validityPeriods).set({ outcome: 'revoked', outcomeDate: '2024-11-30' }).where(eq(validityPeriods.labId, revoked)).run()
    const later = makeLab(db, { startDate: '2026-01-01' }).id
    const ended = makeLab(db, { startDate: '2022-06-01' }).id // ended 2024-05-31
    const labs = yearRecords(db, { year: 2025, day: DAY, at: AT }).map((r) => r.labId)
    expect(labs.sort()).toEqual([inForce, lateDecember].sort())
    expect(labs).not.toContain(revoked)
    expect(labs).not.toContain(later)
    expect(labs).not.toContain(ended)
  })
})

describe('the components from the record', () => {
  test('the plan: an approved plan’s fulfilment against the share of the period passed at the year’s end', () => {
    const labId = makeLab(db, { startDate: '2025-01-01' }).id
    const period = periodOf(labId)
    const plan = db.insert(indicatorPlans).values({ labId, periodId: period.id, status: 'approved' }).returning().get()
    db.insert(indicatorTargets).values({ planId: plan.id, indicatorKey: 'papers', target: 4 }).run()
    insertOutcome(db, { labId, periodId: period.id, occurredOn: '2025-05-01', kind: 'paper', verification: 'verified' })
    // 1 of 4 papers is 25%, half the period passed at the end of 2025: 50
    expect(recordOf(labId)?.components.plan).toBe(50)
    expect(recordOf(labId)?.details.plan).toMatchObject({ fulfilment: 25, elapsed: 50, status: 'approved' })
    // a plan only submitted does not count
    db.update(indicatorPlans).set({ status: 'submitted' }).where(eq(indicatorPlans.id, plan.id)).run()
    expect(recordOf(labId)?.components.plan).toBeNull()
  })

  test('the report: a graded one by its grade, one not yet due left out, one overdue 0', () => {
    const labId = makeLab(db, { startDate: '2024-01-01' }).id
    const period = periodOf(labId)
    // validity year 2 ends 2025-12-31; its report is due 30 days later
    const early = new Date('2026-01-05T04:00:00Z')
    expect(recordOf(labId, 2025, early, '2026-01-05')?.components.report).toBeNull()
    expect(recordOf(labId)?.components.report).toBe(0)
    insertAnnualReport(db, { labId, periodId: period.id, validityYear: 2, status: 'accepted', grade: 'pass' })
    expect(recordOf(labId)?.components.report).toBe(60)
  })

  test('compliance: the mean of the year’s stored months; none stored does not apply', () => {
    const labId = makeLab(db, { startDate: '2024-01-01' }).id
    expect(recordOf(labId)?.components.compliance).toBeNull()
    db.insert(complianceHistory)
      .values([
        { month: '2025-01', labId, severity: 2, failing: 1, warnings: 0 },
        { month: '2025-02', labId, severity: 0, failing: 0, warnings: 0 },
        // another year does not count
        { month: '2024-12', labId, severity: 2, failing: 5, warnings: 0 },
      ])
      .run()
    expect(recordOf(labId)?.components.compliance).toBe(90)
  })
})

describe('recomputing', () => {
  test('a lab that is no longer in force in the year leaves the round', async () => {
    const bureau = await makeUser(db, { role: 'bureau' })
    const by: ActingUser = { id: bureau.id, role: 'bureau', districtCode: null, labId: null, displayName: '局' }
    const stays = makeLab(db, { startDate: '2024-06-01' }).id
    const goes = makeLab(db, { startDate: '2024-06-01' }).id
    const raw = Object.fromEntries([['year', '2025'], ...Object.entries(DEFAULT_ROUND_SETTINGS).map(([k, v]) => [k, String(v)])])
    const opened = openRound({ by, raw, at: AT })
    expect(opened.ok).toBe(true)
    expect(db.select().from(evaluationResults).all()).toHaveLength(2)
    // revoked before 2025 after all (a correction of the record)
    db.update(validityPeriods).set({ outcome: 'revoked', outcomeDate: '2024-12-01' }).where(eq(validityPeriods.labId, goes)).run()
    const round = db.select().from(evaluationRounds).get()!
    expect(recomputeRound({ by, roundId: round.id, version: round.rowVersion }).ok).toBe(true)
    expect(
      db
        .select()
        .from(evaluationResults)
        .all()
        .map((r) => r.labId),
    ).toEqual([stays])
  })
})
