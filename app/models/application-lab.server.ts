import { and, asc, eq } from 'drizzle-orm'
import { certificationRounds, labs, roundApplications, validityPeriods } from '~db/schema'
import type { IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { db } from '~/utils/db.server'
import { labCertificate } from './certificates.server'
import { findRoundApplication } from './round-application-access.server'
import { labScope } from './scope.server'

// A certified application and the lab 授牌 made of it (round_applications.lab_id, migration 0046,
// docs/decisions/026-certification-step.md): each page links to the other only for a viewer the
// other page admits, asked of that page's own scope, so no one is shown a link to a 404.

export type ApplicationLab = {
  labId: number
  labName: string
  // the number the step issued (the first period's): the applicant's record of its 授牌
  certificateNo: string
  // /labs/:labId (labScope: the bureau, the lab's district)
  canOpenLab: boolean
  // /labs/:labId/certificate (the same scope, while the current period carries a number)
  canOpenCertificate: boolean
}

/**
 * The lab a certified application became, for a viewer who may already read the application: its
 * name and number are on the public 公示 and the 授牌 list, so every such viewer sees them.
 */
export function labOfApplication({ actor, labId, today }: { actor: Actor; labId: number | null; today: IsoDate }): ApplicationLab | null {
  if (labId === null) return null
  const q = db()
  const lab = q.select({ id: labs.id, name: labs.name }).from(labs).where(eq(labs.id, labId)).get()
  if (!lab) return null
  const first = q
    .select({ certificateNo: validityPeriods.certificateNo })
    .from(validityPeriods)
    .where(eq(validityPeriods.labId, labId))
    .orderBy(asc(validityPeriods.sequence))
    .get()
  const canOpenLab = !!q
    .select({ id: labs.id })
    .from(labs)
    .where(and(eq(labs.id, labId), labScope(actor)))
    .get()
  return {
    labId,
    labName: lab.name,
    certificateNo: first?.certificateNo ?? '',
    canOpenLab,
    canOpenCertificate: canOpenLab && labCertificate({ actor, labId, today }) !== null,
  }
}

export type LabApplication = { applicationId: number; roundNameZh: string; roundNameEn: string }

/** The application a lab was certified from, when the viewer may open it (findRoundApplication's scope). */
export function applicationOfLab({ actor, labId }: { actor: Actor; labId: number }): LabApplication | null {
  const q = db()
  const row = q
    .select({ id: roundApplications.id, roundNameZh: certificationRounds.nameZh, roundNameEn: certificationRounds.nameEn })
    .from(roundApplications)
    .innerJoin(certificationRounds, eq(certificationRounds.id, roundApplications.roundId))
    // round_applications_lab_idx
    .where(eq(roundApplications.labId, labId))
    .get()
  if (!row || !findRoundApplication(actor, row.id, q)) return null
  return { applicationId: row.id, roundNameZh: row.roundNameZh, roundNameEn: row.roundNameEn }
}
