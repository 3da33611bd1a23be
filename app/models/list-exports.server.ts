import { gradeLabel } from '~/domain/grades'
import { timingMessage } from '~/domain/incidents'
import { formatShanghaiTime } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import type { Translate } from '~/i18n'
import type { Locale } from '~db/schema/enums'
import { listSheet, type ListColumn, type XlsxSheet } from '~/utils/xlsx.server'
import { allGrades } from './grades.server'
import { LAB_COLUMNS, parseRegistryParams } from './lab-registry'
import { listLabs } from './labs.server'
import { listPipeline } from './renewal-pipeline.server'
import { parsePipelineParams, PIPELINE_COLUMNS } from './renewal-pipeline-params'
import { listRequestQueue } from './request-queue.server'
import { parseRequestQueueParams, REQUEST_QUEUE_COLUMNS } from './request-queue-params'
import { listIncidents, parseSecurityParams } from './security-overview.server'
import { ruleSettings } from './settings.server'

// The offices' lists as their exports read them (issue 17): one function per list runs the page's
// query with the URL's filters and sort, every page, scoped to the actor, and gives the CSV's
// header and text rows and the workbook's typed sheet of the same rows. The CSV and the .xlsx
// route call the same function, so they can never disagree.

export type ListExport = { header: string[]; rows: string[][]; sheet: (name: string) => XlsxSheet }

function exportOf<R>(columns: readonly ListColumn<R>[], rows: readonly R[], t: Translate): ListExport {
  return {
    header: columns.map((c) => t(c.label)),
    rows: rows.map((r) => columns.map((c) => c.text(r, t))),
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
    text: (r, t) => {
      const timing = timingMessage(r.timing)
      return t(timing.key, timing.vars)
    },
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
