import { and, eq } from 'drizzle-orm'
import { annualReports, deliverables, grades, labs, users, validityPeriods } from '~db/schema'
import type { FilingEvent } from '~db/schema/filings'
import { shanghaiDate } from '~/domain/dates'
import { filingNoticeAudiences, type NoticeAudience } from '~/domain/filing-workflow'
import type { MessageKey } from '~/i18n'
import { notifyEvent, type EventDelivery, type EventRecipients } from './event-notices.server'
import type { Tx } from './filing-steps.server'

// Who is told of a filing's step (issue 15), for deliverables and annual reports alike: the
// workflow table says whose turn it is next or whose filing it is (FILING_STEPS `tells`); this
// names the filing, words the title and hands the notice to notifyEvent under the step's own
// key (source 'filing', the filing_events row), so a step is told once, however often it is told.

// A return's reason is kept whole on the filing's page; the title carries its beginning.
export const REASON_EXCERPT = 80

export function reasonExcerpt(comment: string): string {
  const text = comment.replace(/\s+/g, ' ').trim()
  return text.length > REASON_EXCERPT ? `${text.slice(0, REASON_EXCERPT)}…` : text
}

// the notice's step number: one per audience, so each office's and the lab's notices of one event are their own
const STEP_OF: Record<NoticeAudience, number> = { own_lab: 0, lab_district: 1, bureau: 2 }

type TitleEnd = 'submitted' | 'resubmitted' | 'submittedToBureau' | 'resubmittedToBureau' | 'opinion' | 'opinionToLab' | 'returned'

function titleEnd(event: FilingEvent, audience: NoticeAudience, graded: boolean): TitleEnd | 'accepted' | 'acceptedGraded' | null {
  const again = event.action === 'resubmit'
  switch (event.action) {
    case 'submit':
    case 'resubmit':
      return audience === 'lab_district' ? (again ? 'resubmitted' : 'submitted') : again ? 'resubmittedToBureau' : 'submittedToBureau'
    case 'district_opinion':
      return audience === 'bureau' ? 'opinion' : 'opinionToLab'
    case 'return':
      return 'returned'
    case 'accept':
      return graded ? 'acceptedGraded' : 'accepted'
    default:
      return null
  }
}

/**
 * Tells the people a filing's step concerns, in the step's transaction: the district office when
 * it is asked for its opinion (the bureau instead when the district has no office account), the
 * bureau when the opinion is given and the decision is its, the lab's accounts when the opinion is
 * given, the filing is returned (with the reason) or accepted (with the grade, if any).
 * `event` is the filing_events row that records the step; its id keys the notices.
 */
export function notifyFilingStep(tx: Tx, event: FilingEvent): EventDelivery {
  const lab = tx.select({ id: labs.id, name: labs.name, districtCode: labs.districtCode }).from(labs).where(eq(labs.id, event.labId)).get()
  if (!lab) return { sent: 0, outboxIds: [] }
  const districtOffice = Boolean(
    tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'district'), eq(users.districtCode, lab.districtCode), eq(users.active, true)))
      .get(),
  )
  const audiences = filingNoticeAudiences(event.action, { districtOffice })
  if (audiences.length === 0) return { sent: 0, outboxIds: [] }
  const filing = describeFiling(tx, event)
  if (!filing) return { sent: 0, outboxIds: [] }
  const grade = event.action === 'accept' && event.grade ? gradeLabels(tx, event.grade) : null
  const params: Record<string, string | number> = {
    lab: lab.name,
    ...filing.params,
    ...(event.action === 'return' ? { reason: reasonExcerpt(event.comment) } : {}),
    ...(grade ? { grade: grade.zh, gradeEn: grade.en } : {}),
  }
  const delivery: EventDelivery = { sent: 0, outboxIds: [] }
  const at = new Date(event.at)
  for (const audience of audiences) {
    const end = titleEnd(event, audience, grade !== null)
    if (!end) continue
    const to: EventRecipients =
      audience === 'own_lab'
        ? { lab: { id: lab.id, districtCode: lab.districtCode } }
        : audience === 'lab_district'
          ? { districtCodes: [lab.districtCode] }
          : { bureau: true }
    const key: MessageKey = `filingNotice.${event.filingKind}.${end}` as const
    const told = notifyEvent(tx, {
      source: 'filing',
      sourceId: event.id,
      day: shanghaiDate(at),
      step: STEP_OF[audience],
      labId: lab.id,
      title: { key, params },
      link: filing.link,
      to,
      at,
    })
    delivery.sent += told.sent
    delivery.outboxIds.push(...told.outboxIds)
  }
  return delivery
}

// What the title calls the filing, and the page where it is read and acted on.
function describeFiling(tx: Tx, event: FilingEvent): { params: Record<string, string | number>; link: string } | null {
  if (event.filingKind === 'deliverable') {
    const row = tx.select({ title: deliverables.title }).from(deliverables).where(eq(deliverables.id, event.filingId)).get()
    return row ? { params: { title: row.title }, link: `/labs/${event.labId}/deliverables/${event.filingId}` } : null
  }
  const row = tx
    .select({ sequence: validityPeriods.sequence, year: annualReports.validityYear })
    .from(annualReports)
    .innerJoin(validityPeriods, eq(validityPeriods.id, annualReports.periodId))
    .where(eq(annualReports.id, event.filingId))
    .get()
  return row ? { params: { period: row.sequence, year: row.year }, link: `/labs/${event.labId}/reports/${event.filingId}` } : null
}

// the grade's label in each language; a code the scale does not know is shown as itself
function gradeLabels(tx: Tx, code: string): { zh: string; en: string } {
  const row = tx.select({ zh: grades.labelZh, en: grades.labelEn }).from(grades).where(eq(grades.code, code)).get()
  return row ?? { zh: code, en: code }
}
