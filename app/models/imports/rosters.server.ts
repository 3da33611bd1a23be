import { eq } from 'drizzle-orm'
import { labs, teamMembers } from '~db/schema'
import type { Degree, TeamRole, TitleLevel } from '~db/schema/enums'
import { teamThresholds } from '~/domain/team'
import { canViewLab, type Actor } from '~/domain/permissions'
import type { Db } from '~/utils/db.server'
import { MemberFields } from '../team-form'
import type { MemberInput } from '../team.server'
import type { ImportAudit } from './audit-rows.server'
import { codeOf, DEGREE_LABELS, labelOf, TEAM_ROLE_LABELS, TITLE_LABELS, YES_NO_LABELS } from './kinds'
import { labOfCertificate, periodsByCertificate } from './labs.server'
import { acceptedRow, changesOf, RowNotes, SeenKeys, type JudgedRow, type RecordsIn } from './outcome'

// Team rosters by lab certificate number and member name (issue 17), with the team form's
// field rules (MemberFields). Members the file does not name are left alone. The thresholds of
// app/domain/team.ts are warnings on the lab's last row, counted over the roster as it would be.
// Scope: the bureau every lab, a district its own district's labs, a lab account its own lab;
// a lab outside the scope reads exactly like an unknown certificate number.

type Reader = Pick<Db, 'select'>
export type RosterPayload = { labId: number; memberId: number | null; input: MemberInput }

const shown = (m: MemberInput, cert: string) => ({
  certificateNo: cert,
  name: m.name,
  titleLevel: labelOf(TITLE_LABELS, m.titleLevel),
  degree: labelOf(DEGREE_LABELS, m.degree),
  role: labelOf(TEAM_ROLE_LABELS, m.role),
  active: m.active ? '是' : '否',
})

type StoredMember = MemberInput & { id: number; labId: number }

function membersByLab(q: Reader) {
  const byLab = new Map<number, StoredMember[]>()
  for (const m of q.select().from(teamMembers).all()) {
    const list = byLab.get(m.labId) ?? []
    list.push(m)
    byLab.set(m.labId, list)
  }
  return byLab
}

/** The labs whose rosters this actor reads and imports: canViewLab's rule, one query. */
export function labIdsInScope(q: Reader, actor: Actor): Set<number> {
  const all = q.select({ id: labs.id, districtCode: labs.districtCode }).from(labs).all()
  return new Set(all.filter((l) => canViewLab(actor, l)).map((l) => l.id))
}

