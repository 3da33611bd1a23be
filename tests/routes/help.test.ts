import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { DEFAULT_RULE_SETTINGS } from '~/domain/settings'
import { translator } from '~/i18n'
import { ensureLedger } from '~/models/ledger.server'
import { typeRules, updateTypeRule } from '~/models/request-rules.server'
import { ruleSettings } from '~/models/settings.server'
import { loader, type HelpPage } from '~/routes/help'
import { action as settingsAction } from '~/routes/settings'
import type { Db } from '~db/client.server'
import { appMeta, obligations, users } from '~db/schema'
import { DISTRICT_CODES } from '~db/schema/enums'
import { pinClock } from '../clock'
import {
  formRequest,
  getRequest,
  makeCast,
  makeLab,
  makeUser,
  outcome,
  settingVersionFields,
  setupTestDb,
  TEST_CONTEXT,
  typeRuleVersion,
} from '../helpers'

const zh = translator('zh')
const en = translator('en')

let db: Db
let lab: { id: number }
let cookies: Record<'bureau' | 'district' | 'lab' | 'expert' | 'otherDistrict', string>

pinClock(new Date('2025-06-15T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  lab = makeLab(db, { districtCode: '320508', startDate: '2024-09-01' })
  ;({ cookies } = await makeCast(db, {
    bureau: { role: 'bureau', username: 'chief' },
    district: { role: 'district', districtCode: '320508', username: 'gusu' },
    otherDistrict: { role: 'district', districtCode: '320583', username: 'kunshan' },
    lab: { role: 'lab', labId: lab.id, username: 'lab' },
    expert: { role: 'expert', username: 'expert' },
  }))
  db.update(users).set({ displayName: '姑苏区大数据局', email: 'gusu@example.gov.cn' }).where(eq(users.username, 'gusu')).run()
})

const load = (cookie: string, query = '') =>
  outcome(() => loader({ request: getRequest(`/help${query}`, cookie), params: {}, context: TEST_CONTEXT }))
const page = async (cookie: string, query = '') => {
  const o = await load(cookie, query)
  expect(o.status).toBe(200)
  return o.body as unknown as HelpPage
}
const shown = (p: HelpPage, t = zh) => p.deadlines.map((d) => t(d.key, d.vars))
const linksOf = (p: HelpPage) => p.steps.flatMap((s) => s.links.map((l) => l.path))

