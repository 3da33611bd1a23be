import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Pagination } from '~/components/data-table/data-table'
import { SimpleTable } from '~/components/data-table/simple-table'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { importKindsOf, listBatches } from '~/models/imports/imports.server'
import { formatShanghaiMinute } from '~/domain/dates'
import { can } from '~/domain/permissions'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { PAGE_SIZES, pageParams, searchEntries } from '~/utils/list-params'

// The imports (issue 17): start an import of a kind the user may import, its template and the
// current records in import format, and the imports made so far (the bureau's list is everyone's,
// anyone else's their own). Experts import nothing: 404.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'import:roster')
  const actor = actorOf(user)
  const p = z.object(pageParams()).parse(searchEntries(new URL(request.url).searchParams))
  const { rows: batches, total } = listBatches({ actor, page: p.page, pageSize: p.size })
  // instants are stored in UTC; people read Suzhou's clock
  const rows = batches.map((b) => ({ ...b, when: formatShanghaiMinute(b.createdAt) }))
  // every kind one may import one may also export in import format (scoped as the import is)
  const kinds = importKindsOf(actor)
  // an apply that changed nothing records no import; its counts come back in the address
  const search = new URL(request.url).searchParams
  const unchanged = search.has('unchanged')
    ? { unchanged: Number(search.get('unchanged')) || 0, refused: Number(search.get('refused')) || 0 }
    : null
  return { kinds, rows, total, page: p.page, pageSize: p.size, bureau: can(actor, 'import:manage'), unchanged }
}

export default function ImportsPage() {
  const { kinds, rows, total, page, pageSize, bureau, unchanged } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader title={t('imports.title')} subtitle={t('imports.intro')} />
      {unchanged ? (
        <SavedNotice>
          <span data-testid="import-unchanged">
            {t('imports.result.nothing')} {t('imports.preview.counts', { new: 0, updated: 0, ...unchanged })}
          </span>
        </SavedNotice>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {kinds.map((kind) => (
          <div key={kind} className="card space-y-2" data-testid={`import-kind-${kind}`}>
            <h2 className="font-semibold">{t(`imports.kind.${kind}`)}</h2>
            <Link to={`/imports/new?kind=${kind}`} className="btn-primary">
              {t('imports.start', { kind: t(`imports.kind.${kind}`) })}
            </Link>
            <ul className="space-y-1 text-sm">
              <li>
                <a href={`/imports/templates/${kind}.xlsx`} className="link" download>
                  {t('imports.template')}
                </a>
                {' · '}
                <a href={`/imports/templates/${kind}.csv`} className="link" download>
                  {t('imports.templateCsv')}
                </a>
              </li>
              <li>
                <a href={`/imports/export/${kind}.xlsx`} className="link" download>
                  {t('imports.exportFormat')}
                </a>
              </li>
            </ul>
          </div>
        ))}
      </div>
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">{t('imports.history')}</h2>
        {rows.length ? <XlsxLink path="/imports.xlsx" keep={false} /> : null}
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t('imports.none')}</p>
      ) : (
        <SimpleTable
          testId="import-batches"
          headings={[t('imports.col.when'), t('imports.col.kind'), t('imports.col.who'), t('imports.col.file'), t('imports.col.counts')]}
        >
          {rows.map((b) => (
            <tr key={b.id}>
              <td className="td token tabular-nums">
                <Link to={`/imports/${b.id}`} className="link">
                  {b.when}
                </Link>
              </td>
              <td className="td">{t(`imports.kind.${b.kind}`)}</td>
              <td className="td">{b.actorName}</td>
              <td className="td">
                {bureau ? (
                  <a href={`/imports/${b.id}/file`} className="link" download>
                    {b.fileName}
                  </a>
                ) : (
                  b.fileName
                )}
              </td>
              <td className="td token tabular-nums">
                {b.newCount} / {b.updatedCount} / {b.unchangedCount} / {b.refusedCount}
              </td>
            </tr>
          ))}
        </SimpleTable>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} sizes={PAGE_SIZES} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'imports.title')
