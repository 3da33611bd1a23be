import { and, asc, desc, eq, gte, lte, ne } from 'drizzle-orm'
import { annualReports, deliverables, labs, obligations, organisations, validityPeriods } from '~db/schema'
import type { AnnualReport } from '~db/schema/filings'
import type { FilingStatus } from '~db/schema/enums'
import {
  canStartReport,
  canSubmitReport,
  checkReportForm,
  EMPTY_CONTENT,
  parseReportContent,
  parseRosterSnapshot,
  REPORT_LIMITS,
  reportDueStatus,
  reportFormValues,
  reportOpensOn,
  rosterChanges,
  takeRosterSnapshot,
  type ReportContent,
  type ReportForm,
} from '~/domain/annual-report'
import type { IsoDate } from '~/domain/dates'
import { canEditFiling, type FilingRef, type FilingStep } from '~/domain/filing-workflow'
import { isOwnLab, type Actor } from '~/domain/permissions'
import { summariseSecurityYear } from '~/domain/security-summary'
import { labPeriods, validityYears } from '~/domain/validity'
import { DEFAULT_LOCALE, translator } from '~/i18n'
import { now, today } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import type { FieldErrors } from '~/utils/forms'
import { recordAudit } from './audit.server'
import { rosterOf } from './team.server'
import { filingThread } from './filing-events.server'
import { firstFiledOn } from './filed-on.server'
import {
  editableFiling,
  lockedErrors,
  periodsOf,
  recordFilingChange,
  scopedFiling,
  scopedLab,
  takeFilingStep,
  writeStep,
  type FilingFailure,
  type FilingSpec,
  type FilingUser,
  type ScopedLab,
  type StepInput,
} from './filing-steps.server'
import { ensureLedger, ledgerOfLab } from './obligations.server'
import { auditActorOf, conflict, forbidden, invalid, notFound, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'
import { securityRecordsOf } from './security.server'
import { declaredLinesOf, planTargetRows, progressPanel } from './progress.server'

// 年度报告: one per validity year. The workflow's steps are taken by ./filing-steps.server.ts,
// as for deliverables; this module adds what only reports have: a content checked complete when
// filed, after the year has ended, with the roster snapshotted, and every change audited.

// bad input (400), and a step the report's status does not allow now (409), are both shown on the form
export type ReportFailure = FilingFailure

export type ReportResult = Result<{ report: AnnualReport }, ReportFailure>

const refOf = (lab: ScopedLab, status: FilingStatus): FilingRef => ({ kind: 'annual_report', status, lab })

const REPORT: FilingSpec<AnnualReport, ReportFailure> = {
  kind: 'annual_report',
  read: (q, id) => q.select().from(annualReports).where(eq(annualReports.id, id)).get(),
  // a step the status does not allow is a conflict (409): the page was stale
  wrongStatus: conflict('reports.error.wrongStatus'),
  commentMax: REPORT_LIMITS.comment,
  commentRequired: 'reports.error.commentRequired',
  gradeRequired: 'reports.error.gradeRequired',
  underReview: 'reports.error.underReview',
  locked: 'reports.error.locked',
}

const scoped = (actor: Actor, labId: number, reportId: number) => scopedFiling(REPORT, actor, labId, reportId)

// The period and the validity year a report is for (a report is only ever started for one of its validityYears).
function yearOfReport(row: Pick<AnnualReport, 'labId' | 'periodId' | 'validityYear'>) {
  const period = periodsOf(row.labId).find((p) => p.id === row.periodId)!
  return { period, year: validityYears(period)[row.validityYear - 1] }
}

/**
 * One row per validity year of each of the lab's periods, newest period first: the report's due
 * date from the obligation ledger, the report when one was started, whether it is overdue, and
 * whether this actor may start it now. Null when the lab is out of scope.
 */
export function listReportYears({ actor, labId }: { actor: Actor; labId: number }) {
  const lab = scopedLab(actor, labId)
  if (!lab) return null
  const date = today()
  // a period entered since the last evaluation gets its ledger rows (and due dates) first
  ensureLedger()
  const due = new Map(
    ledgerOfLab(labId)
      .filter((o) => o.kind === 'annual_report')
      .map((o) => [`${o.periodId}:${o.validityYear}`, o]),
  )
  const reports = db()
    .select({
      id: annualReports.id,
      periodId: annualReports.periodId,
      validityYear: annualReports.validityYear,
      status: annualReports.status,
      grade: annualReports.grade,
      submittedAt: annualReports.submittedAt,
      decidedAt: annualReports.decidedAt,
      districtOpinion: annualReports.districtOpinion,
      districtOpinionAt: annualReports.districtOpinionAt,
    })
    .from(annualReports)
    .where(eq(annualReports.labId, labId))
    .all()
  const own = isOwnLab(actor, lab)
  const filedOn = firstFiledOn('annual_report', reports)
  const periods = periodsOf(labId)
  // an ended period's years are history once a later period is in force (docs/status-language.md)
  const inForce = labPeriods(periods, date).inForce
  return periods.reverse().flatMap((period) =>
    validityYears(period).map((year) => {
      const ledger = due.get(`${period.id}:${year.year}`) ?? null
      const report = reports.find((r) => r.periodId === period.id && r.validityYear === year.year) ?? null
      const status = ledger
        ? reportDueStatus({
            yearEnd: year.endDate,
            dueDate: ledger.dueDate,
            filedOn: report ? (filedOn.get(report.id) ?? null) : null,
            today: date,
            periodClosed: inForce !== null && inForce.sequence > period.sequence,
          })
        : null
      return {
        periodId: period.id,
        sequence: period.sequence,
        validityYear: year.year,
        yearStart: year.startDate,
        yearEnd: year.endDate,
        dueDate: ledger?.dueDate ?? null,
        dueDateEstimated: ledger?.dueDateEstimated ?? false,
        extended: ledger ? ledger.dueDate !== ledger.originalDueDate : false,
        report,
        status,
        daysOverdue: status?.state === 'overdue' ? status.days : null,
        // 逾期提交, as on the report's own page (getReport)
        filedLateDays: status?.state === 'done_late' || status?.state === 'closed_met_late' ? status.days : null,
        opensOn: reportOpensOn(year.endDate),
        canStart: own && !report && canStartReport({ yearEnd: year.endDate, today: date }),
      }
    }),
  )
}

export type ReportYearRow = NonNullable<ReturnType<typeof listReportYears>>[number]

// The deliverables completed within the year, one line each: the accepted version while a
// revision of it is in progress, otherwise the latest (superseded versions never count).
function deliverablesOfYear(labId: number, from: IsoDate, to: IsoDate) {
  const rows = db()
    .select({
      id: deliverables.id,
      rootId: deliverables.rootId,
      version: deliverables.version,
      title: deliverables.title,
      type: deliverables.type,
      completedOn: deliverables.completedOn,
      status: deliverables.status,
      grade: deliverables.grade,
    })
    .from(deliverables)
    // deliverables_lab_idx
    .where(
      and(
        eq(deliverables.labId, labId),
        gte(deliverables.completedOn, from),
        lte(deliverables.completedOn, to),
        ne(deliverables.status, 'superseded'),
      ),
    )
    .orderBy(asc(deliverables.completedOn), asc(deliverables.id))
    .all()
  const chosen = new Map<number, (typeof rows)[number]>()
  for (const row of rows) {
    const root = row.rootId ?? row.id
    const seen = chosen.get(root)
    const better = !seen || (seen.status !== 'accepted' && (row.status === 'accepted' || row.version > seen.version))
    if (better) chosen.set(root, row)
  }
  return rows.filter((r) => chosen.get(r.rootId ?? r.id) === r)
}

// The latest snapshot of an earlier year of the lab, to say who joined and who left since.
function previousSnapshot(labId: number, sequence: number, validityYear: number) {
  const earlier = db()
    .select({ sequence: validityPeriods.sequence, validityYear: annualReports.validityYear, rosterSnapshot: annualReports.rosterSnapshot })
    .from(annualReports)
    .innerJoin(validityPeriods, eq(validityPeriods.id, annualReports.periodId))
    .where(eq(annualReports.labId, labId))
    .orderBy(desc(validityPeriods.sequence), desc(annualReports.validityYear))
    .all()
    .filter((r) => r.rosterSnapshot && (r.sequence < sequence || (r.sequence === sequence && r.validityYear < validityYear)))
  return earlier.length ? parseRosterSnapshot(earlier[0].rosterSnapshot) : null
}

/**
 * One report with what its page shows: content, year, due date, the deliverables of the year,
 * the roster (the submitted snapshot, or the live roster while the lab is still writing), and the
 * thread. Null when out of scope or not a report of this lab.
 */
export function getReport({ actor, labId, reportId }: { actor: Actor; labId: number; reportId: number }) {
  const found = scoped(actor, labId, reportId)
  if (!found) return null
  const { lab, row } = found
  const { period, year } = yearOfReport(row)
  ensureLedger() // the due date, for a period entered around the models
  const ledger = db()
    .select({ dueDate: obligations.dueDate, originalDueDate: obligations.originalDueDate, estimated: obligations.dueDateEstimated })
    .from(obligations)
    .where(
      and(eq(obligations.periodId, row.periodId), eq(obligations.validityYear, row.validityYear), eq(obligations.kind, 'annual_report')),
    )
    .get()
  const header = db()
    .select({ directorName: labs.directorName, hostName: organisations.name })
    .from(labs)
    .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
    .where(eq(labs.id, labId))
    .get()!
  const inForce = labPeriods(periodsOf(labId), today()).inForce
  const dueState = ledger
    ? reportDueStatus({
        yearEnd: year.endDate,
        dueDate: ledger.dueDate,
        filedOn: firstFiledOn('annual_report', [row]).get(row.id) ?? null,
        today: today(),
        periodClosed: inForce !== null && inForce.sequence > period.sequence,
      })
    : null
  const snapshot = parseRosterSnapshot(row.rosterSnapshot)
  const roster = snapshot ?? takeRosterSnapshot(rosterOf(db(), labId), today())
  const content = parseReportContent(row.content)
  const writing = row.status === 'draft' || row.status === 'returned'
  return {
    lab: { ...lab, ...header },
    report: row,
    content,
    // 任务指标完成情况 of the report's period (issue 16, part 3), and the lines it states figures for
    progress: progressPanel({ periodId: row.periodId, today: today() }),
    declaredLines: declaredLinesOf(db(), row.periodId),
    // a report still being written whose targets table is empty is offered the plan's lines
    suggestedTargets: writing && content.progress.targets.length === 0 ? planTargetRows(db(), row.periodId) : [],
    period: { id: period.id, sequence: period.sequence },
    year,
    dueDate: ledger?.dueDate ?? null,
    dueDateEstimated: ledger?.estimated ?? false,
    // the one status language (docs/status-language.md): overdue, filed late (逾期提交), or an
    // ended period's met / not met
    status: dueState,
    daysOverdue: dueState?.state === 'overdue' ? dueState.days : null,
    filedLateDays: dueState?.state === 'done_late' || dueState?.state === 'closed_met_late' ? dueState.days : null,
    canSubmitNow: canSubmitReport({ yearEnd: year.endDate, today: today() }),
    roster,
    // 'missing': filed before snapshots were kept (or by the demo seed); the live roster stands in
    rosterState: snapshot
      ? ('snapshot' as const)
      : row.status === 'draft' || row.status === 'returned'
        ? ('live' as const)
        : ('missing' as const),
    rosterChanges: rosterChanges(previousSnapshot(labId, period.sequence, row.validityYear), roster),
    deliverables: deliverablesOfYear(labId, year.startDate, year.endDate),
    thread: filingThread('annual_report', row.id),
  }
}

export type ReportDetail = NonNullable<ReturnType<typeof getReport>>

/** The lab starts the draft of one validity year's report; at most one per year. */
export function startReport({
  by,
  labId,
  periodId,
  validityYear,
}: {
  by: FilingUser
  labId: number
  periodId: number
  validityYear: number
}): ReportResult {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (!isOwnLab(by, lab)) return forbidden()
  const period = periodsOf(labId).find((p) => p.id === periodId)
  if (!period) return invalid({ periodId: { key: 'reports.error.noSuchYear' } })
  const year = validityYears(period).find((y) => y.year === validityYear)
  if (!year) return invalid({ validityYear: { key: 'reports.error.noSuchYear' } })
  if (!canStartReport({ yearEnd: year.endDate, today: today() }))
    return invalid({ _form: { key: 'reports.error.notOpenYet', vars: { opensOn: reportOpensOn(year.endDate) } } })
  const at = now()
  const actor = auditActorOf(by)
  const result = db().transaction((tx): ReportResult => {
    // checked inside the transaction (better-sqlite3 runs one at a time); the unique index backs it
    const existing = tx
      .select({ id: annualReports.id })
      .from(annualReports)
      .where(and(eq(annualReports.periodId, periodId), eq(annualReports.validityYear, validityYear)))
      .get()
    if (existing) return invalid({ _form: { key: 'reports.error.exists', vars: { sequence: period.sequence, year: validityYear } } })
    const stamp = at.toISOString()
    // the security section starts as a summary of the year's plan, drills and incidents, which the
    // lab edits; in Chinese, the language the report is filed in whatever the page's language
    const security = summariseSecurityYear({
      year,
      ...securityRecordsOf(tx, labId),
      t: translator(DEFAULT_LOCALE),
      max: REPORT_LIMITS.text,
    })
    const created = tx
      .insert(annualReports)
      .values({
        labId,
        periodId,
        validityYear,
        // the targets table starts from the period's plan, so the lab does not type it twice
        content: { ...EMPTY_CONTENT, progress: { ...EMPTY_CONTENT.progress, targets: planTargetRows(tx, periodId) }, security },
        status: 'draft',
        createdBy: by.id,
        createdAt: stamp,
        updatedAt: stamp,
      })
      .returning()
      .get()
    recordFilingChange(tx, { kind: 'annual_report', action: 'create', after: created, actor, at })
    return { ok: true, report: created }
  })
  return result
}

/** Saves a draft or a returned report as it stands; the status does not change. */
export function saveReport({
  by,
  labId,
  reportId,
  values,
  version,
}: {
  by: FilingUser
  labId: number
  reportId: number
  values: ReportForm
  // the row version the form showed (VersionField)
  version: unknown
}): ReportResult {
  const found = editableFiling(REPORT, by, labId, reportId)
  if (!found.ok) return found
  const { lab } = found
  const moved = checkVersion(found.row, seenVersion(version), { entityType: 'annual_report', entityId: reportId })
  if (moved) return moved
  const checked = checkReportForm(values, { complete: false, declaredLines: declaredLinesOf(db(), found.row.periodId) })
  if (!checked.ok) return invalid(checked.errors)
  const at = now()
  return db().transaction((tx): ReportResult => {
    const before = tx.select().from(annualReports).where(eq(annualReports.id, reportId)).get()!
    if (before.rowVersion !== found.row.rowVersion)
      return staleRefusal({ entityType: 'annual_report', entityId: reportId, status: before.status }, tx)
    if (!canEditFiling(by, refOf(lab, before.status))) return invalid(lockedErrors(REPORT, before.status))
    const after = tx
      .update(annualReports)
      .set({ content: { ...checked.content }, updatedAt: at.toISOString(), rowVersion: before.rowVersion + 1 })
      .where(eq(annualReports.id, reportId))
      .returning()
      .get()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: 'update',
      entityType: 'annual_report',
      entityId: reportId,
      labId,
      before,
      after,
      at,
    })
    return { ok: true, report: after }
  })
}

