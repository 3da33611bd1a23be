import { desc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { makeUscc } from '~/domain/uscc'
import { translator } from '~/i18n'
import { listOrganisations } from '~/models/organisations.server'
import { action as editAction, loader as detailLoader } from '~/routes/organisations.$orgId'
import { loader as listLoader } from '~/routes/organisations._index'
import { action as newAction, loader as newLoader } from '~/routes/organisations.new'
import type { Db } from '~db/client.server'
import { auditLog, organisations } from '~db/schema'
import {
  errorsOf,
  type FormErrors,
  formRequest,
  getRequest,
  makeLab,
  makeOrg,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  signInAs,
  signInChief,
  TEST_CONTEXT,
  valuesOf,
} from '../helpers'
import { insertOrganisation } from '~db/factories'

const zh = translator('zh')

const SUZHOU_CODE = makeUscc({ authority: '9', kind: '1', region: '320505', serial: 'MA1X2Y3Q4' })
const SHANGHAI_CODE = makeUscc({ authority: '9', kind: '1', region: '310115', serial: 'MA1X2Y3Q5' })

function withBadChecksum(code: string) {
  const last = code[17] === '0' ? '1' : '0'
  return code.slice(0, 17) + last
}

let db: Db
let bureauCookie: string

beforeEach(async () => {
  db = setupTestDb()
  bureauCookie = await signInChief(db)
})

const orgFields = (over: Record<string, string> = {}) => ({
  name: '苏州数智科技有限公司',
  creditCode: SUZHOU_CODE,
  kind: 'enterprise',
  districtCode: '320505',
  ...over,
})

function create(fields: Record<string, string>, cookie = bureauCookie) {
  return outcome(() => newAction({ request: formRequest('/organisations/new', fields, cookie), params: {}, context: TEST_CONTEXT }))
}

function update(id: number, fields: Record<string, string>, cookie = bureauCookie) {
  return outcome(() =>
    editAction({ request: formRequest(`/organisations/${id}`, fields, cookie), params: { orgId: String(id) }, context: TEST_CONTEXT }),
  )
}

describe('creating an organisation', () => {
  test('the bureau creates an organisation with a normalised code and an audit row', async () => {
    const spaced = `${SUZHOU_CODE.slice(0, 9).toLowerCase()} ${SUZHOU_CODE.slice(9)}`
    const result = await create(orgFields({ creditCode: spaced }))
    expect(result.status).toBe(302)
    const org = db.select().from(organisations).where(eq(organisations.creditCode, SUZHOU_CODE)).get()
    expect(org).toMatchObject({ name: '苏州数智科技有限公司', kind: 'enterprise', districtCode: '320505' })
    expect(result.location).toBe(`/organisations/${org!.id}?saved=created`)
    const audit = db.select().from(auditLog).orderBy(desc(auditLog.id)).get()!
    expect(audit).toMatchObject({
      action: 'create',
      entityType: 'organisation',
      entityId: String(org!.id),
      actorName: 'chief 用户',
      ip: '127.0.0.1',
    })
    expect(audit.after).toMatchObject({ creditCode: SUZHOU_CODE })
  })

  test('a bad checksum is refused with the checksum message and the typed name is kept', async () => {
    const result = await create(orgFields({ name: '校验位错误的单位', creditCode: withBadChecksum(SUZHOU_CODE) }))
    expect(result.status).toBe(400)
    expect(errorsOf(result).creditCode.key).toBe('orgs.error.uscc.checksum')
    expect(zh(errorsOf(result).creditCode.key)).toBe('统一社会信用代码校验位不正确，请核对')
    expect(valuesOf(result)).toMatchObject({ name: '校验位错误的单位', creditCode: withBadChecksum(SUZHOU_CODE), kind: 'enterprise' })
    expect(db.select().from(organisations).all()).toHaveLength(0)
  })

  test.each([
    ['', 'orgs.error.uscc.empty'],
    ['91320505MA1X2Y3Q4', 'orgs.error.uscc.length'],
    ['91320505MA1X2Y3QO5', 'orgs.error.uscc.charset'],
  ])('the code %j is refused with %s', async (creditCode, key) => {
    const result = await create(orgFields({ creditCode }))
    expect(result.status).toBe(400)
    expect(errorsOf(result).creditCode.key).toBe(key)
  })

  test('the charset and length messages say what is wrong in Chinese', () => {
    expect(zh('orgs.error.uscc.length')).toContain('应为 18 位')
    expect(zh('orgs.error.uscc.charset')).toContain('含有不允许的字符（不使用 I、O、Z、S、V）')
  })

  test('a code from outside Suzhou needs a ticked confirmation before it is saved', async () => {
    const first = await create(orgFields({ creditCode: SHANGHAI_CODE }))
    expect(first.status).toBe(400)
    expect(first.body.needsRegionConfirmation).toBe(true)
    expect((first.body.warnings as FormErrors).creditCode).toEqual({ key: 'orgs.warning.region', vars: { region: '310115' } })
    expect(errorsOf(first).confirmRegion.key).toBe('orgs.error.confirmRegion')
    expect(valuesOf(first).name).toBe('苏州数智科技有限公司')
    expect(db.select().from(organisations).all()).toHaveLength(0)

    const second = await create(orgFields({ creditCode: SHANGHAI_CODE, confirmRegion: 'on' }))
    expect(second.status).toBe(302)
    expect(
      db
        .select()
        .from(organisations)
        .all()
        .map((o) => o.creditCode),
    ).toEqual([SHANGHAI_CODE])
  })

  test('a code already registered by another organisation is refused', async () => {
    const existing = makeOrg(db)
    const result = await create(orgFields({ name: '另一家单位', creditCode: existing.creditCode.toLowerCase() }))
    expect(result.status).toBe(400)
    expect(errorsOf(result).creditCode.key).toBe('orgs.error.duplicateCode')
    expect(zh('orgs.error.duplicateCode')).toBe('该统一社会信用代码已登记')
    expect(valuesOf(result).name).toBe('另一家单位')
  })

  test('a missing name, kind and district are each reported', async () => {
    const result = await create({ name: '  ', creditCode: SUZHOU_CODE, kind: 'bank', districtCode: '' })
    expect(result.status).toBe(400)
    expect(errorsOf(result).name.key).toBe('form.required')
    expect(errorsOf(result).kind.key).toBe('form.invalidChoice')
    expect(errorsOf(result).districtCode.key).toBe('form.invalidChoice')
  })

  test('a name over 100 characters is refused', async () => {
    const result = await create(orgFields({ name: '长'.repeat(101) }))
    expect(result.status).toBe(400)
    expect(errorsOf(result).name).toEqual({ key: 'form.tooLong', vars: { max: 100 } })
  })

  test.each(['district', 'lab', 'expert'] as const)('a %s user gets 404 from the new-organisation page and its action', async (role) => {
    const lab = makeLab(db)
    const user = await makeUser(db, { role, districtCode: role === 'district' ? '320508' : null, labId: role === 'lab' ? lab.id : null })
    const cookie = signIn(user)
    expect(
      (await outcome(() => newLoader({ request: getRequest('/organisations/new', cookie), params: {}, context: TEST_CONTEXT }))).status,
    ).toBe(404)
    expect((await create(orgFields(), cookie)).status).toBe(404)
    expect(db.select().from(organisations).where(eq(organisations.creditCode, SUZHOU_CODE)).get()).toBeUndefined()
  })

  test('an anonymous visitor is sent to sign in', async () => {
    const result = await outcome(() =>
      newAction({ request: formRequest('/organisations/new', orgFields()), params: {}, context: TEST_CONTEXT }),
    )
    expect(result.status).toBe(302)
    expect(result.location).toMatch(/^\/login\?redirectTo=/)
  })
})

describe('editing an organisation', () => {
  test('the bureau renames an organisation and the audit row holds before and after', async () => {
    const org = makeOrg(db, { name: '旧名称' })
    const result = await update(org.id, {
      name: '新名称',
      creditCode: org.creditCode,
      kind: 'public_institution',
      districtCode: org.districtCode,
    })
    expect(result).toMatchObject({ status: 302, location: `/organisations/${org.id}?saved=updated` })
    expect(db.select().from(organisations).where(eq(organisations.id, org.id)).get()).toMatchObject({
      name: '新名称',
      kind: 'public_institution',
    })
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'organisation')).get()!
    expect(audit).toMatchObject({ action: 'update', entityId: String(org.id) })
    expect(audit.before).toMatchObject({ name: '旧名称', kind: 'enterprise' })
    expect(audit.after).toMatchObject({ name: '新名称', kind: 'public_institution' })
  })

  test('taking another organisation’s code is refused and the typed values are kept', async () => {
    const a = makeOrg(db)
    const b = makeOrg(db)
    const result = await update(a.id, { name: '改过的名字', creditCode: b.creditCode, kind: 'enterprise', districtCode: '320508' })
    expect(result.status).toBe(400)
    expect(errorsOf(result).creditCode.key).toBe('orgs.error.duplicateCode')
    expect(valuesOf(result)).toMatchObject({ name: '改过的名字', creditCode: b.creditCode })
  })

  test('re-saving an organisation whose stored code is outside Suzhou does not ask again', async () => {
    const org = insertOrganisation(db, { name: '沪上单位', creditCode: SHANGHAI_CODE, kind: 'enterprise', districtCode: '320571' })
    const loaded = await outcome(() =>
      detailLoader({
        request: getRequest(`/organisations/${org.id}`, bureauCookie),
        params: { orgId: String(org.id) },
        context: TEST_CONTEXT,
      }),
    )
    expect((loaded.body.storedWarnings as FormErrors).creditCode.key).toBe('orgs.warning.region')
    const result = await update(org.id, { name: '沪上单位（苏州）', creditCode: SHANGHAI_CODE, kind: 'enterprise', districtCode: '320571' })
    expect(result.status).toBe(302)
  })

  test('changing to a code outside Suzhou needs the confirmation', async () => {
    const org = makeOrg(db)
    const result = await update(org.id, { name: org.name, creditCode: SHANGHAI_CODE, kind: 'enterprise', districtCode: '320508' })
    expect(result.status).toBe(400)
    expect(errorsOf(result).confirmRegion.key).toBe('orgs.error.confirmRegion')
  })

  test.each(['district', 'lab', 'expert'] as const)('a %s user gets 404 from the organisation page and its action', async (role) => {
    const org = makeOrg(db, { name: '原名' })
    const lab = makeLab(db, { hostOrgId: org.id })
    const user = await makeUser(db, { role, districtCode: role === 'district' ? '320508' : null, labId: role === 'lab' ? lab.id : null })
    const cookie = signIn(user)
    const loaded = await outcome(() =>
      detailLoader({ request: getRequest(`/organisations/${org.id}`, cookie), params: { orgId: String(org.id) }, context: TEST_CONTEXT }),
    )
    expect(loaded.status).toBe(404)
    const result = await update(org.id, { name: '被改名', creditCode: org.creditCode, kind: 'enterprise', districtCode: '320508' }, cookie)
    expect(result.status).toBe(404)
    expect(db.select().from(organisations).where(eq(organisations.id, org.id)).get()!.name).toBe('原名')
  })

  test('an unknown organisation is 404', async () => {
    const loaded = await outcome(() =>
      detailLoader({ request: getRequest('/organisations/999', bureauCookie), params: { orgId: '999' }, context: TEST_CONTEXT }),
    )
    expect(loaded.status).toBe(404)
    expect((await update(999, orgFields())).status).toBe(404)
    expect(
      (
        await outcome(() =>
          detailLoader({ request: getRequest('/organisations/abc', bureauCookie), params: { orgId: 'abc' }, context: TEST_CONTEXT }),
        )
      ).status,
    ).toBe(404)
  })
})

