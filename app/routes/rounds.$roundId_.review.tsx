import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { revalidateWhenStale, StaleNotice, VersionField } from '~/components/ui/stale-notice'
import { catalogs } from '~/i18n/catalogs.server'
import { roundPageMessages } from '~/i18n/messages-asset.server'
import { localeOfMatches, pageTitle } from '~/i18n/meta'
import { useLocale, usePageMessages, useT } from '~/i18n/use-t'
import { RoundNoticeStage, type CertifyAnswer } from '~/components/rounds/round-notice-stage'
import { noticeCoverageWarning } from '~/domain/certification/public-notice'
import { isIsoDate } from '~/domain/dates'
import { translator, type MessageKey } from '~/i18n'
import { assignApplicationExpert, roundReviewPage, startRoundReview, takeShortlist } from '~/models/application-review.server'
import { publishShortlist, storedNoticeWarning } from '~/models/application-notice-step.server'
import { unassignApplicationExpert } from '~/models/application-panel.server'
import { certifyRound, roundNoticeStage } from '~/models/round-certify.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { readForm } from '~/utils/form-body.server'
import type { FieldErrors } from '~/utils/forms'
import type { ActingUser } from '~/models/result.server'
import { localeOf } from '~/utils/locale.server'

// The expert review of a round (issue 21, docs/decisions/024 plan step 4), the bureau's: start the
// review, assign experts per application (评审回避 refused by the model) or take one off before it
// scores, read the ranking and decide the shortlist, then publish it (公示) and certify (授牌).
// Forms told apart by `intent`; every rule is the model's.
const Intent = z.enum(['startReview', 'assignExpert', 'unassignExpert', 'shortlist', 'publishShortlist', 'certify'])
const IdParam = z.coerce.number().int().positive()

function roundIdOf(params: { roundId?: string }) {
  const id = IdParam.safeParse(params.roundId)
  if (!id.success) throw new Response('Not found', { status: 404 })
  return id.data
}

// the steps' refusals are written for the server alone (SERVER_ONLY_AREAS): this page shows them
const refusalMessages = (locale: 'zh' | 'en') =>
  Object.fromEntries(Object.entries(catalogs[locale] as Record<string, string>).filter(([k]) => k.startsWith('certification.refusal.')))

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'round:manage')
  const by = actingUserOf(user, context)
  const page = roundReviewPage({ by, roundId: roundIdOf(params) })
  const stage = roundNoticeStage({ by, roundId: roundIdOf(params) })
  if (!page || !stage) throw new Response('Not found', { status: 404 })
  const locale = localeOf(request, user.locale)
  const t = translator(locale)
  // the coverage warning is the server's words (certification.* stays off the browser's script)
  const applications = stage.applications.map((a) => {
    const warning = a.notice ? storedNoticeWarning(a.notice) : null
    return { ...a, warning: warning ? t(warning.key, warning.params) : null }
  })
  const coverage = stage.preview ? noticeCoverageWarning(stage.preview) : null
  const preview = stage.preview && {
    from: stage.preview.firstDay,
    to: stage.preview.lastDay,
    warning: coverage ? t(coverage.key, coverage.params) : null,
  }
  return { ...page, stage: { ...stage, preview, applications }, messages: { ...roundPageMessages(locale), ...refusalMessages(locale) } }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'round:manage')
  const roundId = roundIdOf(params)
  const form = await readForm(request)
  const value = (k: string) => (typeof form.get(k) === 'string' ? String(form.get(k)) : '')
  const intent = Intent.safeParse(value('intent'))
  if (!intent.success) return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors }, { status: 400 })
  const by = actingUserOf(user, context)
  const version = value('rowVersion')
  if (intent.data === 'certify') return certifyAction({ by, roundId, on: value('on'), locale: localeOf(request, user.locale) })
  if (intent.data === 'publishShortlist') {
    const published = publishShortlist({ by, roundId, version })
    if (!published.ok) return refusalResponse(published, { intent: intent.data })
    return redirect(`/rounds/${roundId}/review?saved=1`)
  }
  const result =
    intent.data === 'startReview'
      ? startRoundReview({ by, roundId, version })
      : intent.data === 'assignExpert'
        ? assignApplicationExpert({ by, applicationId: Number(value('applicationId')), expertId: value('expertId'), version })
        : intent.data === 'unassignExpert'
          ? unassignApplicationExpert({ by, applicationId: Number(value('applicationId')), reviewId: value('reviewId'), version })
          : takeShortlist({ by, roundId, chosen: form.getAll('chosen').map(String), version })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, applicationId: value('applicationId') })
  return redirect(`/rounds/${roundId}/review?saved=1`)
}

