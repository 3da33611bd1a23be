import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { translator } from '~/i18n'
import { labChecksOf } from '~/models/compliance.server'
import { action as labAction, loader as labLoader } from '~/routes/labs.$labId._index'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { auditLog, violations } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
import {
  CHIEF,
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  makeOrg,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  signInAs,
  TEST_CONTEXT,
  valuesOf,
} from '../helpers'
import { pinClock } from '../clock'

const zh = translator('zh')
const TODAY = '2025-06-15'

let db: Db
let bureau: { id: number }
let bureauCookie: string

pinClock(new Date('2025-06-15T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureau = await makeUser(db, CHIEF)
  bureauCookie = signIn(bureau)
})

const post = (labId: number, fields: Record<string, string>, cookie = bureauCookie) =>
  outcome(() =>
    labAction({
      request: formRequest(`/labs/${labId}`, fields, cookie),
      params: { labId: String(labId) },
      context: TEST_CONTEXT,
    }),
  )

const violationFields = (over: Record<string, string> = {}) => ({
  intent: 'addViolation',
  subject: 'host',
  category: 'credit',
  occurredOn: '2024-06-15',
  source: '苏信用〔2024〕12号',
  description: '列入严重失信主体名单',
  ...over,
})

const addViolation = (labId: number, over: Record<string, string> = {}, cookie = bureauCookie) => post(labId, violationFields(over), cookie)
const removeViolation = (labId: number, violationId: number, cookie = bureauCookie) =>
  post(labId, { intent: 'removeViolation', violationId: String(violationId) }, cookie)

const eligibilityOf = (labId: number) => labChecksOf({ labId, today: TODAY }).find((c) => c.checkId === 'eligibility')
const allViolations = () => db.select().from(violations).all()
const violationAudits = () => db.select().from(auditLog).where(eq(auditLog.entityType, 'violation')).all()

async function districtCookie(districtCode: DistrictCode = '320508') {
  return await signInAs(db, { role: 'district', districtCode })
}

