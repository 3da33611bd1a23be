import { eq, inArray } from 'drizzle-orm'
import { labPartners, labs, organisations, validityPeriods } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
import { jointLimitViolations } from '~/domain/joint-applications'
import { db } from '~/utils/db.server'
import { markAllLabsStale } from './compliance-freshness.server'
import { ensureLedger } from './ledger.server'
import { recordAudit, type AuditActor } from './audit.server'
import { jointLabsInvolving } from './joint-applications.server'
import { labPeriodsOf, nextPeriodSequence } from './lab-status.server'
import { today } from '~/utils/clock.server'

export type LabInput = {
  name: string
  direction: number
  districtCode: DistrictCode
  hostOrgId: number
  partnerOrgIds: number[]
  directorName: string
  contactName: string
  contactPhone: string
  contactEmail: string
  focus: string
  address: string
  planSummary: string
}

export type PeriodInput = { startDate: string; endDate: string; certificateNo: string }

// Names of the organisations that would exceed the joint-application limit with this lab.
export function jointLimitProblems({ labId, hostOrgId, partnerOrgIds }: { labId: number; hostOrgId: number; partnerOrgIds: number[] }) {
  const lab = { id: labId, hostOrgId, partnerOrgIds }
  const violating = jointLimitViolations({ lab, otherLabs: jointLabsInvolving([hostOrgId, ...partnerOrgIds], labId) })
  if (violating.length === 0) return []
  return db()
    .select({ name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, violating))
    .all()
    .map((o) => o.name)
}

export function organisationExists(id: number) {
  return Boolean(db().select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id)).get())
}

export function createLab({ input, period, actor }: { input: LabInput; period: PeriodInput; actor: AuditActor }) {
  return db().transaction((tx) => {
    const { partnerOrgIds, ...fields } = input
    const lab = tx.insert(labs).values(fields).returning().get()
    for (const orgId of partnerOrgIds) tx.insert(labPartners).values({ labId: lab.id, orgId }).run()
    const created = tx
      .insert(validityPeriods)
      .values({ labId: lab.id, sequence: 1, ...period })
      .returning()
      .get()
    recordAudit(tx, { actor, action: 'create', entityType: 'lab', entityId: lab.id, labId: lab.id, after: { ...lab, partnerOrgIds } })
    recordAudit(tx, { actor, action: 'create', entityType: 'validity_period', entityId: created.id, labId: lab.id, after: created })
    ensureLedger(tx)
    markAllLabsStale(tx) // joint counts of its host and partners change
    return lab
  })
}

export function updateLab({ id, input, actor }: { id: number; input: LabInput; actor: AuditActor }) {
  db().transaction((tx) => {
    const before = tx.select().from(labs).where(eq(labs.id, id)).get()
    if (!before) throw new Response('Not found', { status: 404 })
    const beforePartners = tx
      .select()
      .from(labPartners)
      .where(eq(labPartners.labId, id))
      .all()
      .map((p) => p.orgId)
      .sort((a, b) => a - b)
    const { partnerOrgIds, ...fields } = input
    const after = tx
      .update(labs)
      .set({ ...fields, updatedAt: new Date().toISOString() })
      .where(eq(labs.id, id))
      .returning()
      .get()
    tx.delete(labPartners).where(eq(labPartners.labId, id)).run()
    for (const orgId of partnerOrgIds) tx.insert(labPartners).values({ labId: id, orgId }).run()
    recordAudit(tx, {
      actor,
      action: 'update',
      entityType: 'lab',
      entityId: id,
      labId: id,
      before: { ...before, partnerOrgIds: beforePartners },
      after: { ...after, partnerOrgIds: [...partnerOrgIds].sort((a, b) => a - b) },
    })
    markAllLabsStale(tx) // the host or partners may have changed, and with them joint counts
  })
}

// a new period follows the lab's latest (labPeriods in app/domain/validity.ts)
export function latestPeriodOf(labId: number) {
  return labPeriodsOf(labId, today()).latest
}

export function addPeriod({ labId, period, actor }: { labId: number; period: PeriodInput; actor: AuditActor }) {
  const created = db().transaction((tx) => {
    const sequence = nextPeriodSequence(tx, labId)
    const created = tx
      .insert(validityPeriods)
      .values({ labId, sequence, ...period })
      .returning()
      .get()
    recordAudit(tx, { actor, action: 'create', entityType: 'validity_period', entityId: created.id, labId, after: created })
    ensureLedger(tx)
    return created
  })
  return created
}

export function organisationOptions() {
  return db()
    .select({ id: organisations.id, name: organisations.name, districtCode: organisations.districtCode })
    .from(organisations)
    .orderBy(organisations.name)
    .all()
}
