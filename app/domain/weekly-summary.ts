// The weekly summary (issue 15 item 5): every Monday morning the bureau and each district office
// are told what in their scope needs them, in five sections, each a count, a short list and a
// link to the page where it is acted on. Pure: the numbers come from
// app/models/weekly-summary.server.ts, the words from here, in the reader's language.
import type { DistrictCode } from '~db/schema/enums'
import type { Translate } from '~/i18n'
import { addDays, diffDays, type IsoDate } from './dates'
import { isoWeekday } from './calendar'

// Each section lists this many items; the rest are counted ("and 12 more") and the section's link
// shows them all.
export const SUMMARY_LIST_CAP = 10

// An incident still open this many days after its discovery is late even if it was reported in
// time: a grade IV that nobody closes for a month deserves the office's attention too.
export const INCIDENT_OPEN_TOO_LONG_DAYS = 30

/** The Monday of `day`'s week (ISO weeks: Monday first), the day a week's summary is keyed by. */
export function summaryMonday(day: IsoDate): IsoDate {
  return addDays(day, 1 - isoWeekday(day))
}

export type SummaryScope = { kind: 'bureau' } | { kind: 'district'; districtCode: DistrictCode }

type LabRef = { labId: number; labName: string; districtCode: DistrictCode }

export type ExpiringItem = LabRef & { endDate: IsoDate }
export type FailingItem = LabRef & { checks: number }
export type LateFilingItem = LabRef & {
  kind: 'deliverable' | 'annual_report'
  year: number
  dueDate: IsoDate
  // missing: nothing accepted (a deliverable) or nothing filed (a report); awaiting: filed, not yet
  // accepted; returned: sent back to the lab and not resubmitted
  state: 'missing' | 'awaiting' | 'returned'
  link: string
}
export type IncidentItem = LabRef & {
  incidentId: number
  title: string
  grade: string
  discoveredOn: IsoDate
  // why it is late: its report deadline passed (reported late or not at all), or it is open too long
  late: 'report' | 'open_long' | null
}
export type RequestItem = LabRef & { requestId: number; title: string; deadline: IsoDate }

export type Section<T> = { total: number; items: readonly T[] }

export type SectionCounts = {
  expiring: number
  failing: number
  lateFilings: number
  incidents: number
  lateIncidents: number
  requests: number
}

export type WeeklySummary = {
  // the Monday it is for, and the day its numbers were read
  week: IsoDate
  today: IsoDate
  scope: SummaryScope
  // labs whose certification ends within this many days (the settings' expiry window)
  windowDays: number
  expiring: Section<ExpiringItem>
  failing: Section<FailingItem>
  lateFilings: Section<LateFilingItem>
  // open incidents; lateIncidents counts those of them that are late
  incidents: Section<IncidentItem> & { late: number }
  requests: Section<RequestItem>
  // the bureau's: each district's counts (districts with nothing are left out)
  byDistrict: readonly ({ districtCode: DistrictCode } & SectionCounts)[]
}

export function countsOf(s: WeeklySummary): SectionCounts {
  return {
    expiring: s.expiring.total,
    failing: s.failing.total,
    lateFilings: s.lateFilings.total,
    incidents: s.incidents.total,
    lateIncidents: s.incidents.late,
    requests: s.requests.total,
  }
}

/** The inbox line (a stored title, rendered in the reader's language): the week and the counts. */
export function weeklySummaryTitle(s: WeeklySummary): { key: 'notices.weekly.title'; params: Record<string, string | number> } {
  return { key: 'notices.weekly.title', params: { week: s.week, ...countsOf(s) } }
}

// Where each section is acted on: the registry and the queues, filtered to what the section counts.
export const SUMMARY_LINKS = {
  dashboard: '/',
  expiring: '/labs?status=expiring',
  failing: '/labs?compliance=failing',
  lateFilings: '/reviews',
  incidents: '/security#incidents',
  requests: '/requests?stage=overdue',
} as const

