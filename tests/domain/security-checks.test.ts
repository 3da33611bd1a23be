import { describe, expect, test } from 'vitest'
import type { IncidentGrade, IncidentStatus } from '~db/schema/enums'
import { evaluateLab } from '~/domain/compliance/engine'
import type { CheckId, LabFacts } from '~/domain/compliance/types'
import { DEFAULT_RULE_SETTINGS } from '~/domain/settings'
import { labFacts } from '../lab-facts'

function facts(overrides: Partial<LabFacts> = {}): LabFacts {
  return labFacts({
    plan: { id: 1, version: 'V1.0', approvedOn: '2025-05-10', nextReviewOn: '2026-05-10' },
    lastDrillOn: '2025-09-01',
    ...overrides,
  })
}

const results = (f: LabFacts, today: string, id: CheckId) =>
  evaluateLab(f, { today, settings: DEFAULT_RULE_SETTINGS })
    .checks.filter((c) => c.checkId === id)
    .map((c) => [c.result, c.reason.key])

describe('emergency plan check', () => {
  test('no plan on file fails', () => {
    expect(results(facts({ plan: null }), '2025-06-01', 'security_plan')).toEqual([['failing', 'compliance.plan.missing']])
  })
  test.each([
    ['2026-02-08', 'ok', 'compliance.plan.ok'],
    ['2026-02-09', 'warning', 'compliance.plan.dueSoon'], // 90 days before 2026-05-10
    ['2026-05-10', 'warning', 'compliance.plan.dueSoon'], // the review date itself
    ['2026-05-11', 'failing', 'compliance.plan.overdue'],
  ])('on %s the plan due for review on 2026-05-10 is %s', (today, result, key) => {
    expect(results(facts(), today, 'security_plan')).toEqual([[result, key]])
  })
})

describe('drill check', () => {
  // one status language (docs/status-language.md): within the window it warns, past due it fails
  test.each([
    ['2026-06-02', 'ok', 'compliance.drill.ok'], // 91 days before 2026-09-01
    ['2026-06-03', 'warning', 'compliance.drill.dueSoon'],
    ['2026-09-01', 'warning', 'compliance.drill.dueSoon'],
    ['2026-09-02', 'failing', 'compliance.drill.stale'],
  ])('on %s a drill last held on 2025-09-01 is %s', (today, result, key) => {
    expect(results(facts(), today, 'drill')).toEqual([[result, key]])
  })
  test('a lab never drilled is counted from its certification, and is overdue once past it', () => {
    expect(results(facts({ lastDrillOn: null }), '2025-11-30', 'drill')).toEqual([['ok', 'compliance.drill.firstDue']])
    expect(results(facts({ lastDrillOn: null }), '2026-03-01', 'drill')).toEqual([['warning', 'compliance.drill.dueSoon']])
    expect(results(facts({ lastDrillOn: null }), '2026-03-02', 'drill')).toEqual([['failing', 'compliance.drill.none']])
  })
})

describe('incident checks', () => {
  const incident = (grade: IncidentGrade, status: IncidentStatus, reportedAt = '2026-04-01T03:00:00.000Z') => ({
    id: 7,
    title: '测试库被越权访问',
    grade,
    status,
    reportedAt,
    reportDeadline: '2026-04-01T05:00:00.000Z',
  })

  test.each<[IncidentGrade, IncidentStatus, string[][]]>([
    ['I', 'open', [['failing', 'compliance.incident.open']]],
    ['III', 'contained', [['failing', 'compliance.incident.open']]],
    ['III', 'resolved', [['failing', 'compliance.incident.open']]],
    ['III', 'closed', []],
    ['IV', 'open', []],
  ])('a grade %s incident that is %s', (grade, status, expected) => {
    expect(results(facts({ incidents: [incident(grade, status)] }), '2026-04-02', 'incident')).toEqual(expected)
  })

  test('a report after the deadline warns while the incident is open, and not once it is closed', () => {
    const late = '2026-04-01T07:30:00.000Z'
    // reported 2 h 30 min after its deadline: said to the minute, not rounded up to 3 hours
    expect(results(facts({ incidents: [incident('IV', 'open', late)] }), '2026-04-02', 'incident_report')).toEqual([
      ['warning', 'compliance.incident.late'],
    ])
    const [check] = evaluateLab(facts({ incidents: [incident('IV', 'open', late)] }), {
      today: '2026-04-02',
      settings: DEFAULT_RULE_SETTINGS,
    }).checks.filter((c) => c.checkId === 'incident_report')
    expect(check.reason.params).toMatchObject({ hours: 2, minutes: 30 })
    expect(results(facts({ incidents: [incident('IV', 'open', '2026-04-01T05:25:00.000Z')] }), '2026-04-02', 'incident_report')).toEqual([
      ['warning', 'compliance.incident.lateMinutes'],
    ])
    expect(results(facts({ incidents: [incident('IV', 'open')] }), '2026-04-02', 'incident_report')).toEqual([])
    expect(results(facts({ incidents: [incident('IV', 'closed', late)] }), '2026-04-02', 'incident_report')).toEqual([])
  })
})
