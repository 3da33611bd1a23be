import { and, asc, desc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { roundReviewStarted } from './application-review.server'
import {
  certificationRounds,
  cityDepartments,
  reviewCriteria,
  roundApplications,
  roundCriteria,
  roundOfficeQuotas,
  type RequiredAttachment,
} from '~db/schema'
import { DISTRICT_CODES, type DistrictCode } from '~db/schema/enums'
import {
  criteriaEditable,
  DEFAULT_DEPARTMENT_QUOTA,
  DEFAULT_DISTRICT_QUOTA,
  parseRoundDeadlines,
  type DeadlineErrors,
} from '~/domain/certification/round-dates'
import type { ApplicationStatus } from '~/domain/certification/application-steps'
import { roundProgress } from '~/domain/certification/round-progress'
import { CRITERION_LABEL_MAX, WEIGHT_TOTAL } from '~/domain/expert-review'
import { now } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import { fieldErrorsOf, requiredText, type FieldErrors } from '~/utils/forms'
import { recordAudit } from './audit.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, ok, type ActingUser, type Refusal, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'

// 申报批次 (issue 21): the bureau's certification rounds, their deadlines, quotas per recommending
// office, required attachments and review criteria. Every change is one transaction with its audit
// row, on the round's row version the page showed (one version for the whole settings page: its
// sections are small and edited by the bureau alone).

export const ROUND_NAME_MAX = 60
export const QUOTA_MAX = 20
export const ATTACHMENT_LABEL_MAX = 40
// the two copies of the 申报表 the guide asks of every applicant: the round cannot drop them
export const BUILT_IN_ATTACHMENTS = ['application_pdf', 'application_docx'] as const
const DEFAULT_ATTACHMENTS: RequiredAttachment[] = BUILT_IN_ATTACHMENTS.map((kind) => ({ kind }))

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type RoundResult = Result<{ id: number; changed: boolean }, Refusal>

const DEADLINE_MESSAGES = {
  required: 'form.required',
  invalid: 'rounds.error.deadline',
  notAfterApplications: 'rounds.error.deadlineOrder',
} as const

const quotaField = z.coerce
  .number({ error: 'rounds.error.quota' })
  .int('rounds.error.quota')
  .min(0, 'rounds.error.quota')
  .max(QUOTA_MAX, 'rounds.error.quota')

const RoundSettings = z.object({
  nameZh: requiredText(ROUND_NAME_MAX),
  nameEn: requiredText(ROUND_NAME_MAX * 2),
  year: z.coerce
    .number({ error: 'rounds.error.year' })
    .int('rounds.error.year')
    .min(2020, 'rounds.error.year')
    .max(2100, 'rounds.error.year'),
  districtQuota: quotaField,
  departmentQuota: quotaField,
})

export type RoundSettingsInput = {
  nameZh: string
  nameEn: string
  year: number
  districtQuota: number
  departmentQuota: number
  applicationsDueAt: string
  recommendationsDueAt: string
}

/** The settings form as typed: names, year, both deadlines (Shanghai), default quotas. */
export function parseRoundSettings(
  values: Record<string, string>,
): { ok: true; input: RoundSettingsInput } | { ok: false; errors: FieldErrors } {
  const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim())
  const parsed = RoundSettings.safeParse({
    ...values,
    year: blankToUndefined(values.year),
    districtQuota: blankToUndefined(values.districtQuota),
    departmentQuota: blankToUndefined(values.departmentQuota),
  })
  const deadlines = parseRoundDeadlines({
    applicationsDueAt: values.applicationsDueAt ?? '',
    recommendationsDueAt: values.recommendationsDueAt ?? '',
  })
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error)
  if (!deadlines.ok)
    for (const [field, reason] of Object.entries(deadlines.errors) as [keyof DeadlineErrors, keyof typeof DEADLINE_MESSAGES][])
      errors[field] = { key: DEADLINE_MESSAGES[reason] }
  if (!parsed.success || !deadlines.ok) return { ok: false, errors }
  return { ok: true, input: { ...parsed.data, ...deadlines.value } }
}

