import { and, eq, inArray, isNotNull, ne, notInArray, or, isNull } from 'drizzle-orm'
import { incidents, incidentUpdates, users } from '~db/schema'
import { shanghaiDate } from '~/domain/dates'
import { followUpDaysFor, followUpDue } from '~/domain/reminder-kinds'
import type { ReminderSourceDefinition } from './source'
import { inIds } from '~/models/in-ids.server'

// An open incident (not closed: isOpenIncident, the compliance engine's rule) is followed up
// (issue 15 part 3): its lab is due to update it cadence(grade) days after its last update — the
// report, a step or a note by the lab (the offices' own remarks do not count) — and is reminded
// on that day and again every cadence(grade) days while it does not (the obligation's own pace,
// app/domain/reminder-kinds.ts); the district and then the bureau are told per the kind's rules.
// Each update moves the due date, which is part of the notice key: a fresh series starts.
// An incident not yet reported is the incident_report source's, not this one's.
export const incidentFollowUpSource: ReminderSourceDefinition = {
  source: 'incident_followup',
  list({ db, labs, settings }) {
    const ids = [...labs.keys()]
    if (ids.length === 0) return []
    const open = db
      .select({
        id: incidents.id,
        labId: incidents.labId,
        title: incidents.title,
        grade: incidents.grade,
        reportedAt: incidents.reportedAt,
      })
      .from(incidents)
      .where(and(inIds(incidents.labId, ids), ne(incidents.status, 'closed'), isNotNull(incidents.reportedAt)))
      .all()
    if (open.length === 0) return []
    // the lab's latest entry on each open incident's timeline (incident_updates_incident_idx);
    // a seeded entry has no user and is the lab's
    const latest = new Map<number, string>()
    for (let i = 0; i < open.length; i += 500) {
      const rows = db
        .select({ incidentId: incidentUpdates.incidentId, at: incidentUpdates.at })
        .from(incidentUpdates)
        .leftJoin(users, eq(users.id, incidentUpdates.actorUserId))
        .where(
          and(
            inArray(
              incidentUpdates.incidentId,
              open.slice(i, i + 500).map((o) => o.id),
            ),
            or(isNull(users.role), notInArray(users.role, ['district', 'bureau'])),
          ),
        )
        .all()
      for (const r of rows) if ((latest.get(r.incidentId) ?? '') < r.at) latest.set(r.incidentId, r.at)
    }
    return open.map((i) => {
      const lab = labs.get(i.labId)!
      const last = [i.reportedAt!, latest.get(i.id) ?? ''].reduce((a, b) => (a > b ? a : b))
      return {
        source: 'incident_followup' as const,
        sourceId: i.id,
        labId: i.labId,
        districtCode: lab.districtCode,
        dueDate: followUpDue({ lastUpdate: shanghaiDate(new Date(last)), grade: i.grade, settings }),
        title: {
          key: 'noticesFollowUp.title' as const,
          params: { lab: lab.name, title: i.title, grade: i.grade, days: followUpDaysFor(settings, i.grade) },
        },
        link: `/labs/${i.labId}/incidents/${i.id}`,
        completed: false,
        repeatEveryDays: followUpDaysFor(settings, i.grade),
      }
    })
  },
}
