import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { DecisionFacts } from '~/components/compliance/decision-facts'
import { DecisionForm } from '~/components/renewals/decision-form'
import { NoticeStep } from '~/components/renewals/notice-step'
import { RenewalStatusBadge } from '~/components/renewals/renewal-status-badge'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { revalidateWhenStale, StaleNotice, withoutStale } from '~/components/ui/stale-notice'
import { isOwnLab } from '~/domain/permissions'
import type { RenewalStatus } from '~db/schema/enums'
import { decisionsWithoutApplication, rectificationDeadline } from '~/domain/renewals'
import { pageTitle } from '~/i18n/meta'
import { pageMessages } from '~/i18n/messages-asset.server'
import { usePageMessages, useT } from '~/i18n/use-t'
import { decisionFactsOf } from '~/models/decision-facts.server'
import { allGrades } from '~/models/grades.server'
import { liveNoticeOf } from '~/models/notice-records.server'
import { decideWithoutApplication, noticeStepOf, renewalStateOf, startApplication, type RenewalUser } from '~/models/renewals.server'
import { refusalResponse } from '~/models/result.server'
import { ruleSettings } from '~/models/settings.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { localeOf } from '~/utils/locale.server'
import { readForm } from '~/utils/form-body.server'

// A lab's renewal as it stands for its latest period: when the window opens, the lab starts its
// application here; the bureau decides here when the lab never applied, or revokes for cause.
const Intent = z.enum(['start', 'decideWithout'])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const state = renewalStateOf({ actor, labId: idParam(params.labId) })
  if (!state) throw new Response('Not found', { status: 404 })
  const settings = ruleSettings()
  const { period, renewal, window } = state
  const undecided = period !== null && period.outcome === null
  const applied = renewal !== null && renewal.status !== 'draft'
  // 公示 of a renewal decided without an application (ADR 025): the bureau may only revoke meanwhile
  const notice = state.renewalId === null ? null : liveNoticeOf('renewal', state.renewalId)
  const announced = notice !== null && notice.confirmedAt === null
  const bureauDecisions =
    actor.role === 'bureau' && period !== null && undecided && !applied
      ? announced
        ? (['revoke'] as const)
        : decisionsWithoutApplication({ period, renewalStatus: renewal?.status ?? null, today: today() })
      : null
  return {
    // the notice's words (pageMessages): not in every page's messages script
    messages: pageMessages(localeOf(request, user.locale), 'notice.'),
    notice: noticeStepOf(notice),
    canManageNotice: actor.role === 'bureau',
    lab: state.lab,
    period,
    renewal,
    window,
    windowDays: settings.renewalWindowDays,
    canStart: isOwnLab(actor, state.lab) && undecided && window?.open === true,
    // the bureau: all decisions once the period has ended unapplied, revocation for cause before;
    // an application, once there is one, is decided on its own page
    // the row version the bureau's decision posts: the period's renewal's, 0 when there is none
    // (a draft the bureau may not see still has one)
    decideVersion: state.decideVersion,
    bureauDecisions,
    // the lab's failing and warning checks and its eligibility record, beside the decision (issue 19)
    facts: bureauDecisions ? decisionFactsOf({ labId: state.lab.id, today: today() }) : null,
    today: today(),
    grades: allGrades(),
    months: settings.rectificationMonths,
    defaultDeadline: rectificationDeadline(today(), settings.rectificationMonths),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const labId = idParam(params.labId)
  const by: RenewalUser = actingUserOf(user, context)
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success) return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const result =
    intent.data === 'start'
      ? startApplication({ by, labId })
      : decideWithoutApplication({ by, labId, raw: values, version: values.rowVersion })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
  // a renewal announced first (公示) is on the lab's draft, which only the lab opens: the bureau stays here
  if (intent.data === 'decideWithout' && result.renewal.decision === null) return redirect(`/labs/${labId}/renewal?saved=announced`)
  return redirect(`/labs/${labId}/renewals/${result.renewal.id}?saved=${intent.data === 'start' ? 'created' : 'decided'}`)
}

export default function LabRenewal() {
  const d = useLoaderData<typeof loader>()
  usePageMessages(d.messages)
  const sent = useActionData<typeof action>()
  const t = useT()
  const [params] = useSearchParams()
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('renewals.labTitle', { lab: d.lab.name })}
        actions={
          <Link to={`/labs/${d.lab.id}`} className="btn">
            {t('renewals.backToLab')}
          </Link>
        }
        subtitle={t('renewals.intro', { days: d.windowDays })}
      />
      {params.get('saved') === 'announced' ? <SavedNotice>{t('notice.published')}</SavedNotice> : null}
      {d.notice ? <NoticeStep notice={d.notice} today={d.today} canManage={d.canManageNotice} /> : null}
      {sent?.intent === 'start' || sent?.intent === '' ? <FormAlert errors={sent.errors} /> : null}
      <StaleNotice answer={sent} statusLabel={(s) => t(`renewals.status.${s as RenewalStatus}`)} typedField="reasons" />
      {!d.period ? (
        <p className="card text-sm">{t('renewals.error.noPeriod')}</p>
      ) : (
        <section className="card space-y-3" data-testid="renewal-state">
          <p className="font-medium">
            {t('renewals.period', { sequence: d.period.sequence, start: d.period.startDate, end: d.period.endDate })}
          </p>
          <p className="text-sm" data-testid="renewal-window">
            {d.period.outcome
              ? t('renewals.window.decided', { outcome: t(`outcome.${d.period.outcome}`) })
              : !d.window?.open
                ? t('renewals.window.notYet', { date: d.window?.opensOn ?? '' })
                : d.window.ended && !d.renewal
                  ? t('renewals.window.ended', { end: d.period.endDate })
                  : t('renewals.window.open', { end: d.period.endDate })}
          </p>
          {d.renewal ? (
            <p className="flex items-center gap-2">
              <RenewalStatusBadge status={d.renewal.status} />
              <Link to={`/labs/${d.lab.id}/renewals/${d.renewal.id}`} className="link" data-testid="open-renewal">
                {t('renewals.open')}
              </Link>
            </p>
          ) : d.canStart ? (
            <Form method="post">
              <input type="hidden" name="intent" value="start" />
              <button type="submit" className="btn-primary">
                {t('renewals.start')}
              </button>
            </Form>
          ) : null}
        </section>
      )}
      {d.bureauDecisions ? (
        <section className="card" aria-labelledby="without-title">
          <h2 id="without-title" className="mb-3 font-semibold">
            {d.bureauDecisions.length === 1 ? t('renewals.revoke') : t('renewals.decideWithout')}
          </h2>
          {d.facts ? (
            <div className="mb-4">
              <DecisionFacts facts={d.facts} today={d.today} />
            </div>
          ) : null}
          <DecisionForm
            key={d.decideVersion}
            facts={d.facts}
            intent="decideWithout"
            version={d.decideVersion}
            decisions={d.bureauDecisions}
            grades={d.grades}
            values={sent?.intent === 'decideWithout' ? sent.values : undefined}
            errors={sent?.intent === 'decideWithout' ? withoutStale(sent)?.errors : undefined}
            defaultDeadline={d.defaultDeadline}
            months={d.months}
            hint={d.bureauDecisions.length === 1 ? t('renewals.revokeHint') : t('renewals.decideWithoutHint')}
            submitLabel={d.bureauDecisions.length === 1 ? t('renewals.revoke') : t('renewals.decide')}
          />
        </section>
      ) : null}
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'nav.renewals')
