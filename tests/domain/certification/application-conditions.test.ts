import { describe, expect, test } from 'vitest'
import {
  APPLICATION_COMMITMENTS,
  blockingConditions,
  checkConditions,
  CONDITION_IDS,
  PLAN_SECTIONS,
  type ConditionFacts,
  type ConditionId,
} from '~/domain/certification/application-conditions'
import { REJECTION_GROUNDS } from '~/domain/certification/application-steps'
import type { JointLab } from '~/domain/joint-applications'
import type { TeamMember } from '~/domain/team'
import { makeUscc } from '~/domain/uscc'
import { en, zh } from '~/i18n/catalogs.server'
import { GUSU } from './facts'

// 2026-12-06 10:00 Beijing time
const NOW = new Date('2026-12-06T02:00:00.000Z')
const code = (region: string) => makeUscc({ authority: '9', kind: '1', region, serial: 'MA1ABCDEF' })

const researcher = (overrides: Partial<TeamMember> = {}): TeamMember => ({
  active: true,
  role: 'researcher',
  titleLevel: 'intermediate',
  degree: 'bachelor',
  ...overrides,
})
const masters = (n: number) => Array.from({ length: n }, () => researcher({ degree: 'master' }))
const others = (n: number) => Array.from({ length: n }, () => researcher())

// An application that meets every condition: host 1 with partner 2, 15 people of whom 3 qualify.
function facts(overrides: Partial<ConditionFacts> = {}): ConditionFacts {
  return {
    host: { kind: 'enterprise', creditCode: code('320508') },
    office: GUSU,
    joint: { lab: { id: 0, hostOrgId: 1, partnerOrgIds: [2] }, otherLabs: [] },
    team: [...masters(3), ...others(12)],
    violations: [],
    direction: 5,
    requiredAttachments: ['application_pdf', 'application_docx'],
    attachments: ['application_pdf', 'application_docx'],
    plan: {
      sections: { technical_goals: '攻关', intellectual_property: '专利', funding: '自筹', application_scenarios: '场景' },
      indicators: [{ key: 'scenarios', target: 2 }],
    },
    commitments: [...APPLICATION_COMMITMENTS],
    ...overrides,
  }
}

const findingOf = (f: ConditionFacts, id: ConditionId, now = NOW) => checkConditions(f, now).find((x) => x.id === id)!

describe('an application that meets every condition', () => {
  test('has one finding per condition, every one met, none blocking', () => {
    const findings = checkConditions(facts(), NOW)
    expect(findings.map((f) => f.id)).toEqual([...CONDITION_IDS])
    expect(findings.filter((f) => f.result !== 'ok')).toEqual([])
    expect(blockingConditions(findings)).toEqual([])
  })
})

describe('the host', () => {
  test('a university applies through its second-level college, never as itself', () => {
    expect(findingOf(facts({ host: { kind: 'university', creditCode: code('320508') } }), 'host_kind')).toMatchObject({
      result: 'failing',
      key: 'certification.condition.host_kind.university',
    })
    expect(findingOf(facts({ host: { kind: 'university_college', creditCode: code('320508') } }), 'host_kind').result).toBe('ok')
    expect(findingOf(facts({ host: { kind: null, creditCode: code('320508') } }), 'host_kind').result).toBe('failing')
  })

  test('a credit code that is not one refuses the submission, naming what is wrong', () => {
    const broken = code('320508').slice(0, 17) + (code('320508')[17] === '0' ? '1' : '0')
    expect(findingOf(facts({ host: { kind: 'enterprise', creditCode: broken } }), 'registered_in_suzhou')).toMatchObject({
      result: 'failing',
      key: 'certification.condition.registered_in_suzhou.checksum',
    })
    expect(findingOf(facts({ host: { kind: 'enterprise', creditCode: '' } }), 'registered_in_suzhou').key).toBe(
      'certification.condition.registered_in_suzhou.empty',
    )
  })

  test('a region outside 3205 warns without blocking: the province registers some Suzhou companies', () => {
    const f = facts({ host: { kind: 'enterprise', creditCode: code('320000') } })
    expect(findingOf(f, 'registered_in_suzhou')).toMatchObject({ result: 'warning', params: { region: '320000' } })
    expect(blockingConditions(checkConditions(f, NOW))).toEqual([])
  })

  test('a district region other than the chosen district office warns; a city department takes any Suzhou region', () => {
    const kunshan = { kind: 'enterprise', creditCode: code('320583') } as const
    expect(findingOf(facts({ host: kunshan }), 'registered_in_suzhou')).toMatchObject({
      result: 'warning',
      key: 'certification.condition.registered_in_suzhou.otherDistrict',
    })
    expect(findingOf(facts({ host: kunshan, office: { kind: 'department', departmentId: 1 } }), 'registered_in_suzhou').result).toBe('ok')
    // the city's own region (3205 00) is Suzhou but no district: nothing to compare
    expect(findingOf(facts({ host: { kind: 'public_institution', creditCode: code('320500') } }), 'registered_in_suzhou').result).toBe('ok')
  })
})

