import { z } from 'zod'
import { DISTRICT_CODES, EVALUATION_GRADES, FILING_KINDS, ORG_KINDS, ROLES, type Locale } from '~db/schema/enums'
import { diffDays, formatShanghaiTime, isIsoDate, shanghaiDate, shanghaiDayRange } from '~/domain/dates'
import { gradeLabel } from '~/domain/grades'
import { timingText } from '~/domain/incidents'
import type { Actor } from '~/domain/permissions'
import { isMessageKey, type Translate } from '~/i18n'
import { optionalEnum, pageParams, searchEntries, searchText, sortParams } from '~/utils/list-params'
import { listSheet, mapRows, type ListColumn, type XlsxSheet } from '~/utils/xlsx.server'
import type { ImportBatch } from '~db/schema'
import { actorNameOf, auditChanges, listAudit } from './audit.server'
import { listBatches } from './imports/imports.server'
import { listRounds } from './evaluations.server'
import { allGrades } from './grades.server'
import { LAB_COLUMNS, parseRegistryParams } from './lab-registry'
import { listLabs } from './labs.server'
import { listPipeline } from './renewal-pipeline.server'
import { parsePipelineParams, PIPELINE_COLUMNS } from './renewal-pipeline-params'
import { listOrganisations, ORG_SORTS, type OrgRow } from './organisations.server'
import { listRequestQueue } from './request-queue.server'
import { reviewQueue, type QueueRow } from './review-queue.server'
import { OPINION_FILTERS, OPINION_STATE_LABELS, REVIEW_SORTS } from './review-queue-params'
import { parseRequestQueueParams, REQUEST_QUEUE_COLUMNS } from './request-queue-params'
import { listIncidents, parseSecurityParams } from './security-overview.server'
import { ruleSettings } from './settings.server'
import { listUsers, USER_SORTS, type UserRow } from './users.server'

// The offices' lists as their exports read them (issue 17): one function per list runs the page's
// query with the URL's filters and sort, every page, scoped to the actor, and gives the CSV's
// header and text rows and the workbook's typed sheet of the same rows. The CSV and the .xlsx
// route call the same function, so they can never disagree.

// The rows are made as the download writes them (one pass, no second copy of every row as text):
// an export's `rows` and `sheet` are read once, by one of the two routes.
export type ListExport = { header: string[]; rows: Iterable<string[]>; sheet: (name: string) => XlsxSheet }

export function exportOf<R>(columns: readonly ListColumn<R>[], rows: Iterable<R>, t: Translate): ListExport {
  return {
    header: columns.map((c) => t(c.label)),
    rows: mapRows(rows, (r) => columns.map((c) => c.text(r, t))),
    sheet: (name) => listSheet({ name, columns, rows, t }),
  }
}

type Args = { actor: Actor; search: URLSearchParams; today: string; t: Translate }

/** The registry (/labs): its filters and sort, the chosen columns. */
export function registryExport({ actor, search, today, t }: Args): ListExport {
  const state = parseRegistryParams(search)
  const { rows } = listLabs({
    actor,
    filter: state.filter,
    today,
    windowDays: ruleSettings().expiryWindowDays,
    page: 1,
    pageSize: null,
  })
  return exportOf(
    LAB_COLUMNS.filter((c) => state.columns.includes(c.id)),
    rows,
    t,
  )
}

/** The request queue (/requests): a district's filters are its own. */
export function requestQueueExport({ actor, search, today, t }: Args): ListExport {
  const state = parseRequestQueueParams(search, { isDistrict: actor.role === 'district' })
  const { rows } = listRequestQueue({ actor, today, filter: state.filter, sort: state.sort, dir: state.dir, pageSize: null })
  return exportOf(REQUEST_QUEUE_COLUMNS, rows, t)
}

/** The renewal pipeline (/renewals), grades in the reader's language. */
export function pipelineExport({ actor, search, today, t, locale }: Args & { locale: Locale }): ListExport {
  const state = parsePipelineParams(search, { isDistrict: actor.role === 'district' })
  const { rows } = listPipeline({ actor, today, filter: state.filter, sort: state.sort, dir: state.dir, pageSize: null })
  const scale = allGrades()
  const grade = (code: string | null) => (code ? gradeLabel(scale, code, locale) : '')
  return exportOf(
    PIPELINE_COLUMNS.map((c) => ({ ...c, text: (r: (typeof rows)[number], tr: Translate) => c.text(r, tr, grade) })),
    rows,
    t,
  )
}

type IncidentRow = ReturnType<typeof listIncidents>['rows'][number]
const time = (at: string | null) => (at ? formatShanghaiTime(at) : '')

