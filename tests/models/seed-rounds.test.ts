import { asc } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { roundStage } from '~/domain/certification/round-dates'
import { formatShanghaiMinute } from '~/domain/dates'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { certificationRounds, cityDepartments, roundCriteria, roundOfficeQuotas } from '~db/schema'
import { seedDemo } from '~db/seed'

// The demo's certification round (issue 21): four city departments and this year's round, open
// for applications with 17:00 deadlines, its own criteria weighing 100 and two quota overrides.
const NOW = new Date('2026-11-28T02:00:00Z')

let db: Db
beforeAll(async () => {
  db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now: NOW })
})

test('the demo holds the four city departments, all active', () => {
  const rows = db.select().from(cityDepartments).orderBy(asc(cityDepartments.id)).all()
  expect(rows.map((d) => [d.nameZh, d.active])).toEqual([
    ['市教育局', true],
    ['市科技局', true],
    ['市工信局', true],
    ['市卫健委', true],
  ])
})

test('the demo round is this year’s, open, due at 17:00 Beijing time with the offices after the applicants', () => {
  const [round, ...others] = db.select().from(certificationRounds).all()
  expect(others).toEqual([])
  expect(round.year).toBe(2026)
  expect(roundStage(NOW, round)).toBe('open')
  expect(formatShanghaiMinute(round.applicationsDueAt)).toBe('2026-12-19 17:00')
  expect(formatShanghaiMinute(round.recommendationsDueAt)).toBe('2027-01-02 17:00')
  expect(round.requiredAttachments.map((a) => a.kind)).toEqual(['application_pdf', 'application_docx'])
  expect(
    db
      .select()
      .from(roundCriteria)
      .all()
      .reduce((s, c) => s + c.weight, 0),
  ).toBe(100)
  expect(
    db
      .select()
      .from(roundOfficeQuotas)
      .all()
      .map((o) => o.quota),
  ).toEqual([4, 0])
})
