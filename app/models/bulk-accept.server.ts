import { eq, inArray, sql } from 'drizzle-orm'
import { annualReports, deliverables, labs } from '~db/schema'
import type { FilingKind } from '~db/schema/enums'
import type { MessageKey } from '~/i18n'
import { db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import { takeReportStep } from './annual-reports.server'
import { takeDeliverableStep } from './deliverables.server'
import type { FilingUser } from './filing-steps.server'
import { forbidden, invalid, notFound, type Forbidden, type Invalid, type NotFound } from './result.server'
import { districtHasOffice } from './district-offices.server'
import { labScope } from './scope.server'

// The bureau accepts several filings from its review queue at once (issue 19 item 9). Each goes
// through the same engine step as a single accept (takeFilingStep: the role, the status, the
// version the queue showed, the grade, the audit row, the thread entry, the lab's notice), so a
// bulk accept is exactly several single ones. Refused before anything changes: another role
// (403), a filing that does not exist for the bureau (404), one whose district opinion is still
// awaited (400: the district is asked first; the bureau opens it to decide without one). Each
// filing then has its own transaction and its own result: one that moved on since the queue was
// read (decided, a new version) is reported as not accepted, the others are accepted.

export const BULK_ACCEPT_MAX = 100

export type BulkItem = { kind: FilingKind; id: number; rowVersion: number }

export type BulkItemResult = {
  kind: FilingKind
  id: number
  labId: number
  accepted: boolean
  reason?: { key: MessageKey; vars?: Record<string, string | number> }
}

export type BulkAcceptResult = { ok: true; results: BulkItemResult[] } | Forbidden | NotFound | Invalid

type Found = { kind: FilingKind; id: number; labId: number; awaitingOpinion: boolean }

// the district has an office account to give the opinion and has not given it (review-queue's 'awaited')
const awaiting = (table: typeof deliverables | typeof annualReports) =>
  sql<number>`(${table.status} = 'submitted' AND ${table.districtOpinionAt} IS NULL AND ${districtHasOffice(sql`${labs.districtCode}`)})`

function findInScope(by: FilingUser, kind: FilingKind, ids: number[]): Found[] {
  if (ids.length === 0) return []
  const table = kind === 'deliverable' ? deliverables : annualReports
  return db()
    .select({ id: table.id, labId: table.labId, awaitingOpinion: awaiting(table) })
    .from(table)
    .innerJoin(labs, eq(labs.id, table.labId))
    .where(sql`${inArray(table.id, ids)} AND ${labScope(by) ?? sql`1`}`)
    .all()
    .map((r) => ({ kind, id: r.id, labId: r.labId, awaitingOpinion: Boolean(r.awaitingOpinion) }))
}

const reasonOf = (errors: FieldErrors | undefined): BulkItemResult['reason'] => {
  const first = errors?._form ?? errors?.grade ?? Object.values(errors ?? {})[0]
  return first ? { key: first.key, vars: first.vars } : { key: 'form.invalidChoice' }
}

export function acceptFilings({ by, items, grade }: { by: FilingUser; items: BulkItem[]; grade?: string }): BulkAcceptResult {
  if (by.role !== 'bureau') return forbidden()
  if (items.length === 0) return invalid({ selected: { key: 'filings.bulk.none' } })
  if (items.length > BULK_ACCEPT_MAX) return invalid({ selected: { key: 'filings.bulk.tooMany', vars: { max: BULK_ACCEPT_MAX } } })
  const idsOf = (kind: FilingKind) => [...new Set(items.filter((i) => i.kind === kind).map((i) => i.id))]
  const found = [...findInScope(by, 'deliverable', idsOf('deliverable')), ...findInScope(by, 'annual_report', idsOf('annual_report'))]
  const byKey = new Map(found.map((f) => [`${f.kind}:${f.id}`, f]))
  if (items.some((i) => !byKey.has(`${i.kind}:${i.id}`))) return notFound()
  const waiting = found.filter((f) => f.awaitingOpinion).length
  if (waiting > 0) return invalid({ selected: { key: 'filings.bulk.awaitingOpinion', vars: { n: waiting } } })

  const results = items.map((item): BulkItemResult => {
    const { labId } = byKey.get(`${item.kind}:${item.id}`)!
    const input = { step: 'accept' as const, grade, rowVersion: item.rowVersion }
    const result =
      item.kind === 'deliverable'
        ? takeDeliverableStep({ by, labId, deliverableId: item.id, input })
        : takeReportStep({ by, labId, reportId: item.id, input })
    if (result.ok) return { kind: item.kind, id: item.id, labId, accepted: true }
    return { kind: item.kind, id: item.id, labId, accepted: false, reason: reasonOf('errors' in result ? result.errors : undefined) }
  })
  return { ok: true, results }
}