describe('recording a violation', () => {
  test('the bureau records a host violation from a year ago: stored, audited, and every lab of that host fails', async () => {
    const host = makeOrg(db)
    const lab = makeLab(db, { hostOrgId: host.id })
    const sibling = makeLab(db, { hostOrgId: host.id })
    const unrelated = makeLab(db)
    expect(eligibilityOf(lab.id)?.result).toBe('ok')

    const r = await addViolation(lab.id)
    expect(r).toMatchObject({
      status: 302,
      location: `/labs/${lab.id}?saved=violationAdded#eligibility`,
    })
    const rows = allViolations()
    expect(rows).toEqual([
      expect.objectContaining({
        orgId: host.id,
        labId: null,
        category: 'credit',
        occurredOn: '2024-06-15',
        source: '苏信用〔2024〕12号',
        description: '列入严重失信主体名单',
        createdBy: bureau.id,
      }),
    ])
    const audits = violationAudits()
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({
      action: 'create',
      entityId: String(rows[0].id),
      labId: lab.id,
      actorUserId: bureau.id,
      actorName: 'chief 用户',
      ip: '127.0.0.1',
    })
    expect(audits[0].after).toMatchObject({
      orgId: host.id,
      occurredOn: '2024-06-15',
    })

    expect(eligibilityOf(lab.id)).toMatchObject({
      result: 'failing',
      reasonKey: 'compliance.eligibility.failing',
      concernsDate: '2027-06-15',
      reasonParams: expect.objectContaining({
        subject: 'host',
        category: 'credit',
        until: '2027-06-15',
      }),
    })
    expect(eligibilityOf(sibling.id)?.result).toBe('failing')
    expect(eligibilityOf(unrelated.id)?.result).toBe('ok')

    // the sibling's page lists its host's violation too
    const page = await outcome(() =>
      labLoader({
        request: getRequest(`/labs/${sibling.id}`, bureauCookie),
        params: { labId: String(sibling.id) },
        context: TEST_CONTEXT,
      }),
    )
    expect(page.body.violations).toEqual([
      expect.objectContaining({
        id: rows[0].id,
        subject: 'host',
        counting: true,
        clearsOn: '2027-06-15',
      }),
    ])
  })

  test('a violation of the lab itself fails only that lab, not others of the same host', async () => {
    const host = makeOrg(db)
    const lab = makeLab(db, { hostOrgId: host.id })
    const sibling = makeLab(db, { hostOrgId: host.id })
    const r = await addViolation(lab.id, {
      subject: 'lab',
      category: 'data_security',
      description: '',
    })
    expect(r.status).toBe(302)
    expect(allViolations()).toEqual([
      expect.objectContaining({
        labId: lab.id,
        orgId: null,
        category: 'data_security',
        description: '',
      }),
    ])
    expect(eligibilityOf(lab.id)?.result).toBe('failing')
    expect(eligibilityOf(sibling.id)?.result).toBe('ok')
  })

  test('the description may be left out', async () => {
    const lab = makeLab(db)
    const { description: _d, ...fields } = violationFields({ subject: 'lab' })
    expect((await post(lab.id, fields)).status).toBe(302)
    expect(allViolations()[0].description).toBe('')
  })

  test.each([
    ['3 years and 1 day ago', '2022-06-14', 'ok'],
    ['exactly 3 years ago', '2022-06-15', 'ok'],
    ['3 years less 1 day ago', '2022-06-16', 'failing'],
    ['today', TODAY, 'failing'],
  ])('a violation %s (%s) leaves the check %s', async (_label, occurredOn, result) => {
    const lab = makeLab(db)
    expect((await addViolation(lab.id, { occurredOn })).status).toBe(302)
    expect(eligibilityOf(lab.id)?.result).toBe(result)
  })

  test('a counting violation stops counting on its third anniversary', async () => {
    const lab = makeLab(db, { startDate: '2025-01-01' })
    await addViolation(lab.id, { occurredOn: '2022-06-16' })
    expect(eligibilityOf(lab.id)?.result).toBe('failing')
    setClock(new Date('2025-06-16T04:00:00Z'))
    expect(labChecksOf({ labId: lab.id, today: '2025-06-16' }).find((c) => c.checkId === 'eligibility')?.result).toBe('ok')
  })

  test('a lab user and a district user of the lab’s district get 403 and nothing is stored', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const labUser = await signInAs(db, { role: 'lab', labId: lab.id })
    expect((await addViolation(lab.id, {}, labUser)).status).toBe(403)
    expect((await addViolation(lab.id, {}, await districtCookie('320508'))).status).toBe(403)
    expect(allViolations()).toHaveLength(0)
    expect(violationAudits()).toHaveLength(0)
  })

  test('a district user of another district gets 404', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    expect((await addViolation(lab.id, {}, await districtCookie('320571'))).status).toBe(404)
    expect(allViolations()).toHaveLength(0)
  })

  test('an unknown lab is 404', async () => {
    expect((await addViolation(999)).status).toBe(404)
    expect(allViolations()).toHaveLength(0)
  })

  test('a date in the future is refused and the typed values are kept', async () => {
    const lab = makeLab(db)
    const r = await addViolation(lab.id, {
      occurredOn: '2025-06-16',
      source: '来源甲',
    })
    expect(r.status).toBe(400)
    expect(errorsOf(r).occurredOn.key).toBe('eligibility.error.future')
    expect(zh('eligibility.error.future')).toBe('发生日期不能晚于今天')
    expect(valuesOf(r)).toMatchObject({
      subject: 'host',
      category: 'credit',
      occurredOn: '2025-06-16',
      source: '来源甲',
      description: '列入严重失信主体名单',
    })
    expect(r.body.intent).toBe('addViolation')
    expect(allViolations()).toHaveLength(0)
    expect(violationAudits()).toHaveLength(0)
  })

  test.each([
    ['2025-02-30', 'form.invalidDate'],
    ['', 'form.required'],
  ])('the date %j is refused with %s', async (occurredOn, key) => {
    const lab = makeLab(db)
    const r = await addViolation(lab.id, { occurredOn })
    expect(r.status).toBe(400)
    expect(errorsOf(r).occurredOn.key).toBe(key)
    expect(allViolations()).toHaveLength(0)
  })

  test('a missing source is refused with form.required', async () => {
    const lab = makeLab(db)
    const blank = await addViolation(lab.id, { source: '   ' })
    expect(blank.status).toBe(400)
    expect(errorsOf(blank).source.key).toBe('form.required')
    const { source: _s, ...fields } = violationFields()
    const absent = await post(lab.id, fields)
    expect(absent.status).toBe(400)
    expect(errorsOf(absent).source.key).toBe('form.required')
    expect(allViolations()).toHaveLength(0)
  })

  test('a source over 200 characters is refused', async () => {
    const lab = makeLab(db)
    const r = await addViolation(lab.id, { source: '长'.repeat(201) })
    expect(r.status).toBe(400)
    expect(errorsOf(r).source).toEqual({
      key: 'form.tooLong',
      vars: { max: 200 },
    })
    expect((await addViolation(lab.id, { source: '长'.repeat(200) })).status).toBe(302)
  })

  test.each([
    ['category', 'fraud'],
    ['subject', 'partner'],
  ])('an unknown %s is refused with form.invalidChoice', async (field, value) => {
    const lab = makeLab(db)
    const r = await addViolation(lab.id, { [field]: value })
    expect(r.status).toBe(400)
    expect(errorsOf(r)[field].key).toBe('form.invalidChoice')
    expect(valuesOf(r)[field]).toBe(value)
    expect(allViolations()).toHaveLength(0)
  })
})

