import { beforeEach, expect, test } from 'vitest'
import type { Db } from '~db/client.server'
import { setupTestDb } from '../helpers'

// 0040 adds the certification round's tables (issue 21). What the database itself refuses, so a
// model's slip or a hand-made write cannot store a round the pages would misread.
let db: Db
const run = (sql: string) => db.$client.prepare(sql).run()
beforeEach(() => {
  db = setupTestDb()
  run(`INSERT INTO city_departments (id, code, name_zh, name_en) VALUES (1, 'edu', '市教育局', 'Education')`)
  run(`INSERT INTO certification_rounds (id, year, name_zh, name_en, applications_due_at, recommendations_due_at)
       VALUES (1, 2027, '批次', 'Round', '2027-03-31T09:00:00.000Z', '2027-04-15T09:00:00.000Z')`)
})

test('a new round has the guide’s quotas and both 申报表 copies by default', () => {
  expect(
    db.$client.prepare('SELECT district_quota, department_quota, required_attachments, row_version FROM certification_rounds').get(),
  ).toEqual({
    district_quota: 3,
    department_quota: 2,
    required_attachments: '[{"kind":"application_pdf"},{"kind":"application_docx"}]',
    row_version: 1,
  })
})

test('the offices’ deadline at or before the applicants’ is refused', () => {
  expect(() => run(`UPDATE certification_rounds SET recommendations_due_at = applications_due_at`)).toThrow(/CHECK/)
})

test('an override names exactly one office, once per round, and is never negative', () => {
  run(`INSERT INTO round_office_quotas (round_id, district_code, quota) VALUES (1, '320508', 1)`)
  run(`INSERT INTO round_office_quotas (round_id, department_id, quota) VALUES (1, 1, 0)`)
  expect(() => run(`INSERT INTO round_office_quotas (round_id, district_code, quota) VALUES (1, '320508', 2)`)).toThrow(/UNIQUE/)
  expect(() => run(`INSERT INTO round_office_quotas (round_id, department_id, quota) VALUES (1, 1, 2)`)).toThrow(/UNIQUE/)
  expect(() => run(`INSERT INTO round_office_quotas (round_id, quota) VALUES (1, 2)`)).toThrow(/CHECK/)
  expect(() => run(`INSERT INTO round_office_quotas (round_id, district_code, department_id, quota) VALUES (1, '320505', 1, 2)`)).toThrow(
    /CHECK/,
  )
  expect(() => run(`INSERT INTO round_office_quotas (round_id, district_code, quota) VALUES (1, '320505', -1)`)).toThrow(/CHECK/)
})

test('a department code is unique, and a write that leaves row_version alone still moves it on', () => {
  expect(() => run(`INSERT INTO city_departments (code, name_zh, name_en) VALUES ('edu', '另一个', 'Other')`)).toThrow(/UNIQUE/)
  run(`UPDATE city_departments SET name_zh = '苏州市教育局' WHERE id = 1`)
  run(`UPDATE certification_rounds SET district_quota = 4 WHERE id = 1`)
  expect(db.$client.prepare('SELECT row_version FROM city_departments').get()).toEqual({ row_version: 2 })
  expect(db.$client.prepare('SELECT row_version FROM certification_rounds').get()).toEqual({ row_version: 2 })
})
