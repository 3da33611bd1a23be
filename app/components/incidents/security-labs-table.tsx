import { Link, useLocation } from '@remix-run/react'
import { ResultBadge } from '~/components/compliance/result-badge'
import { isMessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import { SECURITY_CHECK_IDS, type SecurityCheckId } from '~/domain/incidents'
import type { SecurityAttentionRow } from '~/models/security-overview.server'

// Labs whose data-security checks are not ok, one row per lab and a column per check, each
// problem with its reason and a link to where it is fixed. Paged by `labsPage` in the URL, so
// it keeps the incident table's filters and page.
export function SecurityLabsTable({
  rows,
  total,
  page,
  pageSize,
}: {
  rows: SecurityAttentionRow[]
  total: number
  page: number
  pageSize: number
}) {
  const t = useT()
  if (total === 0) {
    return (
      <p className="text-sm text-slate-600" data-testid="security-labs-empty">
        {t('incidents.labs.empty')}
      </p>
    )
  }
  return (
    <>
      <div className="table-scroll rounded-lg border border-slate-200" tabIndex={0}>
        <table className="min-w-full" data-testid="security-labs">
          <thead>
            <tr>
              <th className="th" scope="col">
                {t('incidents.col.lab')}
              </th>
              <th className="th" scope="col">
                {t('incidents.col.district')}
              </th>
              {SECURITY_CHECK_IDS.map((id) => (
                <th key={id} className="th" scope="col">
                  {t(`compliance.check.${id}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.labId} className="align-top hover:bg-slate-50" data-testid="security-lab" data-lab-id={row.labId}>
                <th scope="row" className="td min-w-48 text-left font-medium">
                  <Link to={`/labs/${row.labId}`} className="link">
                    {row.labName}
                  </Link>
                </th>
                <td className="td whitespace-nowrap">{t(`district.${row.districtCode}`)}</td>
                {SECURITY_CHECK_IDS.map((id) => (
                  <td key={id} className="td" data-check={id}>
                    <Problems checks={row.checks.filter((c) => c.checkId === id)} checkId={id} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LabsPager page={page} pages={Math.max(1, Math.ceil(total / pageSize))} total={total} />
    </>
  )
}

function Problems({ checks, checkId }: { checks: SecurityAttentionRow['checks']; checkId: SecurityCheckId }) {
  const t = useT()
  if (checks.length === 0) return <span className="text-slate-400">—</span>
  return (
    <ul className="space-y-2">
      {checks.map((c) => (
        <li key={`${checkId}-${c.subject}`} className="space-y-1">
          <ResultBadge result={c.result} />
          <div className="text-xs text-slate-700">{isMessageKey(c.reasonKey) ? t(c.reasonKey, c.reasonParams) : c.reasonKey}</div>
          <Link to={c.fixPath} className="link text-xs" data-testid="fix-link">
            {t('compliance.fix')}
          </Link>
        </li>
      ))}
    </ul>
  )
}

function LabsPager({ page, pages, total }: { page: number; pages: number; total: number }) {
  const t = useT()
  const location = useLocation()
  const href = (n: number) => {
    const params = new URLSearchParams(location.search)
    params.set('labsPage', String(n))
    return `?${params}#labs`
  }
  return (
    <nav className="mt-3 flex flex-wrap items-center gap-3 text-sm" aria-label={t('incidents.labs.pagination')}>
      <span data-testid="labs-page-info">{t('incidents.labs.page', { page, pages, total })}</span>
      {page > 1 ? (
        <Link className="btn" to={href(page - 1)} preventScrollReset>
          {t('common.previous')}
        </Link>
      ) : null}
      {page < pages ? (
        <Link className="btn" to={href(page + 1)} preventScrollReset>
          {t('common.next')}
        </Link>
      ) : null}
    </nav>
  )
}
