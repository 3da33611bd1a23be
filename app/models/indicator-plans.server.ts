import { and, asc, eq } from 'drizzle-orm'
import { customIndicators, indicatorPlans, indicatorTargets, users, validityPeriods } from '~db/schema'
import type { IndicatorPlan } from '~db/schema/indicators'
import {
  BUILTIN_INDICATORS,
  parseTarget,
  periodOpenForPlan,
  planEditable,
  RETURN_REASON_MAX,
  type IndicatorUnit,
  type PlanStatus,
} from '~/domain/indicators'
import { can, isOwnLab, type Actor } from '~/domain/permissions'
import { labPeriods } from '~/domain/validity'
import { now, today } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import { notifyPlanStep } from './outcome-notices.server'
import { progressPanel } from './progress.server'
import { recordAudit } from './audit.server'
import { scopedLab } from './filing-steps.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, type ActingUser, type Refusal, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'

// 任务指标计划 (issue 16, part 1): one plan per validity period, at /labs/:labId/plan. The lab's
// own accounts draft and submit it while the period runs; the bureau approves it or returns it
// with a reason; the district reads its own district's plans. Every change writes its audit row
// (entity 'indicator_plan') in the same transaction, and decisions are compare-and-set on the
// plan's row version (docs/decisions/010-stale-decisions.md). The form posts the version 0 while
// the period has no plan yet: the first save creates it, and of two first saves one wins. A
// renewal's proposed plan for the next period is written through the same writeTargets and
// writeDecision (app/models/renewal-plans.server.ts).

type Reader = Pick<Db, 'select'>
export type PlanResult = Result<{ planId: number; periodId: number }>

/** One line of the plan: an indicator of the catalogue (built-in by key, custom by id) and its target. */
export type PlanLine = {
  // the form field's name part: the built-in key, or `c<id>` for a custom indicator
  field: string
  builtinKey: string | null
  customId: number | null
  nameZh: string | null
  nameEn: string | null
  unit: IndicatorUnit
  target: number | null
}

const planColumns = {
  id: indicatorPlans.id,
  labId: indicatorPlans.labId,
  periodId: indicatorPlans.periodId,
  renewalId: indicatorPlans.renewalId,
  status: indicatorPlans.status,
  returnReason: indicatorPlans.returnReason,
  submittedAt: indicatorPlans.submittedAt,
  decidedAt: indicatorPlans.decidedAt,
  rowVersion: indicatorPlans.rowVersion,
}

export function planOfPeriod(q: Reader, periodId: number) {
  return q.select(planColumns).from(indicatorPlans).where(eq(indicatorPlans.periodId, periodId)).get() ?? null
}

/** The plan a renewal application proposes for the next period (it keeps the renewal once carried into that period). */
export function planOfRenewal(q: Reader, renewalId: number) {
  return q.select(planColumns).from(indicatorPlans).where(eq(indicatorPlans.renewalId, renewalId)).get() ?? null
}

function targetsOf(q: Reader, planId: number) {
  return q
    .select({
      indicatorKey: indicatorTargets.indicatorKey,
      customIndicatorId: indicatorTargets.customIndicatorId,
      target: indicatorTargets.target,
    })
    .from(indicatorTargets)
    .where(eq(indicatorTargets.planId, planId))
    .all()
}

/** The catalogue with a plan's targets: every built-in, every active custom indicator, and inactive ones the plan still has. */
export function linesOf(q: Reader, planId: number | null): PlanLine[] {
  return catalogueLines(q, planId === null ? [] : targetsOf(q, planId))
}

/**
 * The catalogue's lines with the targets given (by built-in key or custom indicator id): what a
 * period's plan shows, and a certification application's plan (issue 21) with its own targets.
 */
export function catalogueLines(
  q: Reader,
  targets: readonly { indicatorKey: string | null; customIndicatorId: number | null; target: number }[],
): PlanLine[] {
  const customs = q.select().from(customIndicators).orderBy(asc(customIndicators.id)).all()
  const builtin: PlanLine[] = BUILTIN_INDICATORS.map((i) => ({
    field: i.key,
    builtinKey: i.key,
    customId: null,
    nameZh: null,
    nameEn: null,
    unit: i.unit,
    target: targets.find((t) => t.indicatorKey === i.key)?.target ?? null,
  }))
  const custom: PlanLine[] = customs.flatMap((c) => {
    const target = targets.find((t) => t.customIndicatorId === c.id)?.target ?? null
    if (!c.active && target === null) return []
    return [{ field: `c${c.id}`, builtinKey: null, customId: c.id, nameZh: c.nameZh, nameEn: c.nameEn, unit: c.unit, target }]
  })
  return [...builtin, ...custom]
}

