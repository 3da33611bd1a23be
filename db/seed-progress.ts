// Demo progress against the indicator plans (issue 16, part 3). The seeded plans (seed-plans.ts)
// draw their targets at random and the register (seed-outcomes.ts) records a few outcomes a year,
// so nearly every lab would be far behind. This settles the demo's story once plans, outcomes and
// filings are in: the filed annual reports state the figures the register cannot count (other IP,
// people trained), and the approved plans of the periods in force that have passed year 1 are
// held to what their labs achieved, except one 姑苏区 lab left behind its year-1 threshold (the
// plan_progress warning shows) and one ahead of time. Own PRNG stream, like the others.
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from './client.server'
import { type IsoDate } from '~/domain/dates'
import { FILED_STATUSES } from '~/domain/filing-workflow'
import { lineProgress } from '~/domain/progress'
import { labPeriods, validityYears } from '~/domain/validity'
import { achievementItems, declarations, declaredLinesOf } from '~/models/progress.server'
import { linesOf } from '~/models/indicator-plans.server'
import { annualReports, indicatorPlans, indicatorTargets, labs, validityPeriods } from './schema'
import { createRng } from './seed-rng'

const PROGRESS_SEED = 20261217
// the lines the lab behind is behind on: patents and transfer value, and the people it trained
const BEHIND_ON = new Set(['invention_patents', 'transfer_value', 'people_trained'])

type Tx = Pick<Db, 'select' | 'update' | 'delete'>

export function settleDemoProgress(tx: Tx, { today }: { today: IsoDate }) {
  const rng = createRng(PROGRESS_SEED)
  const periods = tx.select().from(validityPeriods).all()
  const inForce = new Map<number, number>()
  for (const labId of new Set(periods.map((p) => p.labId))) {
    const p = labPeriods(
      periods.filter((x) => x.labId === labId),
      today,
    ).inForce
    if (p) inForce.set(labId, p.id)
  }
  const plans = tx
    .select({
      id: indicatorPlans.id,
      labId: indicatorPlans.labId,
      periodId: validityPeriods.id,
      districtCode: labs.districtCode,
      startDate: validityPeriods.startDate,
      endDate: validityPeriods.endDate,
    })
    .from(indicatorPlans)
    .innerJoin(labs, eq(labs.id, indicatorPlans.labId))
    .innerJoin(validityPeriods, eq(validityPeriods.id, indicatorPlans.periodId))
    .where(eq(indicatorPlans.status, 'approved'))
    .orderBy(indicatorPlans.labId)
    .all()
  const stageOf = (p: (typeof plans)[number]) =>
    today > p.endDate ? ('end' as const) : today > validityYears(p)[0].endDate ? ('year1' as const) : null
  // the two stories: labs of 姑苏区 first (the district demo account sees them), past year 1
  const judged = plans.filter((p) => inForce.get(p.labId) === p.periodId && stageOf(p) === 'year1')
  const candidates = [...judged.filter((p) => p.districtCode === '320508'), ...judged.filter((p) => p.districtCode !== '320508')]
  const behind = candidates[0]?.labId ?? null
  const ahead = candidates[1]?.labId ?? null

  // 1. the filed reports of a planned period state its declared lines: about half to three
  // quarters of the target a year (the lab behind a fifth, the lab ahead nearly all)
  let declaredReports = 0
  for (const plan of plans) {
    const lines = declaredLinesOf(tx, plan.periodId)
    if (lines.length === 0) continue
    const reports = tx
      .select({ id: annualReports.id, content: annualReports.content })
      .from(annualReports)
      .where(and(eq(annualReports.periodId, plan.periodId), inArray(annualReports.status, [...FILED_STATUSES])))
      .all()
    for (const r of reports) {
      const share = (field: string) =>
        plan.labId === behind && BEHIND_ON.has(field) ? rng.int(10, 25) : plan.labId === ahead ? rng.int(85, 100) : rng.int(50, 75)
      const declared = Object.fromEntries(lines.map((l) => [l.field, Math.ceil((l.target! * share(l.field)) / 100)]))
      const content = r.content as Record<string, unknown>
      const progress = typeof content.progress === 'object' && content.progress ? (content.progress as Record<string, unknown>) : {}
      tx.update(annualReports)
        .set({ content: { ...content, progress: { ...progress, declared } } })
        .where(eq(annualReports.id, r.id))
        .run()
      declaredReports++
    }
  }

  // 2. the approved plans in force past year 1 are held to what was achieved: a line with nothing
  // achieved is dropped, the others kept within reach (the lab behind keeps its plan's lines it
  // is behind on, out of reach)
  for (const plan of plans) {
    const stage = stageOf(plan)
    if (inForce.get(plan.labId) !== plan.periodId || !stage) continue
    const lines = linesOf(tx, plan.id).filter((l) => l.target !== null)
    const progress = lineProgress(lines, achievementItems(tx, { ...plan, id: plan.periodId }), declarations(tx, plan.periodId))
    for (const [i, line] of lines.entries()) {
      const p = progress[i]!
      if (p.declared) continue
      const done = stage === 'end' ? p.achieved : p.byYear[1].achieved
      const where = and(
        eq(indicatorTargets.planId, plan.id),
        line.builtinKey ? eq(indicatorTargets.indicatorKey, line.builtinKey) : eq(indicatorTargets.customIndicatorId, line.customId!),
      )
      if (plan.labId === behind && BEHIND_ON.has(line.field))
        tx.update(indicatorTargets)
          .set({ target: Math.max(line.target!, done * 2 + (line.unit === 'yuan' ? 500_000 : 2)) })
          .where(where)
          .run()
      else if (done === 0) tx.delete(indicatorTargets).where(where).run()
      else {
        // year 1 already at the whole target (ahead), at least half of it, or the period's at all of it
        const target = plan.labId === ahead ? done : stage === 'year1' ? Math.min(line.target!, done * 2) : Math.min(line.target!, done)
        tx.update(indicatorTargets).set({ target }).where(where).run()
      }
    }
  }
  return { behindLabId: behind, aheadLabId: ahead, declaredReports }
}