const roundColumns = {
  id: certificationRounds.id,
  year: certificationRounds.year,
  nameZh: certificationRounds.nameZh,
  nameEn: certificationRounds.nameEn,
  applicationsDueAt: certificationRounds.applicationsDueAt,
  recommendationsDueAt: certificationRounds.recommendationsDueAt,
  districtQuota: certificationRounds.districtQuota,
  departmentQuota: certificationRounds.departmentQuota,
  requiredAttachments: certificationRounds.requiredAttachments,
  rowVersion: certificationRounds.rowVersion,
}
type RoundRow = { [K in keyof typeof roundColumns]: (typeof roundColumns)[K]['_']['data'] }

/**
 * The statuses each round's applications hold (each once), for roundProgress: one grouped read on
 * round_applications_round_status_idx, of one round or of all.
 */
export function roundStatuses(q: Pick<Db, 'select'>, roundId?: number): Map<number, ApplicationStatus[]> {
  const rows = q
    .select({ roundId: roundApplications.roundId, status: roundApplications.status })
    .from(roundApplications)
    .where(roundId === undefined ? undefined : eq(roundApplications.roundId, roundId))
    .groupBy(roundApplications.roundId, roundApplications.status)
    .all()
  const byRound = new Map<number, ApplicationStatus[]>()
  for (const r of rows) byRound.set(r.roundId, [...(byRound.get(r.roundId) ?? []), r.status])
  return byRound
}

/** The rounds list: newest year first, each with its stage on `at` (its dates, then its applications). */
export function listRounds(at: Date = now()) {
  const statuses = roundStatuses(db())
  return db()
    .select(roundColumns)
    .from(certificationRounds)
    .orderBy(desc(certificationRounds.year), desc(certificationRounds.applicationsDueAt), desc(certificationRounds.id))
    .all()
    .map((r) => ({ ...r, stage: roundProgress(at, r, statuses.get(r.id) ?? []) }))
}

const criteriaOf = (q: Pick<Db, 'select'>, roundId: number) =>
  q
    .select({
      id: roundCriteria.id,
      labelZh: roundCriteria.labelZh,
      labelEn: roundCriteria.labelEn,
      weight: roundCriteria.weight,
      position: roundCriteria.position,
    })
    .from(roundCriteria)
    .where(eq(roundCriteria.roundId, roundId))
    .orderBy(asc(roundCriteria.position), asc(roundCriteria.id))
    .all()

const overridesOf = (q: Pick<Db, 'select'>, roundId: number) =>
  q
    .select({ districtCode: roundOfficeQuotas.districtCode, departmentId: roundOfficeQuotas.departmentId, quota: roundOfficeQuotas.quota })
    .from(roundOfficeQuotas)
    .where(eq(roundOfficeQuotas.roundId, roundId))
    .orderBy(asc(roundOfficeQuotas.id))
    .all()

/** One round with everything its settings page shows, or null when there is none. */
export function getRound(id: number, at: Date = now()) {
  const round = db().select(roundColumns).from(certificationRounds).where(eq(certificationRounds.id, id)).get()
  if (!round) return null
  const overrides = overridesOf(db(), id)
  // the quota table: the ten districts, the active departments and any inactive one the round still names
  const named = new Set(overrides.flatMap((o) => (o.departmentId === null ? [] : [o.departmentId])))
  const departments = db()
    .select({
      id: cityDepartments.id,
      code: cityDepartments.code,
      nameZh: cityDepartments.nameZh,
      nameEn: cityDepartments.nameEn,
      active: cityDepartments.active,
    })
    .from(cityDepartments)
    .orderBy(asc(cityDepartments.code))
    .all()
    .filter((d) => d.active || named.has(d.id))
  return {
    round,
    stage: roundProgress(at, round, roundStatuses(db(), id).get(id) ?? []),
    criteriaEditable: criteriaEditable(at, round),
    criteria: criteriaOf(db(), id),
    overrides,
    departments,
  }
}

