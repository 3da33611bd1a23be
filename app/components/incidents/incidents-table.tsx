import { Link } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo } from 'react'
import { DataTable } from '~/components/data-table/data-table'
import { formatShanghaiMinute } from '~/domain/dates'
import { useT } from '~/i18n/use-t'
import type { IncidentListRow } from '~/models/security-overview.server'
import { GradeBadge, IncidentStatusBadge, TimingText } from './badges'

// Every incident in scope, one row each; sorting and paging happen in SQL, their state in the URL.
export function IncidentsTable({ rows, sort, dir }: { rows: IncidentListRow[]; sort: string; dir: 'asc' | 'desc' }) {
  const t = useT()
  const columns = useMemo<ColumnDef<IncidentListRow>[]>(
    () => [
      {
        id: 'discovered',
        header: t('incidents.col.discovered'),
        meta: { sortKey: 'discovered' },
        cell: ({ row }) => <span className="token tabular-nums">{formatShanghaiMinute(row.original.discoveredAt)}</span>,
      },
      {
        id: 'lab',
        header: t('incidents.col.lab'),
        meta: { sortKey: 'lab' },
        cell: ({ row }) => (
          <Link to={`/labs/${row.original.labId}`} className="link">
            {row.original.labName}
          </Link>
        ),
      },
      { id: 'district', header: t('incidents.col.district'), cell: ({ row }) => t(`district.${row.original.districtCode}`) },
      {
        id: 'grade',
        header: t('incidents.col.grade'),
        meta: { sortKey: 'grade' },
        cell: ({ row }) => <GradeBadge grade={row.original.grade} />,
      },
      {
        id: 'title',
        header: t('incidents.col.title'),
        cell: ({ row }) => (
          <Link to={`/labs/${row.original.labId}/incidents/${row.original.id}`} className="link font-medium" data-testid="incident-link">
            {row.original.title}
          </Link>
        ),
      },
      { id: 'timing', header: t('incidents.col.timing'), cell: ({ row }) => <TimingText timing={row.original.timing} /> },
      { id: 'status', header: t('incidents.col.status'), cell: ({ row }) => <IncidentStatusBadge status={row.original.status} /> },
    ],
    [t],
  )
  return <DataTable rows={rows} columns={columns} visibility={{}} sort={sort} dir={dir} getRowId={(r) => String(r.id)} />
}
