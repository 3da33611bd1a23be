import { asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { importApplicationRoster } from '~/models/application-roster-import.server'
import { importCsv, importWorkbook } from '~/models/imports/workbook.server'
import type { ActingUser } from '~/models/result.server'
import { findingsOf } from '~/models/round-applications.server'
import type { Db } from '~db/client.server'
import { auditLog, roundApplicationMembers, roundApplications } from '~db/schema'
import { pinClock } from '../clock'
import { setupTestDb } from '../helpers'
import {
  completeApplication,
  IN_ROUND,
  makeApplicant,
  makeOffice,
  makeRound,
  APPLICATIONS_DUE,
  versionOf,
} from '../round-application-fixtures'

// The application's roster from the labs' roster template (issue 21 item 3): the file replaces
// the roster; any refused row refuses the file; the conditions follow the members.
const at = new Date(IN_ROUND)
pinClock(at)

let db: Db
let applicant: ActingUser
let id: number
beforeEach(async () => {
  db = setupTestDb()
  const round = makeRound(db)
  const a = await makeApplicant(db)
  applicant = a.user
  id = db
    .insert(roundApplications)
    .values({ roundId: round.id, applicantId: a.applicant.id, officeDistrictCode: '320508', status: 'draft' })
    .returning()
    .get().id
  completeApplication(db, id)
})

type Row = { name: string; titleLevel?: string; degree?: string; role?: string; active?: string; certificateNo?: string }
const member = (i: number, over: Partial<Row> = {}): Row => ({
  name: `导入成员${i}`,
  titleLevel: i < 3 ? '副高级' : '中级',
  degree: '学士',
  role: '科研人员',
  ...over,
})
const csv = (rows: Row[]) => new TextEncoder().encode(importCsv({ kind: 'rosters', rows: rows as Record<string, string>[] }))
const run = (bytes: Uint8Array, by = applicant, fileName = 'roster.csv', when = at) =>
  importApplicationRoster({ by, id, version: versionOf(db, id), bytes, fileName, at: when })
const members = () =>
  db
    .select()
    .from(roundApplicationMembers)
    .where(eq(roundApplicationMembers.applicationId, id))
    .orderBy(asc(roundApplicationMembers.id))
    .all()
const finding = (cid: string) =>
  findingsOf(db.select().from(roundApplications).where(eq(roundApplications.id, id)).get()!, at, db).find((f) => f.id === cid)!

describe('importing the roster', () => {
  test('a CSV of 16 replaces the 15 members, audited with before and after; the conditions hold', async () => {
    const rows = Array.from({ length: 16 }, (_, i) => member(i))
    expect(await run(csv(rows))).toMatchObject({ ok: true, imported: 16 })
    expect(members().map((m) => m.name)).toEqual(rows.map((r) => r.name))
    expect(members()[0]).toMatchObject({ titleLevel: 'associate_senior', degree: 'bachelor', role: 'researcher' })
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'round_application')).all().at(-1)!
    expect(audit.after).toMatchObject({ change: { importRoster: { before: { length: 15 }, after: { length: 16 } } } })
    expect(finding('team_size').result).toBe('ok')
    expect(finding('team_qualified').result).toBe('ok')
  })

  test('the xlsx template reads the same; 在岗 = 否 rows are left out and the team conditions fail again', async () => {
    const rows = [...Array.from({ length: 14 }, (_, i) => member(i, { titleLevel: '中级' })), member(99, { active: '否' })]
    const bytes = new Uint8Array(await importWorkbook({ kind: 'rosters', rows: rows as Record<string, string>[] }))
    expect(await run(bytes, applicant, 'roster.xlsx')).toMatchObject({ ok: true, imported: 14 })
    expect(members()).toHaveLength(14)
    expect(finding('team_size').result).toBe('failing')
    expect(finding('team_qualified').result).toBe('failing')
  })

  test('one bad row refuses the file: every refused row named by row and column, nothing written', async () => {
    const rows = [member(0), member(1, { titleLevel: '教授级' }), member(2, { name: '' }), member(0)]
    const r = await run(csv(rows))
    expect(r).toMatchObject({
      ok: false,
      error: 'invalid',
      errors: { file: { key: 'applications.rosterImport.rowsRefused', vars: { n: 3 } } },
    })
    expect(!r.ok && 'rows' in r ? r.rows : []).toEqual([
      { rowNumber: 3, column: '职称', key: 'imports.error.choice', vars: { value: '教授级' } },
      expect.objectContaining({ rowNumber: 4, column: '姓名' }),
      { rowNumber: 5, column: '姓名', key: 'imports.error.duplicateInFile', vars: { row: 2 } },
    ])
    expect(members()).toHaveLength(15)
  })

  test('a file without the template’s columns, an empty file, a file of inactive members: 400, nothing written', async () => {
    expect(await run(new TextEncoder().encode('甲,乙\r\n1,2\r\n'))).toMatchObject({
      ok: false,
      error: 'invalid',
      errors: { file: { key: 'imports.error.missingColumns' } },
    })
    expect(await run(new Uint8Array())).toMatchObject({ ok: false, errors: { file: { key: 'imports.error.file' } } })
    expect(await run(csv([member(1, { active: '否' })]))).toMatchObject({
      ok: false,
      errors: { file: { key: 'applications.rosterImport.noMembers' } },
    })
    expect(members()).toHaveLength(15)
  })

  test('the office reading the application is refused (403); another applicant does not find it (404)', async () => {
    const office = await makeOffice(db, { districtCode: '320508' })
    db.update(roundApplications).set({ status: 'submitted', submittedAt: IN_ROUND }).where(eq(roundApplications.id, id)).run()
    expect(await run(csv([member(1)]), office)).toMatchObject({ ok: false, error: 'forbidden' })
    const other = (await makeApplicant(db)).user
    expect(await run(csv([member(1)]), other)).toMatchObject({ ok: false, error: 'not_found' })
    expect(members()).toHaveLength(15)
  })

  test('after the applicants’ deadline or once submitted it is refused (409)', async () => {
    const late = new Date(new Date(APPLICATIONS_DUE).getTime() + 1000)
    expect(await run(csv([member(1)]), applicant, 'r.csv', late)).toMatchObject({ ok: false, error: 'conflict' })
    db.update(roundApplications).set({ status: 'submitted', submittedAt: IN_ROUND }).where(eq(roundApplications.id, id)).run()
    expect(await run(csv([member(1)]))).toMatchObject({ ok: false, error: 'conflict' })
    expect(members()).toHaveLength(15)
  })
})
