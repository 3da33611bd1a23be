import { customIndicators, indicatorPlans, indicatorTargets } from '~db/schema'
import type { IndicatorUnit, PlanStatus } from '~db/schema/enums'
import type { Db } from '~db/client.server'

// An indicator plan as the bureau left it, written around the models (their rules are tested in
// tests/routes/indicator-plans.test.ts): targets by plan field, a built-in key or c<custom id>.
export function insertPlan(
  db: Db,
  {
    labId,
    periodId,
    status = 'approved',
    targets,
  }: { labId: number; periodId: number; status?: PlanStatus; targets: Record<string, number> },
) {
  const stamp = '2025-03-02T02:00:00.000Z'
  const plan = db
    .insert(indicatorPlans)
    .values({ labId, periodId, status, createdAt: stamp, updatedAt: stamp, decidedAt: status === 'approved' ? stamp : null })
    .returning()
    .get()
  const rows = Object.entries(targets).map(([field, target]) =>
    /^c\d+$/.test(field)
      ? { planId: plan.id, indicatorKey: null, customIndicatorId: Number(field.slice(1)), target }
      : { planId: plan.id, indicatorKey: field, customIndicatorId: null, target },
  )
  if (rows.length) db.insert(indicatorTargets).values(rows).run()
  return plan
}

export function insertCustomIndicator(db: Db, { nameZh, nameEn, unit }: { nameZh: string; nameEn: string; unit: IndicatorUnit }) {
  return db.insert(customIndicators).values({ nameZh, nameEn, unit, updatedAt: '2025-01-01T00:00:00.000Z' }).returning().get()
}
