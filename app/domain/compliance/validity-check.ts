import { daysUntilExpiry } from '~/domain/validity'
import type { Check } from './types'

// The validity period itself: fine while active, a warning inside the expiry window, failing
// once it has ended without the bureau's decision.
export const validityCheck: Check = (facts, { today, status }) => {
  const latest = facts.latest
  if (!latest) return []
  const base = {
    checkId: 'validity' as const,
    subject: '',
    concernsDate: latest.endDate,
    fixPath: `/labs/${facts.labId}#periods`,
  }
  const days = daysUntilExpiry({ endDate: latest.endDate, today })
  switch (status) {
    case 'renewed':
      return [
        {
          ...base,
          result: 'ok',
          reason: {
            key: 'compliance.validity.renewed',
            params: { end: latest.endDate },
          },
        },
      ]
    case 'active':
      return [
        {
          ...base,
          result: 'ok',
          reason: {
            key: 'compliance.validity.active',
            params: { end: latest.endDate, days },
          },
        },
      ]
    case 'expiring':
      return [
        {
          ...base,
          result: 'warning',
          reason: {
            key: 'compliance.validity.expiring',
            params: { end: latest.endDate, days },
          },
        },
      ]
    case 'expired':
      return [
        {
          ...base,
          result: 'failing',
          reason: {
            key: 'compliance.validity.expired',
            params: { end: latest.endDate, days: -days },
          },
        },
      ]
    default:
      return []
  }
}
