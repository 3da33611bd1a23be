import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { DrillsSection } from '~/components/security/drills-section'
import { PlanCard } from '~/components/security/plan-card'
import { PlanForm } from '~/components/security/plan-form'
import { PlanVersions } from '~/components/security/plan-versions'
import { feedbackFor, type SecurityFeedback } from '~/components/security/types'
import { FormAlert, RefusalNotice } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { isStaleAnswer, revalidateWhenStale, StaleNotice } from '~/components/ui/stale-notice'
import { isMessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import {
  acknowledgePlan,
  closeFollowUp,
  createDrill,
  createPlan,
  DRILL_LIMITS,
  getSecurityPage,
  PLAN_LIMITS,
  removePlanDocument,
  securityWriteAccess,
  updateDrill,
  updatePlan,
  type PlanRow,
  type SecurityFailure,
} from '~/models/security.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import type { FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { withUploadForm } from '~/utils/upload.server'

const Intent = z.enum(['addPlan', 'updatePlan', 'acknowledge', 'removeAttachment', 'addDrill', 'updateDrill', 'closeFollowUp'])
type Intent = z.infer<typeof Intent>
const PLAN_INTENTS: readonly Intent[] = ['addPlan', 'updatePlan']
const DRILL_INTENTS: readonly Intent[] = ['addDrill', 'updateDrill', 'closeFollowUp']

// an id that is not a positive integer names nothing: not found
const idOf = (raw: string | undefined) => {
  const parsed = z.coerce.number().int().positive().safeParse(raw)
  if (!parsed.success) throw new Response('Not found', { status: 404 })
  return parsed.data
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = actorOf(requireUser(request))
  const page = getSecurityPage({ actor, labId: idParam(params.labId) })
  if (!page) throw new Response('Not found', { status: 404 })
  return { ...page, today: today(), limits: { plan: PLAN_LIMITS, drill: DRILL_LIMITS } }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const by = actingUserOf(user, context)
  const access = securityWriteAccess(by, idParam(params.labId))
  if (!access) throw new Response('Not found', { status: 404 })
  if (!access.mayWrite) throw new Response('Forbidden', { status: 403 })
  const labId = access.lab.id
  return withUploadForm(request, (upload) => {
    const values = upload.values
    const target = values.planId ?? values.drillId ?? ''
    if (!upload.ok) return data({ intent: values.intent ?? '', target, errors: upload.errors, values }, { status: upload.status })
    const intent = Intent.safeParse(values.intent)
    // only the plan forms carry files; the others' are discarded with whatever is not saved
    const files = intent.success && PLAN_INTENTS.includes(intent.data) ? upload.files : []
    if (!intent.success) {
      const errors: FieldErrors = { _form: { key: 'form.invalidChoice' } }
      return data({ intent: '', target, errors, values }, { status: 400 })
    }
    const run = (): { ok: true } | SecurityFailure => {
      switch (intent.data) {
        case 'addPlan':
          return createPlan({ by, labId, raw: values, files })
        case 'updatePlan':
          return updatePlan({ by, labId, planId: idOf(values.planId), raw: values, files, version: values.rowVersion })
        case 'acknowledge':
          return acknowledgePlan({ by, labId, planId: idOf(values.planId), version: values.rowVersion })
        case 'removeAttachment':
          return removePlanDocument({ by, labId, attachmentId: idOf(values.attachmentId) })
        case 'addDrill':
          return createDrill({ by, labId, raw: values })
        case 'updateDrill':
          return updateDrill({ by, labId, drillId: idOf(values.drillId), raw: values, version: values.rowVersion })
        case 'closeFollowUp':
          return closeFollowUp({ by, labId, drillId: idOf(values.drillId), closedOn: values.followUpClosedOn, version: values.rowVersion })
      }
    }
    const result = run()
    if (!result.ok) return refusalResponse(result, { intent: intent.data, target, values })
    const anchor = DRILL_INTENTS.includes(intent.data) ? '#drills' : ''
    return redirect(`/labs/${labId}/security?saved=${intent.data}${anchor}`)
  })
}

export default function SecurityPage() {
  const d = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>() as SecurityFeedback | undefined
  // a stale answer is said once, by the notice at the top: the forms below get no error of it
  const feedback = answer && isStaleAnswer(answer) ? { ...answer, errors: {} } : answer
  const [params] = useSearchParams()
  const t = useT()
  const savedKey = `security.saved.${params.get('saved')}`
  const editId = feedback?.intent === 'updatePlan' ? Number(feedback.target) : Number(params.get('edit'))
  const editing = d.canEdit ? (d.plans.find((p) => p.id === editId && !p.acknowledgedAt) ?? null) : null
  const drillId = feedback?.intent === 'updateDrill' ? Number(feedback.target) : Number(params.get('drill'))
  const acknowledge = feedback?.intent === 'acknowledge' ? feedback : undefined
  const removal = feedbackFor(feedback, 'removeAttachment')
  return (
    <div className="space-y-6">
      <PageHeader
        title={`${t('security.title')} · ${d.lab.name}`}
        actions={
          <Link to={`/labs/${d.lab.id}`} className="btn">
            {t('security.backToLab')}
          </Link>
        }
        subtitle={t('security.intro')}
      />
      {/* an intent no form sent (a tampered or unreadable submission) */}
      {feedback?.intent === '' ? <RefusalNotice errors={feedback.errors} /> : null}
      {isMessageKey(savedKey) && !feedback ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      <StaleNotice answer={answer} />

      <PlanCard plan={d.plans.find((p) => p.id === d.currentPlanId) ?? null} state={d.planState} check={d.planCheck} />

      {d.plans.length ? (
        <section className="card space-y-3" aria-labelledby="versions-title">
          <h2 id="versions-title" className="font-semibold">
            {t('security.plan.versions')}
          </h2>
          <p className="text-sm text-slate-600">{t('security.plan.versionsHint')}</p>
          <FormAlert errors={removal?.errors} />
          <PlanVersions
            plans={d.plans}
            currentPlanId={d.currentPlanId}
            canEdit={d.canEdit}
            canAcknowledge={d.canAcknowledge}
            acknowledgeErrors={acknowledge ? { planId: acknowledge.target, errors: acknowledge.errors } : undefined}
          />
        </section>
      ) : null}

      {d.canEdit ? <PlanFormSection editing={editing} feedback={feedback} /> : null}

      <DrillsSection
        drills={d.drills}
        check={d.drillCheck}
        canEdit={d.canEdit}
        editingId={Number.isInteger(drillId) && drillId > 0 ? drillId : null}
        feedback={feedback}
        today={d.today}
        limits={d.limits.drill}
      />
    </div>
  )
}

const storedValues = (p: PlanRow) => ({
  version: p.version,
  approvedOn: p.approvedOn,
  scope: p.scope,
  responsiblePerson: p.responsiblePerson,
  contact24h: p.contact24h,
  nextReviewOn: p.nextReviewOn,
})

// The lab's plan form: a new version, or the correction of the version chosen with ?edit=.
function PlanFormSection({ editing, feedback }: { editing: PlanRow | null; feedback?: SecurityFeedback }) {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const own = editing ? feedbackFor(feedback, 'updatePlan', String(editing.id)) : feedbackFor(feedback, 'addPlan')
  const common = { reviewMonths: d.reviewMonths, maxMb: d.maxMb, today: d.today, limits: d.limits.plan, errors: own?.errors }
  return (
    <section className="card space-y-3" id="plan-form" aria-labelledby="plan-form-title">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="plan-form-title" className="font-semibold">
          {editing ? `${t('security.plan.edit')} · ${editing.version}` : t('security.plan.add')}
        </h2>
        {editing ? (
          <Link to="." className="link ml-auto text-sm" preventScrollReset>
            {t('common.cancel')}
          </Link>
        ) : null}
      </div>
      {editing ? null : <p className="text-sm text-slate-600">{t('security.plan.addHint')}</p>}
      {editing ? (
        <PlanForm
          key={editing.id}
          intent="updatePlan"
          planId={editing.id}
          version={editing.rowVersion}
          values={own?.values ?? storedValues(editing)}
          submitLabel={t('security.plan.saveChanges')}
          {...common}
        />
      ) : (
        <PlanForm intent="addPlan" values={own?.values ?? {}} submitLabel={t('security.plan.saveNew')} {...common} />
      )}
    </section>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'security.title', args.data?.lab.name)
