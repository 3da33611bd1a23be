import type { ResourceRequest } from '~db/schema/requests'
import { awaitsDecision, isPastDeadline } from '~/domain/resource-requests'
import { useT } from '~/i18n/use-t'
import { useQuantity } from './request-status-badge'

export type RequestView = Omit<ResourceRequest, 'createdBy'>

// What the lab asked, and what has happened to it so far: the deadline the bureau is held to,
// the district's opinion, the decision and what was delivered.
export function RequestDetails({ r, today }: { r: RequestView; today: string }) {
  const t = useT()
  const qty = useQuantity()
  const awaiting = awaitsDecision(r.status)
  const overdue = isPastDeadline(r, today)
  return (
    <div className="space-y-3 text-sm">
      <dl className="grid gap-x-6 gap-y-2 md:grid-cols-[10rem_1fr]">
        <dt className="text-slate-600">{t('requests.field.type')}</dt>
        <dd data-testid="request-type">{t(`requests.type.${r.type}`)}</dd>
        <dt className="text-slate-600">{t('requests.field.quantity')}</dt>
        <dd data-testid="request-quantity">{qty(r.quantity, r.unit)}</dd>
        <dt className="text-slate-600">{t('requests.field.neededBy')}</dt>
        <dd className="token tabular-nums">{r.neededBy}</dd>
        <dt className="text-slate-600">{t('requests.field.description')}</dt>
        <dd className="whitespace-pre-line">{r.description}</dd>
        <dt className="text-slate-600">{t('requests.field.justification')}</dt>
        <dd className="whitespace-pre-line">{r.justification}</dd>
      </dl>
      <ul className="space-y-1" data-testid="request-facts">
        {r.districtOpinionRequired && r.status !== 'draft' ? <li>{t('requests.detail.opinionAsked')}</li> : null}
        {r.districtOpinion ? (
          <li data-testid="district-opinion">
            {t('requests.detail.districtOpinion', { opinion: t(`requests.opinion.${r.districtOpinion}`) })}
          </li>
        ) : null}
        {awaiting && r.deadline ? (
          <li className={overdue ? 'font-medium text-red-800' : ''} data-testid="request-deadline">
            {overdue
              ? t('requests.detail.pastDeadline', { date: r.deadline })
              : t('requests.detail.deadline', { date: r.deadline, days: r.decisionDays ?? '' })}
            {r.deadlineEstimated ? ` ${t('requests.detail.deadlineEstimated', { year: r.deadline.slice(0, 4) })}` : null}
          </li>
        ) : null}
        {r.decidedOn ? (
          <li data-testid="request-decision">
            {t(r.decidedInTime ? 'requests.detail.decidedInTime' : 'requests.detail.decidedLate', {
              date: r.decidedOn,
              days: r.decisionWorkingDays ?? 0,
            })}
          </li>
        ) : null}
        {r.grantedQuantity !== null ? (
          <li data-testid="request-granted">
            {t('requests.detail.granted', {
              quantity: r.grantedQuantity,
              unit: t(`requests.unit.${r.unit}`, { count: Number(r.grantedQuantity) }),
            })}
          </li>
        ) : null}
        {r.rejectionReason ? <li>{t('requests.detail.rejectionReason', { reason: r.rejectionReason })}</li> : null}
        {r.fulfilledOn ? (
          <li data-testid="request-fulfilled">
            {t('requests.detail.fulfilled', { date: r.fulfilledOn, note: r.deliveryNote ?? '' })}
            {r.deliveredQuantity !== null
              ? ` · ${t('requests.detail.delivered', { quantity: r.deliveredQuantity, unit: t(`requests.unit.${r.unit}`, { count: Number(r.deliveredQuantity) }) })}`
              : null}
          </li>
        ) : null}
      </ul>
    </div>
  )
}
