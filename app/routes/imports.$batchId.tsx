import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { getBatch } from '~/models/imports/imports.server'
import { formatShanghaiMinute } from '~/domain/dates'
import { can } from '~/domain/permissions'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { idParam } from '~/utils/params'

// One applied import (issue 17): its counts, who and when, the kept file for the bureau, and
// right after the apply the one-time download of new accounts' initial passwords. The bureau sees
// every import, anyone else their own; 404 otherwise.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'import:roster')
  const actor = actorOf(user)
  const batch = getBatch({ id: idParam(params.batchId), actor })
  if (!batch) throw new Response('Not found', { status: 404 })
  const passwords = new URL(request.url).searchParams.get('passwords')
  const when = formatShanghaiMinute(batch.createdAt)
  return { batch, when, bureau: can(actor, 'import:manage'), passwords: passwords && /^[0-9a-f]{48}$/.test(passwords) ? passwords : null }
}

export default function ImportBatchPage() {
  const { batch, when, bureau, passwords } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('imports.result.title')}
        back={{ to: '/imports', label: t('imports.title') }}
        subtitle={`${t(`imports.kind.${batch.kind}`)} · ${batch.fileName} · ${batch.actorName} · ${when}`}
      />
      <SavedNotice>
        <span data-testid="import-result">
          {t('imports.result.done', {
            new: batch.newCount,
            updated: batch.updatedCount,
            unchanged: batch.unchangedCount,
            refused: batch.refusedCount,
          })}
        </span>
      </SavedNotice>
      {passwords ? (
        <div className="card space-y-2">
          <a
            href={`/imports/${batch.id}/passwords.xlsx?token=${passwords}`}
            className="btn-primary"
            download
            data-testid="import-passwords"
          >
            {t('imports.result.passwords')}
          </a>
          <p className="text-sm text-slate-600">{t('imports.result.passwordsHint')}</p>
        </div>
      ) : null}
      {bureau ? (
        <p className="space-x-3 text-sm">
          <a href={`/imports/${batch.id}/file`} className="link" download data-testid="import-file">
            {t('imports.download')}
          </a>
          <Link to={`/audit?entityType=import_batch&entityId=${batch.id}`} className="link">
            {t('nav.audit')}
          </Link>
        </p>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'imports.result.title')
