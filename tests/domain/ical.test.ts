import ICAL from 'ical.js'
import { describe, expect, test } from 'vitest'
import { boundFeedItems, feedUid, feedWindow, parseFeedSegment, composeFeedToken, feedPath, webcalOf } from '~/domain/calendar-feed'
import { buildCalendar, escapeText, foldLine, utcStamp, type IcalEvent } from '~/domain/ical'

const SECRET = 'K1ZA57YbmqaBFvHGPb82IPbNA_4X9s3wDVh8sSSyfCw'
const octets = (s: string) => Buffer.byteLength(s, 'utf8')

function calendarOf(events: IcalEvent[]) {
  return buildCalendar({
    prodId: '-//Labcycle//Test//ZH',
    name: '截止日期',
    refreshMinutes: 60,
    stamp: new Date('2026-12-06T01:52:09.123Z'),
    events,
  })
}

describe('escaping TEXT values', () => {
  test('backslash, semicolon, comma and every kind of newline are escaped', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng')
  })

  test('Chinese punctuation is left as it is', () => {
    expect(escapeText('姑苏区，实验室；报告')).toBe('姑苏区，实验室；报告')
  })
})

describe('folding lines at 75 octets', () => {
  test('a short line is left alone', () => {
    expect(foldLine('SUMMARY:短')).toBe('SUMMARY:短')
  })

  test('a long Chinese line is folded into parts of at most 75 octets, never inside a character', () => {
    const line = `SUMMARY:${'苏州大数据创新应用实验室'.repeat(8)}`
    const folded = foldLine(line)
    const parts = folded.split('\r\n')
    expect(parts.length).toBeGreaterThan(3)
    for (const part of parts) expect(octets(part)).toBeLessThanOrEqual(75)
    // each continuation begins with one space, and no part holds half a character
    for (const part of parts.slice(1)) expect(part.startsWith(' ')).toBe(true)
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line)
  })

  test('a line of exactly 75 octets is not folded; 76 is', () => {
    const ascii75 = `X:${'a'.repeat(73)}`
    expect(foldLine(ascii75)).toBe(ascii75)
    expect(foldLine(`${ascii75}b`).split('\r\n')).toEqual([ascii75, ' b'])
  })

  test('a 4-octet emoji at the boundary moves whole to the next line', () => {
    const line = `X:${'a'.repeat(72)}😀z`
    const parts = foldLine(line).split('\r\n')
    expect(parts[0]).toBe(`X:${'a'.repeat(72)}`)
    expect(parts[1]).toBe(' 😀z')
  })
})

describe('the calendar text', () => {
  const event: IcalEvent = {
    uid: 'obligation-12@labcycle',
    date: '2027-02-28',
    summary: '姑苏甲实验室：第 1 有效年度的年度成果',
    description: '实验室：姑苏甲实验室\nhttps://labcycle.example/labs/1/deliverables',
    url: 'https://labcycle.example/labs/1/deliverables',
    categories: '年度成果',
    alarm: true,
  }

  test('every line ends in CRLF and the calendar carries its headers', () => {
    const text = calendarOf([event])
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    for (const line of [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-TIMEZONE:Asia/Shanghai',
      'REFRESH-INTERVAL;VALUE=DURATION:PT60M',
      'X-PUBLISHED-TTL:PT60M',
      'X-WR-CALNAME:截止日期',
      'DTSTAMP:20261206T015209Z',
      'DTSTART;VALUE=DATE:20270228',
      'DTEND;VALUE=DATE:20270301',
      'TRIGGER:-PT15H',
    ])
      expect(text.split('\r\n')).toContain(line)
  })

  test('ical.js reads back an all-day event on its day, with its UID, summary and alarm', () => {
    const vcal = new ICAL.Component(ICAL.parse(calendarOf([event])))
    const [vevent] = vcal.getAllSubcomponents('vevent')
    const parsed = new ICAL.Event(vevent!)
    expect(parsed.uid).toBe('obligation-12@labcycle')
    expect(parsed.summary).toBe(event.summary)
    expect(parsed.description).toBe(event.description)
    expect(parsed.startDate.isDate).toBe(true)
    expect(parsed.startDate.toString()).toBe('2027-02-28')
    expect(parsed.endDate.toString()).toBe('2027-03-01')
    expect(vevent!.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')?.toString()).toBe('-PT15H')
  })

  test('commas, semicolons, backslashes and newlines round-trip through the parser', () => {
    const summary = '甲,乙;丙\\丁\n第二行'
    const vcal = new ICAL.Component(ICAL.parse(calendarOf([{ ...event, summary }])))
    expect(vcal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('summary')).toBe(summary)
  })

  test('a long Chinese summary folded over several lines round-trips through the parser', () => {
    const summary = `${'苏州工业园区数据要素流通实验室'.repeat(6)}：第 2 有效年度的年度报告`
    const text = calendarOf([{ ...event, summary }])
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75)
    const vcal = new ICAL.Component(ICAL.parse(text))
    expect(vcal.getFirstSubcomponent('vevent')!.getFirstPropertyValue('summary')).toBe(summary)
  })

  test('an empty feed is still a valid calendar', () => {
    const vcal = new ICAL.Component(ICAL.parse(calendarOf([])))
    expect(vcal.getFirstPropertyValue('version')).toBe('2.0')
    expect(vcal.getAllSubcomponents('vevent')).toEqual([])
  })

  test('the stamp is UTC without milliseconds', () => {
    expect(utcStamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405Z')
  })
})

describe('the feed address', () => {
  test('reads back the id and the secret from the last path segment', () => {
    const token = composeFeedToken(7, SECRET)
    expect(feedPath(token)).toBe(`/feeds/cal_7_${SECRET}.ics`)
    expect(parseFeedSegment(`${token}.ics`)).toEqual({ id: 7, secret: SECRET })
  })

  test.each([
    ['no .ics ending', `cal_7_${SECRET}`],
    ['an API token', `lc_7_${SECRET}.ics`],
    ['a short secret', `cal_7_${SECRET.slice(1)}.ics`],
    ['a zero id', `cal_0_${SECRET}.ics`],
    ['nothing', ''],
  ])('refuses %s', (_name, raw) => {
    expect(parseFeedSegment(raw)).toBeNull()
  })

  test('the webcal link is the same address on the webcal scheme', () => {
    expect(webcalOf('https://labcycle.example/feeds/x.ics')).toBe('webcal://labcycle.example/feeds/x.ics')
    expect(webcalOf('http://localhost:3000/feeds/x.ics')).toBe('webcal://localhost:3000/feeds/x.ics')
  })
})

describe('the bound on a feed', () => {
  const item = (date: string, uid: string) => ({ date, uid })

  test('keeps 90 days back to 400 days ahead, both ends included', () => {
    expect(feedWindow('2026-12-06')).toEqual({ from: '2026-09-07', to: '2028-01-10' })
    const kept = boundFeedItems(
      [item('2026-09-06', 'a'), item('2026-09-07', 'b'), item('2028-01-10', 'c'), item('2028-01-11', 'd')],
      '2026-12-06',
    )
    expect(kept.map((i) => i.uid)).toEqual(['b', 'c'])
  })

  test('sorts by date then UID and keeps only the earliest `max`', () => {
    const kept = boundFeedItems([item('2027-01-02', 'z'), item('2027-01-01', 'y'), item('2027-01-01', 'x')], '2026-12-06', 2)
    expect(kept.map((i) => i.uid)).toEqual(['x', 'y'])
  })

  test('a UID names the kind and the row, never the date', () => {
    expect(feedUid('plan_review', 12)).toBe('plan-review-12@labcycle')
  })
})
