import { describe, expect, test } from 'vitest'
import {
  canHandleIncident,
  canNoteIncident,
  checkIncidentInput,
  checkIncidentStep,
  checkRegrade,
  incidentTiming,
  recentMonths,
  reportHoursByGrade,
  timingText,
} from '~/domain/incidents'
import { DEFAULT_RULE_SETTINGS } from '~/domain/settings'
import { parseShanghaiDateTime, shanghaiInputValue } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { translator } from '~/i18n'

// 2026-05-01 12:00 in Suzhou
const NOW = new Date('2026-05-01T04:00:00.000Z')

const valid = {
  grade: 'III',
  title: '合作单位账号被盗用',
  discoveredAt: '2026-05-01T09:30',
  reportedAt: '2026-05-01T11:00',
  description: '发现异常批量下载。',
  dataAffected: '约 2 万条企业经营数据',
  measures: '冻结账号',
}

describe('Beijing time typed into the form', () => {
  test.each([
    ['2026-05-01T09:30', '2026-05-01T01:30:00.000Z'],
    ['2026-05-01 09:30', '2026-05-01T01:30:00.000Z'],
    ['2026-05-01T09:30:15', '2026-05-01T01:30:15.000Z'],
    // before 08:00 in Beijing is the previous day in UTC
    ['2026-05-01T07:59', '2026-04-30T23:59:00.000Z'],
    ['2024-02-29T00:00', '2024-02-28T16:00:00.000Z'],
  ])('%s is the instant %s', (typed, instant) => {
    expect(parseShanghaiDateTime(typed)).toBe(instant)
  })

  test.each(['', '2026-05-01', '2026-02-29T10:00', '2026-05-01T24:00', '2026-05-01T10:60', '01/05/2026 10:00', 'yesterday'])(
    '%j is not a date and time',
    (typed) => {
      expect(parseShanghaiDateTime(typed)).toBeNull()
    },
  )

  test('an instant shown back in the form is Beijing time to the minute', () => {
    expect(shanghaiInputValue('2026-04-30T23:59:59.000Z')).toBe('2026-05-01T07:59')
    expect(parseShanghaiDateTime(shanghaiInputValue('2026-05-01T01:30:00.000Z'))).toBe('2026-05-01T01:30:00.000Z')
  })
})

describe('an incident report', () => {
  test('a complete report is accepted with its times as instants', () => {
    const checked = checkIncidentInput(valid, { now: NOW })
    expect(checked).toEqual({
      ok: true,
      input: { ...valid, discoveredAt: '2026-05-01T01:30:00.000Z', reportedAt: '2026-05-01T03:00:00.000Z' },
    })
  })

  test('without a report time the report is now: recording it here is the report', () => {
    const checked = checkIncidentInput({ ...valid, reportedAt: '' }, { now: NOW })
    expect(checked.ok && checked.input.reportedAt).toBe(NOW.toISOString())
  })

  test('the data affected and the measures may follow later; grade, title, discovery and what happened may not', () => {
    expect(checkIncidentInput({ ...valid, dataAffected: '', measures: '  ' }, { now: NOW }).ok).toBe(true)
    const checked = checkIncidentInput({ reportedAt: '' }, { now: NOW })
    expect(checked.ok ? {} : checked.errors).toEqual({
      grade: { key: 'form.required' },
      title: { key: 'form.required' },
      discoveredAt: { key: 'form.required' },
      description: { key: 'form.required' },
    })
  })

  test('an unknown grade is an invalid choice', () => {
    const checked = checkIncidentInput({ ...valid, grade: 'V' }, { now: NOW })
    expect(checked.ok ? null : checked.errors.grade).toEqual({ key: 'form.invalidChoice' })
  })

  test.each([
    // discovered a minute from now
    [{ discoveredAt: '2026-05-01T12:01', reportedAt: '' }, 'discoveredAt', 'incidents.error.discoveredInFuture'],
    [{ reportedAt: '2026-05-01T12:01' }, 'reportedAt', 'incidents.error.reportedInFuture'],
    // a telephone report before the discovery cannot be
    [{ reportedAt: '2026-05-01T09:29' }, 'reportedAt', 'incidents.error.reportedBeforeDiscovery'],
    [{ discoveredAt: '2026-13-01T09:00' }, 'discoveredAt', 'incidents.error.invalidDateTime'],
    [{ reportedAt: '2026-05-01T9:00' }, 'reportedAt', 'incidents.error.invalidDateTime'],
  ] as const)('%o is refused on %s with %s', (change, field, key) => {
    const checked = checkIncidentInput({ ...valid, ...change }, { now: NOW })
    expect(checked.ok).toBe(false)
    expect(checked.ok ? null : checked.errors[field]).toEqual({ key })
  })

  test('exactly now, and a report in the same minute as the discovery, are accepted', () => {
    expect(checkIncidentInput({ ...valid, discoveredAt: '2026-05-01T12:00', reportedAt: '2026-05-01T12:00' }, { now: NOW }).ok).toBe(true)
  })

  test('texts are bounded', () => {
    const checked = checkIncidentInput({ ...valid, title: 'x'.repeat(201) }, { now: NOW })
    expect(checked.ok ? null : checked.errors.title).toEqual({ key: 'form.tooLong', vars: { max: 200 } })
  })
})