// what an audit row records of a round's settings
const settingsOf = (r: RoundRow) => ({
  year: r.year,
  nameZh: r.nameZh,
  nameEn: r.nameEn,
  applicationsDueAt: r.applicationsDueAt,
  recommendationsDueAt: r.recommendationsDueAt,
  districtQuota: r.districtQuota,
  departmentQuota: r.departmentQuota,
})

/** A new round: the settings typed, the two 申报表 attachments, the renewal criteria as they stand. */
export function createRound({ by, values }: { by: ActingUser; values: Record<string, string> }): RoundResult {
  if (by.role !== 'bureau') return forbidden()
  const parsed = parseRoundSettings(values)
  if (!parsed.ok) return invalid(parsed.errors)
  const at = now()
  const stamp = at.toISOString()
  return db().transaction((tx): RoundResult => {
    const round = tx
      .insert(certificationRounds)
      .values({
        ...parsed.input,
        requiredAttachments: DEFAULT_ATTACHMENTS,
        createdBy: by.id,
        createdAt: stamp,
        updatedAt: stamp,
        updatedBy: by.id,
      })
      .returning(roundColumns)
      .get()
    // the renewal criteria the experts know, as the round's starting point (copied: editing one leaves the other)
    const source = tx
      .select({ labelZh: reviewCriteria.labelZh, labelEn: reviewCriteria.labelEn, weight: reviewCriteria.weight })
      .from(reviewCriteria)
      .where(eq(reviewCriteria.active, true))
      .orderBy(asc(reviewCriteria.position), asc(reviewCriteria.id))
      .all()
    source.forEach((c, i) =>
      tx
        .insert(roundCriteria)
        .values({ ...c, roundId: round.id, position: i + 1 })
        .run(),
    )
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'create',
      entityType: 'certification_round',
      entityId: round.id,
      after: { ...settingsOf(round), requiredAttachments: round.requiredAttachments, criteria: criteriaOf(tx, round.id).map(criterionOf) },
      at,
    })
    return ok({ id: round.id, changed: true })
  })
}

const criterionOf = (c: { labelZh: string; labelEn: string; weight: number }) => ({
  labelZh: c.labelZh,
  labelEn: c.labelEn,
  weight: c.weight,
})

type Plan = {
  // the round's own columns to change
  set?: Partial<Omit<RoundRow, 'id' | 'rowVersion'>>
  // writes to the round's other tables
  write?: (tx: Tx) => void
  before: unknown
  after: unknown
}

// One change to a round on the version its page showed: 404 unknown, 400 without a version, 409
// when it moved on; the plan refuses (400/409) or says what to write. Audited with before/after;
// the round's version goes up with every change to any of its sections.
function editRound({
  by,
  id,
  version,
  plan,
}: {
  by: ActingUser
  id: number
  version: unknown
  plan: (round: RoundRow, tx: Tx, at: Date) => Refusal | Plan
}): RoundResult {
  if (by.role !== 'bureau') return forbidden()
  const at = now()
  return db().transaction((tx): RoundResult => {
    const round = tx.select(roundColumns).from(certificationRounds).where(eq(certificationRounds.id, id)).get()
    if (!round) return notFound()
    const stale = checkVersion(round, seenVersion(version), { entityType: 'certification_round', entityId: id }, tx)
    if (stale) return stale
    const planned = plan(round, tx, at)
    if ('ok' in planned) return planned
    if (JSON.stringify(planned.before) === JSON.stringify(planned.after)) return ok({ id, changed: false })
    const updated = tx
      .update(certificationRounds)
      .set({ ...planned.set, updatedAt: at.toISOString(), updatedBy: by.id, rowVersion: round.rowVersion + 1 })
      .where(and(eq(certificationRounds.id, id), eq(certificationRounds.rowVersion, round.rowVersion)))
      .returning({ id: certificationRounds.id })
      .get()
    if (!updated) return staleRefusal({ entityType: 'certification_round', entityId: id, status: null }, tx)
    planned.write?.(tx)
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'update',
      entityType: 'certification_round',
      entityId: id,
      before: planned.before,
      after: planned.after,
      at,
    })
    return ok({ id, changed: true })
  })
}

