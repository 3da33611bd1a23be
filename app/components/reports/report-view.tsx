import type { ReactNode } from 'react'
import { formatWan, fundingTotals, type ReportContent } from '~/domain/annual-report'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import { TableScroll } from '~/components/ui/table-scroll'

// The report as filed, section by section, for the page (when the lab may not edit it) and for
// the print view. Plain markup that reads the same on screen and on A4 paper.
export function ReportContentView({
  content,
  deliverables,
  roster,
  progress,
}: {
  content: ReportContent
  deliverables: ReactNode
  roster: ReactNode
  // the period's plan progress with the figures this report states (issue 16)
  progress?: ReactNode
}) {
  const t = useT()
  return (
    <div className="report-content space-y-5" data-testid="report-content">
      <ViewSection title="reports.section.progress">
        <Text value={content.progress.summary} />
        <h3 className="mt-3 text-sm font-medium">{t('reports.field.targets')}</h3>
        <RowsTable
          columns={['reports.targets.target', 'reports.targets.planned', 'reports.targets.achieved']}
          rows={content.progress.targets.map((r) => [r.target, r.planned, r.achieved])}
        />
        {progress ? <div className="mt-3">{progress}</div> : null}
      </ViewSection>
      <ViewSection title="reports.section.deliverables">{deliverables}</ViewSection>
      <ViewSection title="reports.section.teamChanges">
        <Text value={content.teamChanges} />
        <div className="mt-3">{roster}</div>
      </ViewSection>
      <ViewSection title="reports.section.security">
        <Text value={content.security} />
      </ViewSection>
      <ViewSection title="reports.section.resources">
        <dl className="space-y-2">
          <div>
            <dt className="text-sm font-medium">{t('reports.field.resourcesRequested')}</dt>
            <dd>
              <Text value={content.resources.requested} />
            </dd>
          </div>
          <div>
            <dt className="text-sm font-medium">{t('reports.field.resourcesReceived')}</dt>
            <dd>
              <Text value={content.resources.received} />
            </dd>
          </div>
        </dl>
      </ViewSection>
      <ViewSection title="reports.section.funding">
        <FundingView funding={content.funding} />
      </ViewSection>
      <ViewSection title="reports.section.typicalCases">
        <Text value={content.typicalCases} />
      </ViewSection>
      <ViewSection title="reports.section.nextYearPlan">
        <Text value={content.nextYearPlan} />
      </ViewSection>
    </div>
  )
}

function ViewSection({ title, children }: { title: MessageKey; children: ReactNode }) {
  const t = useT()
  return (
    <section className="report-section">
      <h2 className="mb-2 break-after-avoid border-b border-slate-300 pb-1 font-semibold">{t(title)}</h2>
      {children}
    </section>
  )
}

function Text({ value }: { value: string }) {
  const t = useT()
  if (!value.trim()) return <p className="text-sm text-slate-400">{t('reports.empty.section')}</p>
  return <p className="whitespace-pre-line text-sm leading-relaxed">{value}</p>
}

// `withTotal`: the last row is the table's total line.
function RowsTable({
  columns,
  rows,
  numeric = [],
  withTotal = false,
}: {
  columns: MessageKey[]
  rows: string[][]
  numeric?: number[]
  withTotal?: boolean
}) {
  const t = useT()
  if (rows.length === 0) return <p className="text-sm text-slate-400">{t('reports.empty.rows')}</p>
  return (
    <TableScroll>
      <table className="report-table w-full border-collapse text-sm">
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th
                key={c}
                className={`border border-slate-300 bg-slate-50 px-2 py-1 font-medium ${numeric.includes(i) ? 'text-right' : 'text-left'}`}
              >
                {t(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r} className={withTotal && r === rows.length - 1 ? 'bg-slate-50 font-medium' : ''}>
              {row.map((cell, i) => (
                <td
                  key={i}
                  className={`whitespace-pre-line border border-slate-300 px-2 py-1 align-top ${
                    numeric.includes(i) ? 'text-right tabular-nums' : ''
                  }`}
                >
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

export function FundingView({ funding }: { funding: ReportContent['funding'] }) {
  const t = useT()
  const totals = fundingTotals(funding)
  return (
    <div className="space-y-3" data-testid="funding">
      <p className="text-xs text-slate-500">{t('reports.funding.unit')}</p>
      <div className="grid gap-4 md:grid-cols-2 print:grid-cols-2">
        <div>
          <h3 className="mb-1 text-sm font-medium">{t('reports.funding.income')}</h3>
          <RowsTable
            columns={['reports.funding.source', 'reports.funding.amount']}
            rows={[
              ...funding.income.map((r) => [r.source, formatWan(r.amount)]),
              [t('reports.funding.totalIncome'), formatWan(totals.income)],
            ]}
            numeric={[1]}
            withTotal
          />
        </div>
        <div>
          <h3 className="mb-1 text-sm font-medium">{t('reports.funding.expenditure')}</h3>
          <RowsTable
            columns={['reports.funding.item', 'reports.funding.amount']}
            rows={[
              ...funding.expenditure.map((r) => [r.item, formatWan(r.amount)]),
              [t('reports.funding.totalExpenditure'), formatWan(totals.expenditure)],
            ]}
            numeric={[1]}
            withTotal
          />
        </div>
      </div>
      <p className="text-sm font-medium" data-testid="funding-balance">
        {t('reports.funding.balanceLine', { value: formatWan(totals.balance) })}
      </p>
    </div>
  )
}
