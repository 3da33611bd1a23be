import type { Db } from '~db/client.server'
import type { RequestStatus, ResourceType, ResourceUnit } from '~db/schema/enums'
import { UNITS_BY_TYPE } from '~/domain/resource-requests'
import { insertRequest } from '~db/factories'

// A resource request row written straight into the table, for the queue and statistics tests:
// the facts a step would store are given, not computed, so each test states exactly what it counts.
export function makeRequest(
  db: Db,
  {
    labId,
    status = 'submitted',
    type = 'computing',
    unit,
    title,
    quantity = 100,
    submittedOn = status === 'draft' ? null : '2026-03-02',
    deadline = status === 'draft' ? null : '2026-03-16',
    districtOpinionRequired = false,
    decidedOn = null,
    decisionWorkingDays = null,
    decidedInTime = null,
    grantedQuantity,
  }: {
    labId: number
    status?: RequestStatus
    type?: ResourceType
    unit?: ResourceUnit
    title?: string
    quantity?: number
    submittedOn?: string | null
    deadline?: string | null
    districtOpinionRequired?: boolean
    decidedOn?: string | null
    decisionWorkingDays?: number | null
    decidedInTime?: boolean | null
    grantedQuantity?: number | null
  },
) {
  // as the model stores it: an approval grants what was asked
  const granted = grantedQuantity !== undefined ? grantedQuantity : status === 'approved' ? quantity : null
  return insertRequest(db, {
    labId,
    type,
    unit: unit ?? UNITS_BY_TYPE[type][0],
    title: title ?? `申请 ${type} ${status}`,
    description: '需求说明',
    quantity,
    neededBy: '2026-12-31',
    justification: '理由',
    status,
    districtOpinionRequired,
    submittedAt: submittedOn ? `${submittedOn}T02:00:00.000Z` : null,
    submittedOn,
    firstSubmittedAt: submittedOn ? `${submittedOn}T02:00:00.000Z` : null,
    decisionDays: submittedOn ? 10 : null,
    deadline,
    decidedAt: decidedOn ? `${decidedOn}T02:00:00.000Z` : null,
    decidedOn,
    decisionWorkingDays,
    decidedInTime,
    grantedQuantity: granted,
  })
}

/** Decided `days` working days after submission; in time when within `limit` (default 10). */
export function decidedFacts(days: number, { decidedOn = '2026-03-10', limit = 10 }: { decidedOn?: string; limit?: number } = {}) {
  return { decidedOn, decisionWorkingDays: days, decidedInTime: days <= limit }
}
