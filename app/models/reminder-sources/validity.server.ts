import type { ReminderSourceDefinition } from './source'

// The end of the latest validity period (有效期两年): the lab prepares its renewal, the bureau
// decides. Once the bureau has decided (renewed, not renewed, revoked) there is nothing to remind of.
export const validitySource: ReminderSourceDefinition = {
  source: 'validity',
  list({ labs }) {
    return [...labs.values()].map((lab) => ({
      source: 'validity',
      sourceId: lab.periodId,
      labId: lab.id,
      districtCode: lab.districtCode,
      dueDate: lab.endDate,
      title: { key: 'reminders.title.validity', params: { lab: lab.name, end: lab.endDate } },
      link: `/labs/${lab.id}#periods`,
      completed: lab.outcome !== null,
    }))
  },
}
