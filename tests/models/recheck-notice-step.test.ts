import { asc, eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { addDays } from '~/domain/dates'
import { confirmNotice } from '~/models/public-notices.server'
import { recheckRenewal } from '~/models/renewals.server'
import { updateSetting } from '~/models/settings.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { insertRenewal } from '~db/factories'
import { auditLog, publicNotices, renewals, validityPeriods } from '~db/schema'
import { currentVersion, makeLab, makeUser, setupTestDb } from '../helpers'
import { pinClock } from '../clock'

// The re-check's 公示 at the model (docs/decisions/025-public-notice.md): what recheckRenewal
// returns while announcing, and the confirm step refusing, whole, a renewal that moved meanwhile.
let db: Db
let chief: Awaited<ReturnType<typeof makeUser>>

pinClock(new Date('2027-03-16T02:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  chief = await makeUser(db, { role: 'bureau', username: 'chief' })
  updateSetting({ key: 'renewalNoticeStep', value: 1, actor: chief, at: new Date() })
})

function rectifyingRenewal() {
  const lab = makeLab(db, { startDate: '2025-03-01' })
  const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
  const at = new Date().toISOString()
  const renewal = insertRenewal(db, {
    labId: lab.id,
    periodId: period.id,
    status: 'rectifying',
    decision: 'renew_after_rectification',
    createdAt: at,
    updatedAt: at,
  })
  return { lab, renewal }
}
const recheck = (labId: number, renewalId: number, recheck = 'renew') =>
  recheckRenewal({ by: chief, labId, renewalId, raw: { recheck, reasons: '已整改' }, version: currentVersion(renewals, renewalId) })
const periodsOf = (labId: number) =>
  db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(asc(validityPeriods.sequence)).all()

test('a re-check to renew, announced, returns the renewal still rectifying; a second re-check is refused as in notice', () => {
  const { lab, renewal } = rectifyingRenewal()
  const announced = recheck(lab.id, renewal.id)
  expect(announced).toMatchObject({
    ok: true,
    renewal: { status: 'rectifying', recheckDecision: null, rowVersion: renewal.rowVersion + 1 },
  })
  expect(recheck(lab.id, renewal.id, 'not_renew')).toMatchObject({
    ok: false,
    error: 'conflict',
    errors: { _form: { key: 'notice.error.inNotice' } },
  })
  expect(periodsOf(lab.id)).toHaveLength(1)
})

test('confirming a re-check whose renewal is no longer rectifying is refused and nothing of it is kept', () => {
  const { lab, renewal } = rectifyingRenewal()
  expect(recheck(lab.id, renewal.id).ok).toBe(true)
  const notice = db.select().from(publicNotices).where(eq(publicNotices.subjectId, renewal.id)).get()!
  // decided another way that left the notice up (not a path the app takes: the confirm must still hold)
  db.update(renewals).set({ status: 'decided' }).where(eq(renewals.id, renewal.id)).run()
  setClock(new Date(`${addDays(notice.endsOn, 1)}T02:00:00Z`))
  const confirmed = confirmNotice({ by: chief, noticeId: notice.id, version: notice.rowVersion })
  expect(confirmed).toMatchObject({ ok: false, error: 'conflict', stale: expect.anything() })
  expect(db.select().from(publicNotices).where(eq(publicNotices.id, notice.id)).get()!.confirmedAt).toBeNull()
  expect(periodsOf(lab.id).map((p) => p.outcome)).toEqual([null])
  expect(
    db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityType, 'public_notice'))
      .all()
      .map((a) => a.action),
  ).toEqual(['publish'])
})
