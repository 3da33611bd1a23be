import { addDays, diffDays } from '~/domain/dates'
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
      if (o.dueDate < today)
        return {
          ...base,
          result: 'failing',
          reason: { key: 'compliance.deliverable.missing', params: { ...params, days: diffDays(o.dueDate, today) } },
        }
      const pending = inYear.filter((d) => d.status === 'submitted' || d.status === 'returned').length
      if (o.dueDate <= addDays(today, settings.expiryWindowDays))
        return {
          ...base,
          result: 'warning',
          reason: { key: 'compliance.deliverable.dueSoon', params: { ...params, days: diffDays(today, o.dueDate), pending } },
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
        default:
          return o.dueDate < today
            ? {
                ...base,
                result: 'failing',
                reason: { key: 'compliance.report.overdue', params: { ...params, days: diffDays(o.dueDate, today) } },
              }
            : {
                ...base,
                result: 'warning',
                reason: { key: 'compliance.report.due', params: { ...params, days: diffDays(today, o.dueDate) } },
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
