import { eq } from 'drizzle-orm'
import { applicants, organisations, roundApplicationPartners, users, type RoundApplication } from '~db/schema'
import type { Db } from '~/utils/db.server'

// 评审回避 for certification applications (issue 21): an expert whose organisation is the applicant
// or one of its partners, by unified social credit code, may not review it. One rule, asked when
// the bureau assigns (application-review.server.ts) and again when the expert scores, since the
// expert's organisation can change between the two.

type Reader = Pick<Db, 'select'>

export type ExpertOrganisation = { creditCode: string | null; orgName: string | null }

/** The organisation an expert account belongs to, as the conflict rule compares it. */
export function expertOrganisation(q: Reader, expertId: number): ExpertOrganisation {
  return (
    q
      .select({ creditCode: organisations.creditCode, orgName: organisations.name })
      .from(users)
      .leftJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(users.id, expertId))
      .get() ?? { creditCode: null, orgName: null }
  )
}

/** Whether the expert's organisation is the application's applicant or a partner; null when neither. */
export function applicationExpertConflict(
  q: Reader,
  row: Pick<RoundApplication, 'id' | 'applicantId'>,
  expert: ExpertOrganisation,
): 'applicant' | 'partner' | null {
  if (!expert.creditCode) return null
  const applicant = q.select({ uscc: applicants.uscc }).from(applicants).where(eq(applicants.id, row.applicantId)).get()
  if (applicant?.uscc === expert.creditCode) return 'applicant'
  const partnerCodes = q
    .select({ uscc: roundApplicationPartners.uscc })
    .from(roundApplicationPartners)
    .where(eq(roundApplicationPartners.applicationId, row.id))
    .all()
    .map((p) => p.uscc)
  return partnerCodes.includes(expert.creditCode) ? 'partner' : null
}
