import { and, isNull } from 'drizzle-orm'
import { incidents } from '~db/schema'
import { shanghaiDate } from '~/domain/dates'
import type { ReminderSourceDefinition } from './source'
import { inIds } from '~/models/in-ids.server'

// An incident recorded but not yet reported to the bureau, by its report deadline (clock hours
// after discovery, app/domain/security.ts). Reminders work in days, so the deadline's day counts:
// the steps before it are reached at once and the latest (usually "due today") is sent, then the
// overdue steps and the escalation follow until the report is recorded.
export const incidentReportSource: ReminderSourceDefinition = {
  source: 'incident_report',
  list({ db, labs }) {
    const ids = [...labs.keys()]
    if (ids.length === 0) return []
    return db
      .select({
        id: incidents.id,
        labId: incidents.labId,
        title: incidents.title,
        grade: incidents.grade,
        reportDeadline: incidents.reportDeadline,
      })
      .from(incidents)
      .where(and(inIds(incidents.labId, ids), isNull(incidents.reportedAt)))
      .all()
      .map((i) => {
        const lab = labs.get(i.labId)!
        return {
          source: 'incident_report',
          sourceId: i.id,
          labId: i.labId,
          districtCode: lab.districtCode,
          dueDate: shanghaiDate(new Date(i.reportDeadline)),
          title: { key: 'reminders.title.incident_report', params: { lab: lab.name, title: i.title, grade: i.grade } },
          link: `/labs/${i.labId}/incidents/${i.id}`,
          completed: false,
        }
      })
  },
}
