import { and, asc, eq, gte, isNull, sql } from 'drizzle-orm'
import { z } from 'zod'
import { applicants, labs, noticeObjections, organisations, publicNotices, renewals, roundApplications } from '~db/schema'
import type { NoticeObjection, PublicNotice } from '~db/schema/public-notices'
import type { RenewalDecision } from '~db/schema/enums'
import { shanghaiDate, isIsoDate } from '~/domain/dates'
import { confirmRefusal, listedSince, publicNoticeState } from '~/domain/notice-step'
import type { Actor } from '~/domain/permissions'
import { now, today } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { fieldErrorsOf, optionalText, requiredText, type FieldErrors } from '~/utils/forms'
import { labDistrictOf } from '~/domain/certification/lab-district'
import { recordAudit } from './audit.server'
import { applicationObjectionDecided, applicationSubject } from './application-notice-step.server'
import { confirmRenewalNotice, renewalObjectionDecided } from './renewal-notice-step.server'
import { auditActorOf, conflict, invalid, notFound, type ActingUser, type Refusal, type Result } from './result.server'
import { checkVersion, seenVersion, staleRefusal } from './row-version.server'

// 公示's objections and its confirm step (docs/decisions/025-public-notice.md), the bureau's alone:
// any other role is out of scope (404). What the subject does on them is its kind's module:
// renewal-notice-step.server.ts and application-notice-step.server.ts.

export type NoticeResult = Result<{ notice: PublicNotice }, Refusal>

function bureauNotice(by: Actor, noticeId: number): PublicNotice | null {
  if (by.role !== 'bureau') return null
  return db().select().from(publicNotices).where(eq(publicNotices.id, noticeId)).get() ?? null
}

/** The bureau's page of a notice: what is announced, about whom, and its objections oldest first. */
export function noticeDetail(by: Actor, noticeId: number) {
  const notice = bureauNotice(by, noticeId)
  if (!notice) return null
  const subject = notice.subjectKind === 'renewal' ? renewalSubject(notice.subjectId) : applicationSubject(db(), notice.subjectId)
  const objections = db()
    .select()
    .from(noticeObjections)
    .where(eq(noticeObjections.noticeId, noticeId))
    .orderBy(asc(noticeObjections.id))
    .all()
  return { notice, subject, objections, confirmRefusal: confirmRefusal(notice, objections, now()) }
}

function renewalSubject(renewalId: number) {
  return (
    db()
      .select({ kind: sql<'renewal'>`'renewal'`, renewalId: renewals.id, labId: labs.id, labName: labs.name, status: renewals.status })
      .from(renewals)
      .innerJoin(labs, eq(labs.id, renewals.labId))
      .where(eq(renewals.id, renewalId))
      .get() ?? null
  )
}

const ObjectionFields = z.object({
  receivedOn: z.string().trim().refine(isIsoDate, 'form.invalidDate'),
  objector: optionalText(200),
  contact: optionalText(200),
  content: requiredText(4000),
})

export type ObjectionRaw = Partial<Record<keyof z.input<typeof ObjectionFields>, unknown>>

/** Records an objection received on a live notice: from its publication day to today. */
export function recordObjection({ by, noticeId, raw }: { by: ActingUser; noticeId: number; raw: ObjectionRaw }): NoticeResult {
  const notice = bureauNotice(by, noticeId)
  if (!notice) return notFound()
  if (notice.withdrawnAt !== null || notice.confirmedAt !== null) return conflict('notice.error.closed')
  const parsed = ObjectionFields.safeParse(raw)
  if (!parsed.success) return invalid(fieldErrorsOf(parsed.error))
  const v = parsed.data
  const day = today()
  if (v.receivedOn > day) return invalid({ receivedOn: { key: 'notice.error.receivedFuture' } })
  if (v.receivedOn < shanghaiDate(new Date(notice.publishedAt))) return invalid({ receivedOn: { key: 'notice.error.receivedBefore' } })
  const at = now()
  const actor = auditActorOf(by)
  db().transaction((tx) => {
    const objection = tx
      .insert(noticeObjections)
      .values({ noticeId, ...v, recordedBy: by.id, createdAt: at.toISOString(), updatedAt: at.toISOString() })
      .returning()
      .get()
    recordAudit(tx, {
      actor,
      action: 'create',
      entityType: 'notice_objection',
      entityId: objection.id,
      labId: labOfNotice(notice),
      after: objection,
      at,
    })
  })
  return { ok: true, notice }
}

const DecisionFields = z.object({
  decision: z.enum(['sustained', 'dismissed'], { error: 'form.invalidChoice' }),
  reason: requiredText(4000),
})

