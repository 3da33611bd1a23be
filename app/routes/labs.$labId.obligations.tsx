import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ExtensionForm } from '~/components/obligations/extension-form'
import { LedgerTable } from '~/components/obligations/ledger-table'
import { PageHeader } from '~/components/ui/page-header'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { SavedNotice } from '~/components/ui/saved-notice'
import { can } from '~/domain/permissions'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { getLab } from '~/models/labs.server'
import { extendObligation, ledgerWithState } from '~/models/obligations.server'
import { labReminders, snoozeReminder } from '~/models/reminder-snoozes.server'
import { ruleSettings } from '~/models/settings.server'
import { SnoozeSchema } from '~/models/snooze-form'
import { LabReminders } from '~/components/obligations/lab-reminders'
import { addDays } from '~/domain/dates'
import { db } from '~/utils/db.server'
import { auditActorOf, refusalResponse } from '~/models/result.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { ExtensionSchema } from '~/models/extension-form'
import { fieldErrorsOf, formValues, type FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { readForm } from '~/utils/form-body.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = actorOf(requireUser(request))
  const detail = getLab({ id: idParam(params.labId), actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  const rows = ledgerWithState({ labId: detail.lab.id, today: today() })
  const periods = [...detail.periods].reverse().map((p) => ({ ...p, rows: rows.filter((r) => r.periodId === p.id) }))
  // every open obligation of the lab with its snooze: the offices see what the lab snoozed
  const reminders = labReminders({ db: db(), labId: detail.lab.id, today: today(), settings: ruleSettings() })
  return {
    lab: detail.lab,
    periods,
    rows,
    canExtend: can(actor, 'obligation:extend'),
    reminders,
    canSnooze: actor.role === 'lab',
    today: today(),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const detail = getLab({ id: idParam(params.labId), actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  const values = formValues(await readForm(request))
  if (values.intent === 'snooze' || values.intent === 'unsnooze') {
    // a lab's own reminders: the offices see the lab but may not snooze for it
    if (actor.role !== 'lab') throw new Response('Forbidden', { status: 403 })
    const parsed = SnoozeSchema.safeParse(values)
    if (!parsed.success)
      return data(
        { snooze: values.source ? `${values.source}:${values.sourceId}` : '', errors: fieldErrorsOf(parsed.error), values },
        { status: 400 },
      )
    const p = parsed.data
    const until = p.intent === 'unsnooze' ? null : p.days ? addDays(today(), Number(p.days)) : (p.until ?? null)
    const snooze = `${p.source}:${p.sourceId}`
    if (p.intent === 'snooze' && !until)
      return data({ snooze, errors: { until: { key: 'snooze.error.choose' } } as FieldErrors, values }, { status: 400 })
    const result = snoozeReminder({
      db: db(),
      by: actingUserOf(user, context),
      labId: detail.lab.id,
      source: p.source,
      sourceId: p.sourceId,
      until,
      settings: ruleSettings(),
      now: now(),
    })
    if (!result.ok) return refusalResponse(result, { snooze, values })
    return redirect(`/labs/${detail.lab.id}/obligations?saved=${p.intent}#reminders`)
  }
  if (!can(actor, 'obligation:extend')) throw new Response('Forbidden', { status: 403 })
  const parsed = ExtensionSchema.safeParse(values)
  if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error), values }, { status: 400 })
  const result = extendObligation({
    labId: detail.lab.id,
    ...parsed.data,
    actor: auditActorOf(actingUserOf(user, context)),
  })
  // an obligation not on this lab's ledger is told on the form (404), not by the error page
  if (!result.ok && result.error === 'not_found')
    return data({ errors: { obligationId: { key: 'obligations.error.notFound' } } as FieldErrors, values }, { status: 404 })
  if (!result.ok) return refusalResponse(result, { values })
  return redirect(`/labs/${detail.lab.id}/obligations?saved=extended`)
}

export default function ObligationsPage() {
  const { lab, periods, rows, canExtend, reminders, canSnooze, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('obligations.title')}
        back={{ to: `/labs/${lab.id}`, label: lab.name }}
        subtitle={t('obligations.intro')}
        actions={<XlsxLink path={`/labs/${lab.id}/obligations.xlsx`} keep={false} />}
      />
      {params.get('saved') === 'extended' && !actionData ? <SavedNotice>{t('obligations.extend.saved')}</SavedNotice> : null}
      {params.get('saved') === 'snooze' && !actionData ? <SavedNotice>{t('snooze.saved')}</SavedNotice> : null}
      {params.get('saved') === 'unsnooze' && !actionData ? <SavedNotice>{t('snooze.cancelled')}</SavedNotice> : null}
      <LabReminders
        reminders={reminders}
        canSnooze={canSnooze}
        today={today}
        sent={actionData && 'snooze' in actionData ? { key: String(actionData.snooze), errors: actionData.errors } : undefined}
      />
      {periods.map((p) => (
        <section key={p.id} className="card" data-period={p.sequence}>
          <h2 className="mb-2 font-semibold">{t('obligations.period', { n: p.sequence, start: p.startDate, end: p.endDate })}</h2>
          <LedgerTable labId={lab.id} rows={p.rows} />
        </section>
      ))}
      {canExtend ? (
        <ExtensionForm
          rows={rows}
          errors={actionData && !('snooze' in actionData) ? actionData.errors : undefined}
          values={actionData && !('snooze' in actionData) ? actionData.values : undefined}
        />
      ) : null}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'obligations.title', args.data?.lab.name)