type EditArgs = { by: ActingUser; id: number; values: Record<string, string> }

/** Names, year, deadlines and default quotas. */
export function updateRoundSettings({ by, id, values }: EditArgs): RoundResult {
  const parsed = parseRoundSettings(values)
  return editRound({
    by,
    id,
    version: values.rowVersion,
    plan: (round) => {
      if (!parsed.ok) return invalid(parsed.errors)
      return { set: parsed.input, before: settingsOf(round), after: settingsOf({ ...round, ...parsed.input }) }
    },
  })
}

/** The quota fields of the overrides table: one per district and per department shown. */
export const districtQuotaField = (code: string) => `quota-district-${code}`
export const departmentQuotaField = (id: number) => `quota-department-${id}`

/**
 * Per-office overrides: a blank field is the default for the office's kind, a number (0..20) its
 * own quota. A value equal to the default is kept as typed: the bureau may pin it.
 */
export function setOfficeQuotas({ by, id, values }: EditArgs): RoundResult {
  return editRound({
    by,
    id,
    version: values.rowVersion,
    plan: (round, tx) => {
      const errors: FieldErrors = {}
      const next: { districtCode: DistrictCode | null; departmentId: number | null; quota: number }[] = []
      const read = (field: string, office: { districtCode: DistrictCode | null; departmentId: number | null }) => {
        const raw = (values[field] ?? '').trim()
        if (raw === '') return
        const q = quotaField.safeParse(raw)
        if (q.success && /^\d+$/.test(raw)) next.push({ ...office, quota: q.data })
        else errors[field] = { key: 'rounds.error.quota', vars: { max: QUOTA_MAX } }
      }
      for (const code of DISTRICT_CODES) read(districtQuotaField(code), { districtCode: code, departmentId: null })
      const departments = tx.select({ id: cityDepartments.id }).from(cityDepartments).all()
      for (const d of departments) read(departmentQuotaField(d.id), { districtCode: null, departmentId: d.id })
      if (Object.keys(errors).length) return invalid(errors)
      const before = overridesOf(tx, id)
      return {
        before: { overrides: before },
        after: { overrides: next },
        write: (w) => {
          w.delete(roundOfficeQuotas).where(eq(roundOfficeQuotas.roundId, round.id)).run()
          for (const o of next)
            w.insert(roundOfficeQuotas)
              .values({ ...o, roundId: round.id })
              .run()
        },
      }
    },
  })
}

/** Adds an attachment every application must carry, named in both languages. */
export function addRequiredAttachment({ by, id, values }: EditArgs): RoundResult {
  return editRound({
    by,
    id,
    version: values.rowVersion,
    plan: (round) => {
      const labels = z
        .object({ labelZh: requiredText(ATTACHMENT_LABEL_MAX), labelEn: requiredText(ATTACHMENT_LABEL_MAX * 2) })
        .safeParse(values)
      if (!labels.success) return invalid(fieldErrorsOf(labels.error))
      const list = round.requiredAttachments
      if (list.some((a) => a.labelZh === labels.data.labelZh || a.labelEn?.toLowerCase() === labels.data.labelEn.toLowerCase()))
        return invalid({ labelZh: { key: 'rounds.error.attachmentDuplicate' } })
      // a kind that stays unique even after removals: one past the highest custom number yet
      const n = Math.max(0, ...list.map((a) => Number(/^custom_(\d+)$/.exec(a.kind)?.[1] ?? 0))) + 1
      const after = [...list, { kind: `custom_${n}`, ...labels.data }]
      return { set: { requiredAttachments: after }, before: { requiredAttachments: list }, after: { requiredAttachments: after } }
    },
  })
}

/** Removes one of the bureau's own attachment kinds; the two 申报表 copies stay. */
export function removeRequiredAttachment({ by, id, values }: EditArgs): RoundResult {
  return editRound({
    by,
    id,
    version: values.rowVersion,
    plan: (round) => {
      const kind = values.kind ?? ''
      if ((BUILT_IN_ATTACHMENTS as readonly string[]).includes(kind)) return conflict('rounds.error.attachmentBuiltIn')
      const list = round.requiredAttachments
      if (!list.some((a) => a.kind === kind)) return invalid({ _form: { key: 'form.invalidChoice' } })
      const after = list.filter((a) => a.kind !== kind)
      return { set: { requiredAttachments: after }, before: { requiredAttachments: list }, after: { requiredAttachments: after } }
    },
  })
}

