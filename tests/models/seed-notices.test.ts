import { eq, sql } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { noticeKindsFor } from '~/domain/notice-kinds'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { inboxItems, labs, notices, users } from '~db/schema'
import { REMINDER_SOURCES } from '~db/schema/enums'
import { DEMO_USERNAMES, seedDemo } from '~db/seed'
import { seedDemoEvaluations } from '~db/seed-evaluations'
import { seedDemoNotices } from '~db/seed-notices'
import { pinClock } from '../clock'

// The demo's inboxes (issue 15): the five sign-in accounts between them show every kind of notice,
// and across the whole demo nobody holds a notice about a lab outside their scope.
const NOW = new Date('2026-11-28T02:00:00Z')
pinClock(NOW)

let db: Db
beforeAll(async () => {
  db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now: NOW })
  setDb(db)
  // as the server seeds: the published evaluation tells every lab its result
  seedDemoEvaluations({ now: NOW })
  await seedDemoNotices({ now: NOW })
}, 60_000)

const inbox = () =>
  db
    .select({
      username: users.username,
      role: users.role,
      userLab: users.labId,
      userDistrict: users.districtCode,
      source: notices.source,
      noticeLab: notices.labId,
      labDistrict: labs.districtCode,
    })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .innerJoin(users, eq(users.id, inboxItems.userId))
    .leftJoin(labs, eq(labs.id, notices.labId))
    .all()

test('the demo accounts between them show every kind of notice, each to a role that receives it', () => {
  const demo = inbox().filter((n) => (DEMO_USERNAMES as readonly string[]).includes(n.username))
  const shown = new Set(demo.map((n) => n.source))
  // an incident not yet reported is the one kind the demo's story has none of (all its incidents are reported)
  expect(REMINDER_SOURCES.filter((k) => !shown.has(k))).toEqual(['incident_report'])
  for (const n of demo) expect(noticeKindsFor(n.role), `${n.username}: ${n.source}`).toContain(n.source)
  // the expert's renewals to review, and the certification rounds' applications (seed-round-stages.ts)
  expect(new Set(demo.filter((n) => n.username === 'expert').map((n) => n.source))).toEqual(
    new Set(['review_assignment', 'round_application']),
  )
})

test('nobody in the demo holds a notice about a lab outside their scope', () => {
  const all = inbox()
  expect(all.length).toBeGreaterThan(100)
  const outOfScope = all.filter(
    (n) =>
      n.noticeLab !== null &&
      ((n.role === 'lab' && n.userLab !== n.noticeLab) || (n.role === 'district' && n.userDistrict !== n.labDistrict)),
  )
  expect(outOfScope).toEqual([])
  // an office's summary is about no lab, and only offices get one
  const summaries = db
    .select({ n: sql<number>`count(*)` })
    .from(notices)
    .where(eq(notices.source, 'weekly_summary'))
    .get()!.n
  expect(summaries).toBeGreaterThan(0)
  expect(all.filter((n) => n.source === 'weekly_summary' && !['bureau', 'district'].includes(n.role))).toEqual([])
})
