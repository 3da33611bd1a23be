import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { GradeBadge, RoundSettingsLine, StatusBadge } from '~/components/evaluations/parts'
import { ResultsTable } from '~/components/evaluations/results-table'
import { RefusalNotice } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { isStaleAnswer, revalidateWhenStale, StaleNotice, VersionField } from '~/components/ui/stale-notice'
import { formatShanghaiMinute } from '~/domain/dates'
import { isMessageKey, type MessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { parseResultParams, resultParamsHref } from '~/models/evaluation-form'
import { adjustResult, getRoundPage, publishRound, recomputeRound } from '~/models/evaluations.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { readForm } from '~/utils/form-body.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { DISTRICT_CODES, EVALUATION_GRADES } from '~db/schema/enums'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'

// /evaluations/:roundId — one round of the annual evaluation (issue 16, part 5): every lab's
// components, score, proposed and final grade, sorted, filtered and paged in SQL. While the round
// is open the bureau adjusts a lab's final grade (reason required), recomputes the proposals from
// the record and publishes (refused while the final grades exceed the caps). A district office
// reads its own district's labs of a published round; nobody else has the page.
const Intent = z.enum(['adjust', 'recompute', 'publish'])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = actorOf(requireUser(request))
  const page = getRoundPage({ actor, roundId: idParam(params.roundId), params: parseResultParams(new URL(request.url).searchParams) })
  if (!page) throw new Response('Not found', { status: 404 })
  return { ...page, params: parseResultParams(new URL(request.url).searchParams), role: actor.role }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const by = actingUserOf(requireUser(request), context)
  const roundId = idParam(params.roundId)
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success) return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const version = values.rowVersion
  const result =
    intent.data === 'adjust'
      ? adjustResult({ by, roundId, raw: values, version })
      : intent.data === 'recompute'
        ? recomputeRound({ by, roundId, version })
        : publishRound({ by, roundId, version })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
  // back to the table as it was shown (filters, sort, page)
  const back = new URL(request.url).search
  const q = new URLSearchParams(back)
  q.set('saved', intent.data)
  return redirect(`/evaluations/${roundId}?${q.toString()}`)
}

