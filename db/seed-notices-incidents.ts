import { and, desc, eq, isNull, ne } from 'drizzle-orm'
import { isUrgentGrade } from '~/domain/incidents'
import { tellIncidentReported, tellPlanAcknowledged, tellPlanSubmitted } from '~/models/incident-notices.server'
import { ruleSettings } from '~/models/settings.server'
import { db } from '~/utils/db.server'
import { incidents, incidentUpdates, labs, securityPlans } from './schema'

/**
 * The demo's incident and plan notices (issue 15), told through the functions the pages use, from
 * the seeded records (db/seed-security.ts): each incident still open as its report was told (the
 * night's grade II incident in a 姑苏区 lab alerts the bureau and gusu, and waits for the bureau's
 * acknowledgement on its badge); each lab's current plan version as submitted to the bureau while
 * it waits for acknowledgement, or as acknowledged to the lab (the demo lab accounts read theirs).
 */
export function seedIncidentNotices() {
  const settings = ruleSettings()
  db().transaction((tx) => {
    const open = tx
      .select({ incident: incidents, lab: { id: labs.id, name: labs.name, districtCode: labs.districtCode } })
      .from(incidents)
      .innerJoin(labs, eq(labs.id, incidents.labId))
      .where(ne(incidents.status, 'closed'))
      .all()
    for (const { incident, lab } of open) {
      const report = tx
        .select({ id: incidentUpdates.id, at: incidentUpdates.at })
        .from(incidentUpdates)
        .where(and(eq(incidentUpdates.incidentId, incident.id), isNull(incidentUpdates.fromStatus)))
        .get()
      if (!report) continue
      const urgent = isUrgentGrade(settings, incident.grade)
      const told = urgent
        ? tx.update(incidents).set({ alertedAt: report.at }).where(eq(incidents.id, incident.id)).returning().get()
        : incident
      tellIncidentReported(tx, { lab, incident: told, updateId: report.id, urgent, actorId: null, at: new Date(report.at) })
    }
    const current = new Map<number, typeof securityPlans.$inferSelect>()
    for (const plan of tx.select().from(securityPlans).orderBy(desc(securityPlans.approvedOn), desc(securityPlans.id)).all())
      if (!current.has(plan.labId)) current.set(plan.labId, plan)
    for (const plan of current.values()) {
      const lab = tx
        .select({ id: labs.id, name: labs.name, districtCode: labs.districtCode })
        .from(labs)
        .where(eq(labs.id, plan.labId))
        .get()!
      if (plan.acknowledgedAt) tellPlanAcknowledged(tx, { lab, plan, at: new Date(plan.acknowledgedAt) })
      else tellPlanSubmitted(tx, { lab, plan, at: new Date(plan.createdAt) })
    }
  })
}
