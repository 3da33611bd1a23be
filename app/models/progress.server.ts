import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { annualReports, customIndicators, deliverables, indicatorPlans, indicatorTargets, outcomes, validityPeriods } from '~db/schema'
import type { DeliverableForm, FilingStatus, IndicatorUnit, OutcomeKind, OutcomeVerification, TransferStatus } from '~db/schema/enums'
import type { NamedPlanLine, PlanProgressFacts } from '~/domain/compliance/types'
import { FILED_STATUSES } from '~/domain/filing-workflow'
import { BUILTIN_INDICATORS } from '~/domain/indicators'
import {
  countedFromRegister,
  elapsedPercent,
  lineProgress,
  paceGap,
  planFulfilment,
  type AchievementItem,
  type Declaration,
  type LineProgress,
} from '~/domain/progress'
import { validityYearOf } from '~/domain/validity'
import { DEFAULT_LOCALE, translator, type MessageKey } from '~/i18n'
import { REPORT_LIMITS, type TargetRow } from '~/domain/annual-report'
import { formatWan } from '~/domain/money'
import { db, type Db } from '~/utils/db.server'
import { linesOf, planOfPeriod, type PlanLine } from './indicator-plans.server'

// Loads what the progress rule (app/domain/progress.ts) counts for one lab's period: its plan's
// lines, the outcomes and accepted deliverables placed in the period, and the figures its filed
// annual reports declare. Every page that shows progress reads it through periodProgress; the
// compliance check reads the same rows for every lab at once through approvedPlanFacts, and both
// turn a row into an item with the same functions below.

type Reader = Pick<Db, 'select'>
type Period = { id: number; labId: number; startDate: string; endDate: string }

/** An outcome of the register as the rule counts it. */
export function outcomeItem(o: {
  validityYear: number
  form: DeliverableForm
  kind: OutcomeKind
  valueYuan: number | null
  verification: OutcomeVerification
}): AchievementItem {
  return { validityYear: o.validityYear === 2 ? 2 : 1, forms: [o.form], kind: o.kind, valueYuan: o.valueYuan, verification: o.verification }
}

/** An accepted deliverable as the rule counts it, placed in the period's validity year of its completion (null outside the period). */
export function deliverableItem(
  period: { startDate: string; endDate: string },
  d: { completedOn: string; forms: readonly DeliverableForm[]; transferStatus: TransferStatus; transferValueYuan: number | null },
): AchievementItem | null {
  const year = validityYearOf(period, d.completedOn)
  if (!year) return null
  const transferred = d.transferStatus === 'transferred'
  return {
    validityYear: year,
    forms: d.forms,
    kind: transferred ? 'transfer' : null,
    valueYuan: transferred ? d.transferValueYuan : null,
    // the bureau's acceptance is the deliverable's verification
    verification: 'verified',
  }
}

/** A filed annual report's declared figures (content.progress.declared, or that object read by json_extract as text). */
export function declarationOf(r: { validityYear: number; status: FilingStatus; declared: unknown }): Declaration {
  return { validityYear: r.validityYear === 2 ? 2 : 1, values: declaredOf(r.declared), accepted: r.status === 'accepted' }
}

const outcomeColumns = {
  validityYear: outcomes.validityYear,
  form: outcomes.form,
  kind: outcomes.kind,
  valueYuan: outcomes.valueYuan,
  verification: outcomes.verification,
}
const deliverableColumns = {
  labId: deliverables.labId,
  completedOn: deliverables.completedOn,
  forms: deliverables.forms,
  transferStatus: deliverables.transferStatus,
  transferValueYuan: deliverables.transferValueYuan,
}

/** The register's items of a period: its outcomes, and the accepted deliverables completed in it. */
export function achievementItems(q: Reader, period: Period): AchievementItem[] {
  const own = q
    .select(outcomeColumns)
    .from(outcomes)
    // outcomes_lab_idx narrows to the lab; the period then picks its rows
    .where(and(eq(outcomes.labId, period.labId), eq(outcomes.periodId, period.id)))
    .all()
    .map(outcomeItem)
  const accepted = q
    .select(deliverableColumns)
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
    .flatMap((d) => deliverableItem(period, d) ?? [])
  return [...own, ...accepted]
}

const declaredColumn = sql<string | null>`json_extract(${annualReports.content}, '$.progress.declared')`

