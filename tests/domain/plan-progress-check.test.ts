import { describe, expect, test } from 'vitest'
import { evaluateLab } from '~/domain/compliance/engine'
import type { LabFacts, PlanProgressFacts } from '~/domain/compliance/types'
import type { AchievementItem } from '~/domain/progress'
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '~/domain/settings'
import { translator } from '~/i18n'
import { labFacts } from '../lab-facts'

// The plan_progress warning (issue 16, part 3). A lab certified 2025-03-01 for two years: year 1
// ends 2026-02-28, the period 2027-02-28. Its approved plan: 4 papers, 2 people trained, 10 万元
// of transfers.
const paper = (validityYear: 1 | 2, verification: AchievementItem['verification'] = 'unverified'): AchievementItem => ({
  validityYear,
  forms: ['algorithm'],
  kind: 'paper',
  valueYuan: null,
  verification,
})
function plan(over: Partial<PlanProgressFacts> = {}): PlanProgressFacts {
  return {
    period: { id: 5, startDate: '2025-03-01', endDate: '2027-02-28' },
    lines: [
      { field: 'papers', builtinKey: 'papers', target: 4, unit: 'count', nameZh: '论文', nameEn: 'Papers' },
      { field: 'people_trained', builtinKey: 'people_trained', target: 2, unit: 'people', nameZh: '培养人才', nameEn: 'People trained' },
      {
        field: 'transfer_value',
        builtinKey: 'transfer_value',
        target: 100_000,
        unit: 'yuan',
        nameZh: '成果转化金额',
        nameEn: 'Transfer value',
      },
    ],
    items: [],
    declarations: [],
    ...over,
  }
}
const settings = (over: Partial<RuleSettings> = {}) => ({ ...DEFAULT_RULE_SETTINGS, ...over })
const rows = (facts: LabFacts, today: string, s = settings()) =>
  evaluateLab(facts, { today, settings: s }).checks.filter((c) => c.checkId === 'plan_progress')

const onTrack = plan({
  items: [paper(1), paper(1), { ...paper(1), kind: 'transfer', valueYuan: 50_000 }],
  declarations: [{ validityYear: 1, values: { people_trained: 1 }, accepted: false }],
})

describe('plan_progress', () => {
  test('a lab without an approved plan gets no plan check at all', () => {
    expect(rows(labFacts({ planProgress: null }), '2026-06-01')).toEqual([])
    expect(rows(labFacts(), '2026-06-01')).toEqual([])
  })

  test('during year 1 the check says when it will look, and warns of nothing', () => {
    const r = rows(labFacts({ planProgress: plan() }), '2026-02-28')
    expect(r).toHaveLength(1)
    expect(r[0]).toMatchObject({ result: 'ok', concernsDate: '2026-02-28', reason: { key: 'compliance.planProgress.notYet' } })
  })

  test('the day after year 1 ends, each indicator under half its target is a warning with its figures', () => {
    const r = rows(labFacts({ planProgress: plan({ items: [paper(1)] }) }), '2026-03-01')
    expect(r.map((c) => [c.subject, c.result, c.reason.params.achieved, c.reason.params.minimum, c.reason.params.target])).toEqual([
      ['papers', 'warning', '1', '2', '4'],
      ['people_trained', 'warning', '0', '1', '2'],
      ['transfer_value', 'warning', '0', '5', '10'],
    ])
    expect(r[0]).toMatchObject({ concernsDate: '2026-02-28', fixPath: '/labs/3/plan#progress' })
    expect(r[0]!.owner ?? 'lab').toBe('lab')
    expect(evaluateLab(labFacts({ planProgress: plan() }), { today: '2026-03-01', settings: settings() }).worst).toBe('warning')
  })

  test('the reason names the indicator and the figures in both languages', () => {
    const [c] = rows(labFacts({ planProgress: plan({ items: [paper(1)] }) }), '2026-03-01')
    expect(translator('zh')(c!.reason.key, c!.reason.params)).toBe('论文：第一个有效年度完成 1项，低于目标 4项 的 50%（至少应完成 2项）')
    expect(translator('en')(c!.reason.key, c!.reason.params)).toBe(
      'Papers: 1 in validity year 1, under 50% of the target 4 (at least 2 due)',
    )
    const money = rows(labFacts({ planProgress: plan() }), '2026-03-01').find((x) => x.subject === 'transfer_value')!
    expect(translator('zh')(money.reason.key, money.reason.params)).toContain('完成 0万元，低于目标 10万元')
  })

  test('a lab at half of every target after year 1 is fine', () => {
    const r = rows(labFacts({ planProgress: onTrack }), '2026-03-01')
    expect(r).toEqual([
      expect.objectContaining({ subject: '', result: 'ok', reason: { key: 'compliance.planProgress.okYear1', params: { percent: 50 } } }),
    ])
  })

  test('disputed outcomes do not count towards the threshold', () => {
    const disputed = plan({ ...onTrack, items: [paper(1), { ...paper(1), verification: 'disputed' }, ...onTrack.items.slice(2)] })
    expect(rows(labFacts({ planProgress: disputed }), '2026-03-01').map((c) => c.subject)).toEqual(['papers'])
  })

  test('the bureau’s share decides: at 25% the same lab is fine, at 100% behind on every line', () => {
    const f = labFacts({ planProgress: plan({ items: [paper(1)] }) })
    expect(rows(f, '2026-03-01', settings({ planYear1Percent: 25 })).map((c) => c.subject)).toEqual(['people_trained', 'transfer_value'])
    expect(rows(labFacts({ planProgress: onTrack }), '2026-03-01', settings({ planYear1Percent: 100 })).map((c) => c.subject)).toEqual([
      'papers',
      'people_trained',
      'transfer_value',
    ])
    expect(rows(f, '2026-03-01', settings({ planYear1Percent: 0 }))[0]!.result).toBe('ok')
  })

  test('after the period ends the whole period is held to the end share', () => {
    const full = plan({
      items: [paper(1), paper(1), paper(2), paper(2), { ...paper(2), kind: 'transfer', valueYuan: 100_000 }],
      declarations: [
        { validityYear: 1, values: { people_trained: 1 }, accepted: true },
        { validityYear: 2, values: { people_trained: 1 }, accepted: false },
      ],
    })
    // on the period's last day year 1 is still what is judged: its transfer came in year 2
    expect(rows(labFacts({ planProgress: full }), '2027-02-28').map((c) => [c.subject, c.reason.key])).toEqual([
      ['transfer_value', 'compliance.planProgress.behindYear1'],
    ])
    expect(rows(labFacts({ planProgress: full }), '2027-03-01')).toEqual([
      expect.objectContaining({
        result: 'ok',
        concernsDate: '2027-02-28',
        reason: { key: 'compliance.planProgress.okEnd', params: { percent: 100 } },
      }),
    ])
    const short = plan({ ...full, items: full.items.slice(1) })
    const r = rows(labFacts({ planProgress: short }), '2027-03-01')
    expect(r.map((c) => [c.subject, c.reason.key, c.reason.params.achieved, c.reason.params.minimum])).toEqual([
      ['papers', 'compliance.planProgress.behindEnd', '3', '4'],
    ])
  })

  test('a lab no longer held to the rules is not warned', () => {
    // not renewed: the engine evaluates no checks at all
    const f = labFacts({ latest: { startDate: '2025-03-01', endDate: '2027-02-28', outcome: 'not_renewed' }, planProgress: plan() })
    expect(rows(f, '2027-06-01')).toEqual([])
  })
})