// the security page's incident table with the CSV's extra columns; instants in Shanghai time
const INCIDENT_COLUMNS: ListColumn<IncidentRow>[] = [
  { label: 'incidents.col.id', type: 'integer', value: (r) => r.id, text: (r) => String(r.id) },
  { label: 'incidents.col.lab', text: (r) => r.labName },
  { label: 'incidents.col.district', text: (r, t) => t(`district.${r.districtCode}`) },
  { label: 'incidents.col.grade', text: (r, t) => t(`incidents.grade.${r.grade}`) },
  { label: 'incidents.col.title', text: (r) => r.title },
  { label: 'incidents.col.status', text: (r, t) => t(`incidents.status.${r.status}`) },
  { label: 'incidents.col.discovered', type: 'datetime', value: (r) => r.discoveredAt, text: (r) => time(r.discoveredAt) },
  { label: 'incidents.col.reported', type: 'datetime', value: (r) => r.reportedAt, text: (r) => time(r.reportedAt) },
  { label: 'incidents.col.deadline', type: 'datetime', value: (r) => r.reportDeadline, text: (r) => time(r.reportDeadline) },
  {
    label: 'incidents.col.timing',
    text: (r, t) => timingText(r.timing, t),
  },
  { label: 'incidents.col.closedAt', type: 'datetime', value: (r) => r.closedAt, text: (r) => time(r.closedAt) },
  { label: 'incidents.field.dataAffected', text: (r) => r.dataAffected },
]

/** The security page's incidents (/security): its filters and sort. */
export function incidentsExport({ actor, search, t, now }: Omit<Args, 'today'> & { now: Date }): ListExport {
  const p = parseSecurityParams(search, actor)
  const { rows } = listIncidents({ actor, filter: p.filter, sort: p.sort, dir: p.dir, pageSize: null, now })
  return exportOf(INCIDENT_COLUMNS, rows, t)
}

// ---- lists without a CSV: the page's query, every row ----------------------------------------

const ReviewParams = z.object({
  q: searchText,
  kind: optionalEnum(FILING_KINDS),
  district: optionalEnum(DISTRICT_CODES),
  opinion: optionalEnum(OPINION_FILTERS),
  ...sortParams(REVIEW_SORTS, 'submitted'),
  ...pageParams(),
})

/** The review queue's URL state; a district office's queue is its district's, whatever it asks. */
export function parseReviewParams(search: URLSearchParams, actor: Actor) {
  const p = ReviewParams.parse(searchEntries(search))
  return {
    filter: { q: p.q, kind: p.kind, districtCode: actor.role === 'bureau' ? p.district : undefined, opinion: p.opinion },
    sort: p.sort,
    dir: p.dir,
    page: p.page,
    size: p.size,
  }
}

type ReviewRow = QueueRow & { waitingDays: number }

/** Days a filing has waited, from its submission day (Shanghai) to today: the page's figure. */
export const waitingDays = (submittedAt: string, today: string) => diffDays(shanghaiDate(new Date(submittedAt)), today)

const REVIEW_COLUMNS: ListColumn<ReviewRow>[] = [
  {
    label: 'reviews.col.item',
    text: (r, t) =>
      r.kind === 'deliverable' ? r.title : t('reviews.reportTitle', { period: r.periodSequence ?? '', year: r.validityYear ?? '' }),
  },
  { label: 'reviews.col.kind', text: (r, t) => t(`reviews.kind.${r.kind}`) },
  { label: 'reviews.col.lab', text: (r) => r.labName },
  { label: 'reviews.col.district', text: (r, t) => t(`district.${r.districtCode}`) },
  { label: 'reviews.col.submitted', type: 'datetime', value: (r) => r.submittedAt, text: (r) => formatShanghaiTime(r.submittedAt) },
  { label: 'exports.reviews.waitingDays', type: 'integer', value: (r) => r.waitingDays, text: (r) => String(r.waitingDays) },
  { label: 'reviews.col.opinion', text: (r, t) => t(OPINION_STATE_LABELS[r.opinion]) },
]

/** The review queue (/reviews): its filters and sort (oldest first unless sorted otherwise). */
export function reviewsExport({ actor, search, today, t }: Args): ListExport {
  const { filter, sort, dir } = parseReviewParams(search, actor)
  const { rows } = reviewQueue({ actor, filter, sort, dir, page: 1, pageSize: null })
  return exportOf(
    REVIEW_COLUMNS,
    rows.map((r) => ({ ...r, waitingDays: waitingDays(r.submittedAt, today) })),
    t,
  )
}