describe('the organisation pages', () => {
  test('the detail page lists hosted and partner labs and the joint count', async () => {
    const org = makeOrg(db, { name: '主角单位' })
    const other = makeOrg(db, { name: '另一依托单位' })
    const solo = makeLab(db, { hostOrgId: org.id, name: '单独申报实验室' })
    const joint = makeLab(db, { hostOrgId: org.id, partnerOrgIds: [other.id], name: '联合依托实验室' })
    const partner = makeLab(db, { hostOrgId: other.id, partnerOrgIds: [org.id], name: '参与联合实验室' })
    const loaded = await outcome(() =>
      detailLoader({
        request: getRequest(`/organisations/${org.id}`, bureauCookie),
        params: { orgId: String(org.id) },
        context: TEST_CONTEXT,
      }),
    )
    expect(loaded.status).toBe(200)
    const body = loaded.body as {
      hostedLabs: { id: number }[]
      partnerLabs: { id: number; hostName: string }[]
      jointApplications: number
      maxJoint: number
    }
    expect(body.hostedLabs.map((l) => l.id).sort()).toEqual([solo.id, joint.id].sort())
    expect(body.partnerLabs).toEqual([expect.objectContaining({ id: partner.id, hostName: '另一依托单位' })])
    expect(body.jointApplications).toBe(2)
    expect(body.maxJoint).toBe(3)
  })

  test('the list counts joint applications in SQL the same way as the domain rule', async () => {
    const a = makeOrg(db, { name: 'A 单位' })
    const b = makeOrg(db, { name: 'B 单位' })
    const c = makeOrg(db, { name: 'C 单位' })
    makeLab(db, { hostOrgId: a.id }) // alone: not joint
    makeLab(db, { hostOrgId: a.id, partnerOrgIds: [b.id] })
    makeLab(db, { hostOrgId: b.id, partnerOrgIds: [a.id, c.id] })
    makeLab(db, { hostOrgId: c.id, partnerOrgIds: [c.id] }) // partner equal to host: not joint
    const { rows } = listOrganisations({ filter: { sort: 'name', dir: 'asc' }, page: 1, pageSize: 20 })
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]))
    for (const org of [a, b, c]) {
      const detail = await outcome(() =>
        detailLoader({
          request: getRequest(`/organisations/${org.id}`, bureauCookie),
          params: { orgId: String(org.id) },
          context: TEST_CONTEXT,
        }),
      )
      expect(byName[org.name].jointApplications).toBe(detail.body.jointApplications)
    }
    expect(byName['A 单位']).toMatchObject({ jointApplications: 2, hostedLabs: 2 })
    expect(byName['B 单位']).toMatchObject({ jointApplications: 2, hostedLabs: 1 })
    expect(byName['C 单位']).toMatchObject({ jointApplications: 1, hostedLabs: 1 })
  })

  test('the list filters by name or code, kind and district, and pages in SQL', async () => {
    makeOrg(db, { name: '园区甲单位', districtCode: '320571' })
    const b = makeOrg(db, { name: '园区乙单位', districtCode: '320571' })
    makeOrg(db, { name: '姑苏丙单位', districtCode: '320508' })
    const list = async (query: string) => {
      const r = await outcome(() =>
        listLoader({ request: getRequest(`/organisations${query}`, bureauCookie), params: {}, context: TEST_CONTEXT }),
      )
      return r.body as { rows: { name: string }[]; total: number }
    }
    expect((await list('?q=园区')).rows.map((r) => r.name)).toEqual(['园区乙单位', '园区甲单位'].sort())
    expect((await list(`?q=${b.creditCode.slice(0, 9).toLowerCase()} ${b.creditCode.slice(9)}`)).rows.map((r) => r.name)).toEqual([
      '园区乙单位',
    ])
    expect((await list('?district=320508')).rows.map((r) => r.name)).toEqual(['姑苏丙单位'])
    expect((await list('?kind=university_college')).total).toBe(0)
    const paged = await list('?size=20&page=2')
    expect(paged).toMatchObject({ rows: [], total: 3 })
    const sorted = await list('?sort=name&dir=desc')
    expect(sorted.rows[0].name).toBe([...sorted.rows.map((r) => r.name)].sort().reverse()[0])
  })

  test('a district user gets 404 from the organisation list', async () => {
    const cookie = await signInAs(db, { role: 'district', districtCode: '320508' })
    const result = await outcome(() => listLoader({ request: getRequest('/organisations', cookie), params: {}, context: TEST_CONTEXT }))
    expect(result.status).toBe(404)
  })
})
