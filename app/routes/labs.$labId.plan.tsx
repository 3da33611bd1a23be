import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormAlert, RefusalNotice } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { TargetFields, TargetTable } from '~/components/plans/plan-lines'
import { ProgressPanel } from '~/components/progress/progress-table'
import { SavedNotice } from '~/components/ui/saved-notice'
import { isStaleAnswer, revalidateWhenStale, StaleNotice, VersionField } from '~/components/ui/stale-notice'
import { formatShanghaiMinute } from '~/domain/dates'
import { isMessageKey, type MessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { decidePlan, getPlanPage, savePlan } from '~/models/indicator-plans.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { readForm } from '~/utils/form-body.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'

// 任务指标计划 (issue 16, part 1): a lab's indicator plan for one validity period (the one in
// force, or ?period=). The lab drafts and submits; the bureau approves or returns with a reason.
const Intent = z.enum(['save', 'submit', 'approve', 'return'])
type Intent = z.infer<typeof Intent>

// a ?period= that is not a positive integer names no period: not found
function periodParam(url: string): number | null {
  const raw = new URL(url).searchParams.get('period')
  return raw === null || raw === '' ? null : idParam(raw)
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = actorOf(requireUser(request))
  const page = getPlanPage({ actor, labId: idParam(params.labId), periodId: periodParam(request.url) })
  if (!page) throw new Response('Not found', { status: 404 })
  return page
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const by = actingUserOf(requireUser(request), context)
  const labId = idParam(params.labId)
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success) return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  // the period the form was for; none posted is the one in force, as the page shows by default
  const periodId = values.periodId ? idParam(values.periodId) : null
  const result =
    intent.data === 'save' || intent.data === 'submit'
      ? savePlan({ by, labId, periodId, raw: values, version: values.rowVersion, submit: intent.data === 'submit' })
      : decidePlan({ by, labId, periodId, decision: intent.data, reason: values.reason ?? '', version: values.rowVersion })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
  return redirect(`/labs/${labId}/plan?period=${result.periodId}&saved=${intent.data}`)
}

export default function PlanPage() {
  const d = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const savedKey = `plan.saved.${params.get('saved')}`
  // a stale answer is said once, by the notice at the top
  const errors: FieldErrors | undefined = sent && !isStaleAnswer(sent) ? sent.errors : undefined
  const typed = sent?.values as Record<string, string> | undefined
  const status = d.plan?.status ?? 'none'
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('plan.title')} · ${d.lab.name}`}
        back={{ to: `/labs/${d.lab.id}`, label: d.lab.name }}
        actions={
          <>
            {d.plan && d.canAudit ? (
              <Link to={`/audit?entityType=indicator_plan&entityId=${d.plan.id}`} className="link text-sm">
                {t('plan.history')}
              </Link>
            ) : null}
            {d.period ? <XlsxLink path={`/labs/${d.lab.id}/plan.xlsx`} /> : null}
          </>
        }
        subtitle={t('plan.intro')}
      />
      {sent?.intent === '' ? <RefusalNotice errors={sent.errors} /> : null}
      {isMessageKey(savedKey) && !sent ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      <StaleNotice answer={sent} statusLabel={(s) => t(`plan.status.${s}` as MessageKey)} typedField="reason" />
      {d.periods.length > 1 ? (
        <Form method="get" className="flex flex-wrap items-end gap-2">
          <label className="label" htmlFor="period">
            {t('plan.periodPick')}
          </label>
          <select id="period" name="period" defaultValue={d.period?.id} className="input w-auto">
            {d.periods.map((p) => (
              <option key={p.id} value={p.id}>
                {t('plan.period', { n: p.sequence, start: p.startDate, end: p.endDate })}
              </option>
            ))}
          </select>
          <button className="btn">{t('plan.periodPick')}</button>
        </Form>
      ) : null}
      {!d.period ? (
        <p className="card text-sm text-slate-600">{t('plan.noPeriod')}</p>
      ) : (
        <section className="card space-y-3" aria-labelledby="plan-title">
          <h2 id="plan-title" className="font-semibold">
            {t('plan.period', { n: d.period.sequence, start: d.period.startDate, end: d.period.endDate })}
          </h2>
          <p className="text-sm" data-testid="plan-status">
            {t('plan.status')}: {t(`plan.status.${status}` as MessageKey)}
            {d.plan?.decidedAt && d.plan.decidedBy
              ? ` · ${t('plan.decided', { who: d.plan.decidedBy, at: formatShanghaiMinute(d.plan.decidedAt) })}`
              : null}
          </p>
          {d.plan?.status === 'returned' && d.plan.returnReason ? (
            <p className="field-warning">{t('plan.returnReason', { reason: d.plan.returnReason })}</p>
          ) : null}
          {d.canEdit ? (
            <Form method="post" key={d.plan?.rowVersion ?? 0} className="space-y-3" noValidate>
              <input type="hidden" name="periodId" value={d.period.id} />
              <VersionField version={d.plan?.rowVersion ?? 0} />
              {sent?.intent === 'save' || sent?.intent === 'submit' ? <FormAlert errors={errors} /> : null}
              <p className="text-xs text-slate-500">{t('plan.targetHint')}</p>
              <TargetFields lines={d.lines} errors={errors} typed={typed} />
              <div className="flex gap-2">
                <button className="btn" name="intent" value="save">
                  {t('plan.save')}
                </button>
                <button className="btn btn-primary" name="intent" value="submit">
                  {t('plan.submit')}
                </button>
              </div>
            </Form>
          ) : d.plan ? (
            <TargetTable lines={d.lines} testId="plan-targets" />
          ) : (
            <p className="text-sm text-slate-600">{t('plan.none')}</p>
          )}
          {d.canDecide && d.plan ? (
            <Form method="post" className="space-y-2 border-t pt-3" noValidate>
              <input type="hidden" name="periodId" value={d.period.id} />
              <VersionField version={d.plan.rowVersion} />
              {sent?.intent === 'approve' || sent?.intent === 'return' ? <FormAlert errors={errors} /> : null}
              <Field name="reason" label={t('plan.reason')} errors={errors}>
                {(p) => <textarea {...p} className="input" rows={3} defaultValue={typed?.reason ?? ''} />}
              </Field>
              <div className="flex gap-2">
                <button className="btn btn-primary" name="intent" value="approve">
                  {t('plan.approve')}
                </button>
                <button className="btn" name="intent" value="return">
                  {t('plan.return')}
                </button>
              </div>
            </Form>
          ) : null}
        </section>
      )}
      {d.period ? <ProgressPanel panel={d.progress} labId={d.lab.id} /> : null}
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'plan.title')
