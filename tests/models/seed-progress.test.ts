import { and, eq, isNotNull, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { shanghaiDate } from '~/domain/dates'
import { labPeriods } from '~/domain/validity'
import { labChecksOf, refreshCompliance } from '~/models/compliance.server'
import { progressPanel } from '~/models/progress.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { annualReports, indicatorPlans, labs, validityPeriods } from '~db/schema'
import { seedDemo } from '~db/seed'
import { setupTestDb } from '../helpers'

// The demo's progress against the plans (issue 16, part 3): every panel has something to show.
const NOW = new Date('2026-11-28T02:00:00Z')
const TODAY = shanghaiDate(NOW)

describe('the demo progress', () => {
  let db: Db
  beforeAll(async () => {
    db = setupTestDb()
    setClock(NOW)
    await seedDemo(db, { now: NOW })
    refreshCompliance({ today: TODAY })
  })
  const inForcePanel = (labId: number) => {
    const periods = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).all()
    const p = labPeriods(periods, TODAY).inForce
    return p ? progressPanel({ periodId: p.id, today: TODAY }) : null
  }

  test('a 姑苏区 lab with an approved plan is warned of the indicators it is behind on after year 1', () => {
    const warned = db
      .select({ labId: labs.id, districtCode: labs.districtCode })
      .from(labs)
      .all()
      .filter((l) => labChecksOf({ labId: l.labId, today: TODAY }).some((c) => c.checkId === 'plan_progress' && c.result === 'warning'))
    expect(warned.some((l) => l.districtCode === '320508')).toBe(true)
    for (const l of warned) expect(inForcePanel(l.labId)!.plan!.status).toBe('approved')
    // a handful of labs, not the whole programme
    expect(warned.length).toBeLessThan(db.select().from(labs).all().length / 4)
  })

  test('another lab is ahead of time, and most approved plans are on track', () => {
    const panels = db
      .select({ id: labs.id })
      .from(labs)
      .all()
      .map((l) => inForcePanel(l.id))
      .filter((p) => p?.plan?.status === 'approved')
    expect(panels.some((p) => p!.pace! >= 20)).toBe(true)
    expect(panels.length).toBeGreaterThan(10)
    for (const p of panels) expect(p!.lines.length).toBeGreaterThan(0)
  })

  test('filed annual reports of planned periods state their declared figures; drafts state none', () => {
    const stated = db
      .select({ status: annualReports.status, declared: sql<string>`json_extract(${annualReports.content}, '$.progress.declared')` })
      .from(annualReports)
      .innerJoin(indicatorPlans, eq(indicatorPlans.periodId, annualReports.periodId))
      .where(and(isNotNull(sql`json_extract(${annualReports.content}, '$.progress.declared')`)))
      .all()
    expect(stated.length).toBeGreaterThan(10)
    for (const r of stated) {
      expect(r.status).not.toBe('draft')
      for (const v of Object.values(JSON.parse(r.declared) as Record<string, number>)) expect(Number.isInteger(v)).toBe(true)
    }
  })
})
