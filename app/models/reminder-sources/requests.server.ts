import { and, inArray } from 'drizzle-orm'
import { resourceRequests } from '~db/schema'
import type { IsoDate } from '~/domain/dates'
import { ownerOfSource } from '~/domain/reminders'
import { AWAITING_DECISION } from '~/domain/resource-requests'
import type { ReminderSourceDefinition } from './source'
import { inIds } from '~/models/in-ids.server'

// A resource request awaiting the bureau's decision, by its stored decision deadline (issue 6).
// The bureau owes it, so the bureau's accounts get the reminder steps and the lab is not told it
// is late; a decision (or a return to the lab, or a withdrawal) ends them, and a resubmission's
// new deadline starts a fresh series.
export const requestDecisionSource: ReminderSourceDefinition = {
  source: 'request_decision',
  list({ db, labs }) {
    const ids = [...labs.keys()]
    if (ids.length === 0) return []
    return db
      .select({
        id: resourceRequests.id,
        labId: resourceRequests.labId,
        title: resourceRequests.title,
        deadline: resourceRequests.deadline,
      })
      .from(resourceRequests)
      .where(and(inArray(resourceRequests.status, AWAITING_DECISION), inIds(resourceRequests.labId, ids)))
      .all()
      .flatMap((r) => {
        const lab = labs.get(r.labId)!
        if (!r.deadline) return []
        return [
          {
            source: 'request_decision' as const,
            sourceId: r.id,
            labId: r.labId,
            districtCode: lab.districtCode,
            dueDate: r.deadline as IsoDate,
            title: { key: 'reminders.title.request_decision' as const, params: { lab: lab.name, title: r.title } },
            link: `/labs/${r.labId}/requests/${r.id}`,
            completed: false,
            owedBy: ownerOfSource('request_decision'),
          },
        ]
      })
  },
}
