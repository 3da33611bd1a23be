import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import type { ColumnDef } from '~/components/data-table/data-table'
import { useMemo } from 'react'
import { DataTable } from '~/components/data-table/data-table'
import { GradeBadge, IncidentStatusBadge, TimingText } from '~/components/incidents/badges'
import { IncidentForm } from '~/components/incidents/incident-form'
import { PageHeader } from '~/components/ui/page-header'
import { formatShanghaiMinute, shanghaiInputValue } from '~/domain/dates'
import { canHandleIncident, reportHoursByGrade } from '~/domain/incidents'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { getLab } from '~/models/labs.server'
import { listLabIncidents, reportIncident } from '~/models/incidents.server'
import { refusalResponse } from '~/models/result.server'
import { ruleSettings } from '~/models/settings.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { readForm } from '~/utils/form-body.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = actorOf(requireUser(request))
  const detail = getLab({ id: idParam(params.labId), actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  const at = now()
  return {
    lab: { id: detail.lab.id, name: detail.lab.name },
    rows: listLabIncidents({ actor, labId: detail.lab.id, now: at }) ?? [],
    canReport: canHandleIncident(actor, detail.lab),
    hours: reportHoursByGrade(ruleSettings()),
    nowValue: shanghaiInputValue(at),
  }
}

// One intent here: the lab reports an incident; everything later happens on the incident's page.
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const labId = idParam(params.labId)
  const values = formValues(await readForm(request))
  if (values.intent !== 'report') return data({ errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const by = actingUserOf(user, context)
  const result = reportIncident({ by, labId, raw: values })
  if (!result.ok) return refusalResponse(result, { values })
  return redirect(`/labs/${labId}/incidents/${result.incident.id}?saved=reported`)
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number]

export default function LabIncidentsPage() {
  const { lab, rows, canReport, hours, nowValue } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const columns = useMemo<ColumnDef<Row>[]>(
    () => [
      {
        id: 'title',
        header: t('incidents.col.title'),
        cell: ({ row }) => (
          <Link to={`/labs/${lab.id}/incidents/${row.original.id}`} className="link font-medium">
            {row.original.title}
          </Link>
        ),
      },
      { id: 'grade', header: t('incidents.col.grade'), cell: ({ row }) => <GradeBadge grade={row.original.grade} /> },
      {
        id: 'discovered',
        header: t('incidents.col.discovered'),
        cell: ({ row }) => <span className="token tabular-nums">{formatShanghaiMinute(row.original.discoveredAt)}</span>,
      },
      { id: 'timing', header: t('incidents.col.timing'), cell: ({ row }) => <TimingText timing={row.original.timing} /> },
      { id: 'status', header: t('incidents.col.status'), cell: ({ row }) => <IncidentStatusBadge status={row.original.status} /> },
    ],
    [t, lab.id],
  )
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('incidents.title')} · ${lab.name}`}
        actions={
          <>
            <Link to={`/labs/${lab.id}/security`} className="btn">
              {t('incidents.toPlans')}
            </Link>
            <Link to={`/labs/${lab.id}`} className="btn">
              {t('incidents.backToLab')}
            </Link>
          </>
        }
        subtitle={t('incidents.intro', { I: hours.I, II: hours.II, III: hours.III, IV: hours.IV })}
      />
      {canReport ? (
        <details className="card" id="report" open={Boolean(actionData) || params.get('report') === '1'} data-testid="report-section">
          <summary className="cursor-pointer font-semibold text-sky-800">{t('incidents.report.title')}</summary>
          <p className="my-3 text-sm text-slate-600">{t('incidents.report.intro')}</p>
          <IncidentForm values={actionData?.values} errors={actionData?.errors} hours={hours} nowValue={nowValue} />
        </details>
      ) : null}
      {rows.length === 0 ? (
        <p className="card text-sm text-slate-600" data-testid="incidents-empty">
          {t('incidents.empty')}
        </p>
      ) : (
        <DataTable rows={rows} columns={columns} visibility={{}} sort="discovered" dir="desc" getRowId={(r) => String(r.id)} />
      )}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'incidents.title', args.data?.lab.name)
