import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo } from 'react'
import { DataTable, Pagination } from '~/components/data-table/data-table'
import { FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { PageHeader } from '~/components/ui/page-header'
import { formatShanghaiTime } from '~/domain/dates'
import { isMessageKey, type Translate } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { actorNameOf, auditChanges, distinctAuditValues, listAudit, type AuditChange } from '~/models/audit.server'
import { AUDIT_EXPORT_MAX, parseAuditParams } from '~/models/list-exports.server'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { requireCapability } from '~/utils/auth.server'
import { PAGE_SIZES } from '~/utils/list-params'

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'audit:view')
  // one parser for the page and its workbook (/audit.xlsx)
  const { params: p, filter } = parseAuditParams(new URL(request.url).searchParams)
  const { rows, total } = listAudit({ ...filter, page: p.page, pageSize: p.size })
  return {
    rows: rows.map((r) => ({
      id: r.id,
      at: formatShanghaiTime(r.at),
      actorName: actorNameOf(r),
      actorUserId: r.actorUserId,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      labId: r.labId,
      labName: r.labName,
      ip: r.ip,
      changes: auditChanges(r.before, r.after),
    })),
    total,
    params: p,
    options: distinctAuditValues(),
    exportMax: AUDIT_EXPORT_MAX,
  }
}

type Row = {
  id: number
  at: string
  actorName: string
  actorUserId: number | null
  action: string
  entityType: string
  entityId: string
  labId: number | null
  labName: string | null
  ip: string
  changes: AuditChange[]
}

// Known actions and entity types have names; anything newer shows as stored.
function label(t: Translate, prefix: 'audit.action' | 'audit.entity', value: string) {
  const key = `${prefix}.${value}`
  return isMessageKey(key) ? t(key) : value
}

export default function AuditPage() {
  const { rows, total, params, options, exportMax } = useLoaderData<typeof loader>()
  const t = useT()

  const columns = useMemo<ColumnDef<Row>[]>(
    () => [
      { id: 'at', header: t('audit.col.at'), cell: ({ row }) => <span className="token tabular-nums">{row.original.at}</span> },
      {
        id: 'actor',
        header: t('audit.col.actor'),
        cell: ({ row }) =>
          row.original.actorUserId ? (
            <Link to={`/users/${row.original.actorUserId}`} className="link">
              {row.original.actorName}
            </Link>
          ) : (
            row.original.actorName || t('audit.system')
          ),
      },
      { id: 'action', header: t('audit.col.action'), cell: ({ row }) => label(t, 'audit.action', row.original.action) },
      {
        id: 'entity',
        header: t('audit.col.entity'),
        cell: ({ row }) => (
          <span className="whitespace-nowrap">
            {label(t, 'audit.entity', row.original.entityType)}
            {/^\d+$/.test(row.original.entityId) && row.original.entityType !== 'session' ? (
              // the record's own history; composite ids (a reminder snooze's kind:item) stay in the
              // changes, and sign-ins recorded before sessions lost their id carried the user's
              <Link
                to={`/audit?${new URLSearchParams({ entityType: row.original.entityType, entityId: row.original.entityId })}`}
                className="link ml-1 text-slate-500"
              >
                {t('audit.entityNumber', { id: row.original.entityId })}
              </Link>
            ) : null}
          </span>
        ),
      },
      {
        id: 'lab',
        header: t('audit.col.lab'),
        cell: ({ row }) =>
          row.original.labId ? (
            <Link to={`/labs/${row.original.labId}`} className="link">
              {row.original.labName ?? t('audit.entityNumber', { id: row.original.labId })}
            </Link>
          ) : (
            '—'
          ),
      },
      { id: 'changes', header: t('audit.col.changes'), cell: ({ row }) => <Changes changes={row.original.changes} /> },
      { id: 'ip', header: t('audit.col.ip'), cell: ({ row }) => <span className="font-mono text-xs">{row.original.ip || '—'}</span> },
    ],
    [t],
  )

  return (
    <div className="space-y-4">
      <PageHeader
        title={t('audit.title')}
        actions={
          <>
            {total > exportMax ? (
              <span className="text-sm text-slate-600" data-testid="export-capped">
                {t('exports.audit.cappedHint', { max: exportMax })}
              </span>
            ) : null}
            <XlsxLink path="/audit.xlsx" title={t('exports.audit.cappedHint', { max: exportMax })} />
          </>
        }
      />

      <FilterForm hidden={{ size: params.size, entityId: params.entityId }} resetTo="/audit" autoSubmit={false}>
        <FilterSelect
          name="entityType"
          label={t('audit.filter.entityType')}
          value={params.entityType}
          options={options.entityTypes.map((v) => [v, label(t, 'audit.entity', v)] as const)}
        />
        <FilterSelect
          name="action"
          label={t('audit.filter.action')}
          value={params.action}
          options={options.actions.map((v) => [v, label(t, 'audit.action', v)] as const)}
        />
        <div>
          <label className="label" htmlFor="actor">
            {t('audit.filter.actor')}
          </label>
          <input id="actor" name="actor" type="search" defaultValue={params.actor ?? ''} className="input" />
        </div>
        <div className="w-28">
          <label className="label" htmlFor="lab">
            {t('audit.filter.lab')}
          </label>
          <input id="lab" name="lab" type="number" min={1} defaultValue={params.lab ?? ''} className="input" />
        </div>
        <div>
          <label className="label" htmlFor="from">
            {t('audit.filter.from')}
          </label>
          <input id="from" name="from" type="date" defaultValue={params.from ?? ''} className="input" />
        </div>
        <div>
          <label className="label" htmlFor="to">
            {t('audit.filter.to')}
          </label>
          <input id="to" name="to" type="date" defaultValue={params.to ?? ''} className="input" />
        </div>
        {params.entityId ? (
          <span className="text-sm text-slate-600">
            {t('audit.filter.entityId')}: {params.entityId}
          </span>
        ) : null}
      </FilterForm>

      <DataTable rows={rows} columns={columns} visibility={{}} sort="at" dir="desc" getRowId={(r) => String(r.id)} />
      <Pagination page={params.page} pageSize={params.size} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

function Changes({ changes }: { changes: AuditChange[] }) {
  const t = useT()
  if (changes.length === 0) return <span className="text-slate-400">{t('audit.noChanges')}</span>
  return (
    <details data-testid="audit-changes">
      <summary className="cursor-pointer text-sm text-sky-800">{t('audit.changes', { n: changes.length })}</summary>
      <table className="mt-1 text-xs">
        <thead className="sr-only">
          <tr>
            <th>{t('audit.key')}</th>
            <th>{t('audit.beforeAfter')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.key} className="align-top">
              <td className="pr-2 font-mono text-slate-600">{c.key}</td>
              <td className="break-all">
                <span className="text-red-700 line-through decoration-red-300">{c.before}</span>
                {' → '}
                <span className="text-green-800">{c.after}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'audit.title')