export type SummaryLine = { text: string; link?: string }

/**
 * The summary's body, line by line, in `t`'s language: a heading per section with its count and
 * link, its first items each with its own link, and "and N more". Mail makes the links absolute.
 */
export function composeWeeklySummary(t: Translate, s: WeeklySummary): SummaryLine[] {
  const district = (code: DistrictCode) => t(`district.${code}`)
  const who = (i: LabRef) =>
    s.scope.kind === 'bureau' ? t('notices.weekly.labInDistrict', { lab: i.labName, district: district(i.districtCode) }) : i.labName
  const lines: SummaryLine[] = [
    {
      text:
        s.scope.kind === 'bureau'
          ? t('notices.weekly.intro.bureau', { week: s.week, today: s.today })
          : t('notices.weekly.intro.district', { week: s.week, today: s.today, district: district(s.scope.districtCode) }),
    },
  ]
  const section = <T>(heading: string, link: string, sec: Section<T>, item: (i: T) => SummaryLine) => {
    lines.push({ text: '' }, { text: heading, link })
    if (sec.total === 0) return lines.push({ text: `  ${t('notices.weekly.none')}` })
    for (const i of sec.items) {
      const line = item(i)
      lines.push({ ...line, text: `  · ${line.text}` })
    }
    if (sec.total > sec.items.length) lines.push({ text: `  ${t('notices.weekly.more', { n: sec.total - sec.items.length })}` })
  }
  section(t('notices.weekly.expiring', { n: s.expiring.total, days: s.windowDays }), SUMMARY_LINKS.expiring, s.expiring, (i) => ({
    text: t('notices.weekly.expiringItem', { lab: who(i), end: i.endDate, days: diffDays(s.today, i.endDate) }),
    link: `/labs/${i.labId}`,
  }))
  section(t('notices.weekly.failing', { n: s.failing.total }), SUMMARY_LINKS.failing, s.failing, (i) => ({
    text: t('notices.weekly.failingItem', { lab: who(i), n: i.checks }),
    link: `/labs/${i.labId}`,
  }))
  section(t('notices.weekly.lateFilings', { n: s.lateFilings.total }), SUMMARY_LINKS.lateFilings, s.lateFilings, (i) => ({
    text: t('notices.weekly.lateFilingItem', {
      lab: who(i),
      what: t(`notices.weekly.filing.${i.kind}`, { year: i.year }),
      due: i.dueDate,
      days: diffDays(i.dueDate, s.today),
      state: t(`notices.weekly.filingState.${i.state}`),
    }),
    link: i.link,
  }))
  section(t('notices.weekly.incidents', { n: s.incidents.total, late: s.incidents.late }), SUMMARY_LINKS.incidents, s.incidents, (i) => ({
    text: `${t('notices.weekly.incidentItem', { lab: who(i), title: i.title, grade: i.grade, discovered: i.discoveredOn })}${
      i.late ? t(`notices.weekly.incidentLate.${i.late}`, { days: INCIDENT_OPEN_TOO_LONG_DAYS }) : ''
    }`,
    link: `/labs/${i.labId}/incidents/${i.incidentId}`,
  }))
  section(t('notices.weekly.requests', { n: s.requests.total }), SUMMARY_LINKS.requests, s.requests, (i) => ({
    text: t('notices.weekly.requestItem', { lab: who(i), title: i.title, deadline: i.deadline, days: diffDays(i.deadline, s.today) }),
    link: `/labs/${i.labId}/requests/${i.requestId}`,
  }))
  if (s.scope.kind === 'bureau' && s.byDistrict.length) {
    lines.push({ text: '' }, { text: t('notices.weekly.byDistrict'), link: SUMMARY_LINKS.dashboard })
    for (const d of s.byDistrict)
      lines.push({ text: `  · ${t('notices.weekly.districtLine', { district: district(d.districtCode), ...d })}` })
  }
  return lines
}
