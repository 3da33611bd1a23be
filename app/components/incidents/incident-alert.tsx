import { Form, Link, useNavigation } from '@remix-run/react'
import type { IncidentGrade, IncidentStatus } from '~db/schema/enums'
import { VersionField } from '~/components/ui/stale-notice'
import { formatShanghaiMinute } from '~/domain/dates'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import { GradeBadge, IncidentStatusBadge } from './badges'
import { TableScroll } from '~/components/ui/table-scroll'

// Urgent incident alerts (issue 15): the alert's state on the incident page, the bureau's
// acknowledgement form, and the list of alerts awaiting it on /security.

export type AlertState = { alertedAt: string; acknowledgedAt: string | null; acknowledgedBy: string | null }

const time = (at: string) => formatShanghaiMinute(at)

export function AlertStateText({ alert }: { alert: AlertState }) {
  const t = useT()
  return (
    <span data-testid="incident-alert" data-alert={alert.acknowledgedAt ? 'acknowledged' : 'pending'}>
      {alert.acknowledgedAt
        ? t('incidentAlerts.acknowledged', {
            at: time(alert.alertedAt),
            who: alert.acknowledgedBy ?? '—',
            ackAt: time(alert.acknowledgedAt),
          })
        : t('incidentAlerts.pending', { at: time(alert.alertedAt) })}
    </span>
  )
}

export function AcknowledgeAlertForm({ version, errors }: { version: number; errors?: FieldErrors }) {
  const t = useT()
  const navigation = useNavigation()
  const formError = errors?._form
  return (
    <Form method="post" className="space-y-2 rounded border border-red-200 bg-red-50 p-3" data-intent="acknowledge" noValidate>
      <input type="hidden" name="intent" value="acknowledge" />
      <VersionField version={version} />
      {formError ? (
        <p role="alert" className="text-sm text-red-800" data-testid="error-acknowledge">
          {t(formError.key, formError.vars)}
        </p>
      ) : null}
      <p className="text-sm text-slate-700">{t('incidentAlerts.acknowledgeHint')}</p>
      <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
        {t('incidentAlerts.acknowledge')}
      </button>
    </Form>
  )
}

export type PendingAlertRow = {
  id: number
  labId: number
  labName: string
  grade: IncidentGrade
  title: string
  status: IncidentStatus
  alertedAt: string | null
}

export function PendingAlerts({ rows, bureau }: { rows: PendingAlertRow[]; bureau: boolean }) {
  const t = useT()
  if (!rows.length) return null
  return (
    <section className="card space-y-3 border-red-300" id="alerts" aria-labelledby="alerts-title" data-testid="pending-alerts">
      <div>
        <h2 id="alerts-title" className="font-semibold text-red-800">
          {bureau ? t('incidentAlerts.list.title') : t('incidentAlerts.list.titleDistrict')}
        </h2>
        <p className="text-sm text-slate-600">{t('incidentAlerts.list.hint')}</p>
      </div>
      <TableScroll>
        <table className="min-w-full">
          <thead>
            <tr>
              <th className="th">{t('incidents.col.title')}</th>
              <th className="th">{t('incidents.col.grade')}</th>
              <th className="th">{t('incidentAlerts.list.alertedAt')}</th>
              <th className="th">{t('incidents.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-incident={r.id}>
                <td className="td">
                  <Link to={`/labs/${r.labId}/incidents/${r.id}`} className="link font-medium">
                    {r.title}
                  </Link>
                  <p className="text-xs text-slate-600">{r.labName}</p>
                </td>
                <td className="td">
                  <GradeBadge grade={r.grade} />
                </td>
                <td className="td token tabular-nums">{r.alertedAt ? time(r.alertedAt) : '—'}</td>
                <td className="td">
                  <IncidentStatusBadge status={r.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  )
}
