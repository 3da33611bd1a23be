import { describe, expect, test } from 'vitest'
import type { CheckResult } from '~db/schema/enums'
import { compareOutcomes, evaluateLab } from '~/domain/compliance/engine'
import type { CheckId, CheckOutcome, LabFacts } from '~/domain/compliance/types'
import { DEFAULT_RULE_SETTINGS, resolveSettings } from '~/domain/settings'
import type { LatestPeriod } from '~/domain/validity'
import { labFacts } from '../lab-facts'

const PERIOD: LatestPeriod = { startDate: '2025-03-01', endDate: '2027-02-28', outcome: null }

function facts(overrides: Partial<LabFacts> = {}): LabFacts {
  return labFacts({ labId: 7, latest: PERIOD, ...overrides })
}

function check(f: LabFacts, today: string, id: CheckId, settings = DEFAULT_RULE_SETTINGS): CheckOutcome | undefined {
  return evaluateLab(f, { today, settings }).checks.find((c) => c.checkId === id)
}

describe('validity check', () => {
  test.each<[string, string, CheckResult, string]>([
    ['the day the 90-day window opens is a warning', '2026-11-30', 'warning', 'compliance.validity.expiring'],
    ['the day before the window opens is fine', '2026-11-29', 'ok', 'compliance.validity.active'],
    ['the last valid day is still a warning, with 0 days left', '2027-02-28', 'warning', 'compliance.validity.expiring'],
    ['the first expired day is failing: awaiting the decision', '2027-03-01', 'failing', 'compliance.validity.expired'],
  ])('%s (%s)', (_, today, result, key) => {
    const outcome = check(facts(), today, 'validity')!
    expect(outcome.result).toBe(result)
    expect(outcome.reason.key).toBe(key)
    expect(outcome.concernsDate).toBe('2027-02-28')
    expect(outcome.fixPath).toBe('/labs/7#periods')
  })

  test('days left and days overdue are in the reason', () => {
    expect(check(facts(), '2027-02-28', 'validity')!.reason.params.days).toBe(0)
    expect(check(facts(), '2027-03-03', 'validity')!.reason.params.days).toBe(3)
  })

  test('a period starting on 29 February ends on 28 February two years on, and warns from the window', () => {
    const leap = facts({ latest: { startDate: '2024-02-29', endDate: '2026-02-28', outcome: null } })
    expect(check(leap, '2025-11-30', 'validity')!.result).toBe('warning')
    expect(check(leap, '2025-11-29', 'validity')!.result).toBe('ok')
    expect(check(leap, '2026-03-01', 'validity')!.result).toBe('failing')
  })

  test('the expiry window follows the bureau’s setting', () => {
    const narrow = { ...DEFAULT_RULE_SETTINGS, expiryWindowDays: 30 }
    expect(check(facts(), '2026-12-15', 'validity', narrow)!.result).toBe('ok')
    expect(check(facts(), '2027-01-29', 'validity', narrow)!.result).toBe('warning')
  })

  test('a renewed lab is fine; a revoked, not renewed or uncertified lab is not held to the rules', () => {
    const renewed = evaluateLab(facts({ latest: { ...PERIOD, outcome: 'renewed' } }), {
      today: '2027-03-05',
      settings: DEFAULT_RULE_SETTINGS,
    })
    expect(renewed.tracked).toBe(true)
    expect(renewed.checks.find((c) => c.checkId === 'validity')!.result).toBe('ok')
    for (const latest of [{ ...PERIOD, outcome: 'revoked' as const }, { ...PERIOD, outcome: 'not_renewed' as const }, null]) {
      const e = evaluateLab(facts({ latest, team: { headcount: 0, qualifiedCount: 0 } }), {
        today: '2027-03-05',
        settings: DEFAULT_RULE_SETTINGS,
      })
      expect(e.tracked).toBe(false)
      expect(e.checks).toEqual([])
      expect(e.worst).toBe('ok')
    }
  })
})

describe('team checks', () => {
  test.each<[number, number, CheckResult, CheckResult]>([
    [15, 3, 'ok', 'ok'],
    [14, 3, 'failing', 'ok'],
    [15, 2, 'ok', 'failing'],
    [0, 0, 'failing', 'failing'],
  ])('%i people with %i qualified: size %s, qualified %s', (headcount, qualifiedCount, size, qualified) => {
    const f = facts({ team: { headcount, qualifiedCount } })
    expect(check(f, '2026-01-01', 'team_size')!.result).toBe(size)
    expect(check(f, '2026-01-01', 'team_qualified')!.result).toBe(qualified)
    expect(check(f, '2026-01-01', 'team_size')!.fixPath).toBe('/labs/7/team')
  })
})

