import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterAll, afterEach, expect, test } from 'vitest'
import { setDb } from '~/utils/db.server'
import { openDb } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { makeLab } from '../helpers'
import { makeApplicant, makeRound } from '../round-application-fixtures'
import { migrationsUpTo } from './migrations-up-to'

// 0046 gives a round application the lab 授牌 made of it. Applications certified before it have
// the link only in the certify step's audit row on the application (step 'certify' with the lab's
// id, written in the transaction that created the lab): upgrading reads it back from there.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-0046-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
afterEach(() => setDb(undefined))

test('upgrading links each application certified before to its lab, and nothing else', async () => {
  const db = openDb(path.join(dir, 'app.sqlite'))
  migrate(db, { migrationsFolder: migrationsUpTo(dir, 45) })
  setDb(db)
  const round = makeRound(db)
  const run = (sql: string, ...args: unknown[]) => db.$client.prepare(sql).run(...args)
  // an application as the 0045 code stored it, with the audit rows that step wrote
  const application = async (status: string) => {
    const { applicant } = await makeApplicant(db)
    const id = Number(
      run(
        `INSERT INTO round_applications (round_id, applicant_id, office_district_code, status, lab_name) VALUES (?, ?, '320508', ?, '实验室')`,
        round.id,
        applicant.id,
        status,
      ).lastInsertRowid,
    )
    return id
  }
  const decided = (applicationId: number, after: object) =>
    run(
      `INSERT INTO audit_log (at, actor_name, action, entity_type, entity_id, after) VALUES ('2026-10-14T02:00:00.000Z', '局', 'decide', 'round_application', ?, ?)`,
      String(applicationId),
      JSON.stringify(after),
    )
  const lab = makeLab(db)
  const certified = await application('certified')
  decided(certified, { status: 'under_review', step: 'start_review' })
  decided(certified, { status: 'certified', step: 'certify', labId: lab.id, certificateNo: '苏数创〔2026〕001号' })
  // the lab's own certify row names the application too; it must not be read as another link
  run(
    `INSERT INTO audit_log (at, actor_name, action, entity_type, entity_id, lab_id, after) VALUES ('2026-10-14T02:00:00.000Z', '局', 'certify', 'lab', ?, ?, ?)`,
    String(lab.id),
    lab.id,
    JSON.stringify({ applicationId: certified }),
  )
  // a lab that is gone since (its id not in labs) is no link, and neither is a step other than certify
  const orphan = await application('certified')
  decided(orphan, { status: 'certified', step: 'certify', labId: lab.id + 100 })
  const inNotice = await application('in_notice')
  decided(inNotice, { status: 'in_notice', step: 'publish', labId: lab.id })

  runMigrations(db)

  const linked = db.$client.prepare('SELECT id, lab_id AS labId FROM round_applications ORDER BY id').all()
  expect(linked).toEqual([
    { id: certified, labId: lab.id },
    { id: orphan, labId: null },
    { id: inNotice, labId: null },
  ])
  // the row_version trigger on round_applications survives the new column
  const versionOf = () =>
    (db.$client.prepare('SELECT row_version AS v FROM round_applications WHERE id = ?').get(inNotice) as { v: number }).v
  const before = versionOf()
  run(`UPDATE round_applications SET lab_name = '改名' WHERE id = ?`, inNotice)
  expect(versionOf()).toBe(before + 1)
  // and the column refers to a lab
  expect(() => run(`UPDATE round_applications SET lab_id = ? WHERE id = ?`, lab.id + 100, inNotice)).toThrow(/FOREIGN KEY/)
  db.$client.close()
})
