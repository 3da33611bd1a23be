import { and, ne } from 'drizzle-orm'
import { renewals } from '~db/schema'
import type { ReminderSourceDefinition } from './source'
import { inIds } from '~/models/in-ids.server'

// The end of the latest validity period (有效期两年), which is also the day by which the lab applies
// for renewal (issue 8): the reminders ask it to apply and stop once it has. Once the bureau has
// decided (renewed, not renewed, revoked) there is nothing to remind of either.
export const validitySource: ReminderSourceDefinition = {
  source: 'validity',
  list({ db, labs }) {
    const periodIds = [...labs.values()].map((l) => l.latest.periodId)
    const applied = new Set(
      periodIds.length
        ? db
            .select({ periodId: renewals.periodId })
            .from(renewals)
            .where(and(inIds(renewals.periodId, periodIds), ne(renewals.status, 'draft')))
            .all()
            .map((r) => r.periodId)
        : [],
    )
    return [...labs.values()].map((lab) => ({
      source: 'validity',
      sourceId: lab.latest.periodId,
      labId: lab.id,
      districtCode: lab.districtCode,
      dueDate: lab.latest.endDate,
      title: { key: 'reminders.title.validity', params: { lab: lab.name, end: lab.latest.endDate } },
      link: `/labs/${lab.id}/renewal`,
      completed: lab.latest.outcome !== null || applied.has(lab.latest.periodId),
    }))
  },
}
