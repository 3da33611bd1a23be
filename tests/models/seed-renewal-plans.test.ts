import { and, eq, isNull, like } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { inboxItems, indicatorPlans, indicatorTargets, notices, renewals, reviewAssignments, users } from '~db/schema'
import { seedDemo } from '~db/seed'
import { seedDemoNotices } from '~db/seed-notices'
import { setDb } from '~/utils/db.server'
import { pinClock } from '../clock'

// The demo's renewal pipeline proposes next periods' plans (issue 16): the bureau finds them
// awaiting its decision on the renewals it has to decide, the expert reads one on its assignment.
const NOW = new Date('2026-11-28T02:00:00Z')
pinClock(NOW)

describe('the demo’s proposed plans', () => {
  let db: Db
  beforeAll(async () => {
    db = openDb(':memory:')
    runMigrations(db)
    await seedDemo(db, { now: NOW })
    setDb(db)
    await seedDemoNotices({ now: NOW })
  }, 60_000)
  const proposed = () =>
    db
      .select({ plan: indicatorPlans, renewalStatus: renewals.status })
      .from(indicatorPlans)
      .innerJoin(renewals, eq(renewals.id, indicatorPlans.renewalId))
      .where(isNull(indicatorPlans.periodId))
      .all()

  test('every open application proposes a plan with targets; applied ones await the bureau', () => {
    const rows = proposed()
    const open = db
      .select()
      .from(renewals)
      .all()
      .filter((r) => r.status !== 'decided')
    expect(rows.map((r) => r.plan.renewalId).sort()).toEqual(open.map((r) => r.id).sort())
    for (const { plan, renewalStatus } of rows) {
      expect(plan.status).toBe(renewalStatus === 'draft' ? 'draft' : renewalStatus === 'rectifying' ? 'approved' : 'submitted')
      expect(db.select().from(indicatorTargets).where(eq(indicatorTargets.planId, plan.id)).all().length).toBeGreaterThan(0)
    }
    expect(rows.filter((r) => r.plan.status === 'submitted').length).toBeGreaterThanOrEqual(2)
  })

  test('the bureau’s inbox links to each one awaiting it; the expert’s assignment has one', () => {
    const bureau = db.select().from(users).where(eq(users.username, 'bureau')).get()!
    const links = db
      .select({ link: notices.link })
      .from(inboxItems)
      .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
      .where(and(eq(inboxItems.userId, bureau.id), like(notices.link, '%#proposed-plan')))
      .all()
      .map((n) => n.link)
    const awaiting = proposed().filter((r) => r.plan.status === 'submitted')
    expect(links.sort()).toEqual(awaiting.map((r) => `/labs/${r.plan.labId}/renewals/${r.plan.renewalId}#proposed-plan`).sort())
    const expert = db.select().from(users).where(eq(users.username, 'expert')).get()!
    const assigned = db.select().from(reviewAssignments).where(eq(reviewAssignments.expertId, expert.id)).all()
    expect(proposed().some((r) => assigned.some((a) => a.renewalId === r.plan.renewalId && a.status === 'assigned'))).toBe(true)
  })
})
