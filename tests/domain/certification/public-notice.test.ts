import chineseDays from 'chinese-days/dist/chinese-days.json'
import { describe, expect, test } from 'vitest'
import { checkStep } from '~/domain/certification/application-steps'
import { noticeCoverageWarning, noticePeriod, noticeStage, objectionsCloseAt, objectionTiming } from '~/domain/certification/public-notice'
import { buildCalendar, parsePackageCalendar } from '~/domain/calendar'
import { applicationFacts } from './facts'

// The official calendar the app ships (chinese-days, 2004–2026), as tests/domain/calendar.test.ts loads it.
const packageCalendar = parsePackageCalendar(chineseDays)
const cal = buildCalendar({ packageCalendar })
// Beijing time: 'YYYY-MM-DD HH:mm:ss' at +08:00
const beijing = (text: string) => new Date(`${text.replace(' ', 'T')}+08:00`)

describe('the seven working days', () => {
  test('a Tuesday publication counts itself: 2 June to 10 June', () => {
    expect(noticePeriod(cal, '2026-06-02')).toEqual({
      publishedOn: '2026-06-02',
      firstDay: '2026-06-02',
      lastDay: '2026-06-10',
      estimated: false,
      unknownYears: [],
    })
  })

  test('across 国庆: 28–30 September, then 8 and 9 October, the make-up Saturday 10 October, and Monday 12 October', () => {
    expect(noticePeriod(cal, '2026-09-28').lastDay).toBe('2026-10-12')
  })

  test('published on a Saturday before 国庆: the make-up Sunday 20 September is the first day; 中秋 25–27 September is skipped', () => {
    const period = noticePeriod(cal, '2026-09-19')
    expect(period.firstDay).toBe('2026-09-20')
    // 20, 21, 22, 23, 24, 28, 29
    expect(period.lastDay).toBe('2026-09-29')
  })

  test('published on a 国庆 holiday: the count starts on 8 October', () => {
    expect(noticePeriod(cal, '2026-10-03')).toMatchObject({ firstDay: '2026-10-08', lastDay: '2026-10-15' })
  })

  test('across 春节: 11–13 February, the make-up Saturday 14 February, then 24–26 February', () => {
    expect(noticePeriod(cal, '2026-02-11').lastDay).toBe('2026-02-26')
  })

  test('a notice reaching a year the calendar does not know is an estimate and says so', () => {
    const period = noticePeriod(cal, '2026-12-28')
    // 28–31 December, then 1, 4 and 5 January 2027 guessed as Monday to Friday
    expect(period).toMatchObject({ lastDay: '2027-01-05', estimated: true, unknownYears: [2027] })
    expect(noticeCoverageWarning(period)).toEqual({ key: 'certification.notice.estimated', params: { years: '2027' } })
    expect(noticeCoverageWarning(noticePeriod(cal, '2026-06-02'))).toBeNull()
  })

  test('once the bureau enters 2027 the count uses it and is no longer an estimate', () => {
    const entered = buildCalendar({
      packageCalendar,
      bureauDays: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }],
      bureauYears: [2027],
    })
    expect(noticePeriod(entered, '2026-12-28')).toMatchObject({ lastDay: '2027-01-06', estimated: false, unknownYears: [] })
  })
})

describe('where now stands', () => {
  const period = noticePeriod(cal, '2026-09-28')

  test('before the publication day, during the notice to the end of its last day, then closed (Beijing days)', () => {
    expect(noticeStage(period, beijing('2026-09-27 23:59:59'))).toBe('not_started')
    expect(noticeStage(period, beijing('2026-09-28 00:00:00'))).toBe('open')
    // a holiday inside the notice is inside it
    expect(noticeStage(period, beijing('2026-10-04 12:00:00'))).toBe('open')
    expect(noticeStage(period, beijing('2026-10-12 23:59:59'))).toBe('open')
    expect(noticeStage(period, beijing('2026-10-13 00:00:00'))).toBe('closed')
  })

  test('an objection is in time from the publication day to the end of the last day, holidays included', () => {
    expect(objectionsCloseAt(period)).toBe('2026-10-12T16:00:00.000Z')
    expect(objectionTiming(period, beijing('2026-09-27 23:59:59'))).toEqual({ inTime: false, reason: 'before_notice' })
    expect(objectionTiming(period, beijing('2026-09-28 00:00:00'))).toEqual({ inTime: true })
    expect(objectionTiming(period, beijing('2026-10-02 09:00:00'))).toEqual({ inTime: true })
    expect(objectionTiming(period, new Date('2026-10-12T15:59:59.999Z'))).toEqual({ inTime: true })
    expect(objectionTiming(period, beijing('2026-10-13 00:00:00'))).toEqual({ inTime: false, reason: 'after_notice' })
  })

  test('an objection posted during 春节 reaches a notice that spans it', () => {
    expect(objectionTiming(noticePeriod(cal, '2026-02-11'), beijing('2026-02-20 10:00:00'))).toEqual({ inTime: true })
  })

  test('the bureau certifies on the day after the last day, not on it', () => {
    const facts = applicationFacts({ status: 'in_notice', notice: { lastDay: period.lastDay } })
    expect(checkStep({ role: 'bureau' }, facts, 'certify', beijing('2026-10-12 17:00:00'))).toEqual({ ok: false, reason: 'notice_running' })
    expect(checkStep({ role: 'bureau' }, facts, 'certify', beijing('2026-10-13 09:00:00'))).toEqual({ ok: true, to: 'certified' })
  })
})
