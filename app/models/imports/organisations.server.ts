import { asc, eq } from 'drizzle-orm'
import { organisations, type Organisation } from '~db/schema'
import type { DistrictCode, OrgKind } from '~db/schema/enums'
import { checkUscc } from '~/domain/uscc'
import type { Db } from '~/utils/db.server'
import { OrgFormSchema, type OrgInput } from '../organisations.server'
import { markAllLabsStale } from '../compliance-freshness.server'
import type { ImportAudit } from './audit-rows.server'
import { codeOf, DISTRICT_LABELS, labelOf, ORG_KIND_LABELS } from './kinds'
import { acceptedRow, changesOf, RowNotes, SeenKeys, type JudgedRow, type RecordsIn } from './outcome'

// Organisations by credit code (issue 17): the form's rules (checkUscc, OrgFormSchema); a code
// outside Suzhou is a warning, never a refusal, as the import has no box to tick.

type Reader = Pick<Db, 'select'>
export type OrgPayload = { id: number | null; input: OrgInput }

const shown = (o: OrgInput) => ({
  creditCode: o.creditCode,
  name: o.name,
  kind: labelOf(ORG_KIND_LABELS, o.kind),
  district: labelOf(DISTRICT_LABELS, o.districtCode),
})

export function judgeOrganisations({ records, q }: { records: RecordsIn; q: Reader }): JudgedRow<OrgPayload>[] {
  const byCode = new Map(
    q
      .select()
      .from(organisations)
      .all()
      .map((o) => [o.creditCode, o]),
  )
  const seen = new SeenKeys()
  return records.map((r) => {
    const v = r.values
    const notes = new RowNotes('organisations')
    const check = checkUscc(v.creditCode ?? '')
    if (!check.ok) notes.error('creditCode', `orgs.error.uscc.${check.error}`)
    else {
      const first = seen.firstRowOf(check.code, r.rowNumber)
      if (first !== null) notes.error('creditCode', 'imports.error.duplicateInFile', { row: first })
      if (!check.inSuzhou) notes.warn('creditCode', 'orgs.warning.region', { region: check.regionCode })
    }
    const kind = codeOf(ORG_KIND_LABELS, v.kind ?? '')
    const districtCode = codeOf(DISTRICT_LABELS, v.district ?? '')
    if (v.kind && !kind) notes.error('kind', 'imports.error.choice', { value: v.kind })
    if (v.district && !districtCode) notes.error('district', 'imports.error.choice', { value: v.district })
    const parsed = OrgFormSchema.safeParse({
      name: v.name ?? '',
      kind: kind ?? v.kind ?? '',
      districtCode: districtCode ?? v.district ?? '',
    })
    if (!parsed.success) notes.zod(parsed.error, { districtCode: 'district' })
    const label = check.code || v.name || ''
    if (notes.refused || !parsed.success || !check.ok)
      return { rowNumber: r.rowNumber, label, outcome: 'refused', errors: notes.errors, warnings: notes.warnings, changes: [] }
    const input: OrgInput = {
      name: parsed.data.name,
      creditCode: check.code,
      kind: parsed.data.kind as OrgKind,
      districtCode: parsed.data.districtCode as DistrictCode,
    }
    const existing = byCode.get(check.code)
    const changes = existing ? changesOf('organisations', shown(existing), shown(input)) : []
    return acceptedRow({
      rowNumber: r.rowNumber,
      label,
      matched: Boolean(existing),
      changes,
      warnings: notes.warnings,
      payload: { id: existing?.id ?? null, input },
    })
  })
}

export function applyOrganisations({ tx, rows, audit, at }: { tx: Db; rows: JudgedRow<OrgPayload>[]; audit: ImportAudit; at: Date }) {
  // as updateOrganisation does: check reasons name organisations, once for the batch
  if (rows.some((r) => r.payload?.id != null)) markAllLabsStale(tx)
  for (const row of rows) {
    const p = row.payload
    if (!p) continue
    if (p.id === null) {
      const org = tx.insert(organisations).values(p.input).returning().get()
      audit.add({ action: 'create', entityType: 'organisation', entityId: org.id, after: org })
    } else {
      const before = tx.select().from(organisations).where(eq(organisations.id, p.id)).get()
      const after = tx
        .update(organisations)
        .set({ ...p.input, updatedAt: at.toISOString() })
        .where(eq(organisations.id, p.id))
        .returning()
        .get()
      audit.add({ action: 'update', entityType: 'organisation', entityId: p.id, before, after })
    }
  }
}

/** Every organisation in the template's columns, for "export in import format". */
export function exportOrganisations(q: Reader): Record<string, string>[] {
  return q
    .select()
    .from(organisations)
    .orderBy(asc(organisations.name), asc(organisations.id))
    .all()
    .map((o: Organisation) => shown(o))
}
