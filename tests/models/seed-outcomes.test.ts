import { asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { validityYearOf } from '~/domain/validity'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { labs, outcomes, users, validityPeriods } from '~db/schema'
import { OUTCOME_KINDS } from '~db/schema/enums'
import { seedDemo } from '~db/seed'

// The demo outcome register (issue 16): every kind, some verified and some disputed, each in the
// period and validity year its date falls in, checked by its own district's office.
const NOW = new Date('2026-11-28T02:00:00Z')

describe('the demo outcome register', () => {
  let db: Db
  let seeded: Awaited<ReturnType<typeof seedDemo>>
  beforeAll(async () => {
    db = openDb(':memory:')
    runMigrations(db)
    seeded = await seedDemo(db, { now: NOW })
  })
  const all = () => db.select().from(outcomes).orderBy(asc(outcomes.id)).all()

  test('holds outcomes of every kind, in every verification state, counted in the seed summary', () => {
    const rows = all()
    expect(rows.length).toBe(seeded.outcomes)
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(OUTCOME_KINDS))
    const states = new Set(rows.map((r) => r.verification))
    expect(states).toEqual(new Set(['unverified', 'checked', 'verified', 'disputed']))
    for (const r of rows.filter((o) => o.verification === 'disputed')) expect(r.decisionReason).not.toBe('')
  })

  test('each outcome counts for the period and year its date falls in, and values are whole yuan', () => {
    for (const r of all()) {
      const p = db.select().from(validityPeriods).where(eq(validityPeriods.id, r.periodId)).get()!
      expect(p.labId).toBe(r.labId)
      expect(validityYearOf(p, r.occurredOn)).toBe(r.validityYear)
      if (r.valueYuan !== null) expect(Number.isInteger(r.valueYuan)).toBe(true)
      if (r.kind === 'transfer') expect(r.valueYuan).not.toBeNull()
    }
  })

  test("a checked outcome was checked by its lab's own district office", () => {
    for (const r of all().filter((o) => o.checkedBy !== null)) {
      const officer = db.select().from(users).where(eq(users.id, r.checkedBy!)).get()!
      const lab = db.select().from(labs).where(eq(labs.id, r.labId)).get()!
      expect(officer).toMatchObject({ role: 'district', districtCode: lab.districtCode })
    }
  })
})
