import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterAll, expect, test } from 'vitest'
import { openDb } from '~db/client.server'
import { insertOrganisation, insertPeriod } from '~db/factories'
import { insertUserColumns } from '../helpers'
import { runMigrations } from '~db/migrate'
import { migrationsUpTo } from './migrations-up-to'

// 0021 moves a deliverable's transfer value from a float in 万元 to whole yuan, and rebuilds
// indicator_plans (a plan may name a renewal instead of a period). Rows are written with the old
// schema by raw SQL, then the database is upgraded: the money must come out exact, and the plans
// with every target (dropping the old table would otherwise cascade to them).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-0021-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

test('upgrading converts float 万元 to exact whole yuan and keeps every plan with its targets', () => {
  const db = openDb(path.join(dir, 'app.sqlite'))
  migrate(db, { migrationsFolder: migrationsUpTo(dir, 20) })
  const sqlite = db.$client
  // raw SQL: insertLab writes today's columns of labs (headcount, 0026), which this schema has not
  const lab = db.$client
    .prepare(
      `INSERT INTO labs (name, direction, district_code, host_org_id, director_name, contact_name, contact_phone)
       VALUES ('测试实验室', 1, '320508', ?, '张三', '李四', '13800000000') RETURNING id`,
    )
    .get(insertOrganisation(db).id) as { id: number }
  insertUserColumns(db, { id: 1, username: 'lab', displayName: 'lab', role: 'lab', labId: lab.id, passwordHash: 'x' })
  const period = insertPeriod(db, { labId: lab.id, sequence: 1, startDate: '2025-01-01', endDate: '2026-12-31' })
  // 0.1 + 0.2 as a float is 0.30000000000000004; 1234.5678 * 10000 is 12345677.999999998
  const floats = [0.1 + 0.2, 1234.5678, 12.5, 0.0001, 1_000_000, 0, null]
  const insert = sqlite.prepare(
    `INSERT INTO deliverables (lab_id, type, forms, title, completed_on, transfer_status, transfer_value) VALUES (?, 'report', '["data"]', ?, '2025-06-01', ?, ?)`,
  )
  floats.forEach((v, i) => insert.run(lab.id, `成果${i}`, v === null ? 'none' : 'transferred', v))
  sqlite.exec(`
    INSERT INTO indicator_plans (id, lab_id, period_id, status, row_version) VALUES (5, ${lab.id}, ${period.id}, 'approved', 3);
    INSERT INTO indicator_targets (id, plan_id, indicator_key, target) VALUES (40, 5, 'papers', 6), (41, 5, 'transfer_value', 125000);
  `)

  runMigrations(db)

  expect(
    sqlite.prepare('SELECT title, transfer_value_yuan AS yuan, typeof(transfer_value_yuan) AS type FROM deliverables ORDER BY id').all(),
  ).toEqual([
    { title: '成果0', yuan: 3_000, type: 'integer' },
    { title: '成果1', yuan: 12_345_678, type: 'integer' },
    { title: '成果2', yuan: 125_000, type: 'integer' },
    { title: '成果3', yuan: 1, type: 'integer' },
    { title: '成果4', yuan: 10_000_000_000, type: 'integer' },
    { title: '成果5', yuan: 0, type: 'integer' },
    { title: '成果6', yuan: null, type: 'null' },
  ])
  const columns = (sqlite.prepare('PRAGMA table_info(deliverables)').all() as { name: string }[]).map((c) => c.name)
  expect(columns).not.toContain('transfer_value')

  expect(sqlite.prepare('SELECT id, period_id, renewal_id, status, row_version FROM indicator_plans').all()).toEqual([
    { id: 5, period_id: period.id, renewal_id: null, status: 'approved', row_version: 3 },
  ])
  expect(sqlite.prepare('SELECT id, plan_id, indicator_key, target FROM indicator_targets ORDER BY id').all()).toEqual([
    { id: 40, plan_id: 5, indicator_key: 'papers', target: 6 },
    { id: 41, plan_id: 5, indicator_key: 'transfer_value', target: 125_000 },
  ])
  expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([])
  // the row-version trigger is back: a write that does not bump the version still moves it on
  sqlite.exec(`UPDATE indicator_plans SET return_reason = 'x' WHERE id = 5`)
  expect(sqlite.prepare('SELECT row_version FROM indicator_plans WHERE id = 5').get()).toEqual({ row_version: 4 })
  // a plan must belong to a period or a renewal
  expect(() => sqlite.exec(`INSERT INTO indicator_plans (lab_id) VALUES (${lab.id})`)).toThrow(/CHECK/)
  db.$client.close()
})
