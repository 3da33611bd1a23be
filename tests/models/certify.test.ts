import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { CertificationInput } from '~/domain/certification/certification-input'
import { anniversary } from '~/domain/dates'
import { makeUscc } from '~/domain/uscc'
import { certifyApplications } from '~/models/certify.server'
import { labChecksOf } from '~/models/compliance.server'
import { getLab, listLabs } from '~/models/labs.server'
import { ledgerOfLab } from '~/models/obligations.server'
import { getOrganisation } from '~/models/organisations.server'
import type { ActingUser } from '~/models/result.server'
import { action as loginAction } from '~/routes/login'
import { requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import {
  auditLog,
  indicatorPlans,
  indicatorTargets,
  labPartners,
  labs,
  organisations,
  teamMembers,
  users,
  validityPeriods,
} from '~db/schema'
import { formRequest, getRequest, makeLab, makeOrg, makeUser, outcome, setupTestDb, TEST_CONTEXT } from '../helpers'
// a past day: certification dates up to a year ahead are taken, so the tests hold on any clock
const ON = '2026-06-15'

let db: Db
let bureau: ActingUser
beforeEach(async () => {
  db = setupTestDb()
  const chief = await makeUser(db, { role: 'bureau', username: 'chief' })
  bureau = { id: chief.id, role: 'bureau', districtCode: null, labId: null, displayName: '局管理员' }
})

let serial = 0
const uscc = (region = '320505') => makeUscc({ authority: '9', kind: '1', region, serial: String(700000000 + ++serial) })

function application(over: Partial<CertificationInput> = {}): CertificationInput {
  const n = ++serial
  return {
    applicationId: 1000 + n,
    labName: `苏州智算实验室${n}`,
    direction: 3,
    districtCode: '320505',
    host: { name: `苏州智算科技有限公司${n}`, uscc: uscc(), kind: 'enterprise' },
    partners: [],
    directorName: '张主任',
    contactName: '李联系',
    contactPhone: '13800000000',
    contactEmail: '',
    focus: '',
    address: '',
    planSummary: '',
    team: Array.from({ length: 15 }, (_, i) => ({
      name: `成员${i}`,
      titleLevel: i < 3 ? ('associate_senior' as const) : ('intermediate' as const),
      degree: i < 3 ? ('master' as const) : ('bachelor' as const),
      role: i === 0 ? ('director' as const) : ('researcher' as const),
    })),
    plan: [
      { indicator: 'scenarios', target: 2 },
      { indicator: 'papers', target: 3 },
    ],
    accounts: [{ displayName: '李联系', email: `contact${n}@lab.example.cn` }],
    ...over,
  }
}

const badCheckChar = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0')

const certify = (inputs: CertificationInput[], on = ON) =>
  certifyApplications(db, inputs, { certifiedOn: on, actor: bureau, now: new Date() })

async function certified(inputs: CertificationInput[], on = ON) {
  const result = await certify(inputs, on)
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result.labs
}

describe('certifying shortlisted applications', () => {
  test('creates a lab that then behaves like every other', async () => {
    const [done] = await certified([
      application({ partners: [{ name: '苏州大学计算机学院', uscc: uscc('320508'), kind: 'university_college', districtCode: '320508' }] }),
    ])
    expect(done.certificateNo).toBe('苏数创〔2026〕001号')
    const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, done.labId)).get()!
    expect(period).toMatchObject({ sequence: 1, startDate: '2026-06-15', endDate: '2028-06-14', certificateNo: '苏数创〔2026〕001号' })
    expect(db.select().from(teamMembers).where(eq(teamMembers.labId, done.labId)).all()).toHaveLength(15)
    expect(db.select().from(labs).where(eq(labs.id, done.labId)).get()).toMatchObject({ headcount: 15, qualified: 3 })
    expect(db.select().from(labPartners).where(eq(labPartners.labId, done.labId)).all()).toHaveLength(1)
    // the filed plan is the first period's approved plan
    const plan = db.select().from(indicatorPlans).where(eq(indicatorPlans.periodId, period.id)).get()!
    expect(plan.status).toBe('approved')
    expect(
      db
        .select()
        .from(indicatorTargets)
        .where(eq(indicatorTargets.planId, plan.id))
        .all()
        .map((t) => [t.indicatorKey, t.target]),
    ).toEqual(
      expect.arrayContaining([
        ['scenarios', 2],
        ['papers', 3],
      ]),
    )
    // year 1's obligations are on the ledger, and the compliance checks run on the lab
    const ledger = ledgerOfLab(done.labId)
    expect(ledger.filter((o) => o.validityYear === 1).length).toBeGreaterThan(0)
    expect(labChecksOf({ labId: done.labId, today: today() }).length).toBeGreaterThan(0)
    // the registry lists it for its district and not for another
    const district = { id: 0, role: 'district' as const, districtCode: '320505' as const, labId: null }
    const other = { ...district, districtCode: '320508' as const }
    const listed = (actor: typeof district | typeof other) =>
      listLabs({ actor, filter: { sort: 'name', dir: 'asc' }, today: today(), windowDays: 90, page: 1, pageSize: null }).rows.map(
        (r) => r.id,
      )
    expect(listed(district)).toContain(done.labId)
    expect(listed(other)).not.toContain(done.labId)
  })

  test('its account signs in with the one-time password and sees only its own lab', async () => {
    const someoneElse = makeLab(db, { districtCode: '320505' })
    const [done] = await certified([application({ accounts: [{ displayName: '王五', email: 'Wang.Wu@lab.example.cn' }] })])
    const [account] = done.accounts
    expect(account.username).toBe('wang.wu')
    expect(account.password).toMatch(/^[A-Za-z0-9]{12}$/)
    const stored = db.select().from(users).where(eq(users.username, 'wang.wu')).get()!
    expect(stored).toMatchObject({ role: 'lab', labId: done.labId, email: 'Wang.Wu@lab.example.cn' })
    expect(stored.passwordHash).not.toContain(account.password)
    const r = await outcome(() =>
      loginAction({
        request: formRequest('/login', { username: 'wang.wu', password: account.password }),
        params: {},
        context: TEST_CONTEXT,
      }),
    )
    expect(r.status).toBe(302)
    const cookie = /^(lc_session=[^;]*)/.exec(r.setCookie ?? '')![1]
    const me = requireUser(getRequest('/', cookie))
    const actor = { id: me.id, role: me.role, districtCode: me.districtCode, labId: me.labId }
    expect(getLab({ id: done.labId, actor })).not.toBeNull()
    expect(getLab({ id: someoneElse.id, actor })).toBeNull()
  })

  test('a missing username is made from the e-mail, and a taken one gets a suffix', async () => {
    await makeUser(db, { role: 'lab', username: 'contact' })
    const [done] = await certified([
      application({
        accounts: [
          { displayName: '甲', email: 'contact@a.example.cn' },
          { displayName: '乙', email: 'contact@b.example.cn' },
          { displayName: '丙', email: 'x@c.example.cn', username: 'chosen_name' },
        ],
      }),
    ])
    expect(done.accounts.map((a) => a.username)).toEqual(['contact-2', 'contact-3', 'chosen_name'])
  })

  test('an existing organisation with the same credit code is reused, and its joint count grows', async () => {
    const known = makeOrg(db, { districtCode: '320505' })
    const other = makeOrg(db, { districtCode: '320505' })
    makeLab(db, { hostOrgId: other.id, partnerOrgIds: [known.id] })
    expect(getOrganisation(known.id)?.jointApplications).toBe(1)
    const before = db.select().from(organisations).all().length
    const [done] = await certified([
      application({
        host: { name: '随便写的名字', uscc: known.creditCode.toLowerCase(), kind: 'enterprise' },
        partners: [{ name: '另一家', uscc: other.creditCode, kind: 'enterprise', organisationId: other.id }],
      }),
    ])
    expect(db.select().from(organisations).all()).toHaveLength(before)
    expect(db.select().from(labs).where(eq(labs.id, done.labId)).get()?.hostOrgId).toBe(known.id)
    expect(getOrganisation(known.id)?.jointApplications).toBe(2)
    expect(getOrganisation(known.id)?.org.name).not.toBe('随便写的名字')
  })

  test('two applications naming the same new organisation create it once', async () => {
    const code = uscc()
    const done = await certified([
      application({ host: { name: '新单位', uscc: code, kind: 'enterprise' } }),
      application({ host: { name: '新单位', uscc: code, kind: 'enterprise' } }),
    ])
    expect(db.select().from(organisations).where(eq(organisations.creditCode, code)).all()).toHaveLength(1)
    expect(new Set(done.map((d) => db.select().from(labs).where(eq(labs.id, d.labId)).get()?.hostOrgId)).size).toBe(1)
  })

  test('certificate numbers continue the year’s sequence, and a new year starts at 001', async () => {
    const first = await certified([application(), application()])
    expect(first.map((d) => d.certificateNo)).toEqual(['苏数创〔2026〕001号', '苏数创〔2026〕002号'])
    const more = await certified([application()], '2026-06-15')
    expect(more[0].certificateNo).toBe('苏数创〔2026〕003号')
    const nextYear = await certified([application()], '2027-01-05')
    expect(nextYear[0].certificateNo).toBe('苏数创〔2027〕001号')
  })

  test('every creation and the step itself are audited with who did it', async () => {
    const [done] = await certified([application()])
    const rows = db.select().from(auditLog).where(eq(auditLog.actorUserId, bureau.id)).all()
    const kinds = new Set(rows.map((r) => `${r.entityType}:${r.action}`))
    for (const kind of [
      'organisation:create',
      'lab:create',
      'validity_period:create',
      'team_member:create',
      'indicator_plan:submit',
      'indicator_plan:approve',
      'user:create',
      'lab:certify',
    ])
      expect(kinds).toContain(kind)
    const step = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'certify'), eq(auditLog.entityId, String(done.labId))))
      .get()!
    expect(step.after).toMatchObject({ applicationId: done.applicationId, certificateNo: done.certificateNo, certifiedOn: ON })
    expect(JSON.stringify(rows)).not.toContain(done.accounts[0].password)
  })
})

