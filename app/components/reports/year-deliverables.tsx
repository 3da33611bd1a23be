import { Link } from '@remix-run/react'
import type { DeliverableType, FilingStatus } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import { ReportStatusBadge } from './report-status'
import { TableScroll } from '~/components/ui/table-scroll'

export type YearDeliverable = { id: number; title: string; type: DeliverableType; completedOn: string; status: FilingStatus }

// The deliverables completed within the report's validity year, found by their completion date
// (not typed into the report), each with its own review status.
export function YearDeliverables({ labId, rows, links = true }: { labId: number; rows: YearDeliverable[]; links?: boolean }) {
  const t = useT()
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-500 print:hidden">{t('reports.deliverables.intro')}</p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="year-deliverables-empty">
          {t('reports.deliverables.empty')}
        </p>
      ) : (
        <TableScroll>
          <table className="report-table w-full border-collapse text-sm" data-testid="year-deliverables">
            <thead>
              <tr>
                {(
                  [
                    'reports.deliverables.title',
                    'reports.deliverables.type',
                    'reports.deliverables.completedOn',
                    'reports.deliverables.status',
                  ] as const
                ).map((k) => (
                  <th key={k} className="border border-slate-300 bg-slate-50 px-2 py-1 text-left font-medium">
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td className="border border-slate-300 px-2 py-1">
                    {links ? (
                      <Link to={`/labs/${labId}/deliverables/${d.id}`} className="link">
                        {d.title}
                      </Link>
                    ) : (
                      d.title
                    )}
                  </td>
                  <td className="border border-slate-300 px-2 py-1">{t(`reports.deliverableType.${d.type}`)}</td>
                  <td className="border border-slate-300 px-2 py-1 token tabular-nums">{d.completedOn}</td>
                  <td className="border border-slate-300 px-2 py-1">
                    <ReportStatusBadge status={d.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  )
}
