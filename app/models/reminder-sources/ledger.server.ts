import { and, inArray } from 'drizzle-orm'
import { annualReports, deliverables, obligations } from '~db/schema'
import type { ReminderSourceContext, ReminderSourceDefinition } from './source'
import { inIds } from '~/models/in-ids.server'

// The obligation ledger (issue 4) of each lab's period in force, the one the compliance engine
// judges: the year's deliverable and the annual report. Reminders stop once the lab has filed
// (submitted or accepted): waiting for the bureau's review is not the lab's delay. A filing
// returned for changes is the lab's move again, so its reminders resume.
const DONE = ['submitted', 'accepted', 'superseded'] as const

function ledgerRows({ db, labs }: ReminderSourceContext, kind: 'deliverable' | 'annual_report') {
  const periodIds = [...labs.values()].map((l) => l.inForcePeriodId)
  if (periodIds.length === 0) return []
  return db
    .select()
    .from(obligations)
    .where(and(inIds(obligations.periodId, periodIds), inArray(obligations.kind, [kind])))
    .all()
}

export const deliverableSource: ReminderSourceDefinition = {
  source: 'deliverable',
  list(ctx) {
    const rows = ledgerRows(ctx, 'deliverable')
    const filed = rows.length
      ? ctx.db
          .select({ labId: deliverables.labId, completedOn: deliverables.completedOn })
          .from(deliverables)
          .where(and(inIds(deliverables.labId, new Set(rows.map((r) => r.labId))), inArray(deliverables.status, [...DONE])))
          .all()
      : []
    // filed deliverables by lab, so each obligation looks at its own lab's few, not at every lab's
    const filedOf = new Map<number, string[]>()
    for (const d of filed) filedOf.set(d.labId, [...(filedOf.get(d.labId) ?? []), d.completedOn])
    return rows.map((o) => {
      const lab = ctx.labs.get(o.labId)!
      return {
        source: 'deliverable',
        sourceId: o.id,
        labId: o.labId,
        districtCode: lab.districtCode,
        dueDate: o.dueDate,
        title: { key: 'reminders.title.deliverable', params: { lab: lab.name, year: o.validityYear } },
        link: `/labs/${o.labId}/deliverables`,
        completed: (filedOf.get(o.labId) ?? []).some((completedOn) => completedOn >= o.yearStart && completedOn <= o.yearEnd),
      }
    })
  },
}

export const annualReportSource: ReminderSourceDefinition = {
  source: 'annual_report',
  list(ctx) {
    const rows = ledgerRows(ctx, 'annual_report')
    const filed = rows.length
      ? ctx.db
          .select({ periodId: annualReports.periodId, validityYear: annualReports.validityYear })
          .from(annualReports)
          .where(and(inIds(annualReports.periodId, new Set(rows.map((r) => r.periodId))), inArray(annualReports.status, [...DONE])))
          .all()
      : []
    const filedYears = new Set(filed.map((r) => `${r.periodId}:${r.validityYear}`))
    return rows.map((o) => {
      const lab = ctx.labs.get(o.labId)!
      return {
        source: 'annual_report',
        sourceId: o.id,
        labId: o.labId,
        districtCode: lab.districtCode,
        dueDate: o.dueDate,
        title: { key: 'reminders.title.annual_report', params: { lab: lab.name, year: o.validityYear } },
        link: `/labs/${o.labId}/reports`,
        completed: filedYears.has(`${o.periodId}:${o.validityYear}`),
      }
    })
  },
}
