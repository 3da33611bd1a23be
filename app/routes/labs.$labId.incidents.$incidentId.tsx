import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { z } from 'zod'
import type { IncidentStatus } from '~db/schema/enums'
import { GradeBadge, IncidentStatusBadge, TimingText } from '~/components/incidents/badges'
import { AcknowledgeAlertForm, AlertStateText } from '~/components/incidents/incident-alert'
import { NoteForm, RegradeForm, StepForm } from '~/components/incidents/incident-actions'
import { IncidentTimeline } from '~/components/incidents/incident-timeline'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { formatShanghaiMinute } from '~/domain/dates'
import { canHandleIncident, canNoteIncident, reportHoursByGrade } from '~/domain/incidents'
import { can } from '~/domain/permissions'
import { nextIncidentStatus } from '~/domain/security'
import { isMessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import {
  acknowledgeIncidentAlert,
  addIncidentNote,
  advanceIncident,
  alertStateOf,
  getIncident,
  regradeIncident,
} from '~/models/incidents.server'
import { refusalResponse } from '~/models/result.server'
import { RefusalNotice } from '~/components/ui/field'
import { revalidateWhenStale, StaleNotice, withoutStale } from '~/components/ui/stale-notice'
import { ruleSettings } from '~/models/settings.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { readForm } from '~/utils/form-body.server'

const Intent = z.enum(['advance', 'note', 'regrade', 'acknowledge'])
const SAVED = { advance: 'advanced', note: 'noted', regrade: 'regraded', acknowledge: 'alertAcknowledged' } as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = actorOf(requireUser(request))
  const found = getIncident({ actor, labId: idParam(params.labId), incidentId: idParam(params.incidentId) })
  if (!found) throw new Response('Not found', { status: 404 })
  const { lab, incident, timing, timeline } = found
  const handles = canHandleIncident(actor, lab)
  const alert = alertStateOf(incident)
  return {
    lab,
    incident,
    timing,
    timeline,
    next: handles ? nextIncidentStatus(incident.status) : null,
    canRegrade: handles && incident.status !== 'closed',
    canNote: canNoteIncident(actor, lab),
    ownLab: handles,
    hours: reportHoursByGrade(ruleSettings()),
    alert,
    // the bureau acknowledges an urgent alert raised and not yet acknowledged
    canAcknowledge: Boolean(alert && !alert.acknowledgedAt) && can(actor, 'incident_alert:acknowledge'),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const labId = idParam(params.labId)
  const incidentId = idParam(params.incidentId)
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success) return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const by = actingUserOf(user, context)
  const version = values.rowVersion
  const result =
    intent.data === 'advance'
      ? advanceIncident({ by, labId, incidentId, to: values.to ?? '', note: values.note, version })
      : intent.data === 'note'
        ? addIncidentNote({ by, labId, incidentId, note: values.note })
        : intent.data === 'acknowledge'
          ? acknowledgeIncidentAlert({ by, labId, incidentId, version })
          : regradeIncident({ by, labId, incidentId, grade: values.grade, reason: values.reason, version })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
  return redirect(`/labs/${labId}/incidents/${incidentId}?saved=${SAVED[intent.data]}`)
}

export default function IncidentPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const { incident } = d
  const savedKey = `incidents.saved.${params.get('saved')}`
  const feedback = (intent: string) => (actionData?.intent === intent ? actionData : undefined)
  const time = (at: string | null) => (at ? formatShanghaiMinute(at) : '—')
  return (
    <div className="space-y-6">
      <PageHeader
        title={incident.title}
        titleTestId="incident-title"
        badges={
          <>
            <GradeBadge grade={incident.grade} />
            <IncidentStatusBadge status={incident.status} />
          </>
        }
        actions={
          <Link to={`/labs/${d.lab.id}/incidents`} className="btn">
            {t('incidents.backToList')}
          </Link>
        }
        subtitle={
          <Link to={`/labs/${d.lab.id}`} className="link">
            {d.lab.name}
          </Link>
        }
      />
      {isMessageKey(savedKey) && !actionData ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      <StaleNotice
        answer={actionData}
        statusLabel={(s) => t(`incidents.status.${s as IncidentStatus}`)}
        typedField={actionData?.intent === 'regrade' ? 'reason' : 'note'}
      />
      {actionData?.intent === '' ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {t('form.invalidChoice')}
        </p>
      ) : null}

      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title" className="mb-3 font-semibold">
          {t('incidents.section.facts')}
        </h2>
        <p className="mb-3 rounded bg-slate-50 p-3 text-base" data-testid="incident-timing">
          <TimingText timing={d.timing} />
        </p>
        <dl className="grid gap-x-6 gap-y-3 text-sm md:grid-cols-2">
          <Fact label={t('incidents.field.grade')}>{t(`incidents.grade.${incident.grade}`)}</Fact>
          <Fact label={t('incidents.col.status')}>{t(`incidents.status.${incident.status}`)}</Fact>
          <Fact label={t('incidents.field.discoveredAt')}>{time(incident.discoveredAt)}</Fact>
          <Fact label={t('incidents.field.reportedAt')}>{time(incident.reportedAt)}</Fact>
          <Fact label={t('incidents.col.deadline')}>{time(incident.reportDeadline)}</Fact>
          <Fact label={t('incidents.col.closedAt')}>{time(incident.closedAt)}</Fact>
          {d.alert ? (
            <Fact label={t('incidentAlerts.fact')} wide>
              <AlertStateText alert={d.alert} />
            </Fact>
          ) : null}
          <Fact label={t('incidents.field.description')} wide>
            {incident.description}
          </Fact>
          <Fact label={t('incidents.field.dataAffected')} wide>
            {incident.dataAffected || '—'}
          </Fact>
          <Fact label={t('incidents.field.measures')} wide>
            {incident.measures || '—'}
          </Fact>
        </dl>
        <p className="mt-3 text-xs text-slate-500">{t('incidents.beijingTimeNote')}</p>
        {d.canAcknowledge ? (
          <div className="mt-3">
            <AcknowledgeAlertForm version={incident.rowVersion} errors={withoutStale(feedback('acknowledge'))?.errors} />
          </div>
        ) : (
          // a refused acknowledgement of an alert that is no longer pending still says why
          <RefusalNotice errors={withoutStale(feedback('acknowledge'))?.errors} />
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="font-semibold">
          {t('incidents.section.timeline')}
        </h2>
        <IncidentTimeline entries={d.timeline} />
      </section>

      {d.canNote ? (
        <section className="card space-y-3" aria-labelledby="actions-title">
          <h2 id="actions-title" className="font-semibold">
            {t('incidents.section.actions')}
          </h2>
          {!d.ownLab ? <p className="text-sm text-slate-600">{t('incidents.readOnlyHint')}</p> : null}
          <div className="grid gap-4 md:grid-cols-2">
            {/* keyed so that a form taken empties, instead of keeping the note just sent */}
            {d.next && d.next !== 'open' ? (
              <StepForm key={d.next} next={d.next} feedback={withoutStale(feedback('advance'))} version={incident.rowVersion} />
            ) : null}
            <NoteForm key={d.timeline.length} feedback={feedback('note')} />
            {d.canRegrade ? (
              <RegradeForm
                key={incident.grade}
                grade={incident.grade}
                hours={d.hours}
                feedback={withoutStale(feedback('regrade'))}
                version={incident.rowVersion}
              />
            ) : null}
          </div>
        </section>
      ) : null}
    </div>
  )
}

function Fact({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'md:col-span-2' : undefined}>
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className="whitespace-pre-line">{children}</dd>
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'incidents.title', args.data?.incident.title)
