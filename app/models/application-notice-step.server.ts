import { and, asc, eq } from 'drizzle-orm'
import { applicants, certificationRounds, cityDepartments, noticeObjections, roundApplications, type RoundApplication } from '~db/schema'
import type { ObjectionDecision } from '~db/schema/enums'
import type { PublicNotice } from '~db/schema/public-notices'
import { checkStep, refusalMessage, type ApplicationFacts } from '~/domain/certification/application-steps'
import { noticeCoverageWarning, type NoticePeriod } from '~/domain/certification/public-notice'
import { now } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import { recordAudit } from './audit.server'
import { bureauRound, moveApplication } from './application-review.server'
import { liveNoticeOf, publishNotice } from './notice-records.server'
import { auditActorOf, conflict, ok, type ActingUser, type Refusal, type Result } from './result.server'
import { officeOf } from './round-application-access.server'

// What 公示 does to a certification application (issue 21 item 6, docs/decisions/025): the bureau
// publishes the round's shortlist, one notice per application (step `publish`); a sustained
// objection takes the application off the list (step `sustain_objection`); the certify step on
// the round (round-certify.server.ts) confirms the notices it certifies. Beside
// renewal-notice-step.server.ts, the renewal's module; public-notices.server.ts dispatches.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type Reader = Pick<Db, 'select'>
const immediate = { behavior: 'immediate' } as const

/** The steps table's facts for the notice's steps: the live notice's last day and its undecided objections. */
export function noticeFacts(q: Reader, row: RoundApplication): ApplicationFacts {
  const round = q.select().from(certificationRounds).where(eq(certificationRounds.id, row.roundId)).get()!
  const notice = liveNoticeOf('application', row.id, q)
  const open = notice
    ? q
        .select({ id: noticeObjections.id })
        .from(noticeObjections)
        // notice_objections_notice_idx
        .where(and(eq(noticeObjections.noticeId, notice.id), eq(noticeObjections.decision, 'pending')))
        .all().length
    : 0
  return {
    status: row.status,
    applicantId: row.applicantId,
    office: officeOf(row),
    round: { applicationsDueAt: round.applicationsDueAt, recommendationsDueAt: round.recommendationsDueAt },
    // the earlier steps' guards, not these
    failingConditions: [],
    quota: { quota: 0, used: 0 },
    sealedLetter: false,
    experts: { assigned: [], conflicted: [] },
    scoresComplete: false,
    notice: notice ? { lastDay: notice.endsOn } : null,
    openObjections: open,
  }
}

export type PublishOutcome = Result<{ changed: number[]; notices: PublicNotice[] }, Refusal>

/**
 * 四(四) 公示: every shortlisted application of the round goes in notice at once, each with its own
 * notice of 7 working days from `at`'s Shanghai day (the official calendar; `estimated` when a day
 * lies in a year it lacks). `version` is the round's, as the review page showed it; the demo seed
 * passes none.
 */
export function publishShortlist({
  by,
  roundId,
  version,
  at = now(),
}: {
  by: ActingUser
  roundId: number
  version?: unknown
  at?: Date
}): PublishOutcome {
  return db().transaction((tx): PublishOutcome => {
    const round = bureauRound(tx, by, roundId, version)
    if ('ok' in round) return round
    const rows = tx
      .select()
      .from(roundApplications)
      // round_applications_round_status_idx
      .where(and(eq(roundApplications.roundId, roundId), eq(roundApplications.status, 'shortlisted')))
      .orderBy(asc(roundApplications.id))
      .all()
    if (!rows.length) return conflict('rounds.notice.error.nothingToPublish')
    // every check before any write: a refusal leaves the round as it was
    for (const row of rows) {
      const checked = checkStep({ role: 'bureau' }, noticeFacts(tx, row), 'publish', at)
      if (!checked.ok) return conflict(refusalMessage(checked.reason))
    }
    const actor = auditActorOf(by)
    const notices = rows.map((row) => {
      const moved = moveApplication(tx, { by, row, step: 'publish', to: 'in_notice', at })
      return publishNotice(tx, {
        subjectKind: 'application',
        subjectId: moved.id,
        proposal: { decision: 'certify' },
        labId: null,
        by: actor,
        at,
      })
    })
    tx.update(certificationRounds)
      .set({ updatedAt: at.toISOString(), rowVersion: round.rowVersion + 1 })
      .where(eq(certificationRounds.id, roundId))
      .run()
    recordAudit(tx, {
      actor,
      action: 'publish',
      entityType: 'certification_round',
      entityId: roundId,
      after: { published: rows.map((r) => r.id), notices: notices.map((n) => n.id), endsOn: notices[0].endsOn },
      at,
    })
    return ok({ changed: rows.map((r) => r.id), notices })
  }, immediate)
}

/**
 * A decided objection on an application's notice, in the decision's transaction. Sustained: the
 * application leaves the list (step `sustain_objection`, the decision's reason as its reasons);
 * the notice itself is withdrawn by the caller. Dismissed: nothing changes for the application.
 */
export function applicationObjectionDecided(
  tx: Tx,
  {
    notice,
    decision,
    reason,
    by,
    at,
  }: { notice: PublicNotice; decision: Exclude<ObjectionDecision, 'pending'>; reason: string; by: ActingUser; at: Date },
): Result<object, Refusal> {
  if (decision !== 'sustained') return ok({})
  const row = tx.select().from(roundApplications).where(eq(roundApplications.id, notice.subjectId)).get()
  if (!row) return conflict('notice.error.subjectGone')
  // the facts are read before the caller withdrew the notice: the step needs the application in notice
  const checked = checkStep({ role: 'bureau' }, { ...noticeFacts(tx, row), openObjections: 0 }, 'sustain_objection', at)
  if (!checked.ok) return conflict(refusalMessage(checked.reason))
  moveApplication(tx, { by, row, step: 'sustain_objection', to: 'objection_sustained', at, said: { reasons: reason } })
  return ok({})
}

/** What the bureau's notice page shows of an application: who applies, for which lab, through which office. */
export function applicationSubject(q: Reader, applicationId: number) {
  const row = q
    .select({
      applicationId: roundApplications.id,
      roundId: roundApplications.roundId,
      labName: roundApplications.labName,
      status: roundApplications.status,
      applicantName: applicants.name,
      officeDistrictCode: roundApplications.officeDistrictCode,
      departmentZh: cityDepartments.nameZh,
      departmentEn: cityDepartments.nameEn,
    })
    .from(roundApplications)
    .innerJoin(applicants, eq(applicants.id, roundApplications.applicantId))
    .leftJoin(cityDepartments, eq(cityDepartments.id, roundApplications.officeDepartmentId))
    .where(eq(roundApplications.id, applicationId))
    .get()
  return row ? { kind: 'application' as const, ...row } : null
}

/** The coverage warning of a stored notice (its years from its own days), for the pages that list it. */
export function storedNoticeWarning(notice: Pick<PublicNotice, 'startsOn' | 'endsOn' | 'estimated'>) {
  const years = [...new Set([notice.startsOn.slice(0, 4), notice.endsOn.slice(0, 4)])].map(Number)
  return noticeCoverageWarning({ estimated: notice.estimated, unknownYears: years } as NoticePeriod)
}
