import { and, desc, eq, isNull } from 'drizzle-orm'
import { publicNotices } from '~db/schema'
import type { NoticeSubjectKind } from '~db/schema/enums'
import type { PublicNotice } from '~db/schema/public-notices'
import { noticePeriod } from '~/domain/certification/public-notice'
import { shanghaiDate } from '~/domain/dates'
import { db, type Db } from '~/utils/db.server'
import { recordAudit, type AuditActor } from './audit.server'
import { workCalendar } from './calendar.server'

// 公示's rows (docs/decisions/025-public-notice.md), whatever they announce: published in the
// caller's transaction (the step that decides), read by subject. The objections and the confirm
// step are in ./public-notices.server.ts; what a subject kind does on them, in its own module.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type Reader = Pick<Db, 'select'>

/** Publishes the notice of `proposal` on its subject from `at`'s Shanghai day, for 7 working days of the official calendar. */
export function publishNotice(
  tx: Tx,
  {
    subjectKind,
    subjectId,
    proposal,
    labId,
    by,
    at,
  }: { subjectKind: NoticeSubjectKind; subjectId: number; proposal: object; labId: number | null; by: AuditActor; at: Date },
): PublicNotice {
  const period = noticePeriod(workCalendar(), shanghaiDate(at))
  const notice = tx
    .insert(publicNotices)
    .values({
      subjectKind,
      subjectId,
      proposal: JSON.stringify(proposal),
      publishedAt: at.toISOString(),
      startsOn: period.firstDay,
      endsOn: period.lastDay,
      estimated: period.estimated,
      publishedBy: by.id,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    })
    .returning()
    .get()
  recordAudit(tx, { actor: by, action: 'publish', entityType: 'public_notice', entityId: notice.id, labId, after: notice, at })
  return notice
}

/** The subject's notice on the list (not withdrawn), confirmed or not; null when it has none. */
export function liveNoticeOf(subjectKind: NoticeSubjectKind, subjectId: number, q: Reader = db()): PublicNotice | null {
  return (
    q
      .select()
      .from(publicNotices)
      .where(and(eq(publicNotices.subjectKind, subjectKind), eq(publicNotices.subjectId, subjectId), isNull(publicNotices.withdrawnAt)))
      .get() ?? null
  )
}

/** Every notice of the subject, newest first: the live one and those withdrawn by a sustained objection. */
export function noticesOf(subjectKind: NoticeSubjectKind, subjectId: number, q: Reader = db()): PublicNotice[] {
  return q
    .select()
    .from(publicNotices)
    .where(and(eq(publicNotices.subjectKind, subjectKind), eq(publicNotices.subjectId, subjectId)))
    .orderBy(desc(publicNotices.id))
    .all()
}

/**
 * Takes the subject's live, unconfirmed notice off the list, in the caller's transaction: the
 * subject was decided another way meanwhile (a revocation for cause), so what the notice announces
 * will not happen. A confirmed notice stays (it is the decision's own record).
 */
export function withdrawLiveNotice(
  tx: Tx,
  {
    subjectKind,
    subjectId,
    reason,
    labId,
    by,
    at,
  }: { subjectKind: NoticeSubjectKind; subjectId: number; reason: string; labId: number | null; by: AuditActor; at: Date },
): PublicNotice | null {
  const live = liveNoticeOf(subjectKind, subjectId, tx)
  if (!live || live.confirmedAt !== null) return null
  const after = tx
    .update(publicNotices)
    .set({ withdrawnAt: at.toISOString(), withdrawnReason: reason, updatedAt: at.toISOString(), rowVersion: live.rowVersion + 1 })
    .where(eq(publicNotices.id, live.id))
    .returning()
    .get()!
  recordAudit(tx, { actor: by, action: 'withdraw', entityType: 'public_notice', entityId: live.id, labId, before: live, after, at })
  return after
}
