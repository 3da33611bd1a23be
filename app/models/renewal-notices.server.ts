import { eq } from 'drizzle-orm'
import { labs } from '~db/schema'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import type { Db } from '~/utils/db.server'
import { notifyEvent } from './event-notices.server'

// Who hears of a renewal's steps (docs/decisions/013-notices.md), one function per event, called
// in the step's transaction by the renewal models and by the demo seed (db/seed-notices-renewals.ts).

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type LabRef = { id: number; name: string; districtCode: string }

const labOf = (tx: Tx, labId: number): LabRef =>
  tx.select({ id: labs.id, name: labs.name, districtCode: labs.districtCode }).from(labs).where(eq(labs.id, labId)).get()!

/** A lab's application is in: the bureau reviews it next; the lab's district office follows its labs' renewals. */
export function notifyRenewalSubmitted(
  tx: Tx,
  { renewalId, labId, eventId, at }: { renewalId: number; labId: number; eventId: number; at: Date },
) {
  const lab = labOf(tx, labId)
  return notifyEvent(tx, {
    source: 'renewal_submitted',
    sourceId: eventId,
    day: shanghaiDate(at),
    step: 0,
    labId,
    title: { key: 'renewals.notice.submitted', params: { lab: lab.name } },
    link: `/labs/${labId}/renewals/${renewalId}`,
    to: { bureau: true, districtCodes: [lab.districtCode] },
    at,
  })
}

/** The expert's inbox says what to review (their menu counts it too); nobody else hears who reviews. */
export function notifyReviewAssigned(
  tx: Tx,
  { assignmentId, renewalId, labId, expertId, at }: { assignmentId: number; renewalId: number; labId: number; expertId: number; at: Date },
) {
  return notifyEvent(tx, {
    source: 'review_assignment',
    sourceId: assignmentId,
    day: shanghaiDate(at),
    step: 0,
    labId,
    title: { key: 'reminders.title.review_assignment', params: { lab: labOf(tx, labId).name } },
    link: `/labs/${labId}/renewals/${renewalId}/review`,
    to: { userIds: [expertId] },
    at,
  })
}

/** The bureau hears that a review is in; the lab does not (who reviews it is the bureau's). */
export function notifyReviewSubmitted(
  tx: Tx,
  {
    assignmentId,
    renewalId,
    labId,
    totalScore,
    at,
  }: { assignmentId: number; renewalId: number; labId: number; totalScore: number | null; at: Date },
) {
  return notifyEvent(tx, {
    source: 'review_submitted',
    sourceId: assignmentId,
    day: shanghaiDate(at),
    step: 0,
    labId,
    title: { key: 'reminders.title.review_submitted', params: { lab: labOf(tx, labId).name, total: totalScore ?? '' } },
    link: `/labs/${labId}/renewals/${renewalId}#review`,
    to: { bureau: true },
    at,
  })
}

/** The lab's accounts, its district office and the bureau hear of a decision (step 0) or a re-check's (step 1). */
export function notifyRenewalDecision(
  tx: Tx,
  { renewalId, labId, key, step, day, at }: { renewalId: number; labId: number; key: string; step: number; day: IsoDate; at: Date },
) {
  const lab = labOf(tx, labId)
  return notifyEvent(tx, {
    source: 'renewal_decision',
    sourceId: renewalId,
    day,
    step,
    labId,
    title: { key, params: { lab: lab.name } },
    link: `/labs/${labId}/renewals/${renewalId}`,
    to: { bureau: true, lab: { id: labId, districtCode: lab.districtCode, district: true } },
    at,
  })
}

/**
 * 公示 (issue 21): the lab, its district office and the bureau hear that a renewal entered its
 * notice (step 0, keyed by the notice) or that the bureau decided an objection to it (step 1, keyed
 * by the objection). A confirmed notice is told as the decision (notifyRenewalDecision).
 */
export function notifyRenewalNotice(
  tx: Tx,
  { sourceId, step, renewalId, labId, key, at }: { sourceId: number; step: 0 | 1; renewalId: number; labId: number; key: string; at: Date },
) {
  const lab = labOf(tx, labId)
  return notifyEvent(tx, {
    source: 'public_notice',
    sourceId,
    day: shanghaiDate(at),
    step,
    labId,
    title: { key, params: { lab: lab.name } },
    link: `/labs/${labId}/renewals/${renewalId}`,
    to: { bureau: true, lab: { id: labId, districtCode: lab.districtCode, district: true } },
    at,
  })
}