describe('report timing, as the pages say it', () => {
  const discoveredAt = '2026-05-01T01:30:00.000Z'
  // grade III: 4 hours
  const deadline = '2026-05-01T05:30:00.000Z'
  const zh = translator('zh')
  const en = translator('en')
  test.each([
    ['2026-05-01T02:00:00.000Z', { state: 'on_time', limitHours: 4, minutesTaken: 30 }, '已按时报告：发现后 30 分钟报告，时限 4 小时'],
    ['2026-05-01T01:30:00.000Z', { state: 'on_time', limitHours: 4, minutesTaken: 0 }, '已按时报告：发现后 0 分钟报告，时限 4 小时'],
    // exactly at the deadline is in time
    ['2026-05-01T05:30:00.000Z', { state: 'on_time', limitHours: 4, minutesTaken: 240 }, '已按时报告：发现后 4 小时报告，时限 4 小时'],
    // a second late is a minute late, not an hour
    ['2026-05-01T05:30:01.000Z', { state: 'late', limitHours: 4, minutesLate: 1 }, '报告超时 1 分钟（时限 4 小时）'],
    // the case: 2 h 21 min late read "超时 3 小时"
    ['2026-05-01T07:51:00.000Z', { state: 'late', limitHours: 4, minutesLate: 141 }, '报告超时 2 小时 21 分钟（时限 4 小时）'],
    ['2026-05-01T11:30:00.000Z', { state: 'late', limitHours: 4, minutesLate: 360 }, '报告超时 6 小时（时限 4 小时）'],
  ])('reported at %s', (reportedAt, timing, text) => {
    const got = incidentTiming({ discoveredAt, reportedAt, deadline, now: NOW })
    expect(got).toEqual(timing)
    expect(timingText(got, zh)).toBe(text)
  })

  test('in English, in hours and minutes too', () => {
    const late = incidentTiming({ discoveredAt, reportedAt: '2026-05-01T07:51:00.000Z', deadline, now: NOW })
    expect(timingText(late, en)).toBe('Reported late by 2 h 21 min (limit 4 h)')
    const quick = incidentTiming({ discoveredAt, reportedAt: '2026-05-01T02:37:00.000Z', deadline, now: NOW })
    expect(timingText(quick, en)).toBe('Reported in time: 1 h 7 min after discovery, within the 4 h limit')
  })

  test('the limit is read from the stored deadline, whatever the setting says today', () => {
    expect(incidentTiming({ discoveredAt, reportedAt: discoveredAt, deadline: '2026-05-02T01:30:00.000Z', now: NOW }).limitHours).toBe(24)
  })

  test('not reported yet: time left, or time past the deadline', () => {
    const pending = incidentTiming({ discoveredAt, reportedAt: null, deadline, now: new Date('2026-05-01T03:00:30.000Z') })
    expect(pending).toEqual({ state: 'pending', limitHours: 4, minutesLeft: 149 })
    expect(timingText(pending, zh)).toBe('尚未报告：距 4 小时时限还有 2 小时 29 分钟')
    const overdue = incidentTiming({ discoveredAt, reportedAt: null, deadline, now: new Date('2026-05-01T08:00:00.000Z') })
    expect(overdue).toEqual({ state: 'overdue', limitHours: 4, minutesLate: 150 })
    expect(timingText(overdue, zh)).toBe('尚未报告：已超过 4 小时时限 2 小时 30 分钟')
  })
})

