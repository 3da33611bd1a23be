import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import { annualReports, deliverables, labs, obligationExtensions, obligations, users, validityPeriods } from '~db/schema'
import type { IsoDate } from '~/domain/dates'
import { FILED_STATUSES } from '~/domain/filing-workflow'
import { checkExtension, unjudgedState, type ExtensionProblem } from '~/domain/obligations'
import { daysFiledLate, dueStatus } from '~/domain/status-language'
import type { MessageKey } from '~/i18n'
import { db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'
import { labChecksOf } from './compliance.server'
import { firstFiledOn } from './filed-on.server'
import { ensureLedger } from './ledger.server'
import { invalid, notFound, type Invalid, type NotFound, type Result } from './result.server'

// ensureLedger lives in ledger.server.ts, which compliance.server.ts imports too: this module
// reads the compliance results, so importing it from there would close a cycle.
export { ensureLedger }

/** A lab's ledger, newest period first, each row with its extensions. Callers check scope. */
export function ledgerOfLab(labId: number) {
  const rows = db()
    .select({
      id: obligations.id,
      periodId: obligations.periodId,
      sequence: validityPeriods.sequence,
      validityYear: obligations.validityYear,
      kind: obligations.kind,
      yearStart: obligations.yearStart,
      yearEnd: obligations.yearEnd,
      dueDate: obligations.dueDate,
      originalDueDate: obligations.originalDueDate,
      dueDateEstimated: obligations.dueDateEstimated,
    })
    .from(obligations)
    .innerJoin(validityPeriods, eq(validityPeriods.id, obligations.periodId))
    .where(eq(obligations.labId, labId))
    .orderBy(desc(validityPeriods.sequence), asc(obligations.validityYear), asc(obligations.kind))
    .all()
  const extensions = rows.length
    ? db()
        .select({
          obligationId: obligationExtensions.obligationId,
          fromDate: obligationExtensions.fromDate,
          toDate: obligationExtensions.toDate,
          reason: obligationExtensions.reason,
          approvedBy: obligationExtensions.approvedBy,
          recordedBy: users.displayName,
          createdAt: obligationExtensions.createdAt,
        })
        .from(obligationExtensions)
        .leftJoin(users, eq(users.id, obligationExtensions.recordedBy))
        .where(
          inArray(
            obligationExtensions.obligationId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(obligationExtensions.id))
        .all()
    : []
  return rows.map((r) => ({ ...r, extensions: extensions.filter((e) => e.obligationId === r.id) }))
}

export type LedgerRow = ReturnType<typeof ledgerOfLab>[number]

export type ExtendResult = Result<object, NotFound | Invalid>

const EXTENSION_PROBLEM: Record<ExtensionProblem, MessageKey> = {
  not_later: 'obligations.error.notLater',
  too_far: 'obligations.error.tooFar',
}

/** The bureau moves a due date later, with the reason and the approving official; audited. */
export function extendObligation({
  labId,
  obligationId,
  toDate,
  reason,
  approvedBy,
  actor,
}: {
  labId: number
  obligationId: number
  toDate: IsoDate
  reason: string
  approvedBy: string
  actor: AuditActor & { id: number }
}): ExtendResult {
  return db().transaction((tx): ExtendResult => {
    const before = tx
      .select()
      .from(obligations)
      .innerJoin(labs, eq(labs.id, obligations.labId))
      .where(and(eq(obligations.id, obligationId), eq(obligations.labId, labId)))
      .get()?.obligations
    if (!before) return notFound()
    const problem = checkExtension({ from: before.dueDate as IsoDate, to: toDate })
    if (problem) return invalid({ toDate: { key: EXTENSION_PROBLEM[problem] } })
    tx.insert(obligationExtensions)
      .values({ obligationId, fromDate: before.dueDate, toDate, reason, approvedBy, recordedBy: actor.id })
      .run()
    const after = tx
      .update(obligations)
      .set({ dueDate: toDate, dueDateEstimated: false })
      .where(eq(obligations.id, obligationId))
      .returning()
      .get()
    recordAudit(tx, {
      actor,
      action: 'extend',
      entityType: 'obligation',
      entityId: obligationId,
      labId,
      before,
      after: { ...after, reason, approvedBy },
    })
    return { ok: true }
  })
}

/**
 * The ledger page: each row with what was filed against it and, for the latest period, the
 * compliance engine's verdict on it (the checks judge only the period in force) or, without
 * one, what it is instead (not yet due, due and not judged, a past period's).
 */
export function ledgerWithState({ labId, today }: { labId: number; today: IsoDate }) {
  ensureLedger()
  const rows = ledgerOfLab(labId)
  const filed = db()
    .select({
      id: deliverables.id,
      status: deliverables.status,
      completedOn: deliverables.completedOn,
      submittedAt: deliverables.submittedAt,
    })
    .from(deliverables)
    .where(and(eq(deliverables.labId, labId), inArray(deliverables.status, [...FILED_STATUSES])))
    .all()
  const reports = db()
    .select({
      id: annualReports.id,
      periodId: annualReports.periodId,
      validityYear: annualReports.validityYear,
      status: annualReports.status,
      submittedAt: annualReports.submittedAt,
    })
    .from(annualReports)
    .where(eq(annualReports.labId, labId))
    .all()
  const deliverableFiledOn = firstFiledOn('deliverable', filed)
  const reportFiledOn = firstFiledOn('annual_report', reports)
  const checks = labChecksOf({ labId, today })
  const periods = db()
    .select({ sequence: validityPeriods.sequence, startDate: validityPeriods.startDate })
    .from(validityPeriods)
    .where(eq(validityPeriods.labId, labId))
    .all()
  return rows.map((row) => {
    // the engine judges one period's years (subjects 'y1', 'y2'); its outcome concerns the
    // obligation's due date, which tells this period's year 1 from the one before the renewal
    const verdict =
      checks.find((c) => c.checkId === row.kind && c.subject === `y${row.validityYear}` && c.concernsDate === row.dueDate) ?? null
    const inYear = filed.filter((d) => d.completedOn >= row.yearStart && d.completedOn <= row.yearEnd)
    const report = reports.find((r) => r.periodId === row.periodId && r.validityYear === row.validityYear) ?? null
    const state = verdict ? null : unjudgedState({ dueDate: row.dueDate, sequence: row.sequence, periods, today })
    // the day it was met: the report first filed; the year's first accepted deliverable first filed
    const doneOn =
      row.kind === 'annual_report'
        ? report
          ? (reportFiledOn.get(report.id) ?? null)
          : null
        : (inYear
            .filter((d) => d.status === 'accepted')
            .map((d) => deliverableFiledOn.get(d.id) ?? d.completedOn)
            .sort()[0] ?? null)
    return {
      ...row,
      verdict: verdict && { result: verdict.result, reasonKey: verdict.reasonKey, reasonParams: verdict.reasonParams },
      // what to say instead of a verdict: not yet due, due and not judged, or a past period's row
      state,
      // a past period's row in the one status language: met, met late or not met (docs/status-language.md)
      closed: state === 'past_period' ? dueStatus({ dueDate: row.dueDate, doneOn, today, windowDays: 0, periodClosed: true }) : null,
      // 逾期提交: the report was first filed after its due date
      filedLateDays: row.kind === 'annual_report' ? daysFiledLate({ dueDate: row.dueDate, filedOn: doneOn }) : null,
      deliverables: {
        accepted: inYear.filter((d) => d.status === 'accepted').length,
        pending: inYear.filter((d) => d.status !== 'accepted').length,
      },
      report: report && { id: report.id, status: report.status },
    }
  })
}

export type LedgerPageRow = ReturnType<typeof ledgerWithState>[number]
