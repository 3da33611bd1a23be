import type { ReactNode } from 'react'

// A plain table in a card: one heading per column (null for a column of buttons) and the rows the
// page renders itself. For short server-paged lists that sort nothing (inbox, outbox, job runs);
// a list sorted and filtered in the URL uses DataTable.
export function SimpleTable({ headings, testId, children }: { headings: (string | null)[]; testId?: string; children: ReactNode }) {
  return (
    <div className="card table-scroll" tabIndex={0}>
      <table className="min-w-full" data-testid={testId}>
        <thead>
          <tr>
            {headings.map((heading, i) => (
              <th key={i} className="th">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
