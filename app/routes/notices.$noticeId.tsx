import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { revalidateWhenStale, StaleNotice, VersionField } from '~/components/ui/stale-notice'
import { formatShanghaiTime } from '~/domain/dates'
import { translator, type MessageKey } from '~/i18n'
import { pageMessages } from '~/i18n/messages-asset.server'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { confirmNotice, decideObjection, noticeDetail, recordObjection } from '~/models/public-notices.server'
import { isRecheckProposal, type RenewalProposal } from '~/models/renewals.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { readForm } from '~/utils/form-body.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { localeOf } from '~/utils/locale.server'
import { idParam } from '~/utils/params'

// 公示与异议 (issue 21 item 6): the bureau records the objections received on a notice, decides
// each, and confirms the notice after its last day. Every other role: 404, as any page out of role.
const Intent = z.enum(['recordObjection', 'decideObjection', 'confirm'])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const detail = noticeDetail(actorOf(user), idParam(params.noticeId))
  if (!detail) throw new Response('Not found', { status: 404 })
  const locale = localeOf(request, user.locale)
  const { startsOn, endsOn, estimated } = detail.notice
  // the last day is a Monday-to-Friday guess where the calendar lacks a year (server-only words)
  const years = [...new Set([startsOn.slice(0, 4), endsOn.slice(0, 4)])].join('、')
  const t = translator(locale)
  const warning = estimated ? t('certification.notice.estimated', { years }) : null
  // an application's recommending office: a district's name, or the city department's in the user's language
  const subject = detail.subject
  const office =
    subject?.kind === 'application'
      ? subject.officeDistrictCode
        ? t(`district.${subject.officeDistrictCode}` as MessageKey)
        : ((locale === 'zh' ? subject.departmentZh : subject.departmentEn) ?? '')
      : null
  // a re-check after rectification announced (ADR 025) says so: its confirm applies the re-check
  const recheck = subject?.kind === 'renewal' && isRecheckProposal(JSON.parse(detail.notice.proposal) as RenewalProposal)
  return { ...detail, office, warning, recheck, today: today(), messages: pageMessages(locale, 'notice.') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const by = actingUserOf(user, context)
  const noticeId = idParam(params.noticeId)
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success)
    return data({ intent: '', id: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const result =
    intent.data === 'recordObjection'
      ? recordObjection({ by, noticeId, raw: values })
      : intent.data === 'decideObjection'
        ? decideObjection({ by, noticeId, objectionId: objectionIdOf(values.id), raw: values, version: values.rowVersion })
        : confirmNotice({ by, noticeId, version: values.rowVersion })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, id: values.id ?? '', values })
  return redirect(`/notices/${noticeId}?saved=${intent.data}`)
}

// an id that is no id (letters, empty, huge) is an objection not found, never a server error
const objectionIdOf = (raw: string | undefined) => (raw && /^\d{1,12}$/.test(raw) ? Number(raw) : 0)

