import { eq } from 'drizzle-orm'
import { labPartners, labs, organisations, validityPeriods } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
import { jointLimitViolations, type JointLab } from '~/domain/joint-applications'
import { checkUscc } from '~/domain/uscc'
import type { Db } from '~/utils/db.server'
import { markAllLabsStale } from '../compliance-freshness.server'
import { checkPeriod, LabSchema, PeriodSchema } from '../lab-form'
import type { LabInput, PeriodInput } from '../lab-mutations.server'
import { ensureLedger } from '../ledger.server'
import type { ImportAudit } from './audit-rows.server'
import { codeOf, dayOf, directionOf, DIRECTION_LABELS, DISTRICT_LABELS, labelOf, listOf } from './kinds'
import { changesOf, RowNotes, SeenKeys, type JudgedRow, type RecordsIn } from './outcome'

// Labs by their latest period's certificate number (issue 17), with the lab form's rules
// (LabSchema, PeriodSchema and checkPeriod) and the joint-application limit counted over the
// database and the file's own rows before this one. Hosts and partners must already be
// registered: organisations are imported first.

type Reader = Pick<Db, 'select'>
export type LabPayload = { labId: number | null; periodId: number | null; input: LabInput; period: PeriodInput; partnersChanged: boolean }

type OrgRef = { id: number; name: string; creditCode: string }

/** Organisations by credit code and by exact name, for a host or partner cell. */
export class OrgIndex {
  readonly byId = new Map<number, OrgRef>()
  private readonly byCode = new Map<string, OrgRef>()
  private readonly byName = new Map<string, OrgRef[]>()
  constructor(q: Reader) {
    for (const o of q
      .select({ id: organisations.id, name: organisations.name, creditCode: organisations.creditCode })
      .from(organisations)
      .all()) {
      this.byId.set(o.id, o)
      this.byCode.set(o.creditCode, o)
      const list = this.byName.get(o.name.trim()) ?? []
      list.push(o)
      this.byName.set(o.name.trim(), list)
    }
  }
  /** The organisation a cell names, 'ambiguous' when a name is shared, null when none. */
  find(cell: string): OrgRef | 'ambiguous' | null {
    const check = checkUscc(cell)
    if (check.ok) return this.byCode.get(check.code) ?? null
    const named = this.byName.get(cell.trim()) ?? []
    return named.length > 1 ? 'ambiguous' : (named[0] ?? null)
  }
}

type PeriodRef = { id: number; labId: number; sequence: number; certificateNo: string; startDate: string; endDate: string; latest: boolean }

/** Every period by certificate number, each knowing whether it is its lab's latest. */
export function periodsByCertificate(q: Reader) {
  const all = q
    .select({
      id: validityPeriods.id,
      labId: validityPeriods.labId,
      sequence: validityPeriods.sequence,
      certificateNo: validityPeriods.certificateNo,
      startDate: validityPeriods.startDate,
      endDate: validityPeriods.endDate,
    })
    .from(validityPeriods)
    .all()
  const latestSeq = new Map<number, number>()
  for (const p of all) latestSeq.set(p.labId, Math.max(latestSeq.get(p.labId) ?? 0, p.sequence))
  const byCert = new Map<string, PeriodRef[]>()
  for (const p of all) {
    const key = p.certificateNo.trim()
    if (!key) continue
    const list = byCert.get(key) ?? []
    list.push({ ...p, latest: latestSeq.get(p.labId) === p.sequence })
    byCert.set(key, list)
  }
  return byCert
}

/** The lab a certificate number names: its latest period's; or why not. */
export function labOfCertificate(byCert: Map<string, PeriodRef[]>, cert: string): PeriodRef | 'earlier' | 'ambiguous' | null {
  const periods = byCert.get(cert.trim()) ?? []
  const latest = periods.filter((p) => p.latest)
  if (latest.length > 1) return 'ambiguous'
  if (latest.length === 1) return latest[0]
  return periods.length ? 'earlier' : null
}

