import { describe, expect, test } from 'vitest'
import { evaluateLab } from '~/domain/compliance/engine'
import { addDays } from '~/domain/dates'
import type { LabFacts } from '~/domain/compliance/types'
import type { Actor } from '~/domain/permissions'
import { labFacts } from '../lab-facts'
import {
  canDecide,
  canEditApplication,
  canRecheck,
  decisionsWithoutApplication,
  canSeeRenewal,
  hasOrganisationConflict,
  isWindowOpen,
  lastEndWithWindowOpen,
  periodOutcomeOf,
  rectificationDeadline,
  renewedPeriod,
  statusAfterDecision,
  weightedTotal,
  windowOpensOn,
} from '~/domain/renewals'
import { DEFAULT_RULE_SETTINGS } from '~/domain/settings'

describe('the period a renewal creates', () => {
  test.each([
    // two years from the day after the old end, whatever day the decision is taken
    { end: '2026-03-14', start: '2026-03-15', newEnd: '2028-03-14' },
    // a period ending on 28 February: the next starts on 1 March and ends on the 29th in a leap year
    { end: '2027-02-28', start: '2027-03-01', newEnd: '2029-02-28' },
    { end: '2026-02-28', start: '2026-03-01', newEnd: '2028-02-29' },
    // ending on the 29th of a leap February
    { end: '2028-02-29', start: '2028-03-01', newEnd: '2030-02-28' },
    { end: '2026-12-31', start: '2027-01-01', newEnd: '2028-12-31' },
  ])('a period ending $end is followed by $start .. $newEnd', ({ end, start, newEnd }) => {
    expect(renewedPeriod({ startDate: '2020-01-01', endDate: end })).toEqual({ startDate: start, endDate: newEnd })
  })

  test('after a rectification the new period still follows the old one without a gap', () => {
    // decided 2026-03-20 with three months to rectify; re-checked 2026-06-18: the period is the same
    expect(rectificationDeadline('2026-03-20', 3)).toBe('2026-06-20')
    expect(renewedPeriod({ startDate: '2024-03-15', endDate: '2026-03-14' })).toEqual({ startDate: '2026-03-15', endDate: '2028-03-14' })
  })

  test('a rectification deadline from the 31st lands on the last day of a shorter month', () => {
    expect(rectificationDeadline('2026-11-30', 3)).toBe('2027-02-28')
    expect(rectificationDeadline('2027-11-30', 3)).toBe('2028-02-29')
  })

  test('what each decision writes on the period, and the renewal’s status after it', () => {
    expect(periodOutcomeOf('renew')).toBe('renewed')
    expect(periodOutcomeOf('not_renew')).toBe('not_renewed')
    expect(periodOutcomeOf('revoke')).toBe('revoked')
    expect(periodOutcomeOf('renew_after_rectification')).toBeNull()
    expect(statusAfterDecision('renew_after_rectification')).toBe('rectifying')
    expect(statusAfterDecision('renew')).toBe('decided')
  })
})

describe('the renewal window', () => {
  const period = { startDate: '2025-03-01', endDate: '2027-02-28' }
  test('opens the set number of days before the end and stays open after it', () => {
    expect(windowOpensOn(period, 120)).toBe('2026-10-31')
    expect(isWindowOpen(period, '2026-10-30', 120)).toBe(false)
    expect(isWindowOpen(period, '2026-10-31', 120)).toBe(true)
    expect(isWindowOpen(period, '2027-03-10', 120)).toBe(true)
  })

  // the pipeline and the window notices filter in SQL with lastEndWithWindowOpen: it must say what isWindowOpen says
  test.each([
    { end: '2027-02-28', windowDays: 120 },
    { end: '2028-02-29', windowDays: 120 },
    { end: '2026-03-31', windowDays: 30 },
    { end: '2026-12-31', windowDays: 1 },
    { end: '2026-06-15', windowDays: 0 },
  ])(
    'a period ending $end with a $windowDays-day window: the SQL bound agrees with isWindowOpen on every day around the opening',
    ({ end, windowDays }) => {
      const period = { startDate: '2024-01-01', endDate: end }
      const opens = windowOpensOn(period, windowDays)
      for (const today of [addDays(opens, -1), opens, addDays(opens, 1), end, addDays(end, 1)]) {
        expect(end <= lastEndWithWindowOpen(today, windowDays)).toBe(isWindowOpen(period, today, windowDays))
      }
    },
  )
})