describe('the joint-application limit, counting existing labs', () => {
  const jointWith = (orgId: number, n: number): JointLab[] =>
    Array.from({ length: n }, (_, i) => ({ id: 100 + i, hostOrgId: 50 + i, partnerOrgIds: [orgId] }))

  test('a partner already in 2 joint labs may join a third; one in 3 may not', () => {
    expect(
      findingOf(facts({ joint: { lab: { id: 0, hostOrgId: 1, partnerOrgIds: [2] }, otherLabs: jointWith(2, 2) } }), 'joint_limit').result,
    ).toBe('ok')
    expect(
      findingOf(facts({ joint: { lab: { id: 0, hostOrgId: 1, partnerOrgIds: [2] }, otherLabs: jointWith(2, 3) } }), 'joint_limit'),
    ).toMatchObject({
      result: 'failing',
      params: { max: 3, count: 1 },
      detail: [2],
    })
  })

  test('a host applying alone is no joint application, whatever its joint labs', () => {
    expect(
      findingOf(facts({ joint: { lab: { id: 0, hostOrgId: 2, partnerOrgIds: [] }, otherLabs: jointWith(2, 3) } }), 'joint_limit').result,
    ).toBe('ok')
  })

  test('an organisation not yet in the registry (a negative placeholder id) is in no lab', () => {
    expect(
      findingOf(facts({ joint: { lab: { id: 0, hostOrgId: 1, partnerOrgIds: [-1] }, otherLabs: jointWith(2, 3) } }), 'joint_limit').result,
    ).toBe('ok')
  })
})

describe('the team', () => {
  test('14 members fail and 15 pass', () => {
    expect(findingOf(facts({ team: [...masters(3), ...others(11)] }), 'team_size')).toMatchObject({
      result: 'failing',
      params: { count: 14, min: 15 },
    })
    expect(findingOf(facts({ team: [...masters(3), ...others(12)] }), 'team_size')).toMatchObject({ result: 'ok', params: { count: 15 } })
  })

  test('a member who left does not count', () => {
    expect(findingOf(facts({ team: [...masters(3), ...others(11), researcher({ active: false })] }), 'team_size').result).toBe('failing')
  })

  test('two qualified researchers fail and three pass; an administrator with a master’s is not a researcher', () => {
    expect(findingOf(facts({ team: [...masters(2), ...others(13)] }), 'team_qualified')).toMatchObject({
      result: 'failing',
      params: { count: 2, min: 3 },
    })
    expect(
      findingOf(facts({ team: [...masters(2), researcher({ titleLevel: 'associate_senior' }), ...others(12)] }), 'team_qualified').result,
    ).toBe('ok')
    expect(
      findingOf(facts({ team: [...masters(2), researcher({ role: 'administrator', degree: 'master' }), ...others(12)] }), 'team_qualified')
        .result,
    ).toBe('failing')
  })
})

describe('no violation on record in the last three years', () => {
  const hostViolation = (occurredOn: string) => ({ subject: 'host' as const, orgId: 1, category: 'credit' as const, occurredOn })

  test('a violation exactly three years ago no longer counts; one a day later still does', () => {
    expect(findingOf(facts({ violations: [hostViolation('2023-12-06')] }), 'no_recent_violation').result).toBe('ok')
    expect(findingOf(facts({ violations: [hostViolation('2023-12-07')] }), 'no_recent_violation')).toMatchObject({
      result: 'failing',
      params: { years: 3, count: 1, until: '2026-12-07' },
    })
  })

  test('the day is Beijing time: at 23:59 on 5 December the three years are not yet over', () => {
    const f = facts({ violations: [hostViolation('2023-12-06')] })
    expect(findingOf(f, 'no_recent_violation', new Date('2026-12-05T15:59:59.000Z')).result).toBe('failing')
    expect(findingOf(f, 'no_recent_violation', new Date('2026-12-05T16:00:00.000Z')).result).toBe('ok')
  })

  test("a partner's violation warns for the office to weigh; it does not block", () => {
    const f = facts({ violations: [{ subject: 'partner', orgId: 2, category: 'data_security', occurredOn: '2025-01-01' }] })
    expect(findingOf(f, 'no_recent_violation')).toMatchObject({ result: 'warning', detail: [2] })
    expect(blockingConditions(checkConditions(f, NOW))).toEqual([])
  })
})

