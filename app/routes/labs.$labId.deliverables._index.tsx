import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo } from 'react'
import { z } from 'zod'
import { FILING_STATUSES } from '~db/schema/enums'
import { DataTable } from '~/components/data-table/data-table'
import { FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import { FilingStatusBadge } from '~/components/deliverables/filing-status-badge'
import { FiledLateTag } from '~/components/status/due-state'
import { YearLabel } from '~/components/deliverables/year-label'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { validityYears } from '~/domain/validity'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { canCreateDeliverable, listDeliverables, type DeliverableRow } from '~/models/deliverables.server'
import { getLab } from '~/models/labs.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { optionalEnum } from '~/utils/list-params'
import { idParam } from '~/utils/params'

// ?status=accepted&year=1-2 (period sequence - validity year); a malformed value means "all".
const ListParams = z.object({
  status: optionalEnum(FILING_STATUSES),
  year: z
    .string()
    .regex(/^\d{1,3}-[12]$/)
    .optional()
    .catch(undefined),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const detail = getLab({ id: idParam(params.labId), actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  const filter = ListParams.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [sequence, validityYear] = filter.year ? filter.year.split('-').map(Number) : []
  const rows = listDeliverables({
    actor,
    labId: detail.lab.id,
    filter: { status: filter.status, year: filter.year ? { sequence, validityYear } : undefined },
  })
  const years = detail.periods.flatMap((p) =>
    validityYears(p).map((y) => ({ value: `${p.sequence}-${y.year}`, sequence: p.sequence, year: y.year })),
  )
  return { lab: { id: detail.lab.id, name: detail.lab.name }, rows, filter, years, canCreate: canCreateDeliverable(actor, detail.lab) }
}

export default function DeliverablesPage() {
  const { lab, rows, filter, years, canCreate } = useLoaderData<typeof loader>()
  const t = useT()
  const [params] = useSearchParams()
  const columns = useMemo<ColumnDef<(typeof rows)[number]>[]>(
    () => [
      {
        id: 'title',
        header: t('deliverables.col.title'),
        cell: ({ row }) => (
          <Link to={`/labs/${lab.id}/deliverables/${row.original.id}`} className="link font-medium">
            {row.original.title}
          </Link>
        ),
      },
      { id: 'type', header: t('deliverables.col.type'), cell: ({ row }) => t(`deliverables.type.${row.original.type}`) },
      {
        id: 'forms',
        header: t('deliverables.col.forms'),
        cell: ({ row }) => row.original.forms.map((f) => t(`deliverables.form.${f}`)).join('、'),
      },
      {
        id: 'completedOn',
        header: t('deliverables.col.completedOn'),
        cell: ({ row }) => <span className="token tabular-nums">{row.original.completedOn}</span>,
      },
      { id: 'year', header: t('deliverables.col.year'), cell: ({ row }) => <YearLabel placement={row.original.placement} /> },
      { id: 'status', header: t('deliverables.col.status'), cell: ({ row }) => <StatusCell row={row.original} /> },
      { id: 'version', header: t('deliverables.col.version'), cell: ({ row }) => t('deliverables.version', { n: row.original.version }) },
    ],
    [t, lab.id],
  )
  const saved = params.get('saved')
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('deliverables.title')} · ${lab.name}`}
        actions={
          <>
            <Link to={`/labs/${lab.id}`} className="btn">
              {t('deliverables.backToLab')}
            </Link>
            {canCreate ? (
              <Link to={`/labs/${lab.id}/deliverables/new`} className="btn-primary" data-testid="new-deliverable">
                {t('deliverables.new')}
              </Link>
            ) : null}
          </>
        }
        subtitle={t('deliverables.intro')}
      />
      {saved === 'deleted' ? <SavedNotice>{t('deliverables.saved.deleted')}</SavedNotice> : null}
      <FilterForm hidden={{}} resetTo={`/labs/${lab.id}/deliverables`}>
        <FilterSelect
          name="status"
          label={t('deliverables.filter.status')}
          value={filter.status}
          options={FILING_STATUSES.map((s) => [s, t(`deliverables.status.${s}`)] as const)}
        />
        <FilterSelect
          name="year"
          label={t('deliverables.filter.year')}
          value={filter.year}
          options={years.map((y) => [y.value, t('deliverables.yearLabel', { sequence: y.sequence, year: y.year })] as const)}
        />
      </FilterForm>
      {rows.length === 0 && !filter.status && !filter.year ? (
        <p className="card text-sm text-slate-600">{t('deliverables.empty')}</p>
      ) : (
        <DataTable rows={rows} columns={columns} visibility={{}} sort="completedOn" dir="desc" getRowId={(r) => String(r.id)} />
      )}
    </div>
  )
}

// The latest version's status; while a revision is under way, the version that still counts.
function StatusCell({ row }: { row: Pick<DeliverableRow, 'status' | 'acceptedVersion' | 'filedLateDays'> }) {
  const t = useT()
  return (
    <span className="flex flex-wrap items-center gap-1">
      <FilingStatusBadge status={row.status} />
      <FiledLateTag days={row.filedLateDays} />
      {row.acceptedVersion !== null ? (
        <span className="text-xs text-slate-600">{t('deliverables.acceptedVersion', { n: row.acceptedVersion })}</span>
      ) : null}
    </span>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'deliverables.title', args.data?.lab.name)