/** The organisations list's URL state. */
export function parseOrgParams(search: URLSearchParams) {
  const p = z
    .object({
      q: searchText,
      kind: optionalEnum(ORG_KINDS),
      district: optionalEnum(DISTRICT_CODES),
      ...sortParams(ORG_SORTS, 'name'),
      ...pageParams(),
    })
    .parse(searchEntries(search))
  return { filter: { q: p.q, kind: p.kind, districtCode: p.district, sort: p.sort, dir: p.dir }, page: p.page, size: p.size }
}

const ORG_COLUMNS: ListColumn<OrgRow>[] = [
  { label: 'orgs.col.name', text: (r) => r.name },
  // a credit code is a code: text, so nothing reads it as a number
  { label: 'orgs.col.creditCode', text: (r) => r.creditCode },
  { label: 'orgs.col.kind', text: (r, t) => t(`orgKind.${r.kind}`) },
  { label: 'orgs.col.district', text: (r, t) => t(`district.${r.districtCode}`) },
  { label: 'orgs.col.hostedLabs', type: 'integer', value: (r) => r.hostedLabs, text: (r) => String(r.hostedLabs) },
  { label: 'orgs.col.joint', type: 'integer', value: (r) => r.jointApplications, text: (r) => String(r.jointApplications) },
]

/** Organisations (/organisations, the bureau's): its filters and sort. */
export function organisationsExport({ search, t }: Pick<Args, 'search' | 't'>): ListExport {
  const { filter } = parseOrgParams(search)
  return exportOf(ORG_COLUMNS, listOrganisations({ filter, page: 1, pageSize: null }).rows, t)
}

/** The users list's URL state. */
export function parseUserParams(search: URLSearchParams) {
  const p = z
    .object({ q: searchText, role: optionalEnum(ROLES), ...sortParams(USER_SORTS, 'username'), ...pageParams() })
    .parse(searchEntries(search))
  return { filter: { q: p.q, role: p.role, sort: p.sort, dir: p.dir }, page: p.page, size: p.size }
}

const USER_COLUMNS: ListColumn<UserRow>[] = [
  { label: 'users.col.username', text: (r) => r.username },
  { label: 'users.col.displayName', text: (r) => r.displayName },
  { label: 'users.col.role', text: (r, t) => t(`role.${r.role}`) },
  {
    label: 'users.col.scope',
    text: (r, t) =>
      r.role === 'district' && r.districtCode
        ? t(`district.${r.districtCode}`)
        : r.role === 'lab' && r.labId
          ? (r.labName ?? `#${r.labId}`)
          : '—',
  },
  { label: 'users.col.active', text: (r, t) => t(r.active ? 'users.active' : 'users.inactive') },
  {
    label: 'users.col.lastLogin',
    type: 'datetime',
    // never signed in: the page's words, as text
    value: (r, t) => r.lastLoginAt ?? t('users.never'),
    text: (r, t) => (r.lastLoginAt ? formatShanghaiTime(r.lastLoginAt) : t('users.never')),
  },
]

/** Users (/users, the bureau's): its filters and sort. Never a password or a session. */
export function usersExport({ search, t }: Pick<Args, 'search' | 't'>): ListExport {
  const { filter } = parseUserParams(search)
  return exportOf(USER_COLUMNS, listUsers({ filter, page: 1, pageSize: null }).rows, t)
}

const auditDay = z.string().refine(isIsoDate).optional().catch(undefined)
const AuditParams = z.object({
  entityType: z.string().trim().max(64).optional().catch(undefined),
  entityId: z.string().trim().max(64).optional().catch(undefined),
  action: z.string().trim().max(64).optional().catch(undefined),
  actor: z.string().trim().max(64).optional().catch(undefined),
  lab: z.coerce.number().int().positive().optional().catch(undefined),
  from: auditDay,
  to: auditDay,
  ...pageParams(50),
})

/** The audit log's URL state; a malformed value is dropped rather than failing the page. */
export function parseAuditParams(search: URLSearchParams) {
  const p = AuditParams.parse(searchEntries(search))
  const filter = {
    entityType: p.entityType,
    entityId: p.entityId,
    action: p.action,
    actor: p.actor,
    labId: p.lab,
    ...shanghaiDayRange({ from: p.from, to: p.to }),
  }
  return { params: p, filter }
}

// Known actions and entity types have names; anything newer shows as stored.
export function auditLabel(t: Translate, prefix: 'audit.action' | 'audit.entity', value: string) {
  const key = `${prefix}.${value}`
  return isMessageKey(key) ? t(key) : value
}

/**
 * The audit log's workbook holds at most this many entries, the latest first: the log grows by
 * every change and a year of it is far beyond what a spreadsheet is read for. The workbook says
 * when it was cut (a note sheet) and the page says so beside the link.
 */
