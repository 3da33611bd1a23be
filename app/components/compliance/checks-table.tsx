import { Link } from '@remix-run/react'
import type { CheckOwner, CheckResult } from '~db/schema/enums'
import { ResultBadge } from './result-badge'
import { useT } from '~/i18n/use-t'
import type { MessageKey } from '~/i18n'

export type CheckRow = {
  checkId: string
  subject: string
  result: CheckResult
  reasonKey: string
  reasonParams: Record<string, string | number>
  concernsDate: string | null
  fixPath: string
  owner?: CheckOwner
}

// One lab's compliance checks, worst first (the order the model returns).
export function ChecksTable({
  checks,
  evaluatedOn,
  testId = 'checks',
}: {
  checks: CheckRow[]
  evaluatedOn: string | null
  testId?: string
}) {
  const t = useT()
  if (checks.length === 0) return <p className="text-sm text-slate-600">{t('compliance.notTracked')}</p>
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="min-w-full" data-testid={testId}>
        <thead>
          <tr>
            <th className="th">{t('compliance.col.check')}</th>
            <th className="th">{t('compliance.col.result')}</th>
            <th className="th">{t('compliance.col.reason')}</th>
            <th className="th">{t('compliance.col.date')}</th>
            <th className="th">{t('compliance.col.fix')}</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={`${c.checkId}:${c.subject}`} data-check={c.checkId} data-result={c.result}>
              <td className="td whitespace-nowrap">{t(`compliance.check.${c.checkId}` as MessageKey)}</td>
              <td className="td">
                <ResultBadge result={c.result} owner={c.owner} />
              </td>
              <td className="td">{t(c.reasonKey as MessageKey, c.reasonParams)}</td>
              <td className="td token tabular-nums">{c.concernsDate ?? '—'}</td>
              <td className="td">
                {c.result === 'ok' ? null : (
                  <Link to={c.fixPath} className="link whitespace-nowrap">
                    {t('compliance.fix')}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {evaluatedOn ? <p className="mt-2 text-xs text-slate-500">{t('compliance.evaluatedOn', { date: evaluatedOn })}</p> : null}
    </div>
  )
}