describe('removing a violation', () => {
  test('the bureau removes a host violation: deleted, audited, and the check is ok again', async () => {
    const lab = makeLab(db)
    await addViolation(lab.id)
    const [v] = allViolations()
    expect(eligibilityOf(lab.id)?.result).toBe('failing')

    const r = await removeViolation(lab.id, v.id)
    expect(r).toMatchObject({
      status: 302,
      location: `/labs/${lab.id}?saved=violationRemoved#eligibility`,
    })
    expect(allViolations()).toHaveLength(0)
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'violation'), eq(auditLog.action, 'delete')))
      .get()!
    expect(audit).toMatchObject({
      entityId: String(v.id),
      labId: lab.id,
      actorUserId: bureau.id,
      after: null,
    })
    expect(audit.before).toMatchObject({
      id: v.id,
      orgId: lab.hostOrgId,
      occurredOn: '2024-06-15',
    })
    expect(eligibilityOf(lab.id)?.result).toBe('ok')
  })

  test('a host violation may be removed from any lab of that host', async () => {
    const host = makeOrg(db)
    const lab = makeLab(db, { hostOrgId: host.id })
    const sibling = makeLab(db, { hostOrgId: host.id })
    await addViolation(lab.id)
    const [v] = allViolations()
    expect((await removeViolation(sibling.id, v.id)).status).toBe(302)
    expect(allViolations()).toHaveLength(0)
    expect(eligibilityOf(lab.id)?.result).toBe('ok')
  })

  test('a violation of another lab, posted to this lab’s URL, is 404 and stays', async () => {
    const host = makeOrg(db)
    const lab = makeLab(db, { hostOrgId: host.id })
    const other = makeLab(db, { hostOrgId: host.id }) // same host, but the violation is the lab's own
    const stranger = makeLab(db)
    await addViolation(other.id, { subject: 'lab' })
    await addViolation(stranger.id, { subject: 'host' })
    const before = allViolations()
    expect(before).toHaveLength(2)
    for (const v of before) {
      const r = await removeViolation(lab.id, v.id)
      expect(r.status).toBe(404)
      expect(errorsOf(r)._form.key).toBe('eligibility.error.notFound')
    }
    expect(allViolations()).toEqual(before)
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'violation'), eq(auditLog.action, 'delete')))
        .all(),
    ).toHaveLength(0)
    expect(eligibilityOf(other.id)?.result).toBe('failing')
    expect(eligibilityOf(stranger.id)?.result).toBe('failing')
  })

  test.each(['abc', '0', '999'])('the violation id %j is 404', async (violationId) => {
    const lab = makeLab(db)
    expect((await post(lab.id, { intent: 'removeViolation', violationId })).status).toBe(404)
  })

  test('a lab user and a district user get 403 and the violation stays', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    await addViolation(lab.id, { subject: 'lab' })
    const [v] = allViolations()
    const labUser = await signInAs(db, { role: 'lab', labId: lab.id })
    expect((await removeViolation(lab.id, v.id, labUser)).status).toBe(403)
    expect((await removeViolation(lab.id, v.id, await districtCookie('320508'))).status).toBe(403)
    expect((await removeViolation(lab.id, v.id, await districtCookie('320571'))).status).toBe(404)
    expect(allViolations()).toHaveLength(1)
  })
})
