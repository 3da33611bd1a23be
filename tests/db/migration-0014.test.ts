import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterAll, expect, test } from 'vitest'
import { openDb } from '~db/client.server'
import { insertOrganisation } from '~db/factories'
import { insertUserColumns } from '../helpers'
import { runMigrations } from '~db/migrate'
import { migrationsUpTo } from './migrations-up-to'

// 0014 rebuilds the notices table (a robot or no lab may now stand where a user and a lab had to).
// Migrations run in one transaction, where SQLite ignores PRAGMA foreign_keys=OFF, so dropping the
// old table cascades to the inbox: an upgrade must keep every inbox item, read or not.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-0014-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

test('upgrading a database with reminders keeps its notices and inbox items', () => {
  const db = openDb(path.join(dir, 'app.sqlite'))
  migrate(db, { migrationsFolder: migrationsUpTo(dir, 13) })
  const sqlite = db.$client
  // raw SQL: insertLab writes today's columns of labs (headcount, 0026), which this schema has not
  const lab = db.$client
    .prepare(
      `INSERT INTO labs (name, direction, district_code, host_org_id, director_name, contact_name, contact_phone)
       VALUES ('测试实验室', 1, '320508', ?, '张三', '李四', '13800000000') RETURNING id`,
    )
    .get(insertOrganisation(db).id) as { id: number }
  insertUserColumns(db, { id: 1, username: 'lab', displayName: 'lab', role: 'lab', labId: lab.id, passwordHash: 'x' })
  expect(lab.id).toBe(1)
  sqlite.exec(`
    INSERT INTO notices (id, source, source_id, due_date, offset_days, recipient_id, channel, audience, lab_id, title, link, created_at)
      VALUES (7, 'deliverable', 3, '2026-12-31', -30, 1, 'inbox', 'lab', 1, '{"key":"reminders.title.deliverable","params":{}}', '/labs/1/obligations', '2026-12-01T00:00:00.000Z'),
             (8, 'deliverable', 3, '2026-12-31', -7, 1, 'inbox', 'lab', 1, '{"key":"reminders.title.deliverable","params":{}}', '/labs/1/obligations', '2026-12-24T00:00:00.000Z');
    INSERT INTO inbox_items (id, notice_id, user_id, created_at, read_at) VALUES (21, 7, 1, '2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z'), (22, 8, 1, '2026-12-24T00:00:00.000Z', NULL);
  `)
  runMigrations(db)
  expect(sqlite.prepare('SELECT id, notice_id, read_at FROM inbox_items ORDER BY id').all()).toEqual([
    { id: 21, notice_id: 7, read_at: '2026-12-02T00:00:00.000Z' },
    { id: 22, notice_id: 8, read_at: null },
  ])
  expect(sqlite.prepare('SELECT id, recipient_id, robot_id, lab_id FROM notices ORDER BY id').all()).toEqual([
    { id: 7, recipient_id: 1, robot_id: null, lab_id: 1 },
    { id: 8, recipient_id: 1, robot_id: null, lab_id: 1 },
  ])
  expect(sqlite.prepare('PRAGMA foreign_key_check').all()).toEqual([])
  // the key still holds: the same step to the same person is refused
  expect(() =>
    sqlite.exec(`INSERT INTO notices (source, source_id, due_date, offset_days, recipient_id, channel, audience, lab_id, title, link, created_at)
      VALUES ('deliverable', 3, '2026-12-31', -7, 1, 'inbox', 'lab', 1, '{}', '/', 'x')`),
  ).toThrow(/UNIQUE/)
  db.$client.close()
})
