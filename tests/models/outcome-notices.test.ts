import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { decidePlan, savePlan } from '~/models/indicator-plans.server'
import { createOutcome, takeOutcomeStep, updateOutcome } from '~/models/outcomes.server'
import type { ActingUser } from '~/models/result.server'
import type { Db } from '~db/client.server'
import { inboxItems, indicatorPlans, notices, outcomes } from '~db/schema'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { pinClock } from '../clock'

// Who hears of each indicator-plan and outcome step (issue 16 through docs/decisions/013-notices.md),
// and who never does: a lab of the same district, another district's office, an expert.
pinClock(new Date('2026-12-04T02:00:00Z'))
type Who = 'lab' | 'neighbour' | 'gusu' | 'huqiu' | 'bureau' | 'expert'
let db: Db
let labId: number
let people: Record<Who, ActingUser>

beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01', name: '姑苏成果实验室' }).id
  const neighbour = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  const made = {
    lab: await makeUser(db, { role: 'lab', labId }),
    neighbour: await makeUser(db, { role: 'lab', labId: neighbour }),
    gusu: await makeUser(db, { role: 'district', districtCode: '320508' }),
    huqiu: await makeUser(db, { role: 'district', districtCode: '320505' }),
    bureau: await makeUser(db, { role: 'bureau' }),
    expert: await makeUser(db, { role: 'expert' }),
  }
  const acting = (u: (typeof made)[Who]): ActingUser => ({
    id: u.id,
    role: u.role,
    districtCode: u.districtCode,
    labId: u.labId,
    displayName: u.displayName,
  })
  people = {
    lab: acting(made.lab),
    neighbour: acting(made.neighbour),
    gusu: acting(made.gusu),
    huqiu: acting(made.huqiu),
    bureau: acting(made.bureau),
    expert: acting(made.expert),
  }
})

// who holds an inbox item of this kind, and its title's key
function told(source: 'indicator_plan' | 'outcome'): Partial<Record<Who, string[]>> {
  const byId = new Map(Object.entries(people).map(([who, u]) => [u.id, who as Who]))
  const out: Partial<Record<Who, string[]>> = {}
  for (const r of db
    .select({ userId: inboxItems.userId, title: notices.title })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .where(eq(notices.source, source))
    .all())
    (out[byId.get(r.userId)!] ??= []).push(r.title.key)
  return out
}

const planVersion = () => String(db.select().from(indicatorPlans).get()?.rowVersion ?? 0)
const outcomeVersion = (id: number) => db.select().from(outcomes).where(eq(outcomes.id, id)).get()!.rowVersion

describe('indicator plans', () => {
  test('submitted: the bureau; returned, then approved: the lab, each once', () => {
    expect(savePlan({ by: people.lab, labId, periodId: null, raw: { 'target.papers': '3' }, version: '0', submit: false })).toMatchObject({
      ok: true,
    })
    // a draft saved tells nobody
    expect(told('indicator_plan')).toEqual({})
    expect(
      savePlan({ by: people.lab, labId, periodId: null, raw: { 'target.papers': '3' }, version: planVersion(), submit: true }),
    ).toMatchObject({ ok: true })
    expect(told('indicator_plan')).toEqual({ bureau: ['notices.indicatorPlan.submitted'] })
    const returned = decidePlan({
      by: people.bureau,
      labId,
      periodId: null,
      decision: 'return',
      reason: '目标偏低',
      version: planVersion(),
    })
    expect(returned.ok).toBe(true)
    savePlan({ by: people.lab, labId, periodId: null, raw: { 'target.papers': '5' }, version: planVersion(), submit: true })
    decidePlan({ by: people.bureau, labId, periodId: null, decision: 'approve', reason: '', version: planVersion() })
    expect(told('indicator_plan')).toEqual({
      bureau: ['notices.indicatorPlan.submitted', 'notices.indicatorPlan.submitted'],
      lab: ['notices.indicatorPlan.returned', 'notices.indicatorPlan.approved'],
    })
    const reason = db
      .select({ title: notices.title })
      .from(notices)
      .where(eq(notices.link, `/labs/${labId}/plan?period=1`))
      .all()
    expect(reason.some((n) => n.title.params.reason === '目标偏低')).toBe(true)
  })
})

describe('outcomes', () => {
  const patent = {
    form: 'algorithm',
    kind: 'patent',
    title: '一种城市交通流预测方法',
    occurredOn: '2025-06-10',
    partners: '',
    value: '',
    description: '',
    patentNumber: 'ZL202510000001.X',
    patentStatus: 'granted',
  }

  test('recorded: the district checks; checked: the bureau decides; disputed: the lab; fixed: the district again', () => {
    const created = createOutcome({ by: people.lab, labId, raw: patent })
    if (!created.ok) throw new Error('not created')
    const id = created.outcome.id
    expect(told('outcome')).toEqual({ gusu: ['notices.outcome.recorded'] })
    expect(takeOutcomeStep({ by: people.gusu, labId, outcomeId: id, step: 'check', version: outcomeVersion(id) }).ok).toBe(true)
    expect(told('outcome').bureau).toEqual(['notices.outcome.checked'])
    takeOutcomeStep({ by: people.bureau, labId, outcomeId: id, step: 'dispute', reason: '专利号与登记不符', version: outcomeVersion(id) })
    expect(told('outcome').lab).toEqual(['notices.outcome.disputed'])
    expect(
      updateOutcome({
        by: people.lab,
        labId,
        outcomeId: id,
        raw: { ...patent, patentNumber: 'ZL202510000002.X' },
        version: outcomeVersion(id),
      }).ok,
    ).toBe(true)
    takeOutcomeStep({ by: people.gusu, labId, outcomeId: id, step: 'check', version: outcomeVersion(id) })
    takeOutcomeStep({ by: people.bureau, labId, outcomeId: id, step: 'verify', version: outcomeVersion(id) })
    expect(told('outcome')).toEqual({
      gusu: ['notices.outcome.recorded', 'notices.outcome.recorded'],
      bureau: ['notices.outcome.checked', 'notices.outcome.checked'],
      lab: ['notices.outcome.disputed', 'notices.outcome.verified'],
    })
  })

  test('a refused step tells nobody', () => {
    const created = createOutcome({ by: people.lab, labId, raw: patent })
    if (!created.ok) throw new Error('not created')
    const before = told('outcome')
    expect(
      takeOutcomeStep({ by: people.lab, labId, outcomeId: created.outcome.id, step: 'verify', version: outcomeVersion(created.outcome.id) })
        .ok,
    ).toBe(false)
    expect(
      takeOutcomeStep({
        by: people.huqiu,
        labId,
        outcomeId: created.outcome.id,
        step: 'check',
        version: outcomeVersion(created.outcome.id),
      }).ok,
    ).toBe(false)
    expect(told('outcome')).toEqual(before)
  })
})
