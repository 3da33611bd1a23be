import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { PreviewTable } from '~/components/imports/preview-table'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { applyImport, discardStagedImport, loadStaged, previewImport } from '~/models/imports/imports.server'
import { ROW_OUTCOMES } from '~/models/imports/outcome'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { readForm } from '~/utils/form-body.server'

// The preview of a staged import (issue 17): every row new, updated, unchanged or refused with
// the reason per cell, filtered by outcome and paged for large files. Nothing is written until
// "apply", which judges the file again against the database as it is then. The staged file is
// its uploader's only: anyone else gets 404.
const PAGE_SIZE = 100
const Params = z.object({
  outcome: z.enum(ROW_OUTCOMES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
})
const Intent = z.enum(['apply', 'discard'])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const staged = loadStaged(params.token ?? '', actor)
  if (!staged) throw new Response('Not found', { status: 404 })
  const p = Params.parse(Object.fromEntries(new URL(request.url).searchParams))
  const result = await previewImport({ kind: staged.meta.kind, bytes: staged.bytes, fileName: staged.meta.fileName, actor })
  const file = { name: staged.meta.fileName, kind: staged.meta.kind }
  if (!result.ok) return data({ file, refusal: result.refusal, preview: null }, { status: 400 })
  const { rows, counts, ignoredHeaders } = result.preview
  const shown = p.outcome ? rows.filter((r) => r.outcome === p.outcome) : rows
  const page = Math.min(p.page, Math.max(1, Math.ceil(shown.length / PAGE_SIZE)))
  return {
    file,
    refusal: null,
    preview: {
      counts,
      ignoredHeaders,
      outcome: p.outcome ?? null,
      page,
      pages: Math.max(1, Math.ceil(shown.length / PAGE_SIZE)),
      rows: shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(({ payload: _p, ...row }) => row),
    },
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const token = params.token ?? ''
  if (!loadStaged(token, actorOf(user))) throw new Response('Not found', { status: 404 })
  const parsed = Intent.safeParse((await readForm(request)).get('intent'))
  if (!parsed.success) return data({ errors: { _form: { key: 'form.invalidChoice' as const } } }, { status: 400 })
  if (parsed.data === 'discard') {
    discardStagedImport(token)
    return redirect('/imports')
  }
  const result = await applyImport({ token, actor: actingUserOf(user, context) })
  if (!result) throw new Response('Not found', { status: 404 })
  if (!result.ok) return data({ errors: { _form: result.refusal } }, { status: 409 })
  const { batch } = result
  if (batch.id === 0) return redirect(`/imports?unchanged=${batch.unchangedCount}&refused=${batch.refusedCount}`)
  return redirect(`/imports/${batch.id}${result.passwordsToken ? `?passwords=${result.passwordsToken}` : ''}`)
}

export default function ImportPreview() {
  const { file, refusal, preview } = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const kind = t(`imports.kind.${file.kind}`)
  const writable = preview ? preview.counts.new + preview.counts.updated : 0
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('imports.preview.title', { kind })}
        back={{ to: '/imports', label: t('imports.title') }}
        subtitle={t('imports.preview.file', { name: file.name })}
      />
      <FormAlert errors={sent?.errors} />
      {refusal ? (
        <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800" data-testid="import-refusal">
          {t(refusal.key, refusal.vars)}
        </div>
      ) : null}
      {preview ? (
        <>
          <p className="text-sm text-slate-600">{t('imports.preview.nothingWritten')}</p>
          <p className="font-medium" data-testid="import-counts">
            {t('imports.preview.counts', preview.counts)}
          </p>
          {preview.ignoredHeaders.length ? (
            <p className="field-warning">{t('imports.preview.ignored', { columns: preview.ignoredHeaders.join('、') })}</p>
          ) : null}
          <Form method="post" className="flex flex-wrap items-center gap-3">
            {writable > 0 ? (
              <button
                type="submit"
                name="intent"
                value="apply"
                className="btn-primary"
                disabled={navigation.state !== 'idle'}
                data-testid="import-apply"
              >
                {t('imports.preview.apply', { n: writable })}
              </button>
            ) : (
              <span className="text-sm">{t('imports.preview.nothingToApply')}</span>
            )}
            <button type="submit" name="intent" value="discard" className="btn">
              {t('imports.preview.cancel')}
            </button>
            {writable > 0 ? <span className="text-sm text-slate-600">{t('imports.preview.applyHint')}</span> : null}
          </Form>
          <nav className="flex flex-wrap gap-2 text-sm" aria-label={t('imports.preview.filter')}>
            <span>{t('imports.preview.filter')}:</span>
            <Link to="?" className={preview.outcome === null ? 'font-semibold' : 'link'}>
              {t('imports.preview.all')}
            </Link>
            {ROW_OUTCOMES.map((o) => (
              <Link key={o} to={`?outcome=${o}`} className={preview.outcome === o ? 'font-semibold' : 'link'}>
                {t(`imports.outcome.${o}`)} ({preview.counts[o]})
              </Link>
            ))}
          </nav>
          <PreviewTable rows={preview.rows} />
          {preview.pages > 1 ? (
            <nav className="flex gap-3 text-sm">
              {preview.page > 1 ? (
                <Link
                  className="link"
                  to={`?${new URLSearchParams({ ...(preview.outcome ? { outcome: preview.outcome } : {}), page: String(preview.page - 1) })}`}
                >
                  ←
                </Link>
              ) : null}
              <span className="token tabular-nums">
                {preview.page} / {preview.pages}
              </span>
              {preview.page < preview.pages ? (
                <Link
                  className="link"
                  to={`?${new URLSearchParams({ ...(preview.outcome ? { outcome: preview.outcome } : {}), page: String(preview.page + 1) })}`}
                >
                  →
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'imports.title')