describe('refusing the whole step', () => {
  const counts = () => ({
    labs: db.select().from(labs).all().length,
    orgs: db.select().from(organisations).all().length,
    users: db.select().from(users).all().length,
    audit: db.select().from(auditLog).all().length,
  })

  test('one invalid input writes nothing and says which one and why', async () => {
    const before = counts()
    const result = await certify([
      application(),
      application({ applicationId: 77, host: { name: '坏代码', uscc: badCheckChar(uscc()), kind: 'enterprise' } }),
    ])
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ index: 1, applicationId: 77, field: 'host.uscc', key: 'orgs.error.uscc.checksum' })],
    })
    expect(counts()).toEqual(before)
  })

  test('a problem found while writing (a taken username) rolls back the labs already written', async () => {
    await makeUser(db, { role: 'lab', username: 'taken_name' })
    const before = counts()
    const result = await certify([
      application(),
      application({ applicationId: 88, accounts: [{ displayName: '甲', email: 'a@b.cn', username: 'taken_name' }] }),
    ])
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ index: 1, applicationId: 88, field: 'accounts.0.username', key: 'users.error.usernameTaken' })],
    })
    expect(counts()).toEqual(before)
  })

  test('an organisation past three joint applications refuses the step', async () => {
    const busy = makeOrg(db, { districtCode: '320505' })
    for (let i = 0; i < 3; i++) makeLab(db, { partnerOrgIds: [busy.id] })
    const before = counts()
    const result = await certify([application({ partners: [{ name: 'x', uscc: busy.creditCode, kind: 'enterprise' }] })])
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems[0]).toMatchObject({ field: 'partners', key: 'labs.error.jointLimit' })
    expect(counts()).toEqual(before)
  })

  test('an organisation id that does not carry the code is refused', async () => {
    const org = makeOrg(db)
    const result = await certify([application({ host: { name: 'x', uscc: uscc(), kind: 'enterprise', organisationId: org.id } })])
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'host.organisationId', key: 'certification.certify.orgCodeMismatch' }] })
  })

  test('an unknown custom indicator and a certification date far ahead are refused', async () => {
    const plan = await certify([application({ plan: [{ indicator: 'c99', target: 1 }] })])
    expect(plan).toMatchObject({ ok: false, problems: [{ field: 'plan.0.indicator', key: 'form.invalidChoice' }] })
    const far = await certify([application()], anniversary(today(), 2))
    expect(far).toMatchObject({ ok: false, problems: [{ field: 'certifiedOn', key: 'labs.error.period.start_too_far_ahead' }] })
  })

  test('the caller’s own writes join the step: they see the labs, and their throw rolls everything back', async () => {
    const before = counts()
    const seen: number[] = []
    const run = certifyApplications(db, [application()], {
      certifiedOn: ON,
      actor: bureau,
      now: new Date(),
      alsoInTransaction: (tx, done) => {
        seen.push(...done.map((d) => tx.select().from(labs).where(eq(labs.id, d.labId)).get()!.id))
        throw new Error('the application moved on')
      },
    })
    await expect(run).rejects.toThrow('the application moved on')
    expect(seen).toHaveLength(1)
    expect(counts()).toEqual(before)
  })

  test('only the bureau certifies', async () => {
    const district = { id: 9, role: 'district' as const, districtCode: '320505' as const, labId: null, displayName: 'd' }
    await expect(certifyApplications(db, [application()], { certifiedOn: ON, actor: district, now: new Date() })).rejects.toMatchObject({
      status: 403,
    })
    expect(db.select().from(labs).all()).toHaveLength(0)
  })
})
