import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import type { RenewalStatus } from '~db/schema/enums'
import { AttachmentList } from '~/components/attachments/attachment-list'
import { ApplicationForm, APPLICATION_FIELDS } from '~/components/renewals/application-form'
import { DecisionFacts } from '~/components/compliance/decision-facts'
import { DecisionForm } from '~/components/renewals/decision-form'
import { RenewalDossier } from '~/components/renewals/dossier'
import { NoticeStep } from '~/components/renewals/notice-step'
import { ReviewPanel } from '~/components/renewals/review-panel'
import { RecheckForm } from '~/components/renewals/recheck-form'
import { RenewalOutcome } from '~/components/renewals/renewal-outcome'
import { RenewalStatusBadge } from '~/components/renewals/renewal-status-badge'
import { RenewalThread } from '~/components/renewals/renewal-thread'
import { ProposedPlanSection } from '~/components/renewals/proposed-plan'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { isReviewIntent } from '~/domain/expert-review'
import { canDecide, canEditApplication, canRecheck, rectificationDeadline } from '~/domain/renewals'
import { isMessageKey, type MessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { attachmentsOf, removeAttachment, saveAttachments } from '~/models/attachments.server'
import { handleReviewIntent, reviewPanelData } from '~/models/review-panel.server'
import { allGrades } from '~/models/grades.server'
import { findRenewal } from '~/models/renewal-access.server'
import { renewalDossier } from '~/models/renewal-dossier.server'
import { decisionFactsOf } from '~/models/decision-facts.server'
import { dossierEvaluations } from '~/models/evaluations.server'
import {
  decideRenewal,
  noticeStepOf,
  periodById,
  recheckRenewal,
  renewalThread,
  submitApplication,
  updateApplication,
  type RenewalResult,
  type RenewalUser,
} from '~/models/renewals.server'
import { PLAN_INTENTS, isPlanIntent } from '~/models/renewal-plan-form'
import { decideRenewalPlan, proposedPlanOf, saveRenewalPlan } from '~/models/renewal-plans.server'
import { refusalResponse } from '~/models/result.server'
import { isStaleAnswer, editFormKey, revalidateWhenStale, StaleNotice, withoutStale } from '~/components/ui/stale-notice'
import { ruleSettings } from '~/models/settings.server'
import { liveNoticeOf } from '~/models/notice-records.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import type { FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { withUploadForm } from '~/utils/upload.server'
import { pageMessages } from '~/i18n/messages-asset.server'
import { localeOf } from '~/utils/locale.server'

// One page for a renewal: the lab writes and submits its application here; the bureau reads the
// application and the dossier, assigns experts and reads their reviews, and decides (or
// re-checks) here. Who the experts are and what they wrote is the bureau's: the lab and the
// district see neither the panel nor the experts' steps in the thread.
const EXPERT_STEPS = new Set(['assign_expert', 'unassign_expert', 'review'])
const Intent = z.enum(['save', 'submit', 'decide', 'recheck', 'removeAttachment', ...PLAN_INTENTS])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const found = findRenewal(actor, idParam(params.labId), idParam(params.renewalId))
  if (!found) throw new Response('Not found', { status: 404 })
  const { lab, renewal, period } = found
  const settings = ruleSettings()
  const day = today()
  const locale = localeOf(request, user.locale)
  // 公示 (issue 21): a decision or re-check announced and not yet confirmed is not taken again meanwhile
  // (a draft too: a decision without an application announces its renewal on the period's draft)
  const notice = liveNoticeOf('renewal', renewal.id)
  const inNotice = notice !== null && notice.confirmedAt === null
  const canRecheckNow = canRecheck(actor, renewal) && !inNotice
  return {
    // the embedded dossier's and the notice's words (pageMessages): not in every page's messages script
    messages: { ...pageMessages(locale, 'dossier.'), ...pageMessages(locale, 'notice.') },
    notice: noticeStepOf(notice),
    lab: { id: lab.id, name: lab.name },
    period: { sequence: period.sequence, startDate: period.startDate, endDate: period.endDate },
    renewal,
    newPeriod: periodById(renewal.newPeriodId),
    canEdit: canEditApplication(actor, { status: renewal.status, lab }) && !inNotice,
    canDecide: canDecide(actor, renewal) && !inNotice,
    canRecheck: canRecheckNow,
    // the lab's failing and warning checks and its eligibility record, beside the decision (issue 19)
    facts: (canDecide(actor, renewal) && !inNotice) || canRecheckNow ? decisionFactsOf({ labId: lab.id, today: day }) : null,
    today: day,
    grades: allGrades(),
    thread: renewalThread(renewal.id).filter((e) => actor.role === 'bureau' || !EXPERT_STEPS.has(e.action)),
    proposedPlan: proposedPlanOf(actor, found),
    dossier: renewal.status === 'draft' ? null : renewalDossier({ labId: lab.id, periodId: renewal.periodId, today: day, now: now() }),
    evaluations:
      renewal.status === 'draft' ? [] : dossierEvaluations({ labId: lab.id, startDate: period.startDate, endDate: period.endDate }),
    reviewPanel: actor.role === 'bureau' && renewal.status !== 'draft' ? reviewPanelData(actor, found) : null,
    attachments: attachmentsOf({ type: 'renewal', id: renewal.id, labId: lab.id }),
    maxMb: settings.attachmentMaxMb,
    months: settings.rectificationMonths,
    defaultDeadline: rectificationDeadline(day, settings.rectificationMonths),
    isExpert: actor.role === 'expert',
    canManageNotice: actor.role === 'bureau',
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const labId = idParam(params.labId)
  const renewalId = idParam(params.renewalId)
  const by: RenewalUser = actingUserOf(user, context)
  return withUploadForm(request, (upload) => {
    const values = upload.values
    if (!upload.ok) return data({ intent: values.intent ?? '', errors: upload.errors, values }, { status: upload.status })
    const owner = { type: 'renewal', id: renewalId, labId }
    // the experts panel's forms: assign and remove an expert (app/models/review-panel.server.ts)
    if (isReviewIntent(values.intent)) {
      const result = handleReviewIntent({ intent: values.intent, values, by, labId, renewalId })
      if (!result.ok) return refusalResponse(result, { intent: values.intent, values })
      return redirect(`/labs/${labId}/renewals/${renewalId}?saved=${values.intent}#review`)
    }
    const intent = Intent.safeParse(values.intent)
    if (!intent.success)
      return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
    // the next period's plan, proposed with the application (app/models/renewal-plans.server.ts)
    if (isPlanIntent(intent.data)) {
      const plan =
        intent.data === 'savePlan' || intent.data === 'submitPlan'
          ? saveRenewalPlan({ by, labId, renewalId, raw: values, version: values.rowVersion, submit: intent.data === 'submitPlan' })
          : decideRenewalPlan({
              by,
              labId,
              renewalId,
              decision: intent.data === 'approvePlan' ? 'approve' : 'return',
              reason: values.reason ?? '',
              version: values.rowVersion,
            })
      if (!plan.ok) return refusalResponse(plan, { intent: intent.data, values })
      return redirect(`/labs/${labId}/renewals/${renewalId}?saved=${intent.data}#proposed-plan`)
    }
    if (intent.data === 'removeAttachment') {
      const found = findRenewal(by, labId, renewalId)
      if (!found) throw new Response('Not found', { status: 404 })
      if (!canEditApplication(by, { status: found.renewal.status, lab: found.lab })) throw new Response('Forbidden', { status: 403 })
      if (!removeAttachment({ owner, attachmentId: Number(values.attachmentId), actor: by }))
        throw new Response('Not found', { status: 404 })
      return redirect(`/labs/${labId}/renewals/${renewalId}?saved=attachmentRemoved`)
    }
    const result: RenewalResult =
      intent.data === 'save'
        ? updateApplication({ by, labId, renewalId, raw: values, version: values.rowVersion })
        : intent.data === 'submit'
          ? submitApplication({ by, labId, renewalId, raw: values, version: values.rowVersion })
          : intent.data === 'decide'
            ? decideRenewal({ by, labId, renewalId, raw: values, version: values.rowVersion })
            : recheckRenewal({ by, labId, renewalId, raw: values, version: values.rowVersion })
    // the application's files are kept whether the text was complete or not: a draft may be half done
    const filing = intent.data === 'save' || intent.data === 'submit'
    if (!result.ok) {
      if (filing && result.error === 'invalid' && intent.data === 'submit') {
        updateApplication({ by, labId, renewalId, raw: values, version: values.rowVersion })
        saveAttachments({ owner, files: upload.files, actor: by })
      }
      return refusalResponse(result, { intent: intent.data, values })
    }
    if (filing) saveAttachments({ owner, files: upload.files, actor: by })
    // a decision (or re-check) to renew announced first (公示) is not taken yet
    const announced =
      (intent.data === 'decide' && result.renewal.decision === null) ||
      (intent.data === 'recheck' && result.renewal.recheckDecision === null)
    const saved = announced ? 'announced' : { save: 'updated', submit: 'submitted', decide: 'decided', recheck: 'rechecked' }[intent.data]
    return redirect(`/labs/${labId}/renewals/${renewalId}?saved=${saved}`)
  })
}

export default function RenewalPage() {
  const d = useLoaderData<typeof loader>()
  usePageMessages(d.messages)
  const sent = useActionData<typeof action>()
  const t = useT()
  const [params] = useSearchParams()
  const r = d.renewal
  const savedKey = `renewals.saved.${params.get('saved')}`
  const planSavedKey = `renewalPlan.saved.${params.get('saved')}`
  const planFeedback = sent && isPlanIntent(sent.intent) ? withoutStale(sent) : undefined
  const applicationFeedback = sent && (sent.intent === 'save' || sent.intent === 'submit') ? sent : undefined
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('renewals.labTitle', { lab: d.lab.name })}
        titleTestId="renewal-title"
        badges={<RenewalStatusBadge status={r.status} />}
        actions={
          <>
            <a href={`/labs/${d.lab.id}/renewals/${r.id}/dossier`} className="btn" data-testid="dossier-print">
              {t('renewals.dossierPrint')}
            </a>
            <a href={`/labs/${d.lab.id}/renewals/${r.id}/dossier.xlsx`} className="btn" data-testid="dossier-xlsx" download>
              {t('renewals.dossierXlsx')}
            </a>
            <a
              href={`/labs/${d.lab.id}/renewals/${r.id}/dossier.docx`}
              className="btn"
              title={t('word.downloadHint')}
              data-testid="dossier-docx"
              download
            >
              {t('word.download')}
            </a>
            {d.isExpert ? null : (
              <Link to={`/labs/${d.lab.id}`} className="btn">
                {t('renewals.backToLab')}
              </Link>
            )}
          </>
        }
        subtitle={t('renewals.period', { sequence: d.period.sequence, start: d.period.startDate, end: d.period.endDate })}
      />
      {isMessageKey(savedKey) ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      {params.get('saved') === 'announced' ? <SavedNotice>{t('notice.published')}</SavedNotice> : null}
      {d.notice ? <NoticeStep notice={d.notice} today={d.today} canManage={d.canManageNotice} /> : null}
      {isMessageKey(planSavedKey) && !sent ? <SavedNotice>{t(planSavedKey)}</SavedNotice> : null}
      {sent?.intent === '' ? <FormAlert errors={sent.errors} /> : null}
      <StaleNotice
        answer={sent}
        statusLabel={(s) =>
          sent && isPlanIntent(sent.intent) ? t(`plan.status.${s}` as MessageKey) : t(`renewals.status.${s as RenewalStatus}`)
        }
        typedField={sent && isPlanIntent(sent.intent) ? 'reason' : 'reasons'}
      />

      {r.decision ? (
        <section className="card" aria-labelledby="decision-title">
          <h2 id="decision-title" className="mb-3 font-semibold">
            {t('renewals.section.decision')}
          </h2>
          <RenewalOutcome r={r} grades={d.grades} newPeriod={d.newPeriod} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="application-title">
        <h2 id="application-title" className="mb-3 font-semibold">
          {t('renewals.section.application')}
        </h2>
        {d.canEdit ? (
          <ApplicationForm
            key={editFormKey(applicationFeedback, r.rowVersion)}
            // a stale edit shows the application as it is now: typing over someone's change is not a merge
            values={(!isStaleAnswer(applicationFeedback) && applicationFeedback?.values) || r}
            errors={withoutStale(applicationFeedback)?.errors}
            maxMb={d.maxMb}
            version={r.rowVersion}
          />
        ) : (
          <dl className="space-y-3 text-sm" data-testid="application">
            {APPLICATION_FIELDS.map((f) => (
              <div key={f.name}>
                <dt className="font-medium">{t(f.label)}</dt>
                <dd className="whitespace-pre-line text-slate-800">{r[f.name] || '—'}</dd>
              </div>
            ))}
          </dl>
        )}
        <h3 className="mb-2 mt-4 font-medium">{t('attachments.list')}</h3>
        <AttachmentList attachments={d.attachments} canRemove={d.canEdit} />
      </section>

      <ProposedPlanSection
        labId={d.lab.id}
        proposed={d.proposedPlan}
        feedback={planFeedback ? { intent: planFeedback.intent, errors: planFeedback.errors, values: planFeedback.values } : undefined}
      />

      {d.dossier ? (
        <details className="card" open={!d.canEdit && !r.decision} data-testid="dossier-section">
          <summary className="cursor-pointer font-semibold">{t('renewals.section.dossier')}</summary>
          <div className="mt-4">
            <RenewalDossier dossier={d.dossier} evaluations={d.evaluations} />
          </div>
        </details>
      ) : null}

      {d.reviewPanel ? (
        <ReviewPanel
          {...d.reviewPanel}
          feedback={
            sent && 'errors' in sent
              ? { intent: sent.intent, errors: isStaleAnswer(sent) ? {} : sent.errors, values: sent.values }
              : undefined
          }
        />
      ) : null}

      {d.canDecide ? (
        <section className="card" aria-labelledby="decide-title">
          <h2 id="decide-title" className="mb-3 font-semibold">
            {t('renewals.decide')}
          </h2>
          {d.facts ? (
            <div className="mb-4">
              <DecisionFacts facts={d.facts} today={d.today} />
            </div>
          ) : null}
          <DecisionForm
            intent="decide"
            facts={d.facts}
            grades={d.grades}
            values={sent?.intent === 'decide' ? sent.values : undefined}
            errors={sent?.intent === 'decide' ? withoutStale(sent)?.errors : undefined}
            version={r.rowVersion}
            defaultDeadline={d.defaultDeadline}
            months={d.months}
            hint={t('renewals.decideHint')}
            submitLabel={t('renewals.decide')}
          />
        </section>
      ) : null}

      {d.canRecheck ? (
        <section className="card" aria-labelledby="recheck-title">
          <h2 id="recheck-title" className="mb-3 font-semibold">
            {t('renewals.doRecheck')}
          </h2>
          {d.facts && !d.canDecide ? (
            <div className="mb-4">
              <DecisionFacts facts={d.facts} today={d.today} />
            </div>
          ) : null}
          <RecheckForm
            facts={d.facts}
            values={sent?.intent === 'recheck' ? sent.values : undefined}
            errors={sent?.intent === 'recheck' ? withoutStale(sent)?.errors : undefined}
            version={r.rowVersion}
          />
        </section>
      ) : null}

      <section className="card" aria-labelledby="thread-title">
        <h2 id="thread-title" className="mb-3 font-semibold">
          {t('renewals.section.thread')}
        </h2>
        <RenewalThread entries={d.thread} />
      </section>
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'nav.renewals')