/** The criteria rows the form posts: `labelZh.N`, `labelEn.N`, `weight.N`; a row left wholly blank is dropped. */
export function criteriaRowsOf(values: Record<string, string>) {
  const indexes = [...new Set(Object.keys(values).flatMap((k) => /^(?:labelZh|labelEn|weight)\.(\d{1,3})$/.exec(k)?.[1] ?? []))]
    .map(Number)
    .sort((a, b) => a - b)
  return indexes
    .map((i) => ({
      i,
      labelZh: (values[`labelZh.${i}`] ?? '').trim(),
      labelEn: (values[`labelEn.${i}`] ?? '').trim(),
      weight: (values[`weight.${i}`] ?? '').trim(),
    }))
    .filter((r) => r.labelZh || r.labelEn || r.weight)
}

/**
 * The round's criteria as a whole (like the renewal criteria's weights form): labels in both
 * languages, whole-number weights 1..100 adding up to 100. Refused once the review has started.
 */
export function saveRoundCriteria({ by, id, values }: EditArgs): RoundResult {
  return editRound({
    by,
    id,
    version: values.rowVersion,
    plan: (round, tx, at) => {
      if (!criteriaEditable(at, round)) return conflict('rounds.error.criteriaLocked')
      // the stage follows the deadlines, which the bureau may move back: once scored against,
      // the criteria stay locked whatever the dates say
      if (roundReviewStarted(tx, id)) return conflict('rounds.review.error.criteriaLocked')
      const rows = criteriaRowsOf(values)
      const errors: FieldErrors = {}
      if (!rows.length) errors._form = { key: 'rounds.error.noCriteria' }
      const seen = { labelZh: new Set<string>(), labelEn: new Set<string>() }
      for (const r of rows) {
        for (const field of ['labelZh', 'labelEn'] as const) {
          const v = r[field]
          if (!v) errors[`${field}.${r.i}`] = { key: 'form.required' }
          else if (Array.from(v).length > CRITERION_LABEL_MAX)
            errors[`${field}.${r.i}`] = { key: 'form.tooLong', vars: { max: CRITERION_LABEL_MAX } }
          else if (seen[field].has(v.toLowerCase())) errors[`${field}.${r.i}`] = { key: 'criteria.error.duplicate' }
          seen[field].add(v.toLowerCase())
        }
        if (!/^\d{1,3}$/.test(r.weight) || Number(r.weight) < 1 || Number(r.weight) > WEIGHT_TOTAL)
          errors[`weight.${r.i}`] = { key: 'criteria.error.weight', vars: { max: WEIGHT_TOTAL } }
      }
      if (!Object.keys(errors).length) {
        const sum = rows.reduce((s, r) => s + Number(r.weight), 0)
        if (sum !== WEIGHT_TOTAL) errors._form = { key: 'criteria.error.sum', vars: { sum, total: WEIGHT_TOTAL } }
      }
      if (Object.keys(errors).length) return invalid(errors)
      const next = rows.map((r) => ({ labelZh: r.labelZh, labelEn: r.labelEn, weight: Number(r.weight) }))
      return {
        before: { criteria: criteriaOf(tx, id).map(criterionOf) },
        after: { criteria: next },
        write: (w) => {
          // nothing is scored against them before the review starts: replaced, not versioned
          w.delete(roundCriteria).where(eq(roundCriteria.roundId, id)).run()
          next.forEach((c, i) =>
            w
              .insert(roundCriteria)
              .values({ ...c, roundId: id, position: i + 1 })
              .run(),
          )
        },
      }
    },
  })
}

export const ROUND_DEFAULTS = { districtQuota: DEFAULT_DISTRICT_QUOTA, departmentQuota: DEFAULT_DEPARTMENT_QUOTA }
