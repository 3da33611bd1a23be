import { reportDueStatus } from '~/domain/annual-report'
import { dueStatus } from '~/domain/status-language'
import type { Check, CheckOutcome } from './types'

// Issue 4's checks over the obligation ledger of the period in force: each validity year needs an
// accepted deliverable completed within it, and an annual report filed by its due date; a filing
// returned to the lab waits for it to resubmit.

/** A closed year without an accepted deliverable fails; one ending within the window warns. */
export const deliverableCheck: Check = (facts, { today, settings }) =>
  facts.obligations
    .filter((o) => o.kind === 'deliverable' && o.yearStart <= today)
    .map((o): CheckOutcome => {
      const base = {
        checkId: 'deliverable' as const,
        subject: `y${o.validityYear}`,
        concernsDate: o.dueDate,
        fixPath: `/labs/${facts.labId}/deliverables`,
      }
      const inYear = facts.deliverables.filter((d) => d.completedOn >= o.yearStart && d.completedOn <= o.yearEnd)
      const accepted = inYear.find((d) => d.status === 'accepted')
      const params = { year: o.validityYear, end: o.dueDate }
      if (accepted)
        return { ...base, result: 'ok', reason: { key: 'compliance.deliverable.accepted', params: { ...params, title: accepted.title } } }
      // not accepted yet: the one status language (app/domain/status-language.ts) says how late
      const due = dueStatus({ dueDate: o.dueDate, doneOn: null, today, windowDays: settings.expiryWindowDays })
      if (due.state === 'overdue')
        return { ...base, result: 'failing', reason: { key: 'compliance.deliverable.missing', params: { ...params, days: due.days } } }
      const pending = inYear.filter((d) => d.status === 'submitted' || d.status === 'returned').length
      if (due.state === 'due_soon')
        return {
          ...base,
          result: 'warning',
          reason: { key: 'compliance.deliverable.dueSoon', params: { ...params, days: due.days, pending } },
        }
      return { ...base, result: 'ok', reason: { key: 'compliance.deliverable.open', params: { ...params, pending } } }
    })

/** From the end of its year, the report is due; past its due date without being filed, it fails. */
export const annualReportCheck: Check = (facts, { today }) =>
  facts.obligations
    .filter((o) => o.kind === 'annual_report' && o.yearEnd < today)
    .map((o): CheckOutcome => {
      const base = {
        checkId: 'annual_report' as const,
        subject: `y${o.validityYear}`,
        concernsDate: o.dueDate,
        fixPath: `/labs/${facts.labId}/reports`,
      }
      const report = facts.reports.find((r) => r.validityYear === o.validityYear)
      const params = { year: o.validityYear, due: o.dueDate }
      switch (report?.status) {
        case 'accepted':
          return { ...base, result: 'ok', reason: { key: 'compliance.report.accepted', params } }
        case 'submitted':
          return { ...base, result: 'ok', reason: { key: 'compliance.report.submitted', params } }
        // a returned report has been filed; the returned-filing check asks for the resubmission
        case 'returned':
          return { ...base, result: 'ok', reason: { key: 'compliance.report.returned', params } }
        default: {
          // not filed: due soon (a warning) from the year's end, overdue (failing) past its due date
          const due = reportDueStatus({ yearEnd: o.yearEnd, dueDate: o.dueDate, filedOn: null, today, periodClosed: false })
          return due.state === 'overdue'
            ? { ...base, result: 'failing', reason: { key: 'compliance.report.overdue', params: { ...params, days: due.days } } }
            : { ...base, result: 'warning', reason: { key: 'compliance.report.due', params: { ...params, days: due.days } } }
        }
      }
    })

/**
 * Every filing returned with comments and not yet resubmitted, of any period: an earlier period's
 * report, or a deliverable of a year another accepted one already meets, waits for the lab too.
 */
export const returnedFilingCheck: Check = (facts) => [
  ...facts.deliverables
    .filter((d) => d.status === 'returned')
    .map(
      (d): CheckOutcome => ({
        checkId: 'returned_filing',
        subject: `deliverable:${d.id}`,
        result: 'warning',
        reason: { key: 'compliance.returned.deliverable', params: { title: d.title, date: d.decidedOn ?? '' } },
        concernsDate: d.decidedOn,
        fixPath: `/labs/${facts.labId}/deliverables/${d.id}`,
      }),
    ),
  ...facts.returnedReports.map(
    (r): CheckOutcome => ({
      checkId: 'returned_filing',
      subject: `report:${r.id}`,
      result: 'warning',
      reason: {
        key: 'compliance.returned.reportOfPeriod',
        params: { period: r.periodSequence, year: r.validityYear, date: r.decidedOn ?? '' },
      },
      concernsDate: r.decidedOn,
      fixPath: `/labs/${facts.labId}/reports/${r.id}`,
    }),
  ),
]