// the audit row's picture of the plan: its state and targets by field
export const pictureOf = (plan: Pick<IndicatorPlan, 'status' | 'returnReason' | 'rowVersion'>, lines: PlanLine[]) => ({
  status: plan.status,
  returnReason: plan.returnReason,
  rowVersion: plan.rowVersion,
  targets: Object.fromEntries(lines.flatMap((l) => (l.target === null ? [] : [[l.field, l.target]]))),
})

function periodOf(labId: number, periodId: number | null, day: string) {
  const periods = db()
    .select({
      id: validityPeriods.id,
      sequence: validityPeriods.sequence,
      startDate: validityPeriods.startDate,
      endDate: validityPeriods.endDate,
    })
    .from(validityPeriods)
    .where(eq(validityPeriods.labId, labId))
    .orderBy(asc(validityPeriods.sequence))
    .all()
  const period = periodId === null ? labPeriods(periods, day).inForce : (periods.find((p) => p.id === periodId) ?? null)
  return { periods, period }
}

/**
 * The plan page of a lab's period (the one in force, or `periodId`): null when the lab is out of
 * scope or the period is not the lab's. A lab without periods (not yet certified) has no plan.
 */
export function getPlanPage({ actor, labId, periodId }: { actor: Actor; labId: number; periodId: number | null }) {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  const day = today()
  const { periods, period } = periodOf(lab.id, periodId, day)
  if (periodId !== null && !period) return null
  const plan = period ? planOfPeriod(db(), period.id) : null
  const decidedBy = plan
    ? (db()
        .select({ name: users.displayName })
        .from(indicatorPlans)
        .innerJoin(users, eq(users.id, indicatorPlans.decidedBy))
        .where(eq(indicatorPlans.id, plan.id))
        .get()?.name ?? null)
    : null
  const open = period ? periodOpenForPlan(period, day) : false
  return {
    lab,
    periods,
    period,
    plan: plan ? { ...plan, decidedBy } : null,
    lines: linesOf(db(), plan?.id ?? null),
    // 任务指标完成情况 of the period shown (issue 16, part 3)
    progress: period ? progressPanel({ periodId: period.id, today: day }) : null,
    canEdit: open && isOwnLab(actor, lab) && planEditable(plan?.status ?? null),
    canDecide: can(actor, 'indicator_plan:decide') && plan?.status === 'submitted',
    canAudit: can(actor, 'audit:view'),
  }
}

/** Reads the targets as typed, by field (`target.<field>`): 400 with every bad one, nothing lost. */
export function readTargets(lines: PlanLine[], raw: Readonly<Record<string, string | undefined>>) {
  const errors: FieldErrors = {}
  const next = new Map<string, number>()
  for (const line of lines) {
    const name = `target.${line.field}`
    const parsed = parseTarget(line.unit, raw[name] ?? '')
    if (!parsed.ok) errors[name] = { key: parsed.key, vars: parsed.vars }
    else if (parsed.value !== null) next.set(line.field, parsed.value)
  }
  return { errors, next }
}

/**
 * Where a plan belongs: a running period (/labs/:labId/plan), or the renewal whose application
 * proposes the next period's plan before that period exists (app/models/renewal-plans.server.ts).
 */
export type PlanOwner = { periodId: number; renewalId: null } | { periodId: null; renewalId: number }

const planOf = (q: Reader, owner: PlanOwner) =>
  owner.periodId !== null ? planOfPeriod(q, owner.periodId) : planOfRenewal(q, owner.renewalId)

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type WriteResult = Result<{ planId: number; rowVersion: number }>

/**
 * Saves a plan's targets as typed, and with `submit` sends it to the bureau, in the caller's
 * transaction: the version seen first (0 while there was no plan), then the owner's own rule
 * (`guard`: the period still runs, the renewal is still undecided), then the plan's status. The
 * first save creates the plan; of two first saves one wins.
 */
