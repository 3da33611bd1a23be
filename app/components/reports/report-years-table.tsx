import { Form, Link } from '@remix-run/react'
import { useGradeLabel } from '~/components/filings/grade-label'
import type { GradeLabels } from '~/domain/grades'
import type { ReportYearRow } from '~/models/annual-reports.server'
import { useT } from '~/i18n/use-t'
import { DueStateTag } from '~/components/status/due-state'
import { ReportStatusBadge } from './report-status'

// One line per validity year: its due date from the ledger, the report's status, and the way in
// (open the report, or start it when the lab may).
export function ReportYearsTable({
  labId,
  rows,
  today,
  isOwnLab,
  grades,
}: {
  labId: number
  rows: ReportYearRow[]
  today: string
  isOwnLab: boolean
  grades: readonly GradeLabels[]
}) {
  const t = useT()
  const gradeLabel = useGradeLabel(grades)
  return (
    <div className="table-scroll rounded-lg border border-slate-200 bg-white" tabIndex={0}>
      <table className="min-w-full" data-testid="report-years">
        <thead>
          <tr>
            <th className="th">{t('reports.col.year')}</th>
            <th className="th">{t('reports.col.range')}</th>
            <th className="th">{t('reports.col.due')}</th>
            <th className="th">{t('reports.col.status')}</th>
            <th className="th">{t('reports.col.grade')}</th>
            <th className="th">{t('reports.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={`${r.periodId}:${r.validityYear}`}
              className={r.daysOverdue !== null ? 'bg-red-50' : ''}
              data-overdue={r.daysOverdue !== null}
            >
              <td className="td whitespace-nowrap font-medium">{t('reports.yearLabel', { sequence: r.sequence, year: r.validityYear })}</td>
              <td className="td token tabular-nums">{t('reports.yearRange', { start: r.yearStart, end: r.yearEnd })}</td>
              <td className="td whitespace-nowrap tabular-nums">
                <span className="token">{r.dueDate ?? t('reports.due.none')}</span>
                {r.dueDateEstimated ? t('reports.due.estimated') : null}
                {r.extended ? (
                  <span className="ml-2 rounded bg-sky-100 px-1.5 text-xs text-sky-800">{t('reports.due.extended')}</span>
                ) : null}
                {r.status && r.status.state !== 'open' && r.status.state !== 'done' ? (
                  <div data-testid={r.status.state === 'overdue' ? 'overdue' : undefined}>
                    <DueStateTag status={r.status} />
                  </div>
                ) : null}
              </td>
              <td className="td">
                {r.report ? (
                  <ReportStatusBadge status={r.report.status} />
                ) : (
                  <span className="text-slate-500">{t('reports.notStarted')}</span>
                )}
              </td>
              <td className="td token">{gradeLabel(r.report?.grade)}</td>
              <td className="td whitespace-nowrap">
                {r.report ? (
                  <Link to={`/labs/${labId}/reports/${r.report.id}`} className="link">
                    {t('reports.view')}
                  </Link>
                ) : r.canStart ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="start" />
                    <input type="hidden" name="periodId" value={r.periodId} />
                    <input type="hidden" name="validityYear" value={r.validityYear} />
                    <button type="submit" className="btn-primary">
                      {t('reports.start')}
                    </button>
                  </Form>
                ) : isOwnLab && r.opensOn > today ? (
                  <span className="text-xs text-slate-500">{t('reports.opensOn', { date: r.opensOn })}</span>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