describe('each role reads its own guide', () => {
  test('a lab reads the lab guide: its own pages, the deadlines the rules use and its own dates', async () => {
    const p = await page(cookies.lab)
    expect(p.role).toBe('lab')
    expect(p.canSwitch).toBe(false)
    expect(linksOf(p)).toEqual(expect.arrayContaining([`/labs/${lab.id}/reports`, `/labs/${lab.id}/security`, `/labs/${lab.id}/renewal`]))
    const s = ruleSettings()
    expect(shown(p)).toEqual(
      expect.arrayContaining([
        `年度报告：有效期年度结束后 ${s.reportDueDaysAfterYearEnd} 天内提交，截止日遇节假日顺延至下一个工作日。`,
        `续期申请：有效期（两年）结束前 ${s.renewalWindowDays} 天开放。`,
        `数据安全事件：发现后须在时限内报告——I级 ${s.incidentReportHoursI} 小时，II级 ${s.incidentReportHoursII} 小时，III级 ${s.incidentReportHoursIII} 小时，IV级 ${s.incidentReportHoursIV} 小时。`,
        `应急演练：至少每 ${s.drillIntervalMonths} 个月组织一次。`,
        `数据安全应急预案：批准后每 ${s.planReviewMonths} 个月复核一次。`,
      ]),
    )
    // the request decision deadlines are the request rules', type by type
    expect(p.requestRules).toEqual(Object.entries(typeRules()).map(([type, rule]) => ({ type, ...rule })))
    // its own lab: the period's end, the window's opening and the ledger's next due dates
    expect(p.ownLab).toMatchObject({ periodEnd: '2026-08-31', renewalOpensOn: '2026-05-03' })
    expect(p.firstRun).toBeNull()
  })

  test("a lab's next due dates are the ledger's", async () => {
    ensureLedger()
    const due = db.select().from(obligations).where(eq(obligations.labId, lab.id)).all()
    const p = await page(cookies.lab)
    const upcoming = due.filter((o) => o.dueDate >= '2025-06-15').sort((a, b) => a.dueDate.localeCompare(b.dueDate))
    expect(upcoming.length).toBeGreaterThan(0)
    expect(p.ownLab!.upcoming[0]).toEqual({ kind: upcoming[0].kind, validityYear: upcoming[0].validityYear, dueDate: upcoming[0].dueDate })
  })

  test('a lab is told to ask its own district office, with the contact details on record', async () => {
    const p = await page(cookies.lab)
    expect(p.contacts).toEqual({
      kind: 'district',
      districtCode: '320508',
      people: [{ displayName: '姑苏区大数据局', email: 'gusu@example.gov.cn' }],
    })
  })

  test('a lab whose district has no office account is sent to the bureau', async () => {
    db.update(users).set({ active: false }).where(eq(users.username, 'gusu')).run()
    const p = await page(cookies.lab)
    expect(p.contacts).toEqual({ kind: 'district', districtCode: '320508', people: [] })
    expect(zh('help.contacts.districtNone', { district: zh('district.320508') })).toContain('市大数据管理局')
  })

  test('a district office reads its guide and asks the bureau', async () => {
    const p = await page(cookies.district)
    expect(p.role).toBe('district')
    expect(linksOf(p)).toEqual(expect.arrayContaining(['/reviews', '/requests', '/settings/robots']))
    expect(p.contacts).toMatchObject({ kind: 'bureau', people: [{ displayName: expect.any(String) }] })
    expect(p.ownLab).toBeNull()
    expect(p.firstRun).toBeNull()
  })

  test('an expert reads its guide: its assignments, no deadlines of its own, the bureau to ask', async () => {
    const p = await page(cookies.expert)
    expect(linksOf(p)).toContain('/assignments')
    expect(p.deadlines).toEqual([])
    expect(p.requestRules).toBeNull()
    expect(p.contacts?.kind).toBe('bureau')
  })

  test('the bureau reads its guide with the first-run checklist and who administers the installation', async () => {
    const p = await page(cookies.bureau)
    expect(p.role).toBe('bureau')
    expect(p.canSwitch).toBe(true)
    expect(p.contacts).toMatchObject({ kind: 'administrators', people: [expect.objectContaining({ displayName: expect.any(String) })] })
    expect(p.firstRun?.map((i) => i.id)).toEqual(['calendar', 'settings', 'districts', 'experts', 'labs', 'mail', 'scheduler', 'backup'])
  })

  test('every message of every guide exists in both languages', async () => {
    for (const role of ['bureau', 'district', 'lab', 'expert'] as const) {
      const p = await page(cookies.bureau, `?role=${role}`)
      for (const t of [zh, en]) {
        for (const d of p.deadlines) expect(t(d.key, d.vars)).not.toMatch(/help\.|\{\w+\}/)
        for (const s of p.steps) expect(t(s.key)).not.toContain('help.')
      }
    }
  })
})

describe('the deadlines follow the settings', () => {
  test('the bureau saves a new report deadline and renewal window: every guide shows the new numbers', async () => {
    const before = shown(await page(cookies.lab))
    expect(before.join()).toContain(`结束后 ${DEFAULT_RULE_SETTINGS.reportDueDaysAfterYearEnd} 天内提交`)
    const saved = await outcome(() =>
      settingsAction({
        request: formRequest(
          '/settings',
          { ...settingVersionFields(), reportDueDaysAfterYearEnd: '45', renewalWindowDays: '150' },
          cookies.bureau,
        ),
        params: {},
        context: TEST_CONTEXT,
      }),
    )
    expect(saved.status).toBe(302)
    const lab = await page(cookies.lab)
    expect(shown(lab)).toContain('年度报告：有效期年度结束后 45 天内提交，截止日遇节假日顺延至下一个工作日。')
    expect(shown(lab, en)).toContain('Renewal: the window opens 150 days before the two-year period ends.')
    expect(lab.ownLab).toMatchObject({ periodEnd: '2026-08-31', renewalOpensOn: '2026-04-03' })
    expect(shown(await page(cookies.district)).join()).toContain('结束后 45 天内提交')
  })

  test("a request type's decision days changed by the bureau show at once", async () => {
    const bureau = db.select().from(users).where(eq(users.username, 'chief')).get()!
    updateTypeRule({
      type: 'computing',
      rule: { decisionDays: 5, districtOpinion: true },
      actor: { id: bureau.id, displayName: 'chief', ip: '' },
      at: new Date(),
      version: typeRuleVersion('computing'),
    })
    const rules = (await page(cookies.lab)).requestRules!
    expect(rules.find((r) => r.type === 'computing')).toEqual({ type: 'computing', decisionDays: 5, districtOpinion: true })
  })
})