export const AUDIT_EXPORT_MAX = 10_000

type AuditRow = ReturnType<typeof listAudit>['rows'][number]
const AUDIT_COLUMNS: ListColumn<AuditRow>[] = [
  { label: 'audit.col.at', type: 'datetime', value: (r) => r.at, text: (r) => formatShanghaiTime(r.at) },
  { label: 'audit.col.actor', text: (r, t) => actorNameOf(r) || t('audit.system') },
  { label: 'audit.col.action', text: (r, t) => auditLabel(t, 'audit.action', r.action) },
  { label: 'audit.col.entity', text: (r, t) => auditLabel(t, 'audit.entity', r.entityType) },
  { label: 'audit.filter.entityId', text: (r) => r.entityId },
  { label: 'audit.col.lab', type: 'integer', value: (r) => r.labId, text: (r) => (r.labId === null ? '' : String(r.labId)) },
  {
    label: 'audit.col.changes',
    text: (r) =>
      auditChanges(r.before, r.after)
        .map((c) => `${c.key}: ${c.before} → ${c.after}`)
        .join('\n'),
  },
  { label: 'audit.col.ip', text: (r) => r.ip },
]

/** The audit log (/audit, the bureau's): its filters, the latest AUDIT_EXPORT_MAX entries. */
export function auditExport({ search, t, max = AUDIT_EXPORT_MAX }: Pick<Args, 'search' | 't'> & { max?: number }) {
  const { filter } = parseAuditParams(search)
  const { rows, total } = listAudit({ ...filter, page: 1, pageSize: max })
  const found = exportOf(AUDIT_COLUMNS, rows, t)
  // at most AUDIT_EXPORT_MAX rows: kept as text, so the route can count them
  return { ...found, rows: [...found.rows], total, capped: total > rows.length }
}

type RoundRow = ReturnType<typeof listRounds>[number]
const ROUND_COLUMNS: ListColumn<RoundRow>[] = [
  { label: 'evaluation.col.year', type: 'integer', value: (r) => r.year, text: (r) => String(r.year) },
  { label: 'evaluation.col.status', text: (r, t) => t(`evaluation.status.${r.status}`) },
  ...EVALUATION_GRADES.map(
    (g): ListColumn<RoundRow> => ({
      label: `evaluation.grade.${g}`,
      type: 'integer',
      value: (r) => r.grades[g],
      text: (r) => String(r.grades[g]),
    }),
  ),
  { label: 'exports.evaluation.openedBy', text: (r) => r.openedByName ?? '' },
  { label: 'exports.evaluation.openedAt', type: 'datetime', value: (r) => r.openedAt, text: (r) => formatShanghaiTime(r.openedAt) },
  { label: 'exports.evaluation.publishedBy', text: (r) => r.publishedByName ?? '' },
  {
    label: 'exports.evaluation.publishedAt',
    type: 'datetime',
    value: (r) => r.publishedAt,
    text: (r) => (r.publishedAt ? formatShanghaiTime(r.publishedAt) : ''),
  },
]

/** The evaluation rounds (/evaluations): the bureau's every round, a district's published ones with its own labs' grades. */
export function roundsExport({ actor, t }: Pick<Args, 'actor' | 't'>): ListExport {
  return exportOf(ROUND_COLUMNS, listRounds(actor), t)
}

const IMPORT_COLUMNS: ListColumn<ImportBatch>[] = [
  { label: 'imports.col.when', type: 'datetime', value: (b) => b.createdAt, text: (b) => formatShanghaiTime(b.createdAt) },
  { label: 'imports.col.kind', text: (b, t) => t(`imports.kind.${b.kind}`) },
  { label: 'imports.col.who', text: (b) => b.actorName },
  { label: 'imports.col.file', text: (b) => b.fileName },
  { label: 'imports.outcome.new', type: 'integer', value: (b) => b.newCount, text: (b) => String(b.newCount) },
  { label: 'imports.outcome.updated', type: 'integer', value: (b) => b.updatedCount, text: (b) => String(b.updatedCount) },
  { label: 'imports.outcome.unchanged', type: 'integer', value: (b) => b.unchangedCount, text: (b) => String(b.unchangedCount) },
  { label: 'imports.outcome.refused', type: 'integer', value: (b) => b.refusedCount, text: (b) => String(b.refusedCount) },
]

/** The imports list (/imports): every import the actor sees (the bureau all, anyone else their own). */
export function importBatchesExport({ actor, t }: Pick<Args, 'actor' | 't'>): ListExport {
  return exportOf(IMPORT_COLUMNS, listBatches({ actor, page: 1, pageSize: null }).rows, t)
}