/**
 * 授牌: answered on the page itself, never redirected, so the new accounts' one-time passwords are
 * in this one response and nowhere else (not stored, not in a URL). The problems are worded here.
 */
async function certifyAction({ by, roundId, on, locale }: { by: ActingUser; roundId: number; on: string; locale: 'zh' | 'en' }) {
  if (!isIsoDate(on)) return data({ intent: 'certify', errors: { on: { key: 'form.invalidDate' } } as FieldErrors }, { status: 400 })
  const result = await certifyRound({ by, roundId, on, at: now() })
  if ('error' in result) throw new Response('Not found', { status: result.error === 'forbidden' ? 403 : 404 })
  const t = translator(locale)
  const notYet = result.notYet.map((n) => ({ ...n, reason: t(`certification.refusal.${n.reason}` as MessageKey) }))
  if (!result.ok) {
    const problems = result.problems.map((p) => ({ applicantName: p.applicantName, field: p.field, message: t(p.key, p.vars) }))
    const answer: CertifyAnswer = { ok: false, problems, notYet }
    return data({ intent: 'certify', errors: {} as FieldErrors, certified: answer }, { status: 409 })
  }
  const answer: CertifyAnswer = { ok: true, labs: result.labs, notYet, on: result.on }
  return data({ intent: 'certify', errors: {} as FieldErrors, certified: answer })
}

