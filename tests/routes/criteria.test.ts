import { asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { allCriteria } from '~/models/review-criteria.server'
import { action, loader } from '~/routes/settings_.criteria'
import type { Db } from '~db/client.server'
import { auditLog, reviewCriteria } from '~db/schema'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
  valuesOf,
  currentVersion,
  criteriaVersions,
} from '../helpers'
import { pinClock } from '../clock'

// The bureau's renewal review criteria (/settings/criteria): names, order, weights that add up to
// 100, and who may change them.
const AT = '2027-04-20T02:00:00.000Z'

let db: Db
let bureauCookie: string

pinClock(new Date(AT))
beforeEach(async () => {
  db = setupTestDb()
  bureauCookie = signIn(await makeUser(db, { role: 'bureau' }))
})

type Page = { rows: { id: number; labelZh: string; weight: number; active: boolean; updatedBy: string | null }[]; weightSum: number }
const page = async (cookie = bureauCookie) => {
  const r = await outcome(() => loader({ request: getRequest('/settings/criteria', cookie), params: {}, context: TEST_CONTEXT }))
  return { ...r, page: r.body as unknown as Page }
}
// what the page posts: a criterion's forms carry its row version, the weights form every active one's
const versioned = (fields: Record<string, string>): Record<string, string> =>
  fields.intent === 'setWeights'
    ? { ...Object.fromEntries(Object.entries(criteriaVersions()).map(([id, v]) => [`rowVersion.${id}`, v])), ...fields }
    : fields.id && !('rowVersion' in fields)
      ? { rowVersion: currentVersion(reviewCriteria, Number(fields.id)), ...fields }
      : fields
const send = (fields: Record<string, string>, cookie = bureauCookie) =>
  outcome(() => action({ request: formRequest('/settings/criteria', versioned(fields), cookie), params: {}, context: TEST_CONTEXT }))
const criteriaAudits = () => db.select().from(auditLog).where(eq(auditLog.entityType, 'review_criterion')).orderBy(asc(auditLog.id)).all()
const snapshot = () => allCriteria().map((c) => [c.id, c.labelZh, c.labelEn, c.weight, c.position, c.active])

describe('the criteria page', () => {
  test('the bureau sees the five default criteria weighing 100 in all', async () => {
    const { status, page: p } = await page()
    expect(status).toBe(200)
    expect(p.weightSum).toBe(100)
    expect(p.rows.map((r) => [r.weight, r.active, r.updatedBy])).toEqual([
      [30, true, null],
      [20, true, null],
      [15, true, null],
      [15, true, null],
      [20, true, null],
    ])
  })

  test('a district, a lab and an expert find neither the page nor its action, and nothing changes', async () => {
    const lab = makeLab(db)
    const before = snapshot()
    for (const user of [
      await makeUser(db, { role: 'district', districtCode: '320508' }),
      await makeUser(db, { role: 'lab', labId: lab.id }),
      await makeUser(db, { role: 'expert' }),
    ]) {
      const cookie = signIn(user)
      expect((await page(cookie)).status).toBe(404)
      expect((await send({ intent: 'addCriterion', labelZh: '新标准', labelEn: 'New', weight: '10' }, cookie)).status).toBe(404)
      expect((await send({ intent: 'deactivateCriterion', id: String(before[0][0]) }, cookie)).status).toBe(404)
    }
    expect(snapshot()).toEqual(before)
    expect(criteriaAudits()).toEqual([])
  })

  test('adding a criterion is audited, and the page then warns that the weights are off 100 until the weights form puts them right', async () => {
    const added = await send({ intent: 'addCriterion', labelZh: '社会效益', labelEn: 'Social benefit', weight: '10' })
    expect(added.status).toBe(302)
    expect(added.location).toBe('/settings/criteria?saved=added')
    expect(criteriaAudits().map((a) => a.action)).toEqual(['create'])
    const { page: p } = await page()
    expect(p.weightSum).toBe(110)
    expect(p.rows.at(-1)).toMatchObject({ labelZh: '社会效益', weight: 10, active: true, updatedBy: expect.stringContaining('用户') })

    const ids = p.rows.map((r) => r.id)
    const off = await send({ intent: 'setWeights', ...Object.fromEntries(ids.map((id) => [`weight-${id}`, '20'])) })
    expect(off.status).toBe(400)
    expect(errorsOf(off)._form).toEqual({ key: 'criteria.error.sum', vars: { sum: 120, total: 100 } })
    expect(valuesOf(off)[`weight-${ids[0]}`]).toBe('20')

    const weights = [30, 20, 10, 10, 20, 10]
    const saved = await send({ intent: 'setWeights', ...Object.fromEntries(ids.map((id, i) => [`weight-${id}`, String(weights[i])])) })
    expect(saved.location).toBe('/settings/criteria?saved=weights')
    expect((await page()).page.weightSum).toBe(100)
    // two criteria changed weight: one audit row each
    expect(criteriaAudits().map((a) => a.action)).toEqual(['create', 'update', 'update'])
  })

  test('bad input comes back with 400 and what was typed', async () => {
    const bad = await send({ intent: 'addCriterion', labelZh: '', labelEn: 'Something', weight: '0' })
    expect(bad.status).toBe(400)
    expect(errorsOf(bad).labelZh.key).toBe('form.required')
    expect(errorsOf(bad).weight.key).toBe('criteria.error.weight')
    expect(valuesOf(bad)).toMatchObject({ labelEn: 'Something', weight: '0' })
    const first = allCriteria()[0]
    const renamed = await send({ intent: 'renameCriterion', id: String(first.id), labelZh: allCriteria()[1].labelZh, labelEn: 'X' })
    expect(renamed.status).toBe(400)
    expect(errorsOf(renamed).labelZh.key).toBe('criteria.error.duplicate')
    expect((await send({ intent: 'remove', id: String(first.id) })).status).toBe(400)
    expect((await send({ intent: 'deactivateCriterion', id: '99999' })).status).toBe(404)
    expect(criteriaAudits()).toEqual([])
  })

  test('moving, deactivating and reactivating a criterion', async () => {
    const [first, second] = allCriteria()
    expect((await send({ intent: 'moveCriterionDown', id: String(first.id) })).location).toBe('/settings/criteria?saved=moved')
    expect(
      allCriteria()
        .map((c) => c.id)
        .slice(0, 2),
    ).toEqual([second.id, first.id])
    expect((await send({ intent: 'deactivateCriterion', id: String(first.id) })).location).toBe('/settings/criteria?saved=deactivated')
    expect((await page()).page.weightSum).toBe(70)
    expect((await send({ intent: 'deactivateCriterion', id: String(first.id) })).location).toBe('/settings/criteria?saved=unchanged')
    expect((await send({ intent: 'reactivateCriterion', id: String(first.id) })).location).toBe('/settings/criteria?saved=reactivated')
    expect((await page()).page.weightSum).toBe(100)
  })
})
