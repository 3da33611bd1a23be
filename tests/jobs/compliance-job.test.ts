import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { updateSetting } from '~/models/settings.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { validityPeriods } from '~db/schema'
import { complianceJob } from '../../jobs/compliance'
import { makeLab, makeUser, setupTestDb } from '../helpers'

// The daily evaluation first records, when the bureau's settings ask for it, the labs that never
// applied for renewal as not renewed (issue 8); a dry run counts them and keeps nothing.
let db: Db
const NOW = new Date('2027-04-01T16:10:00Z') // 00:10 on 2 April 2027 in Suzhou

beforeEach(() => {
  setClock(NOW)
  db = setupTestDb()
})
afterEach(() => setClock(undefined))

test('labs that never applied are recorded as not renewed by the daily run once the setting is on', async () => {
  const lab = makeLab(db, { startDate: '2025-03-01' }) // ended 2027-02-28
  const outcome = () => db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!.outcome
  expect(await complianceJob.run({ now: NOW, dryRun: false })).toMatchObject({ notRenewed: 0 })
  expect(outcome()).toBeNull()

  const chief = await makeUser(db, { role: 'bureau' })
  updateSetting({ key: 'unappliedNotRenewedAfterDays', value: 30, actor: { id: chief.id, displayName: 'chief' }, at: NOW })
  expect(await complianceJob.run({ now: NOW, dryRun: true })).toMatchObject({ notRenewed: 1 })
  expect(outcome()).toBeNull()
  expect(await complianceJob.run({ now: NOW, dryRun: false })).toMatchObject({ notRenewed: 1 })
  expect(outcome()).toBe('not_renewed')
  expect(await complianceJob.run({ now: NOW, dryRun: false })).toMatchObject({ notRenewed: 0 })
})