describe('joint-application check', () => {
  test('a lab applied alone passes without counting', () => {
    expect(check(facts(), '2026-01-01', 'joint_limit')!.reason.key).toBe('compliance.joint.notJoint')
  })

  test('three joint applications per organisation is the limit; four fails and names the organisation', () => {
    const atLimit = facts({
      jointParticipants: [
        { orgId: 1, name: '甲公司', jointCount: 3 },
        { orgId: 2, name: '乙大学', jointCount: 1 },
      ],
    })
    expect(check(atLimit, '2026-01-01', 'joint_limit')!.result).toBe('ok')
    const over = facts({
      jointParticipants: [
        { orgId: 1, name: '甲公司', jointCount: 4 },
        { orgId: 2, name: '乙大学', jointCount: 1 },
      ],
    })
    const outcome = check(over, '2026-01-01', 'joint_limit')!
    expect(outcome.result).toBe('failing')
    expect(outcome.reason.params).toMatchObject({ org: '甲公司', count: 4, max: 3 })
  })
})

describe('eligibility check', () => {
  const violation = (occurredOn: string) => ({ id: 1, subject: 'host' as const, category: 'credit' as const, occurredOn })

  test.each<[string, string, CheckResult]>([
    ['a violation a year ago fails', '2025-01-01', 'failing'],
    ['three years minus a day ago still counts', '2023-01-02', 'failing'],
    ['exactly three years ago no longer counts', '2023-01-01', 'ok'],
    ['one dated in the future (a typing slip) does not count yet', '2026-06-01', 'ok'],
  ])('%s (%s, today 2026-01-01)', (_, occurredOn, result) => {
    expect(check(facts({ violations: [violation(occurredOn)] }), '2026-01-01', 'eligibility')!.result).toBe(result)
  })

  test('the latest violation decides the date the lab becomes eligible again', () => {
    const outcome = check(facts({ violations: [violation('2024-05-01'), violation('2025-02-01')] }), '2026-01-01', 'eligibility')!
    expect(outcome.concernsDate).toBe('2028-02-01')
    expect(outcome.reason.params).toMatchObject({ count: 2, date: '2025-02-01', until: '2028-02-01' })
  })
})

describe('evaluateLab', () => {
  test('counts failures and warnings and reports the worst', () => {
    const e = evaluateLab(
      facts({
        team: { headcount: 10, qualifiedCount: 1 },
        lastDrillOn: '2026-12-01',
        plan: { id: 1, version: 'V2', approvedOn: '2026-12-01', nextReviewOn: '2027-12-01' },
      }),
      { today: '2027-01-15', settings: DEFAULT_RULE_SETTINGS },
    )
    // the warnings: the period expiring, and the renewal window open without an application
    expect(e).toMatchObject({ status: 'expiring', tracked: true, failing: 2, warnings: 2, worst: 'failing' })
    expect(
      e.checks
        .filter((c) => c.result === 'warning')
        .map((c) => c.checkId)
        .sort(),
    ).toEqual(['renewal_application', 'validity'])
    const clean = evaluateLab(facts(), { today: '2026-01-15', settings: DEFAULT_RULE_SETTINGS })
    expect(clean).toMatchObject({ failing: 0, warnings: 0, worst: 'ok' })
    expect(clean.checks.map((c) => c.checkId).sort()).toEqual([
      'drill',
      'eligibility',
      'joint_limit',
      'security_plan',
      'team_qualified',
      'team_size',
      'validity',
    ])
  })

  test('outcomes sort worst first, then by the most pressing date', () => {
    const o = (checkId: CheckId, result: CheckResult, concernsDate: string | null) =>
      ({ checkId, subject: '', result, concernsDate, reason: { key: 'compliance.title', params: {} }, fixPath: '' }) as CheckOutcome
    const sorted = [
      o('validity', 'warning', '2027-01-01'),
      o('team_size', 'failing', null),
      o('eligibility', 'failing', '2026-05-01'),
      o('joint_limit', 'ok', null),
    ].sort(compareOutcomes)
    expect(sorted.map((c) => c.checkId)).toEqual(['eligibility', 'team_size', 'validity', 'joint_limit'])
  })
})

describe('resolveSettings', () => {
  test('defaults apply until the bureau stores a value', () => {
    expect(resolveSettings([])).toMatchObject({
      expiryWindowDays: 90,
      reportDueDaysAfterYearEnd: 30,
      attachmentMaxMb: 20,
      planReviewMonths: 12,
      incidentReportHoursIII: 4,
    })
    expect(resolveSettings([{ key: 'expiryWindowDays', value: 30 }])).toMatchObject({ expiryWindowDays: 30, reportDueDaysAfterYearEnd: 30 })
  })

  test('a stored value outside the bounds, or an unknown key, is ignored', () => {
    expect(resolveSettings([{ key: 'expiryWindowDays', value: 3 }])).toEqual(DEFAULT_RULE_SETTINGS)
    expect(resolveSettings([{ key: 'expiryWindowDays', value: 1000 }])).toEqual(DEFAULT_RULE_SETTINGS)
    expect(resolveSettings([{ key: 'somethingElse', value: 5 }])).toEqual(DEFAULT_RULE_SETTINGS)
  })
})
