import { eq, inArray } from 'drizzle-orm'
import { labPartners, labs } from '~db/schema'
import type { JointLab } from '~/domain/joint-applications'
import { db } from '~/utils/db.server'

// Every lab that involves one of `orgIds`, as the joint-application rule needs it.
export function jointLabsInvolving(orgIds: number[], excludeLabId: number): JointLab[] {
  if (orgIds.length === 0) return []
  const hosted = db().select({ id: labs.id, hostOrgId: labs.hostOrgId }).from(labs).where(inArray(labs.hostOrgId, orgIds)).all()
  const partnered = db()
    .select({ id: labs.id, hostOrgId: labs.hostOrgId })
    .from(labPartners)
    .innerJoin(labs, eq(labs.id, labPartners.labId))
    .where(inArray(labPartners.orgId, orgIds))
    .all()
  const byId = new Map([...hosted, ...partnered].filter((l) => l.id !== excludeLabId).map((l) => [l.id, l]))
  const partnerRows = byId.size
    ? db()
        .select()
        .from(labPartners)
        .where(inArray(labPartners.labId, [...byId.keys()]))
        .all()
    : []
  return [...byId.values()].map((l) => ({
    id: l.id,
    hostOrgId: l.hostOrgId,
    partnerOrgIds: partnerRows.filter((p) => p.labId === l.id).map((p) => p.orgId),
  }))
}