export function judgeRosters({ records, q, actor }: { records: RecordsIn; q: Reader; actor: Actor }): JudgedRow<RosterPayload>[] {
  const byCert = periodsByCertificate(q)
  const visible = labIdsInScope(q, actor)
  const stored = membersByLab(q)
  const certOfLab = new Map<number, string>()
  for (const list of byCert.values()) for (const p of list) if (p.latest) certOfLab.set(p.labId, p.certificateNo)
  const seen = new SeenKeys()
  // each lab's roster as it will be, for the threshold warnings
  const planned = new Map<number, Map<string, MemberInput>>()
  const lastRowOf = new Map<number, number>()
  const rows = records.map((r, index): JudgedRow<RosterPayload> & { labId?: number } => {
    const v = r.values
    const notes = new RowNotes('rosters')
    const cert = (v.certificateNo ?? '').trim()
    let labId: number | null = null
    if (!cert) {
      // a lab account's own roster may leave the lab blank
      if (actor.role === 'lab' && actor.labId !== null) labId = actor.labId
      else notes.error('certificateNo', 'form.required')
    } else {
      const found = labOfCertificate(byCert, cert)
      if (found && found !== 'earlier' && found !== 'ambiguous' && visible.has(found.labId)) labId = found.labId
      else if (found === 'ambiguous') notes.error('certificateNo', 'imports.error.certificateAmbiguous', { value: cert })
      else notes.error('certificateNo', 'imports.error.unknownLab', { value: cert })
    }
    const titleLevel = codeOf(TITLE_LABELS, v.titleLevel ?? '')
    const degree = codeOf(DEGREE_LABELS, v.degree ?? '')
    const role = codeOf(TEAM_ROLE_LABELS, v.role ?? '')
    const active = v.active ? codeOf(YES_NO_LABELS, v.active) : 'true'
    for (const [key, code] of [
      ['titleLevel', titleLevel],
      ['degree', degree],
      ['role', role],
      ['active', active],
    ] as const)
      if (v[key] && !code) notes.error(key, 'imports.error.choice', { value: v[key] })
    const parsed = MemberFields.safeParse({
      name: v.name ?? '',
      titleLevel: titleLevel ?? v.titleLevel ?? '',
      degree: degree ?? v.degree ?? '',
      role: role ?? v.role ?? '',
    })
    if (!parsed.success) notes.zod(parsed.error)
    const name = parsed.success ? parsed.data.name : (v.name ?? '').trim()
    if (labId !== null && name) {
      const first = seen.firstRowOf(`${labId}\u0000${name}`, r.rowNumber)
      if (first !== null) notes.error('name', 'imports.error.duplicateInFile', { row: first })
    }
    const existingList = labId !== null ? (stored.get(labId) ?? []).filter((m) => m.name === name) : []
    if (existingList.length > 1) notes.error('name', 'imports.error.memberAmbiguous', { value: name })
    const label = [cert || certOfLab.get(labId ?? 0) || '', name].filter(Boolean).join(' ')
    if (notes.refused || !parsed.success || labId === null || !active)
      return { rowNumber: r.rowNumber, label, outcome: 'refused', errors: notes.errors, warnings: notes.warnings, changes: [] }
    const input: MemberInput = {
      name,
      titleLevel: parsed.data.titleLevel as TitleLevel,
      degree: parsed.data.degree as Degree,
      role: parsed.data.role as TeamRole,
      active: active === 'true',
    }
    const roster = planned.get(labId) ?? new Map((stored.get(labId) ?? []).map((m) => [m.name, m as MemberInput]))
    roster.set(name, input)
    planned.set(labId, roster)
    lastRowOf.set(labId, index)
    const existing = existingList[0]
    const certShown = certOfLab.get(labId) ?? cert
    const changes = existing ? changesOf('rosters', shown(existing, certShown), shown(input, certShown)) : []
    return {
      ...acceptedRow({
        rowNumber: r.rowNumber,
        label,
        matched: Boolean(existing),
        changes,
        warnings: notes.warnings,
        payload: { labId, memberId: existing?.id ?? null, input },
      }),
      labId,
    }
  })
  for (const [labId, index] of lastRowOf) {
    const t = teamThresholds([...planned.get(labId)!.values()])
    const row = rows[index]
    if (!t.meetsHeadcount)
      row.warnings.push({ column: '姓名', key: 'imports.warning.headcount', vars: { n: t.headcount, min: t.minHeadcount } })
    if (!t.meetsQualified)
      row.warnings.push({ column: '姓名', key: 'imports.warning.qualified', vars: { n: t.qualifiedCount, min: t.minQualified } })
  }
  return rows.map(({ labId: _labId, ...row }) => row)
}

export function applyRosters({ tx, rows, audit, at }: { tx: Db; rows: JudgedRow<RosterPayload>[]; audit: ImportAudit; at: Date }) {
  const fresh: (RosterPayload & { index: number })[] = []
  rows.forEach((row, index) => {
    const p = row.payload
    if (!p) return
    if (p.memberId === null) fresh.push({ ...p, index })
    else {
      const before = tx.select().from(teamMembers).where(eq(teamMembers.id, p.memberId)).get()
      const after = tx
        .update(teamMembers)
        .set({ ...p.input, updatedAt: at.toISOString() })
        .where(eq(teamMembers.id, p.memberId))
        .returning()
        .get()
      audit.add({ action: 'update', entityType: 'team_member', entityId: p.memberId, labId: p.labId, before, after })
    }
  })
  // new members in chunks: 5,000 rows are one import, not 5,000 round trips
  for (let i = 0; i < fresh.length; i += 500) {
    const chunk = fresh.slice(i, i + 500)
    const created = tx
      .insert(teamMembers)
      .values(chunk.map((p) => ({ labId: p.labId, ...p.input })))
      .returning()
      .all()
    for (const m of created) audit.add({ action: 'create', entityType: 'team_member', entityId: m.id, labId: m.labId, after: m })
  }
}

/** Rosters in the template's columns, for the labs given (already scoped by the caller). */
export function exportRosters(q: Reader, labIds: ReadonlySet<number> | null): Record<string, string>[] {
  const byCert = periodsByCertificate(q)
  const certOfLab = new Map<number, string>()
  for (const list of byCert.values()) for (const p of list) if (p.latest) certOfLab.set(p.labId, p.certificateNo)
  const out: Record<string, string>[] = []
  const byLab = [...membersByLab(q).entries()].sort(([a], [b]) => (certOfLab.get(a) ?? '').localeCompare(certOfLab.get(b) ?? '') || a - b)
  for (const [labId, members] of byLab) {
    if (labIds !== null && !labIds.has(labId)) continue
    for (const m of members.sort((a, b) => a.id - b.id)) out.push(shown(m, certOfLab.get(labId) ?? ''))
  }
  return out
}
