import { Form, Link, useLocation, useSubmit } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo } from 'react'
import { ResultBadge } from '~/components/compliance/result-badge'
import { DataTable } from '~/components/data-table/data-table'
import { FilterSelect } from '~/components/data-table/filter-form'
import { CHECK_IDS } from '~/domain/compliance/types'
import { isMessageKey } from '~/i18n'
import { useLocale, useT } from '~/i18n/use-t'
import { checkWithSubject } from '~/components/compliance/check-subject'
import type { DashboardData } from '~/models/dashboard.server'

type Attention = DashboardData['attention']
type Row = Attention['rows'][number]

// Failing and warning checks of the labs in scope, worst first. Its page and filters live in the
// dashboard's URL (attention, result, check, district) so a view can be bookmarked and shared.
export function NeedsAttention({ attention, districts }: { attention: Attention; districts: DashboardData['districts'] }) {
  const t = useT()
  const locale = useLocale()
  const columns = useMemo<ColumnDef<Row>[]>(
    () => [
      {
        id: 'lab',
        header: t('dashboard.attention.col.lab'),
        cell: ({ row }) => (
          <Link to={`/labs/${row.original.labId}`} className="link font-medium">
            {row.original.labName}
          </Link>
        ),
      },
      { id: 'district', header: t('dashboard.col.district'), cell: ({ row }) => t(`district.${row.original.districtCode}`) },
      {
        id: 'check',
        header: t('compliance.col.check'),
        cell: ({ row }) => checkWithSubject(row.original, t, locale),
      },
      {
        id: 'result',
        header: t('compliance.col.result'),
        cell: ({ row }) => <ResultBadge result={row.original.result} owner={row.original.owner} />,
      },
      {
        id: 'reason',
        header: t('compliance.col.reason'),
        cell: ({ row }) => {
          const { reasonKey, reasonParams } = row.original
          return isMessageKey(reasonKey) ? t(reasonKey, reasonParams) : reasonKey
        },
      },
      {
        id: 'date',
        header: t('compliance.col.date'),
        cell: ({ row }) => <span className="token tabular-nums">{row.original.concernsDate ?? '—'}</span>,
      },
      {
        id: 'fix',
        header: t('compliance.col.fix'),
        cell: ({ row }) => (
          <Link to={row.original.fixPath} className="btn whitespace-nowrap" data-testid="fix-link">
            {t('compliance.fix')}
          </Link>
        ),
      },
    ],
    [t, locale],
  )
  return (
    <section className="card space-y-3" id="attention" aria-labelledby="attention-title" data-testid="needs-attention">
      <div>
        <h2 id="attention-title" className="font-semibold">
          {t('dashboard.attention.title')}
        </h2>
        <p className="text-sm text-slate-600">{t('dashboard.attention.hint')}</p>
      </div>
      <AttentionFilters filter={attention.filter} districts={districts} />
      {attention.total === 0 ? (
        <p className="text-slate-600">{t('dashboard.attention.empty')}</p>
      ) : (
        <>
          <DataTable
            rows={attention.rows}
            columns={columns}
            visibility={{}}
            sort=""
            dir="asc"
            getRowId={(r) => `${r.labId}-${r.checkId}-${r.subject}`}
          />
          <AttentionPager page={attention.page} pageSize={attention.pageSize} total={attention.total} />
        </>
      )}
    </section>
  )
}

function AttentionFilters({ filter, districts }: { filter: Attention['filter']; districts: DashboardData['districts'] }) {
  const t = useT()
  const submit = useSubmit()
  // action="/": without it Remix adds ?index to GET submissions from an index route
  return (
    <Form
      method="get"
      action="/"
      preventScrollReset
      className="flex flex-wrap items-end gap-3"
      role="search"
      aria-label={t('dashboard.attention.title')}
      onChange={(e) => {
        // only the filters in use, so the URL stays short: ?result=failing rather than &check=&district=
        const params = new URLSearchParams()
        for (const [key, value] of new FormData(e.currentTarget)) if (typeof value === 'string' && value !== '') params.set(key, value)
        submit(params, { method: 'get', action: '/', preventScrollReset: true })
      }}
    >
      <FilterSelect
        id="attention-result"
        name="result"
        label={t('dashboard.attention.filter.result')}
        value={filter.result ?? undefined}
        blank={t('dashboard.attention.anyResult')}
        options={(['failing', 'warning'] as const).map((r) => [r, t(`compliance.result.${r}`)] as const)}
      />
      <FilterSelect
        id="attention-check"
        name="check"
        label={t('dashboard.attention.filter.check')}
        value={filter.check ?? undefined}
        blank={t('dashboard.attention.anyCheck')}
        options={CHECK_IDS.map((c) => [c, t(`compliance.check.${c}`)] as const)}
      />
      {districts.length > 1 ? (
        <FilterSelect
          id="attention-district"
          name="district"
          label={t('dashboard.attention.filter.district')}
          value={filter.district ?? undefined}
          options={districts.map((c) => [c, t(`district.${c}`)] as const)}
        />
      ) : null}
      <noscript>
        <button type="submit" className="btn-primary">
          {t('common.filter')}
        </button>
      </noscript>
    </Form>
  )
}

function AttentionPager({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const t = useT()
  const location = useLocation()
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const href = (to: number) => {
    const params = new URLSearchParams(location.search)
    if (to === 1) params.delete('attention')
    else params.set('attention', String(to))
    const query = params.toString()
    return query ? `/?${query}` : '/'
  }
  return (
    <nav className="flex flex-wrap items-center gap-3 text-sm" aria-label={t('dashboard.attention.title')}>
      <span data-testid="attention-page-info">{t('dashboard.attention.page', { page, pages, total })}</span>
      {page > 1 ? (
        <Link className="btn" to={href(page - 1)} preventScrollReset rel="prev">
          {t('common.previous')}
        </Link>
      ) : null}
      {page < pages ? (
        <Link className="btn" to={href(page + 1)} preventScrollReset rel="next">
          {t('common.next')}
        </Link>
      ) : null}
    </nav>
  )
}
