// Who hears of each step of a resource request (issue 15): the people who must act next or whose
// request changed, never the side that took the step. One table, next to REQUEST_STEPS
// (app/domain/request-workflow.ts); app/models/request-notices.server.ts tells them.
import type { RequestStatus } from '~db/schema/enums'
import type { RequestStep } from './request-workflow'

// The three sides of a request: the asking lab's accounts, its district office, the bureau.
export type RequestParty = 'lab' | 'district' | 'bureau'

// 'lab': the lab, whose request changed. 'next': whoever acts on the request now (the district
// when the bureau asked for its opinion, else the bureau). 'waiting': whoever was to act on it
// before the step, told that it no longer has to.
type Told = 'lab' | 'next' | 'waiting'

export const REQUEST_STEP_TOLD: Record<RequestStep, Told> = {
  submit: 'next',
  resubmit: 'next',
  district_opinion: 'next',
  return: 'lab',
  accept: 'lab',
  approve: 'lab',
  partly_approve: 'lab',
  reject: 'lab',
  fulfil: 'lab',
  // the bureau closing the file tells the lab; the lab confirming receipt leaves the bureau nothing to do
  close: 'lab',
  withdraw: 'waiting',
}

/** Whose move a request in this status waits for; null once nobody has anything left to do. */
export function whoActsOn(status: RequestStatus, districtOpinionRequired: boolean): RequestParty | null {
  switch (status) {
    case 'draft':
    case 'returned':
    case 'fulfilled':
      return 'lab'
    case 'submitted':
      return districtOpinionRequired ? 'district' : 'bureau'
    case 'district_reviewed':
    case 'accepted':
    case 'approved':
    case 'partly_approved':
      return 'bureau'
    case 'rejected':
    case 'closed':
    case 'withdrawn':
      return null
  }
}

/**
 * The side told of a step: `from` and `to` are the request's status before and after it, and
 * `districtOpinionRequired` the request's flag after it (a (re)submission sets it from the type's
 * rule; no other step changes it). Null when nobody is told: the acting side is never told of its
 * own step, and a draft or a returned request withdrawn kept no office waiting.
 */
export function requestStepParty({
  step,
  from,
  to,
  districtOpinionRequired,
  actor,
}: {
  step: RequestStep
  from: RequestStatus
  to: RequestStatus
  districtOpinionRequired: boolean
  actor: RequestParty
}): RequestParty | null {
  const told = REQUEST_STEP_TOLD[step]
  const party = told === 'lab' ? 'lab' : whoActsOn(told === 'next' ? to : from, districtOpinionRequired)
  return party === actor ? null : party
}

// Long enough to say why, short enough for a mail subject and an inbox line.
export const NOTICE_EXCERPT_CHARS = 60

/** A comment as one line of at most `max` characters (CJK counted as one each), '…' when cut. */
export function noticeExcerpt(text: string, max = NOTICE_EXCERPT_CHARS): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim())
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`
}
