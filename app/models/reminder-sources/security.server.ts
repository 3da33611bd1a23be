import { drills, securityPlans } from '~db/schema'
import { addMonths, type IsoDate } from '~/domain/dates'
import { planInForce } from '~/domain/security-summary'
import type { ReminderSourceDefinition } from './source'
import { inIds } from '~/models/in-ids.server'

// The emergency plan's review date (the plan in force, planInForce: a new version replaces it
// and with it the reminders), and the next drill: the drill interval after the last drill, or after
// certification when there has been none (the same dates as the compliance checks).
export const planReviewSource: ReminderSourceDefinition = {
  source: 'plan_review',
  list({ db, labs, today }) {
    const ids = [...labs.keys()]
    if (ids.length === 0) return []
    const plans = db
      .select({
        id: securityPlans.id,
        labId: securityPlans.labId,
        version: securityPlans.version,
        approvedOn: securityPlans.approvedOn,
        nextReviewOn: securityPlans.nextReviewOn,
      })
      .from(securityPlans)
      .where(inIds(securityPlans.labId, ids))
      .all()
    const ofLab = new Map<number, typeof plans>()
    for (const p of plans) ofLab.set(p.labId, [...(ofLab.get(p.labId) ?? []), p])
    const inForce = [...ofLab].flatMap(([labId, list]) => {
      const plan = planInForce(list, today)
      return plan ? [[labId, plan] as const] : []
    })
    return inForce.map(([labId, plan]) => {
      const lab = labs.get(labId)!
      return {
        source: 'plan_review',
        sourceId: plan.id,
        labId,
        districtCode: lab.districtCode,
        dueDate: plan.nextReviewOn,
        title: { key: 'reminders.title.plan_review', params: { lab: lab.name, version: plan.version } },
        link: `/labs/${labId}/security`,
        completed: false,
      }
    })
  },
}

export const drillSource: ReminderSourceDefinition = {
  source: 'drill',
  list({ db, labs, settings }) {
    const ids = [...labs.keys()]
    if (ids.length === 0) return []
    const lastDrill = new Map<number, IsoDate>()
    for (const d of db.select({ labId: drills.labId, heldOn: drills.heldOn }).from(drills).where(inIds(drills.labId, ids)).all()) {
      const seen = lastDrill.get(d.labId)
      if (!seen || d.heldOn > seen) lastDrill.set(d.labId, d.heldOn)
    }
    return [...labs.values()].map((lab) => {
      const last = lastDrill.get(lab.id)
      const since = last && last > lab.certifiedOn ? last : lab.certifiedOn
      return {
        source: 'drill',
        // one drill series per lab: each drill held moves the due date, which re-arms the series
        sourceId: lab.id,
        labId: lab.id,
        districtCode: lab.districtCode,
        dueDate: addMonths(since, settings.drillIntervalMonths),
        title: { key: 'reminders.title.drill', params: { lab: lab.name } },
        link: `/labs/${lab.id}/security#drills`,
        completed: false,
      }
    })
  },
}
