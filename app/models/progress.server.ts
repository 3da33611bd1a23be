import { and, eq, gte, inArray, lte } from 'drizzle-orm'
import { annualReports, deliverables, outcomes, validityPeriods } from '~db/schema'
import { FILED_STATUSES } from '~/domain/filing-workflow'
import { lineProgress, type AchievementItem, type Declaration, type LineProgress } from '~/domain/progress'
import { validityYearOf } from '~/domain/validity'
import type { Db } from '~/utils/db.server'
import { linesOf, planOfPeriod, type PlanLine } from './indicator-plans.server'

// Loads what the progress rule (app/domain/progress.ts) counts for one lab's period: its plan's
// lines, the outcomes and accepted deliverables placed in the period, and the figures its filed
// annual reports declare. Every page that shows progress reads it through periodProgress.

type Reader = Pick<Db, 'select'>
type Period = { id: number; labId: number; startDate: string; endDate: string }

/** The register's items of a period: its outcomes, and the accepted deliverables completed in it. */
export function achievementItems(q: Reader, period: Period): AchievementItem[] {
  const own = q
    .select({
      validityYear: outcomes.validityYear,
      form: outcomes.form,
      kind: outcomes.kind,
      valueYuan: outcomes.valueYuan,
      verification: outcomes.verification,
    })
    .from(outcomes)
    .where(eq(outcomes.periodId, period.id))
    .all()
    .map(
      (o): AchievementItem => ({
        validityYear: o.validityYear === 2 ? 2 : 1,
        forms: [o.form],
        kind: o.kind,
        valueYuan: o.valueYuan,
        verification: o.verification,
      }),
    )
  const accepted = q
    .select({
      completedOn: deliverables.completedOn,
      forms: deliverables.forms,
      transferStatus: deliverables.transferStatus,
      transferValueYuan: deliverables.transferValueYuan,
    })
    .from(deliverables)
    .where(
      and(
        eq(deliverables.labId, period.labId),
        eq(deliverables.status, 'accepted'),
        gte(deliverables.completedOn, period.startDate),
        lte(deliverables.completedOn, period.endDate),
      ),
    )
    .all()
    .flatMap((d): AchievementItem[] => {
      const year = validityYearOf(period, d.completedOn)
      if (!year) return []
      const transferred = d.transferStatus === 'transferred'
      return [
        {
          validityYear: year,
          forms: d.forms,
          kind: transferred ? 'transfer' : null,
          valueYuan: transferred ? d.transferValueYuan : null,
          // the bureau's acceptance is the deliverable's verification
          verification: 'verified',
        },
      ]
    })
  return [...own, ...accepted]
}

/** What the period's filed annual reports declare for the lines the register does not count. */
export function declarations(q: Reader, periodId: number): Declaration[] {
  return q
    .select({ validityYear: annualReports.validityYear, status: annualReports.status, content: annualReports.content })
    .from(annualReports)
    .where(and(eq(annualReports.periodId, periodId), inArray(annualReports.status, [...FILED_STATUSES])))
    .all()
    .map((r) => ({
      validityYear: r.validityYear === 2 ? 2 : 1,
      values: declaredOf(r.content),
      accepted: r.status === 'accepted',
    }))
}

// content.progress.declared: { [field]: whole number } (app/domain/annual-report.ts)
function declaredOf(content: Record<string, unknown>): Record<string, number> {
  const progress = content.progress as { declared?: unknown } | undefined
  const declared = progress?.declared
  if (!declared || typeof declared !== 'object') return {}
  return Object.fromEntries(
    Object.entries(declared as Record<string, unknown>).filter(
      (e): e is [string, number] => typeof e[1] === 'number' && Number.isInteger(e[1]) && e[1] >= 0,
    ),
  )
}

export type PeriodProgress = {
  plan: ReturnType<typeof planOfPeriod>
  lines: Array<PlanLine & LineProgress>
}

/** A period's plan (whatever its status; null without one) with target, achieved and verified per line and year. */
export function periodProgress(q: Reader, periodId: number): PeriodProgress | null {
  const period = q
    .select({
      id: validityPeriods.id,
      labId: validityPeriods.labId,
      startDate: validityPeriods.startDate,
      endDate: validityPeriods.endDate,
    })
    .from(validityPeriods)
    .where(eq(validityPeriods.id, periodId))
    .get()
  if (!period) return null
  const plan = planOfPeriod(q, period.id)
  const lines = linesOf(q, plan?.id ?? null)
  const progress = lineProgress(lines, achievementItems(q, period), declarations(q, period.id))
  return { plan, lines: lines.map((line, i) => ({ ...line, ...progress[i]! })) }
}
