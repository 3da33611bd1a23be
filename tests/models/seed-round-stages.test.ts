import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { roundStage } from '~/domain/certification/round-dates'
import { myApplicationReviews } from '~/models/application-review.server'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { applicationReviews, auditLog, certificationRounds, roundApplications, users } from '~db/schema'
import { seedDemo } from '~db/seed'
import { seedDemoNotices } from '~db/seed-notices'
import { pinClock } from '../clock'

// The demo holds one certification round at each stage (issue 21 "Done when"): open (seed-rounds),
// the offices recommending, the experts reviewing, and a shortlist taken, each walked through the
// model's own steps at past instants.
const NOW = new Date('2026-11-28T02:00:00Z')
pinClock(NOW)

let db: Db
beforeAll(async () => {
  db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now: NOW })
  setDb(db)
  seedDemoNotices({ now: NOW })
}, 60_000)

const statusesOf = (roundId: number) =>
  db
    .select({ status: roundApplications.status })
    .from(roundApplications)
    .where(eq(roundApplications.roundId, roundId))
    .orderBy(asc(roundApplications.id))
    .all()
    .map((r) => r.status)

test('each round is at its own stage on the demo day, with its applications where that stage leaves them', () => {
  const rounds = db.select().from(certificationRounds).orderBy(asc(certificationRounds.id)).all()
  const byStage = rounds.map((r) => [r.nameZh.match(/第.批/)?.[0] ?? 'open', roundStage(NOW, r), statusesOf(r.id).sort().join(',')])
  expect(byStage).toEqual([
    ['open', 'open', 'draft,recommended,returned,submitted'],
    ['第四批', 'recommending', 'recommended,recommended,submitted'],
    ['第三批', 'reviewing', 'under_review,under_review,under_review'],
    ['第二批', 'reviewing', 'not_shortlisted,shortlisted,shortlisted'],
  ])
})

test('the demo expert has one application left to score; every other review of the rounds is in', () => {
  const expert = db.select().from(users).where(eq(users.username, 'expert')).get()!
  const mine = myApplicationReviews({ ...expert, displayName: expert.displayName })
  expect(mine.filter((r) => r.status === 'assigned')).toHaveLength(1)
  const pending = db.select().from(applicationReviews).where(eq(applicationReviews.status, 'assigned')).all()
  expect(pending.map((r) => r.expertId)).toEqual([expert.id])
})

test('a city department recommends in the offices’ stage: 市教育局 holds an application it recommended', () => {
  const edu = db.select().from(users).where(eq(users.username, 'edu')).get()!
  const recommended = db
    .select()
    .from(roundApplications)
    .where(and(eq(roundApplications.officeDepartmentId, edu.departmentId!), eq(roundApplications.status, 'recommended')))
    .all()
  expect(recommended).toHaveLength(1)
  expect(recommended[0].recommendedBy).toBe(edu.id)
})

test('every step the stages took is in the audit trail, never after the demo day', () => {
  const ids = db
    .select({ id: roundApplications.id })
    .from(roundApplications)
    .innerJoin(certificationRounds, eq(certificationRounds.id, roundApplications.roundId))
    .where(sql`${certificationRounds.nameZh} LIKE '%批%'`)
    .all()
    .map((r) => r.id)
  const rows = db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'round_application'), inArray(auditLog.entityId, ids.map(String))))
    .all()
  // nine submissions, eight recommendations, six into review, three out of it
  expect(rows.length).toBeGreaterThanOrEqual(9 + 8 + 6 + 3)
  expect(rows.every((r) => r.at <= NOW.toISOString())).toBe(true)
})
