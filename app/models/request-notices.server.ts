import type { ResourceRequest, RequestEvent } from '~db/schema/requests'
import { LOCALES, type Role } from '~db/schema/enums'
import { shanghaiDate } from '~/domain/dates'
import { noticeExcerpt, requestStepParty, type RequestParty } from '~/domain/request-notices'
import { isRequestStep, type RequestStep } from '~/domain/request-workflow'
import { translator, type MessageKey, type MessageVars, type Translate } from '~/i18n'
import type { Db } from '~/utils/db.server'
import { notifyEvent, type EventDelivery, type EventRecipients } from './event-notices.server'
import { quantityText } from './request-queue-params'

// Notices of resource-request steps (issue 15): each step recorded in a request's thread tells the
// side app/domain/request-notices.ts names, in the step's transaction, under the thread row's id
// (one notice per step and recipient, however often it is told).

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type LabNamed = { id: number; name: string; districtCode: string }

const NOTHING: EventDelivery = { sent: 0, outboxIds: [] }

/** The side an account acts for on a request; null for an expert, who takes no step. */
export function requestPartyOf(role: Role): RequestParty | null {
  return role === 'lab' ? 'lab' : role === 'district' ? 'district' : role === 'bureau' ? 'bureau' : null
}

/**
 * Tells whoever the step concerns: `event` is the thread row that records the step, `request`
 * the request as the step left it, `actor` the side that took it (never told of its own step).
 * A comment or the draft's creation tells nobody. Links go to the request's page, where each
 * side acts on it.
 */
export function notifyRequestStep(
  tx: Tx,
  { event, request, lab, actor }: { event: RequestEvent; request: ResourceRequest; lab: LabNamed; actor: RequestParty },
): EventDelivery {
  if (!isRequestStep(event.action) || event.fromStatus === null) return NOTHING
  const step = event.action
  const party = requestStepParty({
    step,
    from: event.fromStatus,
    to: event.toStatus,
    districtOpinionRequired: request.districtOpinionRequired,
    actor,
  })
  if (!party) return NOTHING
  const at = new Date(event.at)
  const to: EventRecipients =
    party === 'bureau'
      ? { bureau: true }
      : party === 'district'
        ? { districtCodes: [lab.districtCode] }
        : { lab: { id: lab.id, districtCode: lab.districtCode } }
  return notifyEvent(tx, {
    source: 'request',
    sourceId: event.id,
    day: shanghaiDate(at),
    step: 0,
    labId: lab.id,
    title: stepTitle({ step, party, event, request, lab }),
    link: `/labs/${lab.id}/requests/${request.id}`,
    to,
    at,
  })
}

// A value stored once per language (a unit, an opinion): `${name}_zh`, `${name}_en`.
function inEachLanguage(name: string, text: (t: Translate) => string): MessageVars {
  return Object.fromEntries(LOCALES.map((locale) => [`${name}_${locale}`, text(translator(locale))]))
}

function stepTitle({
  step,
  party,
  event,
  request,
  lab,
}: {
  step: RequestStep
  party: RequestParty
  event: RequestEvent
  request: ResourceRequest
  lab: LabNamed
}): { key: MessageKey; params: MessageVars } {
  const params: MessageVars = { lab: lab.name, request: noticeExcerpt(request.title) }
  const amount = (name: string, quantity: number) => inEachLanguage(name, (t) => quantityText(quantity, request.unit, t))
  const reason = { reason: noticeExcerpt(event.comment) }
  switch (step) {
    case 'submit':
      return { key: `notices.request.submitted.${party === 'district' ? 'district' : 'bureau'}`, params }
    case 'resubmit':
      return { key: `notices.request.resubmitted.${party === 'district' ? 'district' : 'bureau'}`, params }
    case 'district_opinion': {
      const opinion = request.districtOpinion ?? 'support'
      return {
        key: 'notices.request.opinionGiven',
        params: { ...params, ...inEachLanguage('opinion', (t) => t(`requests.opinion.${opinion}`)) },
      }
    }
    case 'return':
      return { key: 'notices.request.returned', params: { ...params, ...reason } }
    case 'accept':
      return { key: 'notices.request.accepted', params: { ...params, deadline: request.deadline ?? '—' } }
    case 'approve':
      return { key: 'notices.request.approved', params: { ...params, ...amount('granted', request.grantedQuantity ?? request.quantity) } }
    case 'partly_approve':
      return {
        key: 'notices.request.partlyApproved',
        params: { ...params, ...amount('granted', request.grantedQuantity ?? 0), ...amount('asked', request.quantity) },
      }
    case 'reject':
      return { key: 'notices.request.rejected', params: { ...params, ...reason } }
    case 'fulfil': {
      const note = { note: noticeExcerpt(request.deliveryNote ?? '') }
      return request.deliveredQuantity === null
        ? { key: 'notices.request.fulfilled', params: { ...params, ...note } }
        : { key: 'notices.request.fulfilledQuantity', params: { ...params, ...note, ...amount('delivered', request.deliveredQuantity) } }
    }
    case 'close':
      return { key: 'notices.request.closed', params }
    case 'withdraw':
      return { key: 'notices.request.withdrawn', params }
  }
}
