import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { count, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { auditLog, importBatches, labPartners, labs, organisations, teamMembers, users, validityPeriods } from '~db/schema'
import type { ImportKind } from '~db/schema/enums'
import { seedDemo } from '~db/seed'
import { sweepAfterRestart, storedPathOf } from '~/models/attachments.server'
import { applyImport, previewImport, stageImport } from '~/models/imports/imports.server'
import { exportLabs } from '~/models/imports/labs.server'
import { exportOrganisations } from '~/models/imports/organisations.server'
import { exportRosters } from '~/models/imports/rosters.server'
import { exportUsers } from '~/models/imports/users.server'
import { importWorkbook } from '~/models/imports/workbook.server'
import type { ActingUser } from '~/models/result.server'
import { setClock } from '~/utils/clock.server'
import { setDb } from '~/utils/db.server'
import { makeUser } from '../helpers'

// The round trip of issue 17: the demo's organisations, labs and rosters exported in import
// format, imported into an empty database in that order, read back as the same records; the
// same files again change nothing.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-import-trip-'))
process.env.DATA_DIR = dataDir
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const NOW = new Date('2026-11-28T02:00:00Z')
let demo: Db
let empty: Db
let bureau: ActingUser
const files: Partial<Record<ImportKind, Buffer>> = {}

beforeAll(async () => {
  setClock(NOW)
  demo = openDb(':memory:')
  runMigrations(demo)
  setDb(demo)
  await seedDemo(demo, { now: NOW })
  files.organisations = await importWorkbook({ kind: 'organisations', rows: exportOrganisations(demo) })
  files.labs = await importWorkbook({ kind: 'labs', rows: exportLabs(demo, null) })
  files.rosters = await importWorkbook({ kind: 'rosters', rows: exportRosters(demo, null) })
  empty = openDb(':memory:')
  runMigrations(empty)
  setDb(empty)
  const u = await makeUser(empty, { role: 'bureau', username: 'chief' })
  bureau = { id: u.id, role: 'bureau', districtCode: null, labId: null, displayName: u.displayName }
}, 60_000)
afterAll(() => setClock(undefined))

async function importFile(kind: ImportKind) {
  const bytes = new Uint8Array(files[kind]!)
  const preview = await previewImport({ kind, bytes, fileName: `${kind}.xlsx`, actor: bureau })
  if (!preview.ok) throw new Error(preview.refusal.key)
  const token = stageImport({ kind, fileName: `${kind}.xlsx`, bytes, actor: bureau })
  const result = await applyImport({ token, actor: bureau })
  if (!result?.ok) throw new Error('apply refused')
  return { preview: preview.preview, result }
}

function orgRecords(d: Db) {
  return d
    .select()
    .from(organisations)
    .all()
    .map((o) => `${o.creditCode}|${o.name}|${o.kind}|${o.districtCode}`)
    .sort()
}

function labRecords(d: Db) {
  const codeOf = new Map(
    d
      .select()
      .from(organisations)
      .all()
      .map((o) => [o.id, o.creditCode]),
  )
  const periods = d.select().from(validityPeriods).all()
  const partners = d.select().from(labPartners).all()
  return d
    .select()
    .from(labs)
    .all()
    .map((l) => {
      const latest = periods.filter((p) => p.labId === l.id).sort((a, b) => b.sequence - a.sequence)[0]
      const partnerCodes = partners
        .filter((p) => p.labId === l.id)
        .map((p) => codeOf.get(p.orgId))
        .sort()
      return [
        latest.certificateNo,
        l.name,
        l.direction,
        l.districtCode,
        codeOf.get(l.hostOrgId),
        partnerCodes.join(','),
        l.directorName,
        l.contactName,
        l.contactPhone,
        l.contactEmail,
        l.focus,
        l.address,
        latest.startDate,
        latest.endDate,
      ].join('|')
    })
    .sort()
}

function rosterRecords(d: Db) {
  const certOf = new Map<number, string>()
  for (const p of d
    .select()
    .from(validityPeriods)
    .all()
    .sort((a, b) => a.sequence - b.sequence))
    certOf.set(p.labId, p.certificateNo)
  return d
    .select()
    .from(teamMembers)
    .all()
    .map((m) => `${certOf.get(m.labId)}|${m.name}|${m.titleLevel}|${m.degree}|${m.role}|${m.active}`)
    .sort()
}

describe('the round trip of the demo data', () => {
  test('organisations, labs and rosters come back the same', async () => {
    const orgs = await importFile('organisations')
    expect(orgs.preview.counts.refused).toBe(0)
    const labsIn = await importFile('labs')
    expect(labsIn.preview.rows.filter((r) => r.outcome === 'refused')).toEqual([])
    const rosters = await importFile('rosters')
    expect(rosters.preview.counts.refused).toBe(0)
    expect(orgRecords(empty)).toEqual(orgRecords(demo))
    expect(labRecords(empty)).toEqual(labRecords(demo))
    expect(rosterRecords(empty)).toEqual(rosterRecords(demo))
    expect(orgRecords(empty).length).toBeGreaterThan(5)
    expect(rosterRecords(empty).length).toBeGreaterThan(20)
    // each batch's file is kept, and survives the start-up sweep of unused stored content
    sweepAfterRestart(new Date(Date.now() + 60_000))
    for (const b of empty.select().from(importBatches).all()) expect(fs.existsSync(storedPathOf(b.sha256))).toBe(true)
  })

  test('the same files again are all unchanged and write nothing', async () => {
    const batches = empty.select({ n: count() }).from(importBatches).get()!.n
    const audits = empty.select({ n: count() }).from(auditLog).get()!.n
    for (const kind of ['organisations', 'labs', 'rosters'] as const) {
      const { preview, result } = await importFile(kind)
      expect(preview.counts.new + preview.counts.updated + preview.counts.refused).toBe(0)
      expect(result.batch.id).toBe(0)
    }
    expect(empty.select({ n: count() }).from(importBatches).get()!.n).toBe(batches)
    expect(empty.select({ n: count() }).from(auditLog).get()!.n).toBe(audits)
  })
})

describe('user accounts in import format', () => {
  test("the demo's accounts exported and read back are all unchanged", async () => {
    setDb(demo)
    try {
      const chief = demo.select().from(users).where(eq(users.username, 'bureau')).get()!
      const actor: ActingUser = { id: chief.id, role: 'bureau', districtCode: null, labId: null, displayName: chief.displayName }
      const bytes = new Uint8Array(await importWorkbook({ kind: 'users', rows: exportUsers(demo) }))
      const preview = await previewImport({ kind: 'users', bytes, fileName: 'users.xlsx', actor })
      if (!preview.ok) throw new Error(preview.refusal.key)
      expect(preview.preview.counts).toEqual({
        new: 0,
        updated: 0,
        // every account but the certification round's, which the sheet does not carry
        unchanged: demo
          .select({ n: count() })
          .from(users)
          .where(inArray(users.role, ['bureau', 'district', 'lab', 'expert']))
          .get()!.n,
        refused: 0,
      })
    } finally {
      setDb(empty)
    }
  })
})
