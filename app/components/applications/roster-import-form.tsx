import { Form } from '@remix-run/react'
import { VersionField } from '~/components/ui/stale-notice'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The application's roster from the labs' roster template (issue 21 item 3): the file replaces the
// whole roster, and a refused file lists every refused row with its column and reason.

type RowError = { rowNumber: number; column: string; key: MessageKey; vars?: Record<string, string | number> }
type Sent = { intent?: string; errors?: FieldErrors; rows?: readonly RowError[] } | undefined

export function RosterImportForm({ version, typed }: { version: number; typed: Sent }) {
  const t = useT()
  const mine = typed?.intent === 'importRoster' ? typed : undefined
  const fileError = mine?.errors?.file
  return (
    <section className="card space-y-3" aria-labelledby="roster-import-title" data-testid="section-roster-import">
      <h2 id="roster-import-title" className="font-semibold">
        {t('applications.rosterImport.title')}
      </h2>
      <p className="text-sm">{t('applications.rosterImport.replaces')}</p>
      <p className="text-sm text-gray-600">
        {t('applications.rosterImport.template')}{' '}
        <a className="link underline" href="/imports/templates/rosters.xlsx" download>
          xlsx
        </a>{' '}
        ·{' '}
        <a className="link underline" href="/imports/templates/rosters.csv" download>
          CSV
        </a>
      </p>
      <Form method="post" encType="multipart/form-data" className="flex flex-wrap items-end gap-3" key={`roster-import-${version}`}>
        <VersionField version={version} />
        <label className="text-sm">
          <span className="label">{t('applications.rosterImport.file')}</span>
          <input
            type="file"
            name="file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="block"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? 'roster-import-error' : undefined}
          />
        </label>
        <button className="btn" name="intent" value="importRoster">
          {t('applications.rosterImport.submit')}
        </button>
      </Form>
      {fileError ? (
        <p id="roster-import-error" role="alert" className="text-sm text-red-700">
          {t(fileError.key, fileError.vars)}
        </p>
      ) : null}
      {mine?.rows?.length ? (
        <table className="w-full text-sm" data-testid="roster-import-rows">
          <thead>
            <tr>
              <th className="text-left">{t('applications.rosterImport.row')}</th>
              <th className="text-left">{t('applications.rosterImport.column')}</th>
              <th className="text-left">{t('applications.rosterImport.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {mine.rows.map((r, i) => (
              <tr key={`${r.rowNumber}-${i}`}>
                <td className="tabular-nums">{r.rowNumber}</td>
                <td>{r.column}</td>
                <td>{t(r.key, r.vars)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  )
}
