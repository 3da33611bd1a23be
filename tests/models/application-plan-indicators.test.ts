import { eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { planTargetsOf } from '~/domain/certification/certification-input'
import { makeUscc } from '~/domain/uscc'
import { certifyApplications } from '~/models/certify.server'
import type { ActingUser } from '~/models/result.server'
import { applySection } from '~/models/round-application-sections.server'
import { applicationPage } from '~/models/round-applications.server'
import type { Db } from '~db/client.server'
import { customIndicators, indicatorPlans, indicatorTargets, roundApplicationIndicators, roundApplications } from '~db/schema'
import { pinClock } from '../clock'
import { makeUser, setupTestDb } from '../helpers'
import { acting, completeApplication, IN_ROUND, makeApplicant, makeOffice, makeRound, versionOf } from '../round-application-fixtures'

// The application's two-year plan offers the bureau's custom indicators as the outcomes plan does
// (issue 21 item 3), and 授牌 carries them into the lab's first plan.
const at = new Date(IN_ROUND)
pinClock(at)

let db: Db
let applicant: ActingUser
let id: number
let custom: number
let retired: number
beforeEach(async () => {
  db = setupTestDb()
  const round = makeRound(db)
  const a = await makeApplicant(db)
  applicant = a.user
  id = db
    .insert(roundApplications)
    .values({ roundId: round.id, applicantId: a.applicant.id, officeDistrictCode: '320508', status: 'draft' })
    .returning()
    .get().id
  completeApplication(db, id)
  const indicator = (nameZh: string, active: boolean) =>
    db
      .insert(customIndicators)
      .values({ nameZh, nameEn: `${nameZh} (en)`, unit: 'count', active, updatedAt: IN_ROUND })
      .returning()
      .get().id
  custom = indicator('开放数据集', true)
  retired = indicator('旧指标', false)
})

const savePlan = (fields: Record<string, string>, by = applicant) =>
  applySection({ by, id, intent: 'plan', values: { rowVersion: versionOf(db, id), planTechnicalGoals: '攻关', ...fields } })
const rows = () => db.select().from(roundApplicationIndicators).where(eq(roundApplicationIndicators.applicationId, id)).all()

test('the plan offers the active custom indicators by name, not the retired one', () => {
  const lines = applicationPage({ actor: applicant, id, at })!.indicatorLines
  expect(lines.find((l) => l.field === `c${custom}`)).toMatchObject({ nameZh: '开放数据集', target: null })
  expect(lines.some((l) => l.field === `c${retired}`)).toBe(false)
  expect(lines.find((l) => l.builtinKey === 'scenarios')).toMatchObject({ target: 2 })
})

test('a custom indicator’s target is saved next to the built-ins and shown again', () => {
  expect(savePlan({ 'target.scenarios': '3', [`target.c${custom}`]: '5' })).toMatchObject({ ok: true })
  expect(
    rows()
      .map((r) => [r.indicatorKey, r.customIndicatorId, r.target])
      .sort(),
  ).toEqual(
    [
      ['scenarios', null, 3],
      [null, custom, 5],
    ].sort(),
  )
  expect(applicationPage({ actor: applicant, id, at })!.indicatorLines.find((l) => l.field === `c${custom}`)!.target).toBe(5)
})

test('a retired indicator the application already plans stays on its plan', () => {
  db.insert(roundApplicationIndicators).values({ applicationId: id, customIndicatorId: retired, target: 1 }).run()
  expect(applicationPage({ actor: applicant, id, at })!.indicatorLines.find((l) => l.field === `c${retired}`)).toMatchObject({ target: 1 })
})

test('a bad custom target is 400 with its field and nothing is saved; an office may not save the plan', async () => {
  const bad = savePlan({ 'target.scenarios': '3', [`target.c${custom}`]: '-1' })
  expect(bad).toMatchObject({ ok: false, error: 'invalid' })
  expect(Object.keys((bad as { errors: object }).errors)).toEqual([`target.c${custom}`])
  expect(rows()).toMatchObject([{ indicatorKey: 'scenarios', target: 2 }])
  db.update(roundApplications).set({ status: 'submitted', submittedAt: IN_ROUND }).where(eq(roundApplications.id, id)).run()
  const office = await makeOffice(db, { districtCode: '320508' })
  expect(savePlan({ [`target.c${custom}`]: '5' }, office)).toMatchObject({ ok: false, error: 'forbidden' })
})

test('certification carries the custom indicator into the lab’s first plan', async () => {
  savePlan({ 'target.scenarios': '3', [`target.c${custom}`]: '5' })
  const bureau = acting(await makeUser(db, { role: 'bureau' }))
  const result = await certifyApplications(
    db,
    [
      {
        applicationId: id,
        labName: '苏州数据要素实验室',
        direction: 3,
        districtCode: '320508',
        host: {
          name: '申报单位',
          uscc: makeUscc({ authority: '9', kind: '1', region: '320508', serial: '700000901' }),
          kind: 'enterprise',
        },
        partners: [],
        directorName: '张主任',
        contactName: '李联系',
        contactPhone: '13800000000',
        team: Array.from({ length: 15 }, (_, i) => ({
          name: `成员${i}`,
          titleLevel: 'associate_senior',
          degree: 'master',
          role: 'researcher',
        })),
        plan: planTargetsOf(rows()),
        accounts: [{ displayName: '李联系', email: 'contact@lab.example.cn' }],
      },
    ],
    { certifiedOn: '2026-06-15', actor: bureau, now: new Date() },
  )
  expect(result.ok).toBe(true)
  if (!result.ok) return
  const planId = db.select().from(indicatorPlans).where(eq(indicatorPlans.labId, result.labs[0].labId)).get()!.id
  const targets = db.select().from(indicatorTargets).where(eq(indicatorTargets.planId, planId)).all()
  expect(targets.find((t) => t.customIndicatorId === custom)).toMatchObject({ target: 5 })
  expect(targets.find((t) => t.indicatorKey === 'scenarios')).toMatchObject({ target: 3 })
})
