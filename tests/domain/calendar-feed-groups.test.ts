import { describe, expect, test } from 'vitest'
import { boundFeedItems, groupByDayAndKind, isDayGroup } from '~/domain/calendar-feed'

// An office's feed (ADR 023, amended): the labs' deadlines of one kind on one day are one event;
// what the office owes itself stays one event each.

type Item = { kind: string; date: string; uid: string; lab: string; owedBy: 'lab' | 'bureau' }
const item = (kind: string, date: string, lab: string, owedBy: Item['owedBy'] = 'lab'): Item => ({
  kind,
  date,
  uid: `${kind}-${lab}@labcycle`,
  lab,
  owedBy,
})
const ownedByBureau = (i: Item) => i.owedBy === 'bureau'

describe('grouping an office’s deadlines by day and kind', () => {
  test('two labs’ annual reports due the same day are one event naming both', () => {
    const out = groupByDayAndKind([item('annual_report', '2027-03-31', 'A'), item('annual_report', '2027-03-31', 'B')], ownedByBureau)
    expect(out).toHaveLength(1)
    const [group] = out
    expect(isDayGroup(group)).toBe(true)
    if (!isDayGroup(group)) return
    expect(group).toMatchObject({ kind: 'annual_report', date: '2027-03-31', uid: 'annual-report-day-2027-03-31@labcycle' })
    expect(group.items.map((i) => i.lab)).toEqual(['A', 'B'])
  })

  test('another day or another kind is another event; a lone lab keeps its own', () => {
    const out = groupByDayAndKind(
      [
        item('annual_report', '2027-03-31', 'A'),
        item('annual_report', '2027-03-31', 'B'),
        item('annual_report', '2027-04-01', 'C'),
        item('deliverable', '2027-03-31', 'D'),
      ],
      ownedByBureau,
    )
    expect(out.filter(isDayGroup)).toHaveLength(1)
    expect(out.filter((e) => !isDayGroup(e)).map((e) => (e as Item).lab)).toEqual(['C', 'D'])
  })

  test('what the reader owes stays apart, even on a crowded day', () => {
    const out = groupByDayAndKind(
      [item('request_decision', '2026-12-20', 'A', 'bureau'), item('request_decision', '2026-12-20', 'B', 'bureau')],
      ownedByBureau,
    )
    expect(out.map((e) => (isDayGroup(e) ? 'group' : e.uid))).toEqual(['request_decision-A@labcycle', 'request_decision-B@labcycle'])
  })

  test('a group keeps its UID as labs join it, so a calendar updates the event rather than adding one', () => {
    const uidOf = (labs: string[]) =>
      groupByDayAndKind(
        labs.map((l) => item('drill', '2027-01-15', l)),
        ownedByBureau,
      )[0]!.uid
    expect(uidOf(['A', 'B'])).toBe(uidOf(['A', 'B', 'C']))
  })

  test('500 labs with the same due day fit in one event, so the bound reaches far ahead', () => {
    const many = Array.from({ length: 500 }, (_, i) => [
      item('annual_report', '2027-03-31', `L${i}`),
      item('drill', '2027-06-30', `L${i}`),
    ]).flat()
    const bounded = boundFeedItems(groupByDayAndKind(many, ownedByBureau), '2026-12-06')
    expect(bounded.map((e) => e.date)).toEqual(['2027-03-31', '2027-06-30'])
  })
})
