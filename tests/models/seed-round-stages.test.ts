import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { roundStage } from '~/domain/certification/round-dates'
import { myApplicationReviews } from '~/models/application-review.server'
import { listRounds } from '~/models/rounds.server'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import {
  applicationReviews,
  auditLog,
  certificationRounds,
  labs,
  noticeObjections,
  publicNotices,
  roundApplications,
  users,
  validityPeriods,
} from '~db/schema'
import { seedDemo } from '~db/seed'
import { seedDemoNotices } from '~db/seed-notices'
import { pinClock } from '../clock'

// The demo holds one certification round at each stage (issue 21 "Done when"): open (seed-rounds),
// the offices recommending, the experts reviewing, the shortlist under 公示 and a round certified,
// each walked through the model's own steps at past instants.
const NOW = new Date('2026-11-28T02:00:00Z')
pinClock(NOW)

let db: Db
beforeAll(async () => {
  db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now: NOW })
  setDb(db)
  await seedDemoNotices({ now: NOW })
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
    ['第一批', 'reviewing', 'certified,certified,not_shortlisted'],
    ['第二批', 'reviewing', 'in_notice,in_notice,not_shortlisted'],
    ['第三批', 'reviewing', 'under_review,under_review,under_review'],
    ['第四批', 'recommending', 'recommended,recommended,submitted'],
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
  // twelve submissions, eleven recommendations, nine into review, six out of it, four published,
  // two certified
  expect(rows.length).toBeGreaterThanOrEqual(12 + 11 + 9 + 6 + 4 + 2)
  expect(rows.every((r) => r.at <= NOW.toISOString())).toBe(true)
})

test('the shortlist under 公示 is on the public list with an objection awaiting the bureau; the certified round’s labs are labs', () => {
  const live = db
    .select()
    .from(publicNotices)
    .where(and(eq(publicNotices.subjectKind, 'application'), isNull(publicNotices.confirmedAt), isNull(publicNotices.withdrawnAt)))
    .all()
  expect(live).toHaveLength(2)
  expect(live.every((n) => n.startsOn <= '2026-11-28' && n.endsOn > '2026-11-28')).toBe(true)
  const pending = db.select().from(noticeObjections).where(eq(noticeObjections.decision, 'pending')).all()
  expect(pending.filter((o) => live.some((n) => n.id === o.noticeId))).toHaveLength(1)
  // 授牌 made two labs with their first two-year period and a certificate number of its year
  const certified = db
    .select({ name: labs.name, start: validityPeriods.startDate, end: validityPeriods.endDate, no: validityPeriods.certificateNo })
    .from(labs)
    .innerJoin(validityPeriods, eq(validityPeriods.labId, labs.id))
    .where(inArray(labs.name, ['苏州数据要素流通实验室', '苏州文物数字化保护实验室']))
    .all()
  expect(certified).toHaveLength(2)
  for (const lab of certified) expect(Number(lab.end.slice(0, 4)) - Number(lab.start.slice(0, 4))).toBe(2)
  expect(certified.every((l) => /^苏数创〔2026〕\d{3}号$/.test(l.no ?? ''))).toBe(true)
  // and each certified application names its lab (0046), so the demo's pages link them
  const linked = db
    .select({ lab: labs.name })
    .from(roundApplications)
    .innerJoin(labs, eq(labs.id, roundApplications.labId))
    .where(eq(roundApplications.status, 'certified'))
    .all()
  expect(linked.map((l) => l.lab).sort()).toEqual(['苏州数据要素流通实验室', '苏州文物数字化保护实验室'].sort())
})

test('the rounds list names each round’s stage: open, recommending, reviewing, under 公示, certified', () => {
  expect(listRounds(NOW).map((r) => [r.nameZh.match(/第.批/)?.[0] ?? 'open', r.stage])).toEqual([
    ['open', 'open'],
    ['第四批', 'recommending'],
    ['第三批', 'reviewing'],
    ['第二批', 'in_notice'],
    ['第一批', 'certified'],
  ])
})
