import { and, eq, isNotNull } from 'drizzle-orm'
import { applicants, applicationReviews, roundApplications, type RoundApplication } from '~db/schema'
import { sameOffice, type CertificationActor, type RecommendingOffice } from '~/domain/certification/actors'
import { canSeeApplication } from '~/domain/certification/application-steps'
import type { DistrictCode } from '~db/schema/enums'
import { isConfirmedApplicant, type Actor } from '~/domain/permissions'
import { db, type Db } from '~/utils/db.server'
import { LETTER_KIND } from './round-application-form'

// Who may see which certification application (issue 21), the rules' canSeeApplication applied
// to a row. Out of scope is "not found" to every page and download.

/** The attachments' owner type of an application's files (app/models/attachments.server.ts). */
export const ROUND_APPLICATION_OWNER = 'round_application'

type Reader = Pick<Db, 'select'>

// An applicant account acts only once its office has confirmed the registration: the rule is
// permissions.ts's, the registration read in the caller's transaction.
function confirmedApplicant(actor: Actor, q: Reader): boolean {
  if (actor.role !== 'applicant' || !actor.applicantId) return false
  const row = q.select({ id: applicants.id, status: applicants.status }).from(applicants).where(eq(applicants.id, actor.applicantId)).get()
  return isConfirmedApplicant(actor, row)
}

/** The signed-in user as the certification rules see them; null for a role that has no part in applications. */
export function certificationActorOf(actor: Actor, q: Reader = db()): CertificationActor | null {
  switch (actor.role) {
    case 'bureau':
      return { role: 'bureau' }
    case 'district':
      return actor.districtCode ? { role: 'office', office: { kind: 'district', districtCode: actor.districtCode } } : null
    case 'department':
      return actor.departmentId ? { role: 'office', office: { kind: 'department', departmentId: actor.departmentId } } : null
    case 'applicant':
      return confirmedApplicant(actor, q) ? { role: 'applicant', applicantId: actor.applicantId! } : null
    case 'expert':
      // which applications: its assignments without a declared conflict (applicationVisible)
      return { role: 'expert', expertId: actor.id }
    case 'lab':
      return null
  }
}

export function officeOf(row: Pick<RoundApplication, 'officeDistrictCode' | 'officeDepartmentId'>): RecommendingOffice {
  return row.officeDistrictCode
    ? { kind: 'district', districtCode: row.officeDistrictCode as DistrictCode }
    : { kind: 'department', departmentId: row.officeDepartmentId! }
}

/** The application's panel as the rules read it: every assigned expert, and those who declared a conflict. */
export function panelExperts(q: Reader, applicationId: number): { assigned: number[]; conflicted: number[] } {
  // application_reviews_application_expert_uq (its leading column)
  const panel = q
    .select({ expertId: applicationReviews.expertId, status: applicationReviews.status })
    .from(applicationReviews)
    .where(eq(applicationReviews.applicationId, applicationId))
    .all()
  return { assigned: panel.map((p) => p.expertId), conflicted: panel.filter((p) => p.status === 'conflict').map((p) => p.expertId) }
}

/** Whether `who` may see the application row (canSeeApplication); only an expert's answer needs the panel. */
export function applicationVisible(who: CertificationActor, row: RoundApplication, q: Reader = db()): boolean {
  return canSeeApplication(who, {
    status: row.status,
    applicantId: row.applicantId,
    office: officeOf(row),
    experts: who.role === 'expert' ? panelExperts(q, row.id) : { assigned: [], conflicted: [] },
    submitted: row.submittedAt !== null,
  })
}

/** The application if `actor` may see it, else null (the page's 404). */
export function findRoundApplication(
  actor: Actor,
  id: number,
  q: Reader = db(),
): { row: RoundApplication; who: CertificationActor } | null {
  const who = certificationActorOf(actor, q)
  if (!who || !Number.isInteger(id)) return null
  const row = q.select().from(roundApplications).where(eq(roundApplications.id, id)).get()
  if (!row || !applicationVisible(who, row, q)) return null
  return { row, who }
}

/** The office's letter is the office's and the bureau's to read: it names every applicant the office recommends. */
export function seesOfficeLetter(
  who: CertificationActor,
  row: Pick<RoundApplication, 'officeDistrictCode' | 'officeDepartmentId'>,
): boolean {
  return who.role === 'bureau' || (who.role === 'office' && sameOffice(who.office, officeOf(row)))
}

/** For downloads of an application's files (attachments.server.ts): the office's letter only to the office and the bureau. */
export function roundApplicationVisible(actor: Actor, id: number, kind: string | null = null): boolean {
  const found = findRoundApplication(actor, id)
  if (!found) return false
  return kind !== LETTER_KIND || seesOfficeLetter(found.who, found.row)
}

// a submitted-at-least-once application of an office (the office's list); exported for the list query
export const everSubmitted = isNotNull(roundApplications.submittedAt)
export const ofOffice = (office: RecommendingOffice) =>
  office.kind === 'district'
    ? eq(roundApplications.officeDistrictCode, office.districtCode)
    : eq(roundApplications.officeDepartmentId, office.departmentId)
export const ofOfficeInRound = (roundId: number, office: RecommendingOffice) =>
  and(eq(roundApplications.roundId, roundId), ofOffice(office))
