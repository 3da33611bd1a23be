import { anniversary, type IsoDate } from '~/domain/dates'
import type { Check } from './types'

// Guide 三(四): a host with a data-security, IP or credit violation in the last three years is
// not eligible. A violation on day D counts up to and including D + 3 years − 1 day.
export const ELIGIBILITY_LOOKBACK_YEARS = 3

/** A violation's day it stops counting, and whether it counts on `today` (also the renewal dossier's). */
export function violationWindow(occurredOn: IsoDate, today: IsoDate): { clearsOn: IsoDate; counting: boolean } {
  const clearsOn = anniversary(occurredOn, ELIGIBILITY_LOOKBACK_YEARS)
  return { clearsOn, counting: occurredOn <= today && clearsOn > today }
}

export const eligibilityCheck: Check = (facts, { today }) => {
  const fixPath = `/labs/${facts.labId}#eligibility`
  const counting = facts.violations.map((v) => ({ ...v, ...violationWindow(v.occurredOn, today) })).filter((v) => v.counting)
  if (counting.length === 0) {
    return [
      {
        checkId: 'eligibility',
        subject: '',
        result: 'ok',
        reason: {
          key: 'compliance.eligibility.ok',
          params: { years: ELIGIBILITY_LOOKBACK_YEARS },
        },
        concernsDate: null,
        fixPath,
      },
    ]
  }
  // the one that keeps the lab ineligible longest decides the date shown
  const latest = counting.reduce((a, b) => (b.clearsOn > a.clearsOn ? b : a))
  return [
    {
      checkId: 'eligibility',
      subject: '',
      result: 'failing',
      reason: {
        key: 'compliance.eligibility.failing',
        params: {
          count: counting.length,
          date: latest.occurredOn,
          category: latest.category,
          subject: latest.subject,
          until: latest.clearsOn,
        },
      },
      concernsDate: latest.clearsOn,
      fixPath,
    },
  ]
}
