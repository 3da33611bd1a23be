import { and, eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { actorOf } from '~/utils/auth.server'
import { countPendingAlerts } from '~/models/incidents.server'
import { setClock } from '~/utils/clock.server'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { notices, users } from '~db/schema'
import { seedComplianceHistory, seedDemo } from '~db/seed'
import { seedDemoNotices } from '~db/seed-notices'

// The demo (issue 15): bureau and gusu open their inbox to an urgent alert, the bureau's badge
// counts it, and the demo labs read a plan notice — all told by the pages' own functions.
const NOW = new Date('2026-12-05T02:00:00Z')
let db: Db

beforeAll(async () => {
  setClock(NOW)
  db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now: NOW })
  setDb(db)
  seedComplianceHistory({ now: NOW })
  await seedDemoNotices({ now: NOW })
  return () => setClock(undefined)
}, 120_000)

const userOf = (username: string) => db.select().from(users).where(eq(users.username, username)).get()!
const kindsOf = (username: string) =>
  db
    .select({ source: notices.source })
    .from(notices)
    .where(and(eq(notices.recipientId, userOf(username).id), eq(notices.channel, 'inbox')))
    .all()
    .map((n) => n.source)

test('the bureau and gusu are alerted of the night’s urgent incident; the badge counts it', () => {
  expect(kindsOf('bureau')).toContain('incident_alert')
  expect(kindsOf('gusu')).toContain('incident_alert')
  // another district's office is not alerted of a 姑苏区 lab's incident
  expect(kindsOf('huqiu')).not.toContain('incident_alert')
  expect(countPendingAlerts(actorOf(userOf('bureau')))).toBeGreaterThanOrEqual(1)
})

test('the demo labs read their acknowledged plan; the bureau the versions awaiting it', () => {
  expect(kindsOf('lab')).toContain('security_plan')
  expect(kindsOf('lab2')).toContain('security_plan')
  expect(kindsOf('bureau')).toContain('security_plan')
  expect(kindsOf('expert')).toEqual(expect.not.arrayContaining(['security_plan', 'incident', 'incident_alert']))
})