/** The bureau's decision on one objection; sustained, the notice leaves the list and its subject goes back. */
export function decideObjection({
  by,
  noticeId,
  objectionId,
  raw,
  version,
}: {
  by: ActingUser
  noticeId: number
  objectionId: number
  raw: Partial<Record<'decision' | 'reason', unknown>>
  version: unknown
}): NoticeResult {
  const notice = bureauNotice(by, noticeId)
  if (!notice) return notFound()
  const before = db()
    .select()
    .from(noticeObjections)
    .where(and(eq(noticeObjections.id, objectionId), eq(noticeObjections.noticeId, noticeId)))
    .get()
  if (!before) return notFound()
  const moved = checkVersion({ rowVersion: before.rowVersion, status: before.decision }, seenVersion(version), {
    entityType: 'notice_objection',
    entityId: objectionId,
  })
  if (moved) return moved
  if (before.decision !== 'pending') return conflict('notice.error.objectionDecided')
  if (notice.withdrawnAt !== null || notice.confirmedAt !== null) return conflict('notice.error.closed')
  const parsed = DecisionFields.safeParse(raw)
  if (!parsed.success) {
    const errors: FieldErrors = fieldErrorsOf(parsed.error)
    if (errors.reason) errors.reason = { key: 'notice.error.reasonRequired' }
    return invalid(errors)
  }
  const { decision, reason } = parsed.data
  const at = now()
  const actor = auditActorOf(by)
  const labId = labOfNotice(notice)
  try {
    return db().transaction((tx): NoticeResult => {
      const after = tx
        .update(noticeObjections)
        .set({
          decision,
          decisionReason: reason,
          decidedBy: by.id,
          decidedAt: at.toISOString(),
          updatedAt: at.toISOString(),
          rowVersion: before.rowVersion + 1,
        })
        .where(and(eq(noticeObjections.id, objectionId), eq(noticeObjections.rowVersion, before.rowVersion)))
        .returning()
        .get()
      if (!after) return staleRefusal({ entityType: 'notice_objection', entityId: objectionId, status: null }, tx)
      recordAudit(tx, { actor, action: 'decide', entityType: 'notice_objection', entityId: objectionId, labId, before, after, at })
      let current = notice
      if (decision === 'sustained') {
        current = tx
          .update(publicNotices)
          .set({ withdrawnAt: at.toISOString(), withdrawnReason: reason, updatedAt: at.toISOString(), rowVersion: notice.rowVersion + 1 })
          .where(eq(publicNotices.id, noticeId))
          .returning()
          .get()!
        recordAudit(tx, {
          actor,
          action: 'withdraw',
          entityType: 'public_notice',
          entityId: noticeId,
          labId,
          before: notice,
          after: current,
          at,
        })
      }
      if (notice.subjectKind === 'renewal') renewalObjectionDecided(tx, { notice, objectionId, decision, reason, by: actor, at })
      else {
        const effect = applicationObjectionDecided(tx, { notice, decision, reason, by, at })
        // the application moved meanwhile: nothing of the decision is kept
        if (!effect.ok) throw new SubjectRefused(effect)
      }
      return { ok: true, notice: current }
    })
  } catch (error) {
    if (error instanceof SubjectRefused) return error.refusal
    throw error
  }
}

// thrown out of a transaction so that it rolls back, and answered as the refusal it carries
class SubjectRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super('the notice subject refused the step')
  }
}

/** 公示期满，确认: after the last day, with no objection pending, the announced decision takes effect. */
export function confirmNotice({ by, noticeId, version }: { by: ActingUser; noticeId: number; version: unknown }): NoticeResult {
  const notice = bureauNotice(by, noticeId)
  if (!notice) return notFound()
  const moved = checkVersion({ rowVersion: notice.rowVersion }, seenVersion(version), { entityType: 'public_notice', entityId: noticeId })
  if (moved) return moved
  const objections = db()
    .select({ decision: noticeObjections.decision })
    .from(noticeObjections)
    .where(eq(noticeObjections.noticeId, noticeId))
    .all()
  const refusal = confirmRefusal(notice, objections, now())
  if (refusal === 'notEnded') return conflict('notice.error.notEnded', { date: notice.endsOn })
  if (refusal) return conflict(`notice.error.${refusal}`)
  // an application's notice is confirmed by the 授牌 step on its round, with the lab it creates
  if (notice.subjectKind !== 'renewal') return conflict('notice.error.certifyOnRound')
  const at = now()
  try {
    return confirmTransaction({ by, notice, at })
  } catch (error) {
    if (error instanceof SubjectRefused) return error.refusal
    throw error
  }
}