describe('who sees and decides', () => {
  const lab = { id: 7, districtCode: '320508' }
  const actors: Record<string, Actor> = {
    own: { id: 1, role: 'lab', districtCode: null, labId: 7 },
    other: { id: 2, role: 'lab', districtCode: null, labId: 8 },
    district: { id: 3, role: 'district', districtCode: '320508', labId: null },
    otherDistrict: { id: 4, role: 'district', districtCode: '320583', labId: null },
    bureau: { id: 5, role: 'bureau', districtCode: null, labId: null },
    expert: { id: 6, role: 'expert', districtCode: null, labId: null },
  }
  test('a draft is the lab’s own; once submitted the district, the bureau and an assigned expert see it', () => {
    const seen = (status: 'draft' | 'submitted', assigned = false) =>
      Object.entries(actors)
        .filter(([, a]) => canSeeRenewal(a, { status, lab }, { assigned }))
        .map(([k]) => k)
    expect(seen('draft')).toEqual(['own'])
    expect(seen('draft', true)).toEqual(['own'])
    expect(seen('submitted')).toEqual(['own', 'district', 'bureau'])
    expect(seen('submitted', true)).toEqual(['own', 'district', 'bureau', 'expert'])
  })

  test('only the lab edits its draft; only the bureau decides and re-checks, never the lab itself', () => {
    expect(canEditApplication(actors.own, { status: 'draft', lab })).toBe(true)
    expect(canEditApplication(actors.own, { status: 'submitted', lab })).toBe(false)
    expect(canEditApplication(actors.bureau, { status: 'draft', lab })).toBe(false)
    for (const [name, actor] of Object.entries(actors)) {
      expect(canDecide(actor, { status: 'submitted' }), name).toBe(name === 'bureau')
      expect(canRecheck(actor, { status: 'rectifying' }), name).toBe(name === 'bureau')
    }
    expect(canDecide(actors.bureau, { status: 'draft' })).toBe(false)
    expect(canDecide(actors.bureau, { status: 'decided' })).toBe(false)
    expect(canRecheck(actors.bureau, { status: 'decided' })).toBe(false)
  })

  test('an expert of the host or a partner organisation has a conflict', () => {
    const labOrgs = { hostOrgId: 10, partnerOrgIds: [11, 12] }
    expect(hasOrganisationConflict(10, labOrgs)).toBe(true)
    expect(hasOrganisationConflict(12, labOrgs)).toBe(true)
    expect(hasOrganisationConflict(13, labOrgs)).toBe(false)
    expect(hasOrganisationConflict(null, labOrgs)).toBe(false)
  })

  test('scores weigh by their criteria', () => {
    expect(
      weightedTotal([
        { score: 90, weight: 30 },
        { score: 70, weight: 70 },
      ]),
    ).toBe(76)
    expect(weightedTotal([])).toBeNull()
  })
})

describe('deciding without an application', () => {
  const period = { endDate: '2027-02-28', outcome: null }
  const all = ['not_renew', 'renew', 'renew_after_rectification', 'revoke']
  test.each([
    ['before the end, not applied', period, null, '2027-02-28', ['revoke']],
    ['before the end, a draft', period, 'draft', '2027-02-28', ['revoke']],
    ['the day after the end, not applied', period, null, '2027-03-01', all],
    ['the day after the end, a draft', period, 'draft', '2027-03-01', all],
    ['after the end, applied', period, 'submitted', '2027-03-10', ['revoke']],
    ['rectifying', period, 'rectifying', '2027-03-10', ['revoke']],
    ['decided', period, 'decided', '2027-03-10', []],
    ['the period has an outcome', { endDate: '2027-02-28', outcome: 'renewed' }, null, '2027-03-10', []],
  ] as const)('%s', (_name, p, renewalStatus, today, expected) => {
    expect(decisionsWithoutApplication({ period: p, renewalStatus, today })).toEqual(expected)
  })
})

describe('renewal checks', () => {
  function facts(overrides: Partial<LabFacts>): LabFacts {
    return labFacts({ plan: null, lastDrillOn: null, ...overrides })
  }
  const renewalRows = (f: LabFacts, today: string) =>
    evaluateLab(f, { today, settings: DEFAULT_RULE_SETTINGS })
      .checks.filter((c) => ['renewal_application', 'renewal_decision', 'rectification'].includes(c.checkId))
      .map((c) => [c.checkId, c.result, c.owner ?? 'lab', c.reason.key])

  test('nothing before the window; a warning once it opens without an application; failing after the end', () => {
    expect(renewalRows(facts({}), '2026-10-30')).toEqual([])
    expect(renewalRows(facts({}), '2026-10-31')).toEqual([['renewal_application', 'warning', 'lab', 'compliance.renewal.windowOpen']])
    expect(renewalRows(facts({ renewal: { id: 1, status: 'draft', decision: null, rectificationDeadline: null } }), '2027-02-28')).toEqual([
      ['renewal_application', 'warning', 'lab', 'compliance.renewal.windowOpen'],
    ])
    expect(renewalRows(facts({}), '2027-03-01')).toEqual([['renewal_application', 'failing', 'lab', 'compliance.renewal.notApplied']])
  })

  test('applied: nothing until the end, then the bureau’s undecided renewal fails on its side', () => {
    const applied = facts({ renewal: { id: 1, status: 'submitted', decision: null, rectificationDeadline: null } })
    expect(renewalRows(applied, '2027-02-28')).toEqual([])
    expect(renewalRows(applied, '2027-03-01')).toEqual([['renewal_decision', 'failing', 'bureau', 'compliance.renewal.undecided']])
    const e = evaluateLab(applied, { today: '2027-03-01', settings: DEFAULT_RULE_SETTINGS })
    expect(e.checks.filter((c) => c.result === 'failing' && (c.owner ?? 'lab') === 'lab').map((c) => c.checkId)).not.toContain(
      'renewal_decision',
    )
  })

  test('a renewal after rectification warns until its deadline and fails after it', () => {
    const rectifying = facts({
      renewal: { id: 1, status: 'rectifying', decision: 'renew_after_rectification', rectificationDeadline: '2027-05-28' },
    })
    expect(renewalRows(rectifying, '2027-05-28')).toEqual([['rectification', 'warning', 'lab', 'compliance.rectification.due']])
    expect(renewalRows(rectifying, '2027-05-29')).toEqual([['rectification', 'failing', 'lab', 'compliance.rectification.overdue']])
  })

  test('a decided period has no renewal checks', () => {
    expect(
      renewalRows(facts({ latest: { startDate: '2025-03-01', endDate: '2027-02-28', outcome: 'not_renewed' } }), '2027-03-10'),
    ).toEqual([])
  })
})