export function writeTargets(
  tx: Tx,
  {
    by,
    labId,
    owner,
    raw,
    seen,
    submit,
    guard,
    at,
    notify = true,
  }: {
    by: ActingUser
    labId: number
    owner: PlanOwner
    raw: Readonly<Record<string, string | undefined>>
    seen: number | undefined
    submit: boolean
    guard: () => Refusal | null
    at: Date
    // false when the bureau itself submits and approves in one step (certification): nobody to tell
    notify?: boolean
  },
): WriteResult {
  const before = planOf(tx, owner)
  if (before) {
    const moved = checkVersion(before, seen, { entityType: 'indicator_plan', entityId: before.id }, tx)
    if (moved) return moved
  } else if (seen === undefined || !Number.isInteger(seen)) return invalid({ _form: { key: 'stale.badVersion' } })
  // someone created the plan after this page loaded (it showed none): the page was stale
  else if (seen !== 0) return staleRefusal({ entityType: 'indicator_plan', entityId: 0, status: null }, tx)
  const refused = guard()
  if (refused) return refused
  if (!planEditable(before?.status ?? null)) return conflict('indicators.error.locked')
  const lines = linesOf(tx, before?.id ?? null)
  const { errors, next } = readTargets(lines, raw)
  if (Object.keys(errors).length) return invalid(errors)
  if (submit && next.size === 0) return invalid({ _form: { key: 'indicators.error.empty' } })
  const stamp = at.toISOString()
  const status: PlanStatus = submit ? 'submitted' : (before?.status ?? 'draft')
  const submitted = submit ? { submittedAt: stamp, submittedBy: by.id } : {}
  let planId: number
  let rowVersion: number
  if (before) {
    const updated = tx
      .update(indicatorPlans)
      .set({ status, ...submitted, updatedAt: stamp, rowVersion: before.rowVersion + 1 })
      .where(and(eq(indicatorPlans.id, before.id), eq(indicatorPlans.rowVersion, before.rowVersion)))
      .returning({ id: indicatorPlans.id, rowVersion: indicatorPlans.rowVersion })
      .get()
    // the compare-and-set found the plan moved on since it was read: nothing is written
    if (!updated) return staleRefusal({ entityType: 'indicator_plan', entityId: before.id, status: before.status }, tx)
    planId = updated.id
    rowVersion = updated.rowVersion
    tx.delete(indicatorTargets).where(eq(indicatorTargets.planId, planId)).run()
  } else {
    const created = tx
      .insert(indicatorPlans)
      .values({ labId, ...owner, status, ...submitted, createdAt: stamp, updatedAt: stamp })
      .onConflictDoNothing()
      .returning({ id: indicatorPlans.id, rowVersion: indicatorPlans.rowVersion })
      .get()
    // a plan created by another save since this one read none: that one won
    if (!created) return staleRefusal({ entityType: 'indicator_plan', entityId: 0, status: null }, tx)
    planId = created.id
    rowVersion = created.rowVersion
  }
  const rows = lines.flatMap((l) =>
    next.has(l.field) ? [{ planId, indicatorKey: l.builtinKey, customIndicatorId: l.customId, target: next.get(l.field)! }] : [],
  )
  if (rows.length) tx.insert(indicatorTargets).values(rows).run()
  const after = pictureOf({ status, returnReason: before?.returnReason ?? '', rowVersion }, linesOf(tx, planId))
  recordAudit(tx, {
    actor: auditActorOf(by),
    action: submit ? 'submit' : before ? 'update' : 'create',
    entityType: 'indicator_plan',
    entityId: planId,
    labId,
    before: before ? pictureOf(before, lines) : null,
    after,
    at,
  })
  if (submit && notify) notifyPlanStep(tx, { planId, version: rowVersion, labId, ...owner, step: 'submitted', at })
  return { ok: true, planId, rowVersion }
}

/**
 * The bureau approves a submitted plan, or returns it to the lab with a reason (required), in the
 * caller's transaction: the version seen first, then the owner's own rule (`guard`).
 */