describe("another role's guide", () => {
  test.each(['lab', 'district', 'expert'] as const)("the bureau reads the %s guide, without anyone's own details", async (role) => {
    const p = await page(cookies.bureau, `?role=${role}`)
    expect(p.role).toBe(role)
    expect(p.ownLab).toBeNull()
    expect(p.contacts).toBeNull()
    expect(p.firstRun).toBeNull()
  })

  test("the lab guide the bureau reads links to the registry, not some lab's pages", async () => {
    const p = await page(cookies.bureau, '?role=lab')
    expect(linksOf(p).some((path) => path.startsWith(`/labs/${lab.id}`))).toBe(false)
  })

  test.each([
    ['lab', '?role=bureau'],
    ['lab', '?role=district'],
    ['district', '?role=bureau'],
    ['otherDistrict', '?role=lab'],
    ['expert', '?role=bureau'],
  ] as const)("a %s account asking for %s gets no page (404): another role's guide is not theirs", async (who, query) => {
    expect((await load(cookies[who], query)).status).toBe(404)
  })

  test('asking for its own role is the same page', async () => {
    expect((await page(cookies.lab, '?role=lab')).role).toBe('lab')
    expect((await page(cookies.district, '?role=district')).role).toBe('district')
  })
})

describe('bad input and no session', () => {
  test.each(['?role=admin', '?role=BUREAU', '?role=%00', `?role=${'x'.repeat(5000)}`, '?role=lab%27--'])(
    '%s is refused with its message (400), never a 500',
    async (query) => {
      for (const cookie of [cookies.bureau, cookies.lab]) {
        const thrown = await loader({ request: getRequest(`/help${query}`, cookie), params: {}, context: TEST_CONTEXT }).catch(
          (e: unknown) => e,
        )
        expect(thrown).toBeInstanceOf(Response)
        expect((thrown as Response).status).toBe(400)
        // the shared error boundary shows a message key it is given, in the reader's language
        expect(await (thrown as Response).text()).toBe('help.badRole')
      }
      expect(zh('help.badRole')).toBe('没有这个角色的使用说明。')
    },
  )

  test("an empty role is the viewer's own guide", async () => {
    expect((await page(cookies.lab, '?role=')).role).toBe('lab')
  })

  test('signed out, the page sends to the sign-in page', async () => {
    const o = await load('')
    expect(o.status).toBe(302)
    expect(o.location).toMatch(/^\/login/)
  })
})

describe('the first-run checklist reads the real installation', () => {
  const checklist = async () => Object.fromEntries((await page(cookies.bureau)).firstRun!.map((i) => [i.id, i.done]))

  test('a new installation: labs and experts exist here, districts incomplete, settings unreviewed, no backup', async () => {
    expect(await checklist()).toMatchObject({ settings: false, districts: false, experts: true, labs: true, mail: false, backup: false })
    const districts = (await page(cookies.bureau)).firstRun!.find((i) => i.id === 'districts')!
    expect(districts.missingDistricts).toHaveLength(DISTRICT_CODES.length - 2)
  })

  test('saving the rule settings, even unchanged, marks them reviewed', async () => {
    const saved = await outcome(() =>
      settingsAction({ request: formRequest('/settings', settingVersionFields(), cookies.bureau), params: {}, context: TEST_CONTEXT }),
    )
    expect(saved.status).toBe(302)
    expect((await checklist()).settings).toBe(true)
  })

  test('an office account in every district completes the districts item; a deactivated one does not count', async () => {
    for (const code of DISTRICT_CODES) await makeUser(db, { role: 'district', districtCode: code })
    expect((await checklist()).districts).toBe(true)
    db.update(users).set({ active: false }).where(eq(users.districtCode, '320585')).run()
    expect((await checklist()).districts).toBe(false)
  })

  test('no expert account leaves the experts item to do', async () => {
    db.update(users).set({ active: false }).where(eq(users.role, 'expert')).run()
    expect((await checklist()).experts).toBe(false)
  })

  test('a backup recorded by npm run backup counts', async () => {
    db.insert(appMeta).values({ key: 'last_backup_at', value: '2025-06-14T20:00:00.000Z' }).run()
    expect((await checklist()).backup).toBe(true)
  })
})
