import { eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { publishProblems } from '~/domain/evaluation'
import { settingsOf } from '~/models/evaluations.server'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { auditLog, evaluationResults, evaluationRounds, inboxItems, notices, users } from '~db/schema'
import { seedComplianceHistory, seedDemo } from '~db/seed'
import { seedDemoEvaluations } from '~db/seed-evaluations'
import { pinClock } from '../clock'

// The demo's annual evaluations (issue 16, part 5): last year's round published with adjusted
// grades within its caps, this year's open with an adjustment, so every page has something.
const NOW = new Date('2026-11-28T02:00:00Z')
pinClock(NOW)

let db: Db
beforeAll(async () => {
  db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now: NOW })
  setDb(db)
  seedComplianceHistory({ now: NOW })
  seedDemoEvaluations({ now: NOW })
}, 120_000)

const rounds = () => db.select().from(evaluationRounds).orderBy(evaluationRounds.year).all()
const resultsOf = (roundId: number) => db.select().from(evaluationResults).where(eq(evaluationResults.roundId, roundId)).all()

test('2025 is published within its caps, with adjusted grades and their reasons', () => {
  const [published] = rounds()
  expect(published).toMatchObject({ year: 2025, status: 'published' })
  const results = resultsOf(published.id)
  expect(results.length).toBeGreaterThan(10)
  expect(
    publishProblems(
      results.map((r) => r.finalGrade),
      settingsOf(published),
    ),
  ).toEqual([])
  const adjusted = results.filter((r) => r.adjustedAt !== null)
  expect(adjusted.length).toBeGreaterThanOrEqual(2)
  for (const r of adjusted) expect(r.adjustmentReason).not.toBe('')
  // every component has a score somewhere, and more than one grade is given
  for (const c of ['scoreReport', 'scorePlan', 'scoreCompliance', 'scoreSecurity'] as const)
    expect(
      results.some((r) => r[c] !== null),
      c,
    ).toBe(true)
  expect(new Set(results.map((r) => r.finalGrade)).size).toBeGreaterThan(1)
})

test('2026 is open with other weights and an adjustment', () => {
  const [, open] = rounds()
  expect(open).toMatchObject({ year: 2026, status: 'open', weightReport: 25, weightPlan: 35 })
  expect(resultsOf(open.id).some((r) => r.adjustedAt !== null)).toBe(true)
})

test('the demo lab accounts were told their own 2025 result; the steps are audited', () => {
  const told = db
    .select({ username: users.username, labId: users.labId, noticeLab: notices.labId })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .innerJoin(users, eq(users.id, inboxItems.userId))
    .where(eq(notices.source, 'evaluation'))
    .all()
  for (const name of ['lab', 'lab2']) {
    const mine = told.filter((n) => n.username === name)
    expect(mine, name).toHaveLength(1)
    expect(mine[0].noticeLab).toBe(mine[0].labId)
  }
  const actions = db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityType, 'evaluation_round')).all()
  expect(actions.map((a) => a.action)).toEqual(['open', 'publish', 'open'])
})
