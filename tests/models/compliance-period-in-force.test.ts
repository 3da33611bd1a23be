import { afterEach, beforeEach, expect, test } from 'vitest'
import { eq } from 'drizzle-orm'
import { labChecksOf } from '~/models/compliance.server'
import { markAllLabsStale } from '~/models/compliance-freshness.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { validityPeriods } from '~db/schema'
import { makeLab, setupTestDb } from '../helpers'
import { insertPeriod } from '~db/factories'

// A lab renewed ahead of its end has its next period on record before it begins. Until then the
// running period's years are still owed: its missing deliverable keeps failing, and the lab is
// not let off because a later period exists.
let db: Db

beforeEach(() => {
  setClock(new Date('2026-06-15T04:00:00Z'))
  db = setupTestDb()
})
afterEach(() => setClock(undefined))

const deliverableRows = (labId: number, today: string) =>
  labChecksOf({ labId, today })
    .filter((c) => c.checkId === 'deliverable')
    .map((c) => [c.subject, c.result])

test('the running period is judged while the renewed one has not begun', () => {
  const lab = makeLab(db, { startDate: '2025-06-01' }) // year 1 ended 2026-05-31 without a deliverable
  const before = deliverableRows(lab.id, '2026-06-15')
  expect(before.some(([, result]) => result === 'failing')).toBe(true)

  db.update(validityPeriods).set({ outcome: 'renewed', outcomeDate: '2026-06-10' }).where(eq(validityPeriods.labId, lab.id)).run()
  insertPeriod(db, { labId: lab.id, sequence: 2, startDate: '2027-06-01', endDate: '2029-05-31' })
  // written around the models: the stored results must be recomputed
  markAllLabsStale(db)
  expect(deliverableRows(lab.id, '2026-06-15')).toEqual(before)
  // the lab reads 已续期 all the same
  expect(labChecksOf({ labId: lab.id, today: '2026-06-15' }).find((c) => c.checkId === 'validity')?.reasonKey).toBe(
    'compliance.validity.renewed',
  )
})