// The joint labs each organisation takes part in, kept current as the file's rows are accepted.
class JointIndex {
  private readonly labs = new Map<number, JointLab>()
  private readonly byOrg = new Map<number, Set<number>>()
  put(lab: JointLab) {
    this.drop(lab.id)
    this.labs.set(lab.id, lab)
    for (const org of [lab.hostOrgId, ...lab.partnerOrgIds]) {
      const set = this.byOrg.get(org) ?? new Set()
      set.add(lab.id)
      this.byOrg.set(org, set)
    }
  }
  drop(id: number) {
    const old = this.labs.get(id)
    if (!old) return
    for (const org of [old.hostOrgId, ...old.partnerOrgIds]) this.byOrg.get(org)?.delete(id)
    this.labs.delete(id)
  }
  /** The labs that share an organisation with `lab`, other than itself. */
  around(lab: JointLab): JointLab[] {
    const ids = new Set<number>()
    for (const org of [lab.hostOrgId, ...lab.partnerOrgIds]) for (const id of this.byOrg.get(org) ?? []) ids.add(id)
    ids.delete(lab.id)
    return [...ids].map((id) => this.labs.get(id)!)
  }
}

const codesOf = (ids: readonly number[], orgs: OrgIndex) =>
  ids
    .map((id) => orgs.byId.get(id)?.creditCode ?? '')
    .sort()
    .join('、')

function shown(lab: LabInput, period: PeriodInput, orgs: OrgIndex): Record<string, string> {
  return {
    certificateNo: period.certificateNo,
    name: lab.name,
    direction: labelOf(DIRECTION_LABELS, String(lab.direction)),
    district: labelOf(DISTRICT_LABELS, lab.districtCode),
    host: orgs.byId.get(lab.hostOrgId)?.creditCode ?? '',
    partners: codesOf(lab.partnerOrgIds, orgs),
    directorName: lab.directorName,
    contactName: lab.contactName,
    contactPhone: lab.contactPhone,
    contactEmail: lab.contactEmail,
    focus: lab.focus,
    address: lab.address,
    startDate: period.startDate,
    endDate: period.endDate,
  }
}

function storedLabs(q: Reader) {
  const rows = q.select().from(labs).all()
  const partners = new Map<number, number[]>()
  for (const p of q.select().from(labPartners).all()) partners.set(p.labId, [...(partners.get(p.labId) ?? []), p.orgId])
  return new Map(rows.map((l) => [l.id, { ...l, partnerOrgIds: (partners.get(l.id) ?? []).sort((a, b) => a - b) }]))
}