describe('the application itself', () => {
  test('the direction is one of the 14', () => {
    expect(findingOf(facts({ direction: 14 }), 'direction').result).toBe('ok')
    expect(findingOf(facts({ direction: 1 }), 'direction').result).toBe('ok')
    for (const direction of [null, 0, 15]) expect(findingOf(facts({ direction }), 'direction').result).toBe('failing')
  })

  test('every attachment the round requires is present', () => {
    expect(findingOf(facts({ attachments: ['application_pdf'] }), 'attachments')).toMatchObject({
      result: 'failing',
      params: { count: 1 },
      detail: ['application_docx'],
    })
    const roundWithMore = facts({ requiredAttachments: ['application_pdf', 'application_docx', 'audit_report'] })
    expect(findingOf(roundWithMore, 'attachments').detail).toEqual(['audit_report'])
  })

  test('the plan has its four parts and at least one indicator with a target', () => {
    const plan = facts().plan
    expect(findingOf(facts({ plan: { ...plan, sections: { ...plan.sections, funding: '  ' } } }), 'plan_content')).toMatchObject({
      result: 'failing',
      detail: ['funding'],
    })
    expect(findingOf(facts({ plan: { ...plan, indicators: [] } }), 'plan_indicators').result).toBe('failing')
    expect(
      findingOf(
        facts({
          plan: {
            ...plan,
            indicators: [
              { key: 'papers', target: 0 },
              { key: 'datasets', target: null },
            ],
          },
        }),
        'plan_indicators',
      ).result,
    ).toBe('failing')
    expect(findingOf(facts({ plan: { ...plan, indicators: [{ key: 'papers', target: 1 }] } }), 'plan_indicators')).toMatchObject({
      result: 'ok',
      params: { count: 1 },
    })
  })

  test('every commitment is ticked', () => {
    expect(findingOf(facts({ commitments: ['truthful_materials', 'resources_provided'] }), 'commitments')).toMatchObject({
      result: 'failing',
      detail: ['no_recent_violation', 'data_security_plan'],
    })
  })

  test('a blank draft fails every condition a submission needs, listed in order', () => {
    const blank = checkConditions(
      {
        host: { kind: null, creditCode: '' },
        office: GUSU,
        joint: { lab: { id: 0, hostOrgId: -1, partnerOrgIds: [] }, otherLabs: [] },
        team: [],
        violations: [],
        direction: null,
        requiredAttachments: ['application_pdf'],
        attachments: [],
        plan: { sections: {}, indicators: [] },
        commitments: [],
      },
      NOW,
    )
    expect(blockingConditions(blank)).toEqual([
      'host_kind',
      'registered_in_suzhou',
      'team_size',
      'team_qualified',
      'direction',
      'attachments',
      'plan_content',
      'plan_indicators',
      'commitments',
    ])
  })
})

describe('messages', () => {
  test('every finding and every label a finding lists reads in both languages', () => {
    const keys = new Set<string>()
    const variants: Partial<ConditionFacts>[] = [
      {},
      { host: { kind: null, creditCode: '' } },
      { host: { kind: 'university', creditCode: '12' } },
      { host: { kind: 'enterprise', creditCode: 'I'.repeat(18) } },
      { host: { kind: 'enterprise', creditCode: code('320508').slice(0, 17) + 'Y' } },
      { host: { kind: 'enterprise', creditCode: code('110000') } },
      { host: { kind: 'enterprise', creditCode: code('320583') } },
      {
        joint: {
          lab: { id: 0, hostOrgId: 1, partnerOrgIds: [2] },
          otherLabs: [1, 2, 3].map((id) => ({ id, hostOrgId: 9, partnerOrgIds: [2] })),
        },
      },
      { team: [] },
      { violations: [{ subject: 'host', orgId: 1, category: 'credit', occurredOn: '2026-01-01' }] },
      { violations: [{ subject: 'partner', orgId: 2, category: 'credit', occurredOn: '2026-01-01' }] },
      { direction: null, attachments: [], plan: { sections: {}, indicators: [] }, commitments: [] },
    ]
    for (const v of variants) for (const f of checkConditions(facts(v), NOW)) keys.add(f.key)
    const labels = [
      ...APPLICATION_COMMITMENTS.map((c) => `certification.commitment.${c}`),
      ...PLAN_SECTIONS.map((s) => `certification.planSection.${s}`),
      ...REJECTION_GROUNDS.map((g) => `certification.ground.${g}`),
    ]
    // two keys per condition at least (met and not), all with their text in both catalogues
    expect(keys.size).toBeGreaterThanOrEqual(2 * CONDITION_IDS.length)
    for (const key of [...keys, ...labels]) {
      expect(zh[key as keyof typeof zh], key).toMatch(/[\u4e00-\u9fff]/)
      expect(en[key as keyof typeof en], key).toMatch(/^[\x20-\x7e]+$/)
    }
  })
})
