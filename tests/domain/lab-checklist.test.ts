import { describe, expect, test } from 'vitest'
import { labelText } from '~/components/timeline/label'
import { buildChecklist, currentPeriodOf, periodYears, type ChecklistPeriod, type OpenCheck } from '~/domain/lab-checklist'
import { translator } from '~/i18n'

const zh = translator('zh')

function period(p: Partial<ChecklistPeriod> & Pick<ChecklistPeriod, 'sequence' | 'startDate' | 'endDate'>): ChecklistPeriod {
  return { outcome: null, ...p }
}

describe('what comes next', () => {
  const periods = [period({ sequence: 1, startDate: '2025-03-15', endDate: '2027-03-14' })]
  const check = (c: Partial<OpenCheck>): OpenCheck => ({
    checkId: 'team_size',
    subject: '',
    result: 'failing',
    reasonKey: 'compliance.teamSize.failing',
    reasonParams: { count: 10, min: 15 },
    concernsDate: null,
    fixPath: '/labs/1/team',
    ...c,
  })

  test('the current period is the one today falls in, else the latest started, else the first', () => {
    const two = [
      period({ sequence: 1, startDate: '2023-03-15', endDate: '2025-03-14' }),
      period({ sequence: 2, startDate: '2025-09-01', endDate: '2027-08-31' }),
    ]
    expect(currentPeriodOf(two, '2024-01-01')?.sequence).toBe(1)
    expect(currentPeriodOf(two, '2025-06-01')?.sequence).toBe(1)
    expect(currentPeriodOf(two, '2025-09-01')?.sequence).toBe(2)
    expect(currentPeriodOf(two, '2020-01-01')?.sequence).toBe(1)
    expect(currentPeriodOf([], '2020-01-01')).toBeNull()
    expect(periodYears(two[0], '2024-03-15').yearNow).toBe(2)
  })

  test('in year 1: open checks first, then the end of year 1, then the end of the period', () => {
    const items = buildChecklist({
      labId: 1,
      checks: [check({}), check({ checkId: 'joint_limit', result: 'ok' })],
      periods,
      today: '2025-06-15',
    })
    expect(items.map((i) => [i.id, i.date, i.daysLeft])).toEqual([
      ['check:team_size:', null, null],
      ['milestone:year_end:1', '2026-03-14', 272],
      ['milestone:period_end:1', '2027-03-14', 637],
    ])
    expect(labelText(zh, items[0].reason)).toBe('团队在册仅 10 人，少于认定标准要求的 15 人')
    expect(items.some((i) => i.overdue)).toBe(false)
  })

  // docs/status-language.md: a warning is never "overdue", whatever its date says
  test('a warning dated in the past (a returned filing) is not marked overdue; a failing one is', () => {
    const returned = check({
      checkId: 'returned_filing',
      subject: 'report:5',
      result: 'warning',
      reasonKey: 'compliance.returned.report',
      reasonParams: { year: 1, date: '2025-04-01' },
      concernsDate: '2025-04-01',
    })
    const missing = check({ checkId: 'deliverable', subject: 'y1', concernsDate: '2025-05-01' })
    const items = buildChecklist({ labId: 1, checks: [returned, missing], periods, today: '2025-06-15' })
    expect(items.filter((i) => i.source === 'check').map((i) => [i.id, i.overdue, i.daysLeft])).toEqual([
      ['check:returned_filing:report:5', false, -75],
      ['check:deliverable:y1', true, -45],
    ])
  })

  test('in year 2 the year’s end is the period’s end, listed once', () => {
    expect(buildChecklist({ labId: 1, checks: [], periods, today: '2026-06-15' }).map((i) => i.id)).toEqual(['milestone:period_end:1'])
  })

  test('an expired period is overdue, and the period-end milestone gives way to the validity check', () => {
    const expired = check({
      checkId: 'validity',
      reasonKey: 'compliance.validity.expired',
      reasonParams: { end: '2027-03-14', days: 3 },
      concernsDate: '2027-03-14',
      fixPath: '/labs/1#periods',
    })
    const items = buildChecklist({ labId: 1, checks: [expired], periods, today: '2027-03-17' })
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ id: 'check:validity:', overdue: true, daysLeft: -3 })
  })

  test('a revoked lab has no milestones ahead', () => {
    const revoked = [period({ sequence: 1, startDate: '2025-03-15', endDate: '2027-03-14', outcome: 'revoked' })]
    expect(buildChecklist({ labId: 1, checks: [], periods: revoked, today: '2025-06-15' })).toEqual([])
  })

  test('a warning dated later sorts after a milestone dated earlier', () => {
    const expiring = check({
      checkId: 'validity',
      result: 'warning',
      reasonKey: 'compliance.validity.expiring',
      concernsDate: '2027-03-14',
    })
    const items = buildChecklist({ labId: 1, checks: [expiring], periods, today: '2026-01-10' })
    expect(items.map((i) => i.id)).toEqual(['milestone:year_end:1', 'check:validity:'])
  })
})