export default function RoundReviewPage() {
  const { round, applications, experts, ranking, canStart, stage, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const sent = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const nameOf = (id: number) => applications.find((a) => a.id === id)?.applicantName ?? String(id)
  const sentFor = (intent: string, applicationId?: number) =>
    sent &&
    sent.intent === intent &&
    (applicationId === undefined || ('applicationId' in sent && sent.applicationId === String(applicationId)))
      ? sent.errors
      : undefined
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${locale === 'zh' ? round.nameZh : round.nameEn} · ${t('rounds.review.title')}`}
        back={{ to: `/rounds/${round.id}`, label: locale === 'zh' ? round.nameZh : round.nameEn }}
      />
      {params.get('saved') && !sent ? <SavedNotice>{t('rounds.review.saved')}</SavedNotice> : null}
      {sent?.intent === '' ? <FormAlert errors={sent.errors} /> : null}
      <StaleNotice answer={sent} />

      {canStart ? (
        <Form method="post" className="card space-y-2">
          <p className="text-sm">{t('rounds.review.startHint')}</p>
          <FormAlert errors={sentFor('startReview')} />
          <VersionField version={round.rowVersion} />
          <button className="btn" name="intent" value="startReview">
            {t('rounds.review.start')}
          </button>
        </Form>
      ) : null}

      <section className="card space-y-3">
        <h2 className="font-semibold">{t('rounds.review.applications')}</h2>
        {applications.length === 0 ? <p className="text-sm text-gray-600">{t('rounds.review.none')}</p> : null}
        {applications.map((a) => (
          <div key={a.id} className="space-y-2 border-t pt-2" data-testid={`application-${a.id}`}>
            <div className="flex flex-wrap gap-2">
              <strong>{a.applicantName}</strong>
              <span>{a.labName}</span>
              <span className="text-sm text-gray-600">
                {a.score.state === 'complete'
                  ? `${t('rounds.review.mean')} ${a.score.mean}`
                  : a.score.state === 'pending'
                    ? t('rounds.review.pending', { scored: a.score.scored, total: a.score.scored + a.score.awaited })
                    : t('rounds.review.noExperts')}
              </span>
            </div>
            <ul className="text-sm">
              {a.panel.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center gap-2">
                  <span>
                    {p.expertName} · {t(`rounds.review.assignment.${p.status}`)}
                    {p.totalScore !== null ? ` · ${p.totalScore}` : ''}
                    {p.conflictReason ? ` · ${p.conflictReason}` : ''}
                  </span>
                  {/* only before the expert scores: the model refuses a scored or declined review */}
                  {a.status === 'under_review' && p.status === 'assigned' ? (
                    <Form method="post">
                      <VersionField version={a.rowVersion} />
                      <input type="hidden" name="applicationId" value={a.id} />
                      <input type="hidden" name="reviewId" value={p.id} />
                      <button className="link text-sm" name="intent" value="unassignExpert">
                        {t('rounds.review.unassign')}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
            <FormAlert errors={sentFor('unassignExpert', a.id)} />
            {a.status === 'under_review' ? (
              <Form method="post" className="flex flex-wrap items-center gap-2">
                <VersionField version={a.rowVersion} />
                <input type="hidden" name="applicationId" value={a.id} />
                <select name="expertId" aria-label={t('rounds.review.chooseExpert')} className="input" defaultValue="">
                  <option value="">{t('rounds.review.chooseExpert')}</option>
                  {experts
                    .filter((e) => !a.panel.some((p) => p.expertId === e.id))
                    .map((e) => (
                      <option key={e.id} value={e.id}>
                        {e.name}
                        {e.organisationName ? `（${e.organisationName}）` : ''}
                      </option>
                    ))}
                </select>
                <button className="btn" name="intent" value="assignExpert">
                  {t('rounds.review.assign')}
                </button>
                <FormAlert errors={sentFor('assignExpert', a.id)} />
              </Form>
            ) : null}
          </div>
        ))}
      </section>

      {ranking && ranking.ranked.length + ranking.unranked.length > 0 ? (
        <Form method="post" className="card space-y-3">
          <h2 className="font-semibold">{t('rounds.review.ranking')}</h2>
          <p className="text-sm">{t('rounds.review.shortlistHint')}</p>
          <FormAlert errors={sentFor('shortlist')} />
          <VersionField version={round.rowVersion} />
          <table className="w-full text-sm">
            <thead>
              <tr>
                <th />
                <th className="text-left">{t('rounds.review.position')}</th>
                <th className="text-left">{t('rounds.review.applications')}</th>
                <th className="text-right">{t('rounds.review.mean')}</th>
                <th className="text-right">{t('rounds.review.lowest')}</th>
              </tr>
            </thead>
            <tbody>
              {ranking.ranked.map((r) => (
                <tr key={r.id}>
                  <td>
                    <input type="checkbox" name="chosen" value={r.id} aria-label={nameOf(r.id)} />
                  </td>
                  <td>{r.position}</td>
                  <td>
                    {nameOf(r.id)}
                    {r.tiedWithPrevious ? <span className="ml-2 text-amber-700">{t('rounds.review.tied')}</span> : null}
                  </td>
                  <td className="text-right">{r.mean}</td>
                  <td className="text-right">{r.lowest}</td>
                </tr>
              ))}
              {ranking.unranked.map((u) => (
                <tr key={u.id} className="text-gray-600">
                  <td />
                  <td>—</td>
                  <td>{nameOf(u.id)}</td>
                  <td className="text-right" colSpan={2}>
                    {u.score.state === 'pending'
                      ? t('rounds.review.pending', { scored: u.score.scored, total: u.score.scored + u.score.awaited })
                      : t('rounds.review.noExperts')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button className="btn" name="intent" value="shortlist">
            {t('rounds.review.shortlist')}
          </button>
        </Form>
      ) : null}

      <RoundNoticeStage
        roundVersion={round.rowVersion}
        stage={stage}
        publishErrors={sentFor('publishShortlist')}
        certifyErrors={sentFor('certify')}
        certified={sent && 'certified' in sent ? (sent.certified as CertifyAnswer) : undefined}
      />
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction<typeof loader> = (args) =>
  pageTitle(args, 'rounds.review.title', args.data ? args.data.round[localeOfMatches(args.matches) === 'zh' ? 'nameZh' : 'nameEn'] : null)