export function judgeLabs({ records, q, today }: { records: RecordsIn; q: Reader; today: string }): JudgedRow<LabPayload>[] {
  const orgs = new OrgIndex(q)
  const byCert = periodsByCertificate(q)
  const stored = storedLabs(q)
  const joint = new JointIndex()
  for (const l of stored.values()) joint.put({ id: l.id, hostOrgId: l.hostOrgId, partnerOrgIds: l.partnerOrgIds })
  const seen = new SeenKeys()
  return records.map((r, index) => {
    const v = r.values
    const notes = new RowNotes('labs')
    const cert = (v.certificateNo ?? '').trim()
    let match: PeriodRef | null = null
    if (!cert) notes.error('certificateNo', 'form.required')
    else {
      const first = seen.firstRowOf(cert, r.rowNumber)
      if (first !== null) notes.error('certificateNo', 'imports.error.duplicateInFile', { row: first })
      const found = labOfCertificate(byCert, cert)
      if (found === 'earlier') notes.error('certificateNo', 'imports.error.certificateOfEarlierPeriod', { value: cert })
      else if (found === 'ambiguous') notes.error('certificateNo', 'imports.error.certificateAmbiguous', { value: cert })
      else match = found
    }
    // host and partners: registered organisations, by credit code or exact name
    const resolve = (column: 'host' | 'partners', cell: string) => {
      const found = orgs.find(cell)
      if (found === 'ambiguous') notes.error(column, 'imports.error.orgAmbiguous', { value: cell })
      else if (!found) notes.error(column, 'imports.error.unknownOrg', { value: cell })
      return found && found !== 'ambiguous' ? found.id : null
    }
    const hostOrgId = v.host ? resolve('host', v.host) : null
    const partnerOrgIds = [...new Set(listOf(v.partners ?? '').map((cell) => resolve('partners', cell)))].filter(
      (id): id is number => id !== null,
    )
    if (hostOrgId !== null && partnerOrgIds.includes(hostOrgId)) notes.error('partners', 'labs.error.partnerIsHost')
    const direction = v.direction ? directionOf(v.direction) : null
    if (v.direction && direction === null) notes.error('direction', 'labs.error.direction')
    const districtCode = codeOf(DISTRICT_LABELS, v.district ?? '')
    if (v.district && !districtCode) notes.error('district', 'imports.error.choice', { value: v.district })
    const existing = match ? stored.get(match.labId) : undefined
    const lab = LabSchema.safeParse({
      name: v.name ?? '',
      direction: direction ?? v.direction ?? '',
      districtCode: districtCode ?? v.district ?? '',
      hostOrgId: hostOrgId ?? (v.host ? -1 : ''),
      partnerOrgIds,
      directorName: v.directorName ?? '',
      contactName: v.contactName ?? '',
      contactPhone: v.contactPhone ?? '',
      contactEmail: v.contactEmail ?? '',
      focus: v.focus ?? '',
      address: v.address ?? '',
      planSummary: existing?.planSummary ?? '',
    })
    if (!lab.success) notes.zod(lab.error, { districtCode: 'district', hostOrgId: 'host', partnerOrgIds: 'partners' })
    const startDate = v.startDate ? dayOf(v.startDate) : ''
    const endDate = v.endDate ? dayOf(v.endDate) : ''
    if (startDate === null) notes.error('startDate', 'form.invalidDate')
    if (endDate === null) notes.error('endDate', 'form.invalidDate')
    const periodIn = PeriodSchema.safeParse({ startDate: startDate ?? '', endDate: endDate ?? '', certificateNo: cert })
    let period: PeriodInput | null = null
    if (!periodIn.success) notes.zod(periodIn.error)
    else if (startDate !== null && endDate !== null) {
      const checked = checkPeriod(periodIn.data, today)
      if (checked.error) notes.error(checked.errorField, checked.error)
      else period = checked.period
    }
    const label = [cert, v.name].filter(Boolean).join(' ')
    const refused = (): JudgedRow<LabPayload> => ({
      rowNumber: r.rowNumber,
      label,
      outcome: 'refused',
      errors: notes.errors,
      warnings: notes.warnings,
      changes: [],
    })
    if (notes.refused || !lab.success || !period) return refused()
    const input: LabInput = {
      ...lab.data,
      districtCode: lab.data.districtCode as DistrictCode,
      partnerOrgIds: [...lab.data.partnerOrgIds].sort((a, b) => a - b),
    }
    // the joint-application limit over the database and the rows above this one
    const id = existing?.id ?? -(index + 1)
    const jointLab = { id, hostOrgId: input.hostOrgId, partnerOrgIds: input.partnerOrgIds }
    const over = jointLimitViolations({ lab: { ...jointLab, id: Math.max(id, 0) }, otherLabs: joint.around(jointLab) })
    if (over.length) {
      notes.error('partners', 'labs.error.jointLimit', { orgs: over.map((o) => orgs.byId.get(o)?.name ?? String(o)).join('、') })
      return refused()
    }
    joint.put(jointLab)
    if (!existing || !match) {
      return {
        rowNumber: r.rowNumber,
        label,
        outcome: 'new',
        errors: [],
        warnings: notes.warnings,
        changes: [],
        payload: { labId: null, periodId: null, input, period, partnersChanged: true },
      }
    }
    // a period's dates are the certificate's: the import never moves a registered period
    const storedPeriod: PeriodInput = { startDate: match.startDate, endDate: match.endDate, certificateNo: match.certificateNo }
    if (period.startDate !== match.startDate || period.endDate !== match.endDate)
      notes.warn('startDate', 'imports.warning.periodKept', { start: match.startDate, end: match.endDate })
    const before = shown(existing, storedPeriod, orgs)
    const changes = changesOf('labs', before, shown(input, storedPeriod, orgs))
    const partnersChanged = before.partners !== codesOf(input.partnerOrgIds, orgs)
    return {
      rowNumber: r.rowNumber,
      label,
      outcome: changes.length ? 'updated' : 'unchanged',
      errors: [],
      warnings: notes.warnings,
      changes,
      ...(changes.length ? { payload: { labId: existing.id, periodId: match.id, input, period: storedPeriod, partnersChanged } } : {}),
    }
  })
}

