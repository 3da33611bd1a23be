import { and, asc, eq, gte, lte } from 'drizzle-orm'
import { complianceHistory } from '~db/schema'
import { CHECK_RESULTS, type CheckResult } from '~db/schema/enums'
import type { IsoDate } from '~/domain/dates'
import { SEVERITY } from '~/domain/compliance/engine'
import { db } from '~/utils/db.server'
import { ensureComplianceFresh } from './compliance.server'

// One lab's compliance month by month (compliance_history: the last evaluation of a month stands
// for it), oldest first: the rows the dashboards' 24-month trend and the renewal dossier's
// monthly record are drawn from. Callers have already checked the actor may see the lab.

const RESULT_OF_SEVERITY = new Map<number, CheckResult>(CHECK_RESULTS.map((r) => [SEVERITY[r], r]))

export type ComplianceMonth = { month: string; worst: CheckResult; failing: number; warnings: number; recordedAt: string }

/** `from` and `to` are YYYY-MM, both included. */
export function labComplianceHistory({
  labId,
  today,
  from,
  to,
}: {
  labId: number
  today: IsoDate
  from?: string
  to?: string
}): ComplianceMonth[] {
  // this month's row is written by the evaluation of today
  ensureComplianceFresh(today)
  return (
    db()
      .select()
      .from(complianceHistory)
      // the primary key (month, lab_id) serves a month range; compliance_history_lab_idx the lab's every month
      .where(
        and(
          eq(complianceHistory.labId, labId),
          from ? gte(complianceHistory.month, from) : undefined,
          to ? lte(complianceHistory.month, to) : undefined,
        ),
      )
      .orderBy(asc(complianceHistory.month))
      .all()
      .map((h) => ({
        month: h.month,
        worst: RESULT_OF_SEVERITY.get(h.severity) ?? 'failing',
        failing: h.failing,
        warnings: h.warnings,
        recordedAt: h.recordedAt,
      }))
  )
}