function confirmTransaction({ by, notice, at }: { by: ActingUser; notice: PublicNotice; at: Date }): NoticeResult {
  const noticeId = notice.id
  const actor = auditActorOf(by)
  return db().transaction((tx): NoticeResult => {
    const after = tx
      .update(publicNotices)
      .set({ confirmedAt: at.toISOString(), confirmedBy: by.id, updatedAt: at.toISOString(), rowVersion: notice.rowVersion + 1 })
      .where(and(eq(publicNotices.id, noticeId), eq(publicNotices.rowVersion, notice.rowVersion)))
      .returning()
      .get()
    if (!after) return staleRefusal({ entityType: 'public_notice', entityId: noticeId, status: null }, tx)
    const effect = confirmRenewalNotice(tx, { notice, by: actor, userId: by.id })
    // the decision refused (the renewal moved meanwhile): nothing of the confirm is kept, and it is
    // answered as that refusal (tx.rollback() would throw out of the action as a 500)
    if (!effect.ok) throw new SubjectRefused(effect)
    recordAudit(tx, {
      actor,
      action: 'confirm',
      entityType: 'public_notice',
      entityId: noticeId,
      labId: labOfNotice(notice),
      before: notice,
      after,
      at,
    })
    return { ok: true, notice: after }
  })
}

function labOfNotice(notice: PublicNotice): number | null {
  if (notice.subjectKind !== 'renewal') return null
  return db().select({ labId: renewals.labId }).from(renewals).where(eq(renewals.id, notice.subjectId)).get()?.labId ?? null
}

// ---- the public page -------------------------------------------------------------------------

export type PublicNoticeRow = {
  id: number
  labName: string
  hostName: string
  // an application's district is the lab's to be (labDistrictOf): null outside Suzhou's districts
  districtCode: string | null
  direction: number | null
  // an application's notice announces its certification
  decision: RenewalDecision | 'certify'
  startsOn: string
  endsOn: string
  estimated: boolean
  state: 'open' | 'ended'
}

/**
 * The notices the page without sign-in lists: live (not withdrawn) and running, or ended within
 * 30 days. Only what a notice makes public: the lab, its host, district and direction, and what
 * is decided; never a contact, a grade, a score or the reasons.
 */
export function listPublicNotices(day = today()): { renewals: PublicNoticeRow[]; applications: PublicNoticeRow[] } {
  const rows = db()
    .select({
      id: publicNotices.id,
      proposal: publicNotices.proposal,
      labName: labs.name,
      hostName: organisations.name,
      districtCode: labs.districtCode,
      direction: labs.direction,
      startsOn: publicNotices.startsOn,
      endsOn: publicNotices.endsOn,
      estimated: publicNotices.estimated,
    })
    .from(publicNotices)
    .innerJoin(renewals, eq(renewals.id, publicNotices.subjectId))
    .innerJoin(labs, eq(labs.id, renewals.labId))
    .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
    .where(and(eq(publicNotices.subjectKind, 'renewal'), gte(publicNotices.endsOn, listedSince(day)), isNull(publicNotices.withdrawnAt)))
    .orderBy(asc(publicNotices.endsOn), asc(publicNotices.id))
    .all()
  return {
    renewals: rows.map(({ proposal, ...r }) => ({
      ...r,
      decision: (JSON.parse(proposal) as { decision: RenewalDecision }).decision,
      state: publicNoticeState(r, day),
    })),
    applications: applicationNotices(day),
  }
}

// The shortlist's notices: the application's lab name, the applicant as its host, the lab's district.
function applicationNotices(day: string): PublicNoticeRow[] {
  return (
    db()
      .select({
        id: publicNotices.id,
        labName: roundApplications.labName,
        hostName: applicants.name,
        officeDistrictCode: roundApplications.officeDistrictCode,
        uscc: applicants.uscc,
        direction: roundApplications.direction,
        startsOn: publicNotices.startsOn,
        endsOn: publicNotices.endsOn,
        estimated: publicNotices.estimated,
      })
      .from(publicNotices)
      .innerJoin(roundApplications, eq(roundApplications.id, publicNotices.subjectId))
      .innerJoin(applicants, eq(applicants.id, roundApplications.applicantId))
      // public_notices_kind_ends_idx
      .where(
        and(eq(publicNotices.subjectKind, 'application'), gte(publicNotices.endsOn, listedSince(day)), isNull(publicNotices.withdrawnAt)),
      )
      .orderBy(asc(publicNotices.endsOn), asc(publicNotices.id))
      .all()
      .map(({ officeDistrictCode, uscc, ...r }) => ({
        ...r,
        districtCode: labDistrictOf({ officeDistrictCode, uscc }),
        decision: 'certify' as const,
        state: publicNoticeState(r, day),
      }))
  )
}

export type { NoticeObjection }