/** What the period's filed annual reports declare for the lines the register does not count. */
export function declarations(q: Reader, periodId: number): Declaration[] {
  return q
    .select({ validityYear: annualReports.validityYear, status: annualReports.status, declared: declaredColumn })
    .from(annualReports)
    .where(and(eq(annualReports.periodId, periodId), inArray(annualReports.status, [...FILED_STATUSES])))
    .all()
    .map(declarationOf)
}

// content.progress.declared: { [field]: whole number } (app/domain/annual-report.ts); as an
// object from the content, or as JSON text from json_extract
function declaredOf(raw: unknown): Record<string, number> {
  let declared = raw
  if (typeof declared === 'string') {
    try {
      declared = JSON.parse(declared)
    } catch {
      return {}
    }
  }
  if (!declared || typeof declared !== 'object' || Array.isArray(declared)) return {}
  return Object.fromEntries(
    Object.entries(declared as Record<string, unknown>).filter(
      (e): e is [string, number] => typeof e[1] === 'number' && Number.isInteger(e[1]) && e[1] >= 0,
    ),
  )
}

export type PeriodProgress = {
  plan: ReturnType<typeof planOfPeriod>
  period: { id: number; sequence: number; startDate: string; endDate: string }
  lines: Array<PlanLine & LineProgress>
}

