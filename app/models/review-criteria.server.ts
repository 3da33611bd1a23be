import { and, asc, eq } from 'drizzle-orm'
import { reviewCriteria, users } from '~db/schema'
import { activeWeightSum, CRITERION_LABEL_MAX, WEIGHT_TOTAL, type Criterion } from '~/domain/expert-review'
import { now } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import { recordAudit } from './audit.server'
import { auditActorOf, forbidden, invalid, notFound, type ActingUser, type Refusal, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'

// 续期评审标准 (issue 8, item 3): the bureau's weighted criteria that experts score renewals
// against, edited on /settings/criteria. Apart from expert review (review-panel.server.ts: the
// bureau assigns experts; expert-review.server.ts: the expert's queue, scores, conflicts) because
// it is a setting the bureau keeps on its own page, not a step of any one renewal; expert review
// reads it (criteriaOf, criteriaWeightsOk) and this module imports nothing of review in return.
//
// Weights: the bureau edits the criteria one change at a time (add, deactivate, reactivate may
// leave the active weights off 100; the weights form saves all active weights together and must
// add up to 100). The criteria page warns while they do not, and submitReview refuses until they
// do, so no review is ever scored on weights that are not per cent of the whole.

// The review's user and result, shared with expert-review.server.ts (which re-exports them): they
// live here because that module imports this one, never the other way round.
export type ReviewUser = ActingUser
type Reader = Pick<Db, 'select'>

/** 404 out of scope, 403 not for this user, 409 the state does not allow it (now), 400 bad input. */
export type ReviewFailure = Refusal
export type ReviewResult = Result<{ changed?: boolean }, ReviewFailure>

const criterionColumns = {
  id: reviewCriteria.id,
  labelZh: reviewCriteria.labelZh,
  labelEn: reviewCriteria.labelEn,
  weight: reviewCriteria.weight,
  position: reviewCriteria.position,
  active: reviewCriteria.active,
}

/** The criteria in order, read in the caller's transaction (submitReview weighs scores with them). */
export function criteriaOf(q: Reader): Criterion[] {
  return q.select(criterionColumns).from(reviewCriteria).orderBy(asc(reviewCriteria.position), asc(reviewCriteria.id)).all()
}

/** Every criterion, inactive ones too (past reviews keep their labels), in order. */
export function allCriteria(): Criterion[] {
  return criteriaOf(db())
}

/** The criteria experts score now, in order. */
export function activeCriteria(): Criterion[] {
  return allCriteria().filter((c) => c.active)
}

/** Whether the active weights add up to 100, so reviews may be submitted. */
export function criteriaWeightsOk(): boolean {
  return activeWeightSum(allCriteria()) === WEIGHT_TOTAL
}

/** The criteria page: every criterion with who changed it last, and the active weights' sum. */
export function criteriaSettingRows() {
  const rows = db()
    .select({
      ...criterionColumns,
      updatedAt: reviewCriteria.updatedAt,
      updatedBy: users.displayName,
      rowVersion: reviewCriteria.rowVersion,
    })
    .from(reviewCriteria)
    .leftJoin(users, eq(users.id, reviewCriteria.updatedBy))
    .orderBy(asc(reviewCriteria.position), asc(reviewCriteria.id))
    .all()
  return { rows, weightSum: activeWeightSum(rows) }
}

const labelLength = (s: string) => Array.from(s).length

function checkLabels(labels: { labelZh: string; labelEn: string }, others: readonly Criterion[]): FieldErrors {
  const errors: FieldErrors = {}
  for (const field of ['labelZh', 'labelEn'] as const) {
    const value = labels[field]
    if (!value) errors[field] = { key: 'form.required' }
    else if (labelLength(value) > CRITERION_LABEL_MAX) errors[field] = { key: 'form.tooLong', vars: { max: CRITERION_LABEL_MAX } }
    else if (others.some((c) => c.active && c[field].toLowerCase() === value.toLowerCase()))
      errors[field] = { key: 'criteria.error.duplicate' }
  }
  return errors
}

/** A weight as typed: a whole number 1..100. */
function parseWeight(raw: unknown): number | null {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : ''
  if (!/^\d{1,3}$/.test(s)) return null
  const n = Number(s)
  return n >= 1 && n <= WEIGHT_TOTAL ? n : null
}

type CriterionWrite = { before: Criterion | null; after: Omit<Criterion, 'id'> & { id?: number } }

// The criteria with their row versions, as the stale check reads them.
type VersionedCriterion = Criterion & { rowVersion: number }

/**
 * Stale decisions (docs/decisions/010-stale-decisions.md): which criteria the change was decided
 * on and the versions the page showed: one criterion's (rename, move, (de)activate) or every
 * active one's (the weights form). Adding a criterion decides on none.
 */
type Seen = { id: number; version: unknown } | { all: Readonly<Record<string, unknown>> } | null

// 400 without a version, 409 (with the criterion's current state) when one has moved on.
function checkSeen(tx: Reader, criteria: VersionedCriterion[], seen: Seen): ReviewFailure | null {
  if (!seen) return null
  if ('id' in seen) {
    const c = criteria.find((x) => x.id === seen.id)
    return c ? checkVersion(c, seenVersion(seen.version), { entityType: 'review_criterion', entityId: c.id }, tx) : null
  }
  const posted = Object.entries(seen.all)
  if (!posted.length) return invalid({ _form: { key: 'stale.badVersion' } })
  for (const [, raw] of posted) {
    const v = seenVersion(raw)
    if (v === undefined || !Number.isInteger(v)) return invalid({ _form: { key: 'stale.badVersion' } })
  }
  // the page's active criteria, at the versions it showed: one added, deactivated or changed since is stale
  const active = criteria.filter((c) => c.active)
  const moved =
    active.find((c) => seenVersion(seen.all[String(c.id)]) !== c.rowVersion) ??
    criteria.find((c) => !c.active && String(c.id) in seen.all) ??
    null
  return moved ? staleRefusal({ entityType: 'review_criterion', entityId: moved.id, status: null }, tx) : null
}

// thrown inside the transaction when a compare-and-set finds the row moved on: rolls back
class Moved extends Error {
  constructor(readonly id: number) {
    super('stale')
  }
}

// Reads the criteria, checks the versions the page showed, plans the change and writes its rows
// (each a compare-and-set on the version read) with one audit row each, in one transaction; only
// the bureau sets what experts are scored against.
function editCriteria(by: ReviewUser, seen: Seen, plan: (criteria: Criterion[]) => ReviewFailure | CriterionWrite[]): ReviewResult {
  if (by.role !== 'bureau') return forbidden()
  const at = now()
  try {
    return db().transaction((tx): ReviewResult => {
      const versioned: VersionedCriterion[] = tx
        .select({ ...criterionColumns, rowVersion: reviewCriteria.rowVersion })
        .from(reviewCriteria)
        .orderBy(asc(reviewCriteria.position), asc(reviewCriteria.id))
        .all()
      const stale = checkSeen(tx, versioned, seen)
      if (stale) return stale
      const writes = plan(versioned.map(({ rowVersion: _v, ...c }) => c))
      if (!Array.isArray(writes)) return writes
      const versionOf = new Map(versioned.map((c) => [c.id, c.rowVersion]))
      const stamp = { updatedAt: at.toISOString(), updatedBy: by.id }
      for (const { before, after } of writes) {
        const { id: _id, ...fields } = after
        let row: Criterion
        if (before) {
          const version = versionOf.get(before.id)!
          const updated = tx
            .update(reviewCriteria)
            .set({ ...fields, ...stamp, rowVersion: version + 1 })
            .where(and(eq(reviewCriteria.id, before.id), eq(reviewCriteria.rowVersion, version)))
            .returning(criterionColumns)
            .get()
          if (!updated) throw new Moved(before.id)
          row = updated
        } else
          row = tx
            .insert(reviewCriteria)
            .values({ ...fields, ...stamp })
            .returning(criterionColumns)
            .get()
        recordAudit(tx, {
          actor: auditActorOf(by),
          action: before ? 'update' : 'create',
          entityType: 'review_criterion',
          entityId: row.id,
          before,
          after: row,
          at,
        })
      }
      return { ok: true, changed: writes.length > 0 }
    })
  } catch (e) {
    if (e instanceof Moved) return staleRefusal({ entityType: 'review_criterion', entityId: e.id, status: null })
    throw e
  }
}

/** A new criterion, active and last. The weights may then no longer add up to 100: the page says so. */
export function addCriterion({
  by,
  labelZh,
  labelEn,
  weight,
}: {
  by: ReviewUser
  labelZh: string
  labelEn: string
  weight: unknown
}): ReviewResult {
  return editCriteria(by, null, (criteria) => {
    const labels = { labelZh: labelZh.trim(), labelEn: labelEn.trim() }
    const errors = checkLabels(labels, criteria)
    const w = parseWeight(weight)
    if (w === null) errors.weight = { key: 'criteria.error.weight', vars: { max: WEIGHT_TOTAL } }
    if (Object.keys(errors).length) return invalid(errors)
    const position = Math.max(0, ...criteria.map((c) => c.position)) + 1
    return [{ before: null, after: { ...labels, weight: w!, position, active: true } }]
  })
}

function one(criteria: Criterion[], id: number, change: (c: Criterion) => ReviewFailure | Criterion): ReviewFailure | CriterionWrite[] {
  const c = criteria.find((x) => x.id === id)
  if (!c) return notFound()
  const after = change(c)
  if ('ok' in after) return after
  return JSON.stringify(after) === JSON.stringify(c) ? [] : [{ before: c, after }]
}

export function renameCriterion({
  by,
  id,
  labelZh,
  labelEn,
  version,
}: {
  by: ReviewUser
  id: number
  labelZh: string
  labelEn: string
  // the criterion's row version the page showed
  version: unknown
}): ReviewResult {
  return editCriteria(by, { id, version }, (criteria) =>
    one(criteria, id, (c) => {
      const labels = { labelZh: labelZh.trim(), labelEn: labelEn.trim() }
      const errors = checkLabels(labels, c.active ? criteria.filter((x) => x.id !== id) : [])
      return Object.keys(errors).length ? invalid(errors) : { ...c, ...labels }
    }),
  )
}

/**
 * Every active criterion's weight at once (`weights` by criterion id), whole numbers 1..100 that
 * add up to 100: the one form that puts the weights right after criteria come and go.
 */
export function setCriteriaWeights({
  by,
  weights,
  versions,
}: {
  by: ReviewUser
  weights: Readonly<Record<string, unknown>>
  // every active criterion's row version the page showed, by criterion id
  versions: Readonly<Record<string, unknown>>
}): ReviewResult {
  return editCriteria(by, { all: versions }, (criteria) => {
    const errors: FieldErrors = {}
    const active = criteria.filter((c) => c.active)
    const next = new Map<number, number>()
    for (const c of active) {
      const w = parseWeight(weights[String(c.id)])
      if (w === null) errors[`weight-${c.id}`] = { key: 'criteria.error.weight', vars: { max: WEIGHT_TOTAL } }
      else next.set(c.id, w)
    }
    if (!Object.keys(errors).length) {
      const sum = [...next.values()].reduce((a, b) => a + b, 0)
      if (sum !== WEIGHT_TOTAL) errors._form = { key: 'criteria.error.sum', vars: { sum, total: WEIGHT_TOTAL } }
    }
    if (Object.keys(errors).length) return invalid(errors)
    return active.flatMap((c) => (next.get(c.id) === c.weight ? [] : [{ before: c, after: { ...c, weight: next.get(c.id)! } }]))
  })
}

/** Moves a criterion one place; positions are renumbered 1..n so they stay distinct. */
export function moveCriterion({
  by,
  id,
  direction,
  version,
}: {
  by: ReviewUser
  id: number
  direction: 'up' | 'down'
  version: unknown
}): ReviewResult {
  return editCriteria(by, { id, version }, (criteria) => {
    const at = criteria.findIndex((c) => c.id === id)
    if (at < 0) return notFound()
    const ordered = [...criteria]
    const to = direction === 'up' ? at - 1 : at + 1
    if (to >= 0 && to < ordered.length) [ordered[at], ordered[to]] = [ordered[to], ordered[at]]
    return ordered.flatMap((c, i) => (c.position === i + 1 ? [] : [{ before: c, after: { ...c, position: i + 1 } }]))
  })
}

/** Deactivates (never deletes: past scores keep it) or reactivates a criterion; one stays active. */
export function setCriterionActive({
  by,
  id,
  active,
  version,
}: {
  by: ReviewUser
  id: number
  active: boolean
  version: unknown
}): ReviewResult {
  return editCriteria(by, { id, version }, (criteria) =>
    one(criteria, id, (c) => {
      if (c.active === active) return c
      const others = criteria.filter((x) => x.id !== id)
      if (!active && !others.some((x) => x.active)) return invalid({ _form: { key: 'criteria.error.lastActive' } })
      if (active && others.some((x) => x.active && (x.labelZh === c.labelZh || x.labelEn.toLowerCase() === c.labelEn.toLowerCase())))
        return invalid({ _form: { key: 'criteria.error.reactivateDuplicate', vars: { label: c.labelZh } } })
      return { ...c, active }
    }),
  )
}