export function writeDecision(
  tx: Tx,
  {
    by,
    labId,
    owner,
    decision,
    reason,
    seen,
    guard,
    at,
  }: {
    by: ActingUser
    labId: number
    owner: PlanOwner
    decision: 'approve' | 'return'
    reason: string
    seen: number | undefined
    guard: () => Refusal | null
    at: Date
  },
): WriteResult {
  const before = planOf(tx, owner)
  // no plan yet: nothing submitted to decide
  if (!before) return conflict('indicators.error.notSubmitted')
  const moved = checkVersion(before, seen, { entityType: 'indicator_plan', entityId: before.id }, tx)
  if (moved) return moved
  const refused = guard()
  if (refused) return refused
  if (before.status !== 'submitted') return conflict('indicators.error.notSubmitted')
  const text = reason.trim()
  if (decision === 'return') {
    if (!text) return invalid({ reason: { key: 'indicators.error.reasonRequired' } })
    if (Array.from(text).length > RETURN_REASON_MAX) return invalid({ reason: { key: 'form.tooLong', vars: { max: RETURN_REASON_MAX } } })
  }
  const status: PlanStatus = decision === 'approve' ? 'approved' : 'returned'
  const after = tx
    .update(indicatorPlans)
    .set({
      status,
      returnReason: decision === 'return' ? text : '',
      decidedAt: at.toISOString(),
      decidedBy: by.id,
      updatedAt: at.toISOString(),
      rowVersion: before.rowVersion + 1,
    })
    .where(and(eq(indicatorPlans.id, before.id), eq(indicatorPlans.rowVersion, before.rowVersion)))
    .returning(planColumns)
    .get()
  if (!after) return staleRefusal({ entityType: 'indicator_plan', entityId: before.id, status: before.status }, tx)
  const lines = linesOf(tx, before.id)
  recordAudit(tx, {
    actor: auditActorOf(by),
    action: decision,
    entityType: 'indicator_plan',
    entityId: before.id,
    labId,
    before: pictureOf(before, lines),
    after: pictureOf(after, lines),
    at,
  })
  notifyPlanStep(tx, {
    planId: before.id,
    version: after.rowVersion,
    labId,
    ...owner,
    step: decision === 'approve' ? 'approved' : 'returned',
    reason: text,
    at,
  })
  return { ok: true, planId: before.id, rowVersion: after.rowVersion }
}

/**
 * The lab saves its period's targets, and with `submit` sends the plan to the bureau in the same
 * step. Only while the period runs and the plan is a draft or returned; a submitted plan needs at
 * least one target. The first save creates the plan (version 0 posted).
 */
export function savePlan({
  by,
  labId,
  periodId,
  raw,
  version,
  submit,
}: {
  by: ActingUser
  labId: number
  // the period the page showed; null for the one in force (the page's default)
  periodId: number | null
  raw: Readonly<Record<string, string | undefined>>
  // the plan's row version the page showed, 0 while it had none
  version: unknown
  submit: boolean
}): PlanResult {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (!isOwnLab(by, lab)) return forbidden()
  const { period } = periodOf(lab.id, periodId, today())
  if (!period) return notFound()
  const at = now()
  const seen = seenVersion(version)
  return db().transaction((tx): PlanResult => {
    const written = writeTargets(tx, {
      by,
      labId: lab.id,
      owner: { periodId: period.id, renewalId: null },
      raw,
      seen,
      submit,
      guard: () => (periodOpenForPlan(period, today()) ? null : conflict('indicators.error.periodEnded')),
      at,
    })
    return written.ok ? { ok: true, planId: written.planId, periodId: period.id } : written
  })
}

/** The bureau approves a submitted plan, or returns it to the lab with a reason (required). */
export function decidePlan({
  by,
  labId,
  periodId,
  decision,
  reason,
  version,
}: {
  by: ActingUser
  labId: number
  periodId: number | null
  decision: 'approve' | 'return'
  reason: string
  version: unknown
}): PlanResult {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (!can(by, 'indicator_plan:decide')) return forbidden()
  const { period } = periodOf(lab.id, periodId, today())
  if (!period) return notFound()
  const at = now()
  return db().transaction((tx): PlanResult => {
    const written = writeDecision(tx, {
      by,
      labId: lab.id,
      owner: { periodId: period.id, renewalId: null },
      decision,
      reason,
      seen: seenVersion(version),
      guard: () => null,
      at,
    })
    return written.ok ? { ok: true, planId: written.planId, periodId: period.id } : written
  })
}