describe('steps, grade corrections and who may take them', () => {
  test.each([
    ['open', 'contained', null],
    ['contained', 'resolved', null],
    ['resolved', 'closed', null],
    // skipping a step, going back, or a second click on a stale page
    ['open', 'closed', 'incidents.error.staleStep'],
    ['resolved', 'contained', 'incidents.error.staleStep'],
    ['contained', 'contained', 'incidents.error.staleStep'],
    ['closed', 'closed', 'incidents.error.alreadyClosed'],
  ] as const)('from %s to %s: %s', (status, to, problem) => {
    expect(checkIncidentStep({ status, to })).toEqual(problem ? { key: problem } : null)
  })

  test('a grade is corrected to another grade while the incident is not closed', () => {
    expect(checkRegrade({ status: 'contained', grade: 'IV', to: 'III' })).toBeNull()
    expect(checkRegrade({ status: 'open', grade: 'IV', to: 'IV' })).toEqual({ key: 'incidents.error.sameGrade' })
    expect(checkRegrade({ status: 'open', grade: 'IV', to: '' })).toEqual({ key: 'form.required' })
    expect(checkRegrade({ status: 'open', grade: 'IV', to: 'V' })).toEqual({ key: 'form.invalidChoice' })
    expect(checkRegrade({ status: 'closed', grade: 'IV', to: 'III' })).toEqual({ key: 'incidents.error.alreadyClosed' })
  })

  const lab = { id: 7, districtCode: '320508' }
  const actor = (role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({ id: 1, role, districtCode: null, labId: null, ...extra })
  test.each([
    [actor('lab', { labId: 7 }), true, true],
    [actor('lab', { labId: 8 }), false, false],
    [actor('district', { districtCode: '320508' }), false, true],
    [actor('district', { districtCode: '320583' }), false, false],
    [actor('bureau'), false, true],
    [actor('expert'), false, false],
  ])('%o handles: %s, notes: %s', (who, handles, notes) => {
    expect(canHandleIncident(who, lab)).toBe(handles)
    expect(canNoteIncident(who, lab)).toBe(notes)
  })
})

describe('the chart’s months', () => {
  test('24 months up to this one, oldest first, across a year end', () => {
    const months = recentMonths('2026-01-31', 24)
    expect(months).toHaveLength(24)
    expect(months[0]).toBe('2024-02')
    expect(months.at(-1)).toBe('2026-01')
    expect(recentMonths('2026-03-31', 2)).toEqual(['2026-02', '2026-03'])
  })
})

describe('the report hours the forms state', () => {
  test('every grade with the bureau’s hours: the defaults, and a changed setting', () => {
    expect(reportHoursByGrade(DEFAULT_RULE_SETTINGS)).toEqual({ I: 1, II: 1, III: 4, IV: 24 })
    expect(reportHoursByGrade({ ...DEFAULT_RULE_SETTINGS, incidentReportHoursIV: 12 }).IV).toBe(12)
  })
})