export function applyLabs({ tx, rows, audit, at }: { tx: Db; rows: JudgedRow<LabPayload>[]; audit: ImportAudit; at: Date }) {
  let wrote = false
  for (const row of rows) {
    const p = row.payload
    if (!p) continue
    wrote = true
    const { partnerOrgIds, ...fields } = p.input
    if (p.labId === null) {
      const lab = tx.insert(labs).values(fields).returning().get()
      if (partnerOrgIds.length)
        tx.insert(labPartners)
          .values(partnerOrgIds.map((orgId) => ({ labId: lab.id, orgId })))
          .run()
      const period = tx
        .insert(validityPeriods)
        .values({ labId: lab.id, sequence: 1, ...p.period })
        .returning()
        .get()
      audit.add({ action: 'create', entityType: 'lab', entityId: lab.id, labId: lab.id, after: { ...lab, partnerOrgIds } })
      audit.add({ action: 'create', entityType: 'validity_period', entityId: period.id, labId: lab.id, after: period })
    } else {
      const labId = p.labId
      const before = tx.select().from(labs).where(eq(labs.id, labId)).get()
      const beforePartners = tx
        .select({ orgId: labPartners.orgId })
        .from(labPartners)
        .where(eq(labPartners.labId, labId))
        .all()
        .map((x) => x.orgId)
        .sort((a, b) => a - b)
      const after = tx
        .update(labs)
        .set({ ...fields, updatedAt: at.toISOString() })
        .where(eq(labs.id, labId))
        .returning()
        .get()
      if (p.partnersChanged) {
        tx.delete(labPartners).where(eq(labPartners.labId, labId)).run()
        if (partnerOrgIds.length)
          tx.insert(labPartners)
            .values(partnerOrgIds.map((orgId) => ({ labId, orgId })))
            .run()
      }
      audit.add({
        action: 'update',
        entityType: 'lab',
        entityId: labId,
        labId,
        before: { ...before, partnerOrgIds: beforePartners },
        after: { ...after, partnerOrgIds },
      })
    }
  }
  if (wrote) {
    // once for the batch: new periods get their ledger, and hosts' joint counts changed
    ensureLedger(tx)
    markAllLabsStale(tx)
  }
}

/** Labs in the template's columns (latest period), `labIds` null for every lab. */
export function exportLabs(q: Reader, labIds: readonly number[] | null): Record<string, string>[] {
  const orgs = new OrgIndex(q)
  const stored = storedLabs(q)
  const latest = new Map<number, PeriodRef>()
  for (const list of periodsByCertificate(q).values()) for (const p of list) if (p.latest) latest.set(p.labId, p)
  // labs whose latest period has no certificate number still export, with the number blank
  const periods = q.select().from(validityPeriods).all()
  for (const p of periods) {
    const known = latest.get(p.labId)
    if (!known || known.sequence < p.sequence) latest.set(p.labId, { ...p, latest: true })
  }
  const wanted = labIds === null ? null : new Set(labIds)
  return [...stored.values()]
    .filter((l) => wanted === null || wanted.has(l.id))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh') || a.id - b.id)
    .map((l) => {
      const p = latest.get(l.id)
      return shown(l, { startDate: p?.startDate ?? '', endDate: p?.endDate ?? '', certificateNo: p?.certificateNo ?? '' }, orgs)
    })
}