/** A period's plan (whatever its status; null without one) with target, achieved and verified per line and year. */
export function periodProgress(q: Reader, periodId: number): PeriodProgress | null {
  const period = q
    .select({
      id: validityPeriods.id,
      labId: validityPeriods.labId,
      sequence: validityPeriods.sequence,
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
  return {
    plan,
    period: { id: period.id, sequence: period.sequence, startDate: period.startDate, endDate: period.endDate },
    lines: lines.map((line, i) => ({ ...line, ...progress[i]! })),
  }
}

export type ProgressLine = PeriodProgress['lines'][number]

/**
 * What a progress panel shows for a period (the lab page, the plan page, the renewal dossier):
 * the lines with a target, the plan's fulfilment and the share of the period elapsed on `today`.
 */
export function progressPanel({ periodId, today }: { periodId: number; today: string }, q: Reader = db()) {
  const p = periodProgress(q, periodId)
  if (!p) return null
  const lines = p.lines.filter((l) => l.target !== null)
  const fulfilment = planFulfilment(lines)
  const elapsed = elapsedPercent(p.period, today)
  return {
    period: p.period,
    plan: p.plan ? { id: p.plan.id, status: p.plan.status } : null,
    lines,
    fulfilment,
    elapsed,
    pace: paceGap(fulfilment, elapsed),
  }
}

export type ProgressPanelData = NonNullable<ReturnType<typeof progressPanel>>

/** The lines of a period's plan its annual reports state (the register cannot count them): those with a target. */
export function declaredLinesOf(q: Reader, periodId: number) {
  const plan = planOfPeriod(q, periodId)
  if (!plan) return []
  return linesOf(q, plan.id).filter((l) => l.target !== null && !countedFromRegister(l))
}

// ---------------------------------------------------------------------------------------------
// For the compliance check: every lab's approved plan of its judged period at once, in a handful
// of set queries (refreshCompliance runs over thousands of labs), never one query per lab.

const UNIT_OF = new Map<string, IndicatorUnit>(BUILTIN_INDICATORS.map((i) => [i.key, i.unit]))

/**
 * The approved plan of each lab's `judged` period (labId → period), with what the rule counts
 * for it. Labs whose judged period has no approved plan are absent. `labIds` null: every lab.
 */
export function approvedPlanFacts(
  q: Reader,
  { judged, labIds }: { judged: ReadonlyMap<number, { id: number; startDate: string; endDate: string }>; labIds: number[] | null },
): Map<number, PlanProgressFacts> {
  const only = (column: AnySQLiteColumn) => (labIds ? inArray(column, labIds) : undefined)
  const zh = translator('zh')
  const en = translator('en')
  const out = new Map<number, PlanProgressFacts>()
  const plans = q
    .select({ id: indicatorPlans.id, labId: indicatorPlans.labId, periodId: indicatorPlans.periodId })
    .from(indicatorPlans)
    .where(and(eq(indicatorPlans.status, 'approved'), only(indicatorPlans.labId)))
    .all()
  const planOfLab = new Map<number, number>()
  for (const p of plans) {
    const period = judged.get(p.labId)
    if (!period || period.id !== p.periodId) continue
    planOfLab.set(p.labId, p.id)
    out.set(p.labId, { period, lines: [], items: [], declarations: [] })
  }
  if (out.size === 0) return out
  const labOfPlan = new Map([...planOfLab].map(([labId, planId]) => [planId, labId]))

  const targets = q
    .select({
      planId: indicatorTargets.planId,
      key: indicatorTargets.indicatorKey,
      customId: indicatorTargets.customIndicatorId,
      target: indicatorTargets.target,
      nameZh: customIndicators.nameZh,
      nameEn: customIndicators.nameEn,
      customUnit: customIndicators.unit,
    })
    .from(indicatorTargets)
    .innerJoin(indicatorPlans, eq(indicatorPlans.id, indicatorTargets.planId))
    .leftJoin(customIndicators, eq(customIndicators.id, indicatorTargets.customIndicatorId))
    .where(and(eq(indicatorPlans.status, 'approved'), only(indicatorPlans.labId)))
    .all()
  for (const t of targets) {
    const labId = labOfPlan.get(t.planId)
    if (labId === undefined) continue
    const builtin = t.key !== null
    const name = (tr: typeof zh) => tr(`indicators.builtin.${t.key}` as MessageKey)
    out.get(labId)!.lines.push({
      field: builtin ? t.key! : `c${t.customId}`,
      builtinKey: t.key,
      target: t.target,
      unit: builtin ? (UNIT_OF.get(t.key!) ?? 'count') : (t.customUnit ?? 'count'),
      nameZh: builtin ? name(zh) : (t.nameZh ?? ''),
      nameEn: builtin ? name(en) : (t.nameEn ?? ''),
    })
  }
  // the catalogue's order, then custom indicators by id, as the plan page lists them
  const order = new Map(BUILTIN_INDICATORS.map((i, n) => [i.key as string, n]))
  const rank = (l: NamedPlanLine) => order.get(l.field) ?? BUILTIN_INDICATORS.length + Number(l.field.slice(1))
  for (const facts of out.values()) facts.lines.sort((a, b) => rank(a) - rank(b))

  const periodOf = (labId: number, periodId: number) => {
    const facts = out.get(labId)
    return facts && facts.period.id === periodId ? facts : undefined
  }
  for (const o of q
    .select({ labId: outcomes.labId, periodId: outcomes.periodId, ...outcomeColumns })
    .from(outcomes)
    .where(only(outcomes.labId))
    .all())
    periodOf(o.labId, o.periodId)?.items.push(outcomeItem(o))
  for (const d of q
    .select(deliverableColumns)
    .from(deliverables)
    .where(and(eq(deliverables.status, 'accepted'), only(deliverables.labId)))
    .all()) {
    const facts = out.get(d.labId)
    const item = facts ? deliverableItem(facts.period, d) : null
    if (item) facts!.items.push(item)
  }
  for (const r of q
    .select({
      labId: annualReports.labId,
      periodId: annualReports.periodId,
      validityYear: annualReports.validityYear,
      status: annualReports.status,
      declared: declaredColumn,
    })
    .from(annualReports)
    .where(and(inArray(annualReports.status, [...FILED_STATUSES]), only(annualReports.labId)))
    .all())
    periodOf(r.labId, r.periodId)?.declarations.push(declarationOf(r))
  return out
}

/**
 * The annual report's targets table as the plan has it (the report's free text, in Chinese, the
 * language reports are filed in): per line with a target, its name, the target and what is
 * achieved in the period so far, each with its unit.
 */
export function planTargetRows(q: Reader, periodId: number): TargetRow[] {
  const p = periodProgress(q, periodId)
  if (!p?.plan) return []
  const zh = translator(DEFAULT_LOCALE)
  const withUnit = (line: ProgressLine, n: number) =>
    `${line.unit === 'yuan' ? formatWan(n) : n} ${zh(`indicators.unit.${line.unit}` as MessageKey)}`
  return p.lines
    .filter((l) => l.target !== null)
    .slice(0, REPORT_LIMITS.rows)
    .map((l) => ({
      target: l.builtinKey ? zh(`indicators.builtin.${l.builtinKey}` as MessageKey) : (l.nameZh ?? ''),
      planned: withUnit(l, l.target!),
      achieved: withUnit(l, l.achieved),
    }))
}
