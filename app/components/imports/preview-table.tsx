import { SimpleTable } from '~/components/data-table/simple-table'
import { useT } from '~/i18n/use-t'
import type { JudgedRow, RowOutcome } from '~/models/imports/outcome'

const TONE: Record<RowOutcome, string> = {
  new: 'bg-emerald-50 text-emerald-800',
  updated: 'bg-sky-50 text-sky-800',
  unchanged: 'bg-slate-100 text-slate-600',
  refused: 'bg-red-50 text-red-800',
}

// The preview's rows: each row's outcome, its errors and warnings by column, and for an update
// every changed cell as before → after.
export function PreviewTable({ rows }: { rows: Omit<JudgedRow, 'payload'>[] }) {
  const t = useT()
  return (
    <SimpleTable
      testId="import-preview"
      headings={[t('imports.preview.row'), t('imports.preview.record'), t('imports.preview.outcome'), t('imports.preview.details')]}
    >
      {rows.map((r) => (
        <tr key={r.rowNumber} data-row={r.rowNumber} data-outcome={r.outcome}>
          <td className="td token tabular-nums">{r.rowNumber}</td>
          <td className="td">{r.label}</td>
          <td className="td">
            <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${TONE[r.outcome]}`}>{t(`imports.outcome.${r.outcome}`)}</span>
          </td>
          <td className="td space-y-0.5">
            {r.errors.map((e, i) => (
              <p key={`e${i}`} className="text-red-700">
                <strong>{e.column}</strong>：{t(e.key, e.vars)}
              </p>
            ))}
            {r.warnings.map((w, i) => (
              <p key={`w${i}`} className="text-amber-700">
                <strong>{w.column}</strong>：{t(w.key, w.vars)}
              </p>
            ))}
            {r.changes.map((c, i) => (
              <p key={`c${i}`} className="text-slate-700">
                <strong>{c.column}</strong>：<del className="text-slate-500">{c.before || '—'}</del> → {c.after || '—'}
              </p>
            ))}
          </td>
        </tr>
      ))}
    </SimpleTable>
  )
}
