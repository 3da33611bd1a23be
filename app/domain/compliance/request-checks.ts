import { diffDays, shanghaiDate } from '~/domain/dates'
import { isPastDeadline } from '~/domain/resource-requests'
import type { Check, CheckOutcome } from './types'

// Issue 6's checks on resource requests: the lab owes an answer to a request returned to it; the
// bureau owes a decision within its deadline (a 'bureau' result, never counted against the lab).

const pathOf = (labId: number, requestId: number) => `/labs/${labId}/requests/${requestId}`

/** A request returned for information warns until the lab resubmits or withdraws it. */
export const requestReturnedCheck: Check = (facts): CheckOutcome[] =>
  facts.requests
    .filter((r) => r.status === 'returned')
    .map((r) => {
      const date = r.returnedAt ? shanghaiDate(new Date(r.returnedAt)) : null
      return {
        checkId: 'request_returned',
        subject: `request:${r.id}`,
        result: 'warning',
        concernsDate: date,
        reason: { key: 'compliance.request.returned', params: { title: r.title, date: date ?? '' } },
        fixPath: pathOf(facts.labId, r.id),
      }
    })

/** A request still undecided after its deadline fails, as the bureau's breach. */
export const requestDeadlineCheck: Check = (facts, { today }): CheckOutcome[] =>
  facts.requests
    .filter((r) => isPastDeadline(r, today))
    .map((r) => ({
      checkId: 'request_deadline',
      subject: `request:${r.id}`,
      result: 'failing',
      owner: 'bureau',
      concernsDate: r.deadline,
      reason: {
        key: 'compliance.request.pastDeadline',
        params: { title: r.title, date: r.deadline ?? '', days: diffDays(r.deadline!, today) },
      },
      fixPath: pathOf(facts.labId, r.id),
    }))
