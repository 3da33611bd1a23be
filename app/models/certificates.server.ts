import { and, asc, eq, ne } from 'drizzle-orm'
import { labs, organisations, validityPeriods } from '~db/schema'
import { announcementRows, type CertifiedLabRow } from '~/domain/certification/announcement'
import type { IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { labPeriods } from '~/domain/validity'
import { db } from '~/utils/db.server'
import { getLab } from './labs.server'

// The certificate (/labs/:labId/certificate) and the announcement list of a certification day
// (/labs/certificates.docx): what 授牌 hands out, read back from the lab's periods.

/**
 * The certificate of the lab's current period (its latest, as the lab's home marks it), or null
 * when the lab is out of the actor's scope (labScope through getLab) or that period has no number.
 */
export function labCertificate({ actor, labId, today }: { actor: Actor; labId: number; today: IsoDate }) {
  const detail = getLab({ id: labId, actor })
  if (!detail) return null
  const period = labPeriods(detail.periods, today).latest
  if (!period || period.certificateNo === '') return null
  return {
    labId: detail.lab.id,
    labName: detail.lab.name,
    hostName: detail.host.name,
    certificateNo: period.certificateNo,
    startDate: period.startDate,
    endDate: period.endDate,
  }
}

export type LabCertificate = NonNullable<ReturnType<typeof labCertificate>>

/**
 * The labs certified on `on`: first periods (a renewal's period is no certification) starting that
 * day with a number, in certificate order. The bureau's list: the route admits the bureau alone.
 */
export function certifiedLabsOn(on: IsoDate) {
  const rows: CertifiedLabRow[] = db()
    .select({
      labId: labs.id,
      certificateNo: validityPeriods.certificateNo,
      labName: labs.name,
      hostName: organisations.name,
      districtCode: labs.districtCode,
      direction: labs.direction,
      startDate: validityPeriods.startDate,
      endDate: validityPeriods.endDate,
    })
    .from(validityPeriods)
    .innerJoin(labs, eq(labs.id, validityPeriods.labId))
    .innerJoin(organisations, eq(organisations.id, labs.hostOrgId))
    .where(and(eq(validityPeriods.startDate, on), eq(validityPeriods.sequence, 1), ne(validityPeriods.certificateNo, '')))
    .orderBy(asc(labs.id))
    .all()
  return announcementRows(rows)
}