export default function RoundPage() {
  const d = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  const [search] = useSearchParams()
  const t = useT()
  const r = d.round
  const base = `/evaluations/${r.id}`
  const savedKey = `evaluation.saved.${search.get('saved')}`
  const errors: FieldErrors | undefined = sent && !isStaleAnswer(sent) ? sent.errors : undefined
  const typed = sent?.values as Record<string, string> | undefined
  const adjusting =
    sent?.intent === 'adjust' && !isStaleAnswer(sent) && typed?.resultId ? { resultId: typed.resultId, errors, values: typed } : null
  // a refusal the adjust form cannot show (its row is not on this page) or a round-wide one
  const roundRefusal = sent && !isStaleAnswer(sent) && (sent.intent !== 'adjust' || !d.rows.some((x) => String(x.id) === typed?.resultId))
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('evaluation.title')} · ${t('evaluation.year', { year: r.year })}`}
        back={{ to: '/evaluations', label: t('evaluation.title') }}
        badges={<StatusBadge status={r.status} />}
        actions={
          <>
            {/* the table's filters and sort, every row */}
            <a href={`/evaluations/${r.id}.xlsx${exportQuery(d.params)}`} className="btn" data-testid="evaluation-xlsx">
              {t('evaluation.xlsx')}
            </a>
            {d.canAudit ? (
              <Link to={`/audit?entityType=evaluation_round&entityId=${r.id}`} className="link text-sm">
                {t('evaluation.history')}
              </Link>
            ) : null}
          </>
        }
      />
      {isMessageKey(savedKey) && !sent ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      {roundRefusal ? <RefusalNotice errors={sent.errors} /> : null}
      <StaleNotice answer={sent} statusLabel={(s) => t(statusKey(s))} typedField="reason" />
      <section className="card space-y-2">
        <RoundSettingsLine settings={r.settings} />
        <p className="text-xs text-slate-500">{t('evaluation.scoring')}</p>
        <p className="text-xs text-slate-500">
          {t('evaluation.opened', {
            who: r.openedByName ?? '—',
            at: formatShanghaiMinute(r.openedAt),
            computed: formatShanghaiMinute(r.computedAt),
          })}
          {r.publishedAt
            ? ` · ${t('evaluation.publishedBy', { who: r.publishedByName ?? '—', at: formatShanghaiMinute(r.publishedAt) })}`
            : null}
        </p>
        <p className="flex flex-wrap gap-3 text-sm" data-testid="final-counts">
          {EVALUATION_GRADES.map((g) => (
            <span key={g}>
              <GradeBadge grade={g} /> <span className="token tabular-nums">{d.finalCounts[g]}</span>
            </span>
          ))}
          {d.finalCounts.none ? (
            <span>
              <GradeBadge grade={null} /> <span className="token tabular-nums">{d.finalCounts.none}</span>
            </span>
          ) : null}
        </p>
        {r.status === 'published' ? <p className="text-sm text-slate-600">{t('evaluation.locked')}</p> : null}
      </section>
      {d.canManage ? (
        <section className="card space-y-2" aria-label={t('evaluation.publish')}>
          {d.problems.length ? (
            <div className="field-warning" data-testid="publish-problems">
              {t('evaluation.problems')} {d.problems.map((p) => t(p.key as MessageKey, p.vars)).join(' ')}
            </div>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Form method="post">
              <VersionField version={r.rowVersion} />
              <button className="btn" name="intent" value="recompute" title={t('evaluation.recompute.hint')}>
                {t('evaluation.recompute')}
              </button>
            </Form>
            <Form method="post">
              <VersionField version={r.rowVersion} />
              <ConfirmSubmit
                name="intent"
                value="publish"
                className="btn-primary"
                danger={false}
                label={t('evaluation.publish')}
                question={t('confirm.evaluation.question', { year: r.year })}
                consequence={<p>{t('confirm.evaluation.body')}</p>}
              />
            </Form>
          </div>
          <p className="text-xs text-slate-500">{t('evaluation.publish.hint')}</p>
        </section>
      ) : null}
      <Form method="get" className="flex flex-wrap items-end gap-2" data-testid="result-filters">
        <input type="hidden" name="sort" value={d.params.sort} />
        <input type="hidden" name="dir" value={d.params.dir} />
        {d.role === 'bureau' ? (
          <label className="text-sm">
            <span className="label">{t('evaluation.filter.district')}</span>
            <select name="district" defaultValue={d.params.district ?? ''} className="input w-auto">
              <option value="">{t('evaluation.filter.all')}</option>
              {DISTRICT_CODES.map((c) => (
                <option key={c} value={c}>
                  {t(`district.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="text-sm">
          <span className="label">{t('evaluation.filter.grade')}</span>
          <select name="grade" defaultValue={d.params.grade ?? ''} className="input w-auto">
            <option value="">{t('evaluation.filter.all')}</option>
            {[...EVALUATION_GRADES, 'none' as const].map((g) => (
              <option key={g} value={g}>
                {t(`evaluation.grade.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <button className="btn">{t('evaluation.filter.apply')}</button>
      </Form>
      {d.rows.length === 0 ? (
        <p className="card text-sm text-slate-600">{t('evaluation.noResults')}</p>
      ) : (
        <div className="card table-scroll" tabIndex={0}>
          <ResultsTable base={base} params={{ ...d.params, page: d.page }} rows={d.rows} canManage={d.canManage} adjusting={adjusting} />
        </div>
      )}
      <nav
        className="flex items-center gap-3 text-sm"
        aria-label={t('evaluation.pageOf', { page: d.page, pages: d.pages, total: d.total })}
      >
        <span data-testid="result-pages">{t('evaluation.pageOf', { page: d.page, pages: d.pages, total: d.total })}</span>
        {d.page > 1 ? (
          <Link className="link" to={resultParamsHref(base, d.params, { page: d.page - 1 })}>
            {t('evaluation.prev')}
          </Link>
        ) : null}
        {d.page < d.pages ? (
          <Link className="link" to={resultParamsHref(base, d.params, { page: d.page + 1 })}>
            {t('evaluation.next')}
          </Link>
        ) : null}
      </nav>
    </div>
  )
}

// a stale answer names the row's state now: a round's status, or a result's final grade
const statusKey = (s: string): MessageKey => {
  const grade = `evaluation.grade.${s}`
  return isMessageKey(grade)
    ? grade
    : isMessageKey(`evaluation.status.${s}`)
      ? (`evaluation.status.${s}` as MessageKey)
      : 'evaluation.grade.none'
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'evaluation.title')

// the table's filters and sort as the export's query (the page number does not apply)
function exportQuery(p: ReturnType<typeof parseResultParams>): string {
  const q = new URLSearchParams({ sort: p.sort, dir: p.dir })
  if (p.district) q.set('district', p.district)
  if (p.grade) q.set('grade', p.grade)
  return `?${q.toString()}`
}
