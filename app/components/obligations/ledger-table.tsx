import { Link } from '@remix-run/react'
import { ResultBadge } from '~/components/compliance/result-badge'
import { DueStateTag, FiledLateTag } from '~/components/status/due-state'
import { formatShanghaiTime } from '~/domain/dates'
import type { UnjudgedState } from '~/domain/obligations'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { LedgerPageRow } from '~/models/obligations.server'

// A row without a verdict says why: not due yet, due but not judged, or a past period's.
const UNJUDGED_LABEL: Record<UnjudgedState, MessageKey> = {
  not_due: 'obligations.state.notDue',
  unjudged: 'obligations.state.unjudged',
  past_period: 'obligations.noCheck',
}

// One period's obligations: due dates (with their extensions), what was filed, the verdict.
export function LedgerTable({ labId, rows }: { labId: number; rows: LedgerPageRow[] }) {
  const t = useT()
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="min-w-full" data-testid="ledger">
        <thead>
          <tr>
            <th className="th">{t('obligations.col.year')}</th>
            <th className="th">{t('obligations.col.kind')}</th>
            <th className="th">{t('obligations.col.yearRange')}</th>
            <th className="th">{t('obligations.col.due')}</th>
            <th className="th">{t('obligations.col.filed')}</th>
            <th className="th">{t('obligations.col.state')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-obligation={row.id} data-kind={row.kind} data-year={row.validityYear}>
              <td className="td whitespace-nowrap">{t('obligations.year', { n: row.validityYear })}</td>
              <td className="td whitespace-nowrap">{t(`obligations.kind.${row.kind}`)}</td>
              <td className="td token tabular-nums">
                {row.yearStart} — {row.yearEnd}
              </td>
              <td className="td align-top">
                <span className="font-medium token tabular-nums" data-testid="due-date">
                  {row.dueDate}
                </span>
                {row.dueDate !== row.originalDueDate ? (
                  <p className="text-xs text-slate-600">{t('obligations.extended', { date: row.originalDueDate })}</p>
                ) : null}
                {row.dueDateEstimated ? <p className="text-xs text-amber-700">{t('obligations.estimated')}</p> : null}
                {row.extensions.length ? (
                  <details className="mt-1 text-xs">
                    <summary className="cursor-pointer">{t('obligations.history')}</summary>
                    <ul className="mt-1 space-y-1">
                      {row.extensions.map((e) => (
                        <li key={e.createdAt}>
                          {t('obligations.extension', {
                            from: e.fromDate,
                            to: e.toDate,
                            reason: e.reason,
                            approvedBy: e.approvedBy,
                            recordedBy: e.recordedBy ?? '—',
                            at: formatShanghaiTime(e.createdAt),
                          })}
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </td>
              <td className="td text-sm">
                {row.kind === 'deliverable' ? (
                  <Link to={`/labs/${labId}/deliverables`} className="link">
                    {t('obligations.filed.deliverable', row.deliverables)}
                  </Link>
                ) : row.report ? (
                  <>
                    <Link to={`/labs/${labId}/reports/${row.report.id}`} className="link">
                      {t(`filing.status.${row.report.status}`)}
                    </Link>{' '}
                    <FiledLateTag days={row.filedLateDays} />
                  </>
                ) : (
                  t('obligations.filed.report.none')
                )}
              </td>
              <td className="td text-sm">
                {row.verdict ? (
                  <div className="space-y-1">
                    <ResultBadge result={row.verdict.result} />
                    <p>{t(row.verdict.reasonKey as MessageKey, row.verdict.reasonParams)}</p>
                  </div>
                ) : row.closed ? (
                  <DueStateTag status={row.closed} />
                ) : (
                  <span className="text-slate-500">{t(UNJUDGED_LABEL[row.state ?? 'past_period'])}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
