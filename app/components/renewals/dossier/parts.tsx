import type { ReactNode } from 'react'
import { formatNumber, type Field, type TextTable } from './tables'
import { TableScroll } from '~/components/ui/table-scroll'

// Bordered tables that read the same on screen and on A4 (the print view's `report-table` rules
// keep rows whole and repeat the header across pages).
const TH = 'border border-slate-300 bg-slate-50 px-2 py-1 text-left font-medium align-top'
const TD = 'border border-slate-300 px-2 py-1 align-top'

/** A section of the dossier; on paper every section after the first starts a new page. */
export function DossierSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={`dossier-${id}`} className="dossier-section report-section space-y-3" data-section={id}>
      <h2 className="border-b border-slate-300 pb-1 text-base font-semibold">{title}</h2>
      {children}
    </section>
  )
}

export function SubHeading({ children }: { children: ReactNode }) {
  return <h3 className="text-sm font-semibold text-slate-700">{children}</h3>
}

export function FieldTable({ fields, testId }: { fields: Field[]; testId?: string }) {
  return (
    <TableScroll>
      <table className="report-table w-full border-collapse text-sm" data-testid={testId}>
        <tbody>
          {fields.map((f) => (
            <tr key={f.label}>
              <th scope="row" className={`${TH} w-1/3`}>
                {f.label}
              </th>
              <td className={`${TD} whitespace-pre-wrap`}>{f.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

/** A text table, or the empty message when it has no rows. Numbers are right-aligned. */
export function DossierTable({ table, empty, testId }: { table: TextTable; empty: string; testId?: string }) {
  if (table.rows.length === 0) return <p className="text-sm text-slate-500">{empty}</p>
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="report-table w-full border-collapse text-sm" data-testid={testId}>
        <thead>
          <tr>
            {table.headers.map((header) => (
              <th key={header} scope="col" className={TH}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) =>
                typeof cell === 'number' ? (
                  <td key={j} className={`${TD} text-right tabular-nums`}>
                    {formatNumber(cell)}
                  </td>
                ) : (
                  <td key={j} className={TD}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