export default function NoticePage() {
  const { notice, subject, office, objections, confirmRefusal, warning, recheck, today: day, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const sent = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const sentFor = (intent: string, id = '') => (sent && sent.intent === intent && sent.id === id ? sent : undefined)
  const live = notice.withdrawnAt === null && notice.confirmedAt === null
  const formShown = (answer: { intent: string; id: string }) =>
    live &&
    (answer.intent === 'recordObjection' ||
      answer.intent === 'confirm' ||
      (answer.intent === 'decideObjection' && objections.some((o) => String(o.id) === answer.id && o.decision === 'pending')))
  const state = notice.withdrawnAt ? 'withdrawn' : notice.confirmedAt ? 'confirmed' : day <= notice.endsOn ? 'open' : 'ended'
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('notice.title')}
        subtitle={
          subject?.kind === 'renewal'
            ? t('notice.subject', { lab: subject.labName })
            : subject
              ? t('notice.subjectApplication', { applicant: subject.applicantName })
              : undefined
        }
        back={
          subject?.kind === 'renewal'
            ? // a renewal decided without an application is on the lab's draft, which the bureau opens from the lab's renewal entry
              {
                to: subject.status === 'draft' ? `/labs/${subject.labId}/renewal` : `/labs/${subject.labId}/renewals/${subject.renewalId}`,
                label: subject.labName,
              }
            : subject
              ? { to: `/applications/${subject.applicationId}`, label: subject.applicantName }
              : undefined
        }
        actions={
          <span className="flex gap-4 text-sm">
            <Link to="/public/notices" className="link">
              {t('nav.publicNotices')}
            </Link>
            <Link to={`/audit?entityType=public_notice&entityId=${notice.id}`} className="link">
              {t('settings.history')}
            </Link>
          </span>
        }
      />
      {params.get('saved') && !sent ? <SavedNotice>{t('notice.saved')}</SavedNotice> : null}
      {/* an answer whose form is not on the page now (the notice closed, the objection decided meanwhile) is shown here */}
      {sent && !formShown(sent) ? <FormAlert errors={sent.errors} /> : null}
      <StaleNotice answer={sent} />
      <section className="card space-y-1" data-testid="notice-summary" data-state={state}>
        {recheck ? <p data-testid="notice-recheck">{t('notice.recheckProposal')}</p> : null}
        <p>{t('notice.period', { from: notice.startsOn, to: notice.endsOn })}</p>
        <p className="font-medium">{t(`notice.state.${state}`)}</p>
        {warning ? <p className="text-sm text-amber-800">{warning}</p> : null}
        {notice.withdrawnReason ? <p className="text-sm">{t('notice.withdrawnReason', { reason: notice.withdrawnReason })}</p> : null}
      </section>
      {subject?.kind === 'application' ? (
        <section className="card space-y-1" data-testid="notice-application">
          <p>{t('notice.application.lab', { lab: subject.labName })}</p>
          <p>{t('notice.application.office', { office: office ?? '' })}</p>
          <Link to={`/applications/${subject.applicationId}`} className="link">
            {t('notice.application.open')}
          </Link>
        </section>
      ) : null}
      <section className="card space-y-3" aria-labelledby="objections">
        <h2 id="objections" className="text-lg font-semibold">
          {t('notice.objections')}
        </h2>
        {objections.length === 0 ? <p className="text-sm text-slate-600">{t('notice.noObjections')}</p> : null}
        <ol className="space-y-3">
          {objections.map((o) => (
            <li key={o.id} className="border-l-2 border-slate-200 pl-3" data-objection={o.id} data-decision={o.decision}>
              <p className="text-sm text-slate-600">
                {o.receivedOn}
                {/* received after the last day: recorded, and marked so the decision can weigh it */}
                {o.receivedOn > notice.endsOn ? ` (${t('notice.objection.late')})` : ''} · {o.objector || t('notice.objection.anonymous')}
                {o.contact ? ` · ${o.contact}` : ''}
              </p>
              <p className="whitespace-pre-wrap">{o.content}</p>
              <p className="text-sm font-medium">{t(`notice.objection.${o.decision}`)}</p>
              {o.decidedAt ? (
                <p className="text-sm text-slate-600">
                  {formatShanghaiTime(o.decidedAt)} · {o.decisionReason}
                </p>
              ) : null}
              {o.decision === 'pending' && live ? (
                <Form method="post" className="mt-2 space-y-2" noValidate>
                  <input type="hidden" name="intent" value="decideObjection" />
                  <input type="hidden" name="id" value={o.id} />
                  <VersionField version={o.rowVersion} />
                  <FormAlert errors={sentFor('decideObjection', String(o.id))?.errors} />
                  <fieldset>
                    <legend className="label">{t('notice.objection.decision')}</legend>
                    {(['sustained', 'dismissed'] as const).map((d) => (
                      <label key={d} className="mr-4 inline-flex items-center gap-1">
                        <input
                          type="radio"
                          name="decision"
                          value={d}
                          defaultChecked={sentFor('decideObjection', String(o.id))?.values.decision === d}
                        />
                        {t(`notice.objection.${d}`)}
                      </label>
                    ))}
                    {sentFor('decideObjection', String(o.id))?.errors.decision ? (
                      <p className="text-sm text-red-700">{t('form.invalidChoice')}</p>
                    ) : null}
                  </fieldset>
                  <Field
                    name="reason"
                    idPrefix={`objection-${o.id}`}
                    label={t('notice.objection.reason')}
                    errors={sentFor('decideObjection', String(o.id))?.errors}
                    required
                  >
                    {(p) => (
                      <textarea
                        {...p}
                        className="input w-full"
                        rows={2}
                        defaultValue={sentFor('decideObjection', String(o.id))?.values.reason ?? ''}
                      />
                    )}
                  </Field>
                  <button type="submit" className="btn-secondary">
                    {t('notice.objection.decide')}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
        {live ? <ObjectionForm sent={sentFor('recordObjection')} today={day} /> : null}
      </section>
      {live && subject?.kind === 'application' ? (
        <section className="card space-y-2" data-testid="notice-certify-on-round">
          <p className="text-sm">{t('notice.application.certifyOnRound')}</p>
          <Link to={`/rounds/${subject.roundId}/review`} className="link">
            {t('notice.application.round')}
          </Link>
        </section>
      ) : live ? (
        <section className="card space-y-2" aria-labelledby="confirm">
          <h2 id="confirm" className="text-lg font-semibold">
            {t('notice.confirm')}
          </h2>
          <p className="text-sm">{t('notice.confirmHelp')}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="confirm" />
            <VersionField version={notice.rowVersion} />
            <FormAlert errors={sentFor('confirm')?.errors} />
            <button type="submit" className="btn-primary" data-refusal={confirmRefusal ?? ''}>
              {t('notice.confirm')}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

function ObjectionForm({ sent, today: day }: { sent: { errors: FieldErrors; values: Record<string, string> } | undefined; today: string }) {
  const t = useT()
  return (
    <Form method="post" className="space-y-2 border-t pt-3" noValidate data-testid="objection-form">
      <input type="hidden" name="intent" value="recordObjection" />
      <FormAlert errors={sent?.errors} />
      <Field name="receivedOn" label={t('notice.objection.receivedOn')} errors={sent?.errors} required>
        {(p) => <input {...p} type="date" className="input" max={day} defaultValue={sent?.values.receivedOn ?? day} />}
      </Field>
      <Field name="objector" label={t('notice.objection.objector')} errors={sent?.errors}>
        {(p) => <input {...p} className="input w-full" defaultValue={sent?.values.objector ?? ''} />}
      </Field>
      <Field name="contact" label={t('notice.objection.contact')} errors={sent?.errors}>
        {(p) => <input {...p} className="input w-full" defaultValue={sent?.values.contact ?? ''} />}
      </Field>
      <Field name="content" label={t('notice.objection.content')} errors={sent?.errors} required>
        {(p) => <textarea {...p} className="input w-full" rows={3} defaultValue={sent?.values.content ?? ''} />}
      </Field>
      <button type="submit" className="btn-secondary">
        {t('notice.objection.record')}
      </button>
    </Form>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'notice.title')
