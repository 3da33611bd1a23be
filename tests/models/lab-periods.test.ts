import { eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { addDays, type IsoDate } from '~/domain/dates'
import { labPeriods, periodEndDate } from '~/domain/validity'
import { latestPeriods, periodsInForce } from '~/models/lab-status.server'
import { db as appDb } from '~/utils/db.server'
import type { Db } from '~db/client.server'
import { createRng } from '~db/seed-rng'
import { labs, validityPeriods } from '~db/schema'
import { makeLab, setupTestDb } from '../helpers'

// periodsInForce (and latestPeriods) are the SQL form of labPeriods (app/domain/validity.ts):
// the reminders pick labs and periods in SQL, the compliance facts in TypeScript, and both must
// judge the same period. Checked on generated labs and on every day around their period edges.
let db: Db
beforeEach(() => {
  db = setupTestDb()
})

type Spec = { startDate: IsoDate; endDate: IsoDate }

function labWith(periods: Spec[], order: 'asc' | 'desc') {
  const lab = makeLab(db)
  db.delete(validityPeriods).where(eq(validityPeriods.labId, lab.id)).run()
  const rows = periods.map((p, i) => ({ labId: lab.id, sequence: i + 1, ...p, certificateNo: `C-${lab.id}-${i + 1}` }))
  // inserted in either order, so neither answer can lean on row ids
  for (const row of order === 'asc' ? rows : [...rows].reverse()) db.insert(validityPeriods).values(row).run()
  return lab.id
}

// Up to four periods: consecutive, with gaps (a lapse before a later certification) or ahead of today.
function generatedLabs(seed: number, count: number) {
  const rng = createRng(seed)
  for (let i = 0; i < count; i++) {
    let start = addDays('2023-01-01', rng.int(0, 1200))
    const periods: Spec[] = []
    for (let n = rng.int(1, 4); n > 0; n--) {
      const end = rng.chance(0.8) ? periodEndDate(start) : addDays(start, rng.int(60, 700))
      periods.push({ startDate: start, endDate: end })
      start = addDays(end, rng.chance(0.7) ? 1 : rng.int(2, 400))
    }
    labWith(periods, rng.chance(0.5) ? 'asc' : 'desc')
  }
  labWith([], 'asc') // a lab without periods
}

function sqlAnswer(day: IsoDate) {
  const latest = latestPeriods()
  const inForce = periodsInForce(day)
  const rows = appDb()
    .select({ labId: labs.id, latest: latest.periodId, inForce: inForce.periodId, certifiedOn: inForce.certifiedOn })
    .from(labs)
    .leftJoin(latest, eq(latest.labId, labs.id))
    .leftJoin(inForce, eq(inForce.labId, labs.id))
    .all()
  return new Map(rows.map((r) => [r.labId, { latest: r.latest ?? null, inForce: r.inForce ?? null, certifiedOn: r.certifiedOn ?? null }]))
}

function pureAnswer(day: IsoDate) {
  const all = db.select().from(validityPeriods).all()
  return new Map(
    db
      .select({ id: labs.id })
      .from(labs)
      .all()
      .map(({ id }) => {
        const standing = labPeriods(
          all.filter((p) => p.labId === id),
          day,
        )
        return [id, { latest: standing.latest?.id ?? null, inForce: standing.inForce?.id ?? null, certifiedOn: standing.certifiedOn }]
      }),
  )
}

test('the SQL and labPeriods pick the same latest and in-force period and first start for generated labs', () => {
  generatedLabs(13, 60)
  const days = new Set<IsoDate>(['2022-12-31', '2026-12-04'])
  // every period's edges: the day before it begins, its first and last day, the day after
  for (const p of db.select().from(validityPeriods).all())
    for (const d of [addDays(p.startDate, -1), p.startDate, p.endDate, addDays(p.endDate, 1)]) days.add(d)
  let compared = 0
  for (const day of days) {
    expect(sqlAnswer(day), day).toEqual(pureAnswer(day))
    compared++
  }
  expect(compared).toBeGreaterThan(200)
})

test('a lab renewed ahead of its end: the SQL keeps the running period in force until the next begins', () => {
  const id = labWith(
    [
      { startDate: '2025-06-01', endDate: '2027-05-31' },
      { startDate: '2027-06-01', endDate: '2029-05-31' },
    ],
    'desc',
  )
  const [first, next] = db.select().from(validityPeriods).where(eq(validityPeriods.labId, id)).orderBy(validityPeriods.sequence).all()
  expect(sqlAnswer('2027-05-31').get(id)).toEqual({ latest: next.id, inForce: first.id, certifiedOn: '2025-06-01' })
  expect(sqlAnswer('2027-06-01').get(id)).toEqual({ latest: next.id, inForce: next.id, certifiedOn: '2025-06-01' })
})