// submit and resubmit may carry the form's content, saved with the step; without it the stored
// content is what is filed.
export type ReportStepInput = StepInput & { values?: ReportForm }

// Filed only after the year has ended, and only complete.
function checkFiled(
  row: AnnualReport,
  values: ReportForm | undefined,
  errors: FieldErrors,
): { errors: FieldErrors; filed?: ReportContent } {
  const yearEnd = yearOfReport(row).year.endDate
  if (!canSubmitReport({ yearEnd, today: today() })) return { errors: { _form: { key: 'reports.error.yearNotEnded', vars: { yearEnd } } } }
  const declaredLines = declaredLinesOf(db(), row.periodId)
  const checked = checkReportForm(values ?? reportFormValues(parseReportContent(row.content), declaredLines), {
    complete: true,
    declaredLines,
  })
  if (!checked.ok) return { errors: { ...checked.errors, _form: { key: 'reports.error.incomplete' } } }
  return { errors, filed: checked.content }
}

/** One workflow step: submit, district_opinion, return, accept (with a grade) or resubmit. */
export function takeReportStep({
  by,
  labId,
  reportId,
  input,
}: {
  by: FilingUser
  labId: number
  reportId: number
  input: ReportStepInput
}): ReportResult {
  return takeFilingStep({
    spec: REPORT,
    by,
    labId,
    filingId: reportId,
    input,
    checkFiled: ({ row, errors }) => checkFiled(row, input.values, errors),
    apply: (ctx): ReportResult => {
      const { tx, filed } = ctx
      // what is filed is kept as filed: the content, and the roster it was filed with
      const kept = filed ? { content: { ...filed }, rosterSnapshot: { ...takeRosterSnapshot(rosterOf(tx, labId), today()) } } : {}
      const report = writeStep(ctx, (changes) =>
        tx
          .update(annualReports)
          .set({ ...changes, ...kept })
          .where(eq(annualReports.id, reportId))
          .returning()
          .get(),
      )
      return { ok: true, report }
    },
  })
}

/** The lab files its report: a first submission, or a resubmission after a return. */
export function fileReport({
  by,
  labId,
  reportId,
  values,
  version,
}: {
  by: FilingUser
  labId: number
  reportId: number
  values?: ReportForm
  version: unknown
}): ReportResult {
  const found = scoped(by, labId, reportId)
  if (!found) return notFound()
  const step: FilingStep = found.row.status === 'returned' ? 'resubmit' : 'submit'
  return takeReportStep({ by, labId, reportId, input: { step, values, rowVersion: version } })
}
