import { describe, expect, test } from 'vitest'
import { labelText } from '~/components/timeline/label'
import {
  compareEvents,
  decodeCursor,
  encodeCursor,
  eventId,
  groupByYear,
  mergeTimeline,
  parseTimelineLimit,
  sortEvents,
  timelineMoreHref,
  MAX_TIMELINE_LIMIT,
  type TimelineEvent,
} from '~/domain/timeline'
import {
  auditEvent,
  auditLabel,
  changedFields,
  periodEvents,
  violationEvent,
  type TimelineAuditRow,
  type TimelinePeriod,
} from '~/domain/timeline-events'
import { translator } from '~/i18n'

const zh = translator('zh')
const en = translator('en')

function event(at: string, id: string, date = at.slice(0, 10)): TimelineEvent {
  return {
    id,
    at,
    date,
    time: null,
    kind: 'record',
    icon: 'event',
    label: { key: 'timeline.empty', params: {} },
    detail: null,
    note: '',
    actor: null,
    href: null,
  }
}

function period(p: Partial<TimelinePeriod> & Pick<TimelinePeriod, 'id' | 'sequence' | 'startDate' | 'endDate'>): TimelinePeriod {
  return { outcome: null, outcomeDate: null, outcomeNote: '', ...p }
}

function auditRow(row: Partial<TimelineAuditRow>): TimelineAuditRow {
  return {
    id: 1,
    at: '2025-06-15T02:30:00.000Z',
    actorUserId: 7,
    actorName: '王局',
    action: 'create',
    entityType: 'lab',
    entityId: '1',
    before: null,
    after: null,
    ...row,
  }
}

describe('ordering', () => {
  test('events sort newest first', () => {
    const sorted = sortEvents([
      event('2024-01-01T00:00:00.000Z', 'a:1'),
      event('2025-01-01T00:00:00.000Z', 'a:2'),
      event('2024-06-01T00:00:00.000Z', 'a:3'),
    ])
    expect(sorted.map((e) => e.id)).toEqual(['a:2', 'a:3', 'a:1'])
  })

  test('events at the same instant sort by id, the higher first', () => {
    const at = '2025-01-01T00:00:00.000Z'
    expect(sortEvents([event(at, eventId('audit', 9)), event(at, eventId('audit', 10))]).map((e) => e.id)).toEqual([
      eventId('audit', 10),
      eventId('audit', 9),
    ])
    expect(compareEvents(event(at, 'x'), event(at, 'x'))).toBe(0)
  })

  test('ids are padded so that they compare as text the way their numbers do', () => {
    expect(eventId('audit', 9)).toBe('audit:000000000009')
    expect(eventId('audit', 10) > eventId('audit', 9)).toBe(true)
    expect(eventId('period', 3, 'end')).toBe('period:000000000003:end')
  })

  test('a dated fact sorts before (older than) what was recorded later that Shanghai day', () => {
    const [cert] = periodEvents({
      labId: 1,
      periods: [period({ id: 1, sequence: 1, startDate: '2025-06-15', endDate: '2027-06-14' })],
      today: '2025-06-15',
    })
    const recorded = auditEvent({ labId: 1, row: auditRow({ at: '2025-06-15T01:00:00.000Z' }) })
    expect(cert.at).toBe('2025-06-14T16:00:00.000Z')
    expect(sortEvents([cert, recorded]).map((e) => e.kind)).toEqual(['record', 'certified'])
  })
})

describe('paging', () => {
  test('a cursor survives the URL and a malformed one reads as none', () => {
    const cursor = { at: '2025-06-15T01:00:00.000Z', id: eventId('period', 4, 'start') }
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor)
    for (const bad of [null, '', 'x', '2025-06-15|audit:000000000001', `${cursor.at}|audit:1`, `${cursor.at}|${cursor.id}|more`]) {
      expect(decodeCursor(bad)).toBeNull()
    }
  })

  test('pages through merged sources without gaps or repeats, ties included', () => {
    const tie = '2025-03-01T00:00:00.000Z'
    const a = [event(tie, eventId('audit', 5)), event(tie, eventId('audit', 4)), event('2024-01-01T00:00:00.000Z', eventId('audit', 1))]
    const b = [
      event(tie, eventId('period', 2, 'start')),
      event('2025-05-01T00:00:00.000Z', eventId('period', 3, 'start')),
      event('2023-01-01T00:00:00.000Z', eventId('period', 1, 'start')),
    ]
    const expected = sortEvents([...a, ...b]).map((e) => e.id)
    const seen: string[] = []
    let before = null
    for (let i = 0; i < 10; i++) {
      const page = mergeTimeline([a, b], { limit: 2, before })
      seen.push(...page.events.map((e) => e.id))
      if (!page.hasMore) break
      before = decodeCursor(page.nextCursor)
    }
    expect(seen).toEqual(expected)
  })

  test('the last page says there is no more', () => {
    const page = mergeTimeline([[event('2025-01-01T00:00:00.000Z', 'a:000000000001')]], { limit: 1, before: null })
    expect(page).toMatchObject({ hasMore: false, nextCursor: null })
  })

  test.each([
    [null, 20],
    ['40', 40],
    ['0', 1],
    ['99999', 20],
    ['5000', MAX_TIMELINE_LIMIT],
    ['-3', 20],
    ['abc', 20],
  ])('the page size %s reads as %i', (value, n) => {
    expect(parseTimelineLimit(value)).toBe(n)
  })

  test('"show more" asks for more events, then for the next page once at the maximum', () => {
    expect(timelineMoreHref({ limit: 20, nextCursor: null })).toBeNull()
    expect(timelineMoreHref({ limit: 20, nextCursor: 'c' })).toBe('?events=40#timeline')
    expect(timelineMoreHref({ limit: MAX_TIMELINE_LIMIT, nextCursor: 'c' })).toBe(`?events=${MAX_TIMELINE_LIMIT}&eventsBefore=c#timeline`)
  })
})

describe('groupByYear', () => {
  test('groups by the Asia/Shanghai year: 31 December 16:30 UTC is already New Year in Suzhou', () => {
    const late = auditEvent({ labId: 1, row: auditRow({ id: 2, at: '2024-12-31T16:30:00.000Z' }) })
    const early = auditEvent({ labId: 1, row: auditRow({ id: 1, at: '2024-12-31T15:30:00.000Z' }) })
    expect(late.date).toBe('2025-01-01')
    expect(late.time).toBe('00:30')
    expect(groupByYear(sortEvents([early, late])).map((g) => [g.year, g.events.length])).toEqual([
      ['2025', 1],
      ['2024', 1],
    ])
  })
})

describe('periodEvents', () => {
  const first = period({
    id: 1,
    sequence: 1,
    startDate: '2023-03-15',
    endDate: '2025-03-14',
    outcome: 'renewed',
    outcomeDate: '2025-03-01',
    outcomeNote: '年度成果齐全',
  })
  const second = period({ id: 2, sequence: 2, startDate: '2025-03-15', endDate: '2027-03-14' })

  test('the first start is the certification, a later start a renewal, a passed end an expiry, with the decision', () => {
    const events = sortEvents(periodEvents({ labId: 5, periods: [first, second], today: '2025-06-15' }))
    expect(events.map((e) => [e.kind, e.date])).toEqual([
      ['period_started', '2025-03-15'],
      ['period_ended', '2025-03-14'],
      ['decision', '2025-03-01'],
      ['certified', '2023-03-15'],
    ])
    expect(events.every((e) => e.href === '/labs/5#periods')).toBe(true)
    expect(events[2]).toMatchObject({ icon: 'renewed', note: '年度成果齐全' })
    expect(labelText(zh, events[3].label)).toBe('认定授牌：第 1 个有效期开始（2023-03-15 至 2025-03-14）')
  })

  test.each([
    ['2025-03-14', false, 'not on its last valid day'],
    ['2025-03-15', true, 'from the day after'],
  ])('on %s the end is shown: %s (%s)', (today, shown) => {
    const events = periodEvents({
      labId: 1,
      periods: [period({ id: 1, sequence: 1, startDate: '2023-03-15', endDate: '2025-03-14' })],
      today,
    })
    expect(events.some((e) => e.kind === 'period_ended')).toBe(shown)
  })

  test('a period revoked before its end does not also expire; the decision is shown', () => {
    const revoked = period({
      id: 1,
      sequence: 1,
      startDate: '2023-03-15',
      endDate: '2025-03-14',
      outcome: 'revoked',
      outcomeDate: '2024-02-01',
    })
    const events = periodEvents({ labId: 1, periods: [revoked], today: '2025-06-15' })
    expect(events.map((e) => e.kind).sort()).toEqual(['certified', 'decision'])
    expect(events.find((e) => e.kind === 'decision')?.icon).toBe('revoked')
  })

  test('a decision without a date is placed on the period’s last day', () => {
    const undated = period({ id: 1, sequence: 1, startDate: '2023-03-15', endDate: '2025-03-14', outcome: 'not_renewed' })
    expect(periodEvents({ labId: 1, periods: [undated], today: '2025-06-15' }).find((e) => e.kind === 'decision')?.date).toBe('2025-03-14')
  })

  test('a period that has not started yet is not history', () => {
    const future = period({ id: 3, sequence: 2, startDate: '2025-09-01', endDate: '2027-08-31' })
    expect(periodEvents({ labId: 1, periods: [future], today: '2025-06-15' })).toEqual([])
  })
})

describe('labels of audit entries', () => {
  test('a known entry has its own message with the names filled in', () => {
    const label = auditLabel(auditRow({ entityType: 'team_member', action: 'create', after: { name: '赵六' } }))
    expect(labelText(zh, label)).toBe('团队新增成员：赵六')
    expect(labelText(en, label)).toBe('Team member added: 赵六')
  })

  test('a member marked as no longer on the team reads as leaving it', () => {
    const row = auditRow({
      entityType: 'team_member',
      action: 'update',
      before: { name: '赵六', active: true },
      after: { name: '赵六', active: false },
    })
    expect(labelText(zh, auditLabel(row))).toBe('赵六 离开团队')
    expect(auditEvent({ labId: 1, row }).detail).toBeNull()
    const alsoRole = auditEvent({
      labId: 1,
      row: { ...row, after: { name: '赵六', active: false, role: 'engineer' }, before: { name: '赵六', active: true, role: 'researcher' } },
    })
    expect(alsoRole.detail && labelText(zh, alsoRole.detail)).toBe('修改了：岗位')
  })

  test('a new period names its sequence and dates', () => {
    const row = auditRow({ entityType: 'validity_period', after: { sequence: 2, startDate: '2025-03-15', endDate: '2027-03-14' } })
    expect(labelText(zh, auditLabel(row))).toBe('登记第 2 个有效期（2025-03-15 至 2027-03-14）')
  })

  test('an unknown entity type and action get the generic label with their raw names', () => {
    // names a newer version wrote, not in this one's audit vocabulary
    const label = auditLabel(auditRow({ entityType: 'future_thing', action: 'archive' }))
    expect(label.key).toBe('timeline.audit.generic')
    expect(labelText(zh, label)).toBe('future_thing：archive')
    expect(labelText(en, label)).toBe('future_thing: archive')
  })

  test('an entity type and action without a sentence of their own read as their names', () => {
    const label = auditLabel(auditRow({ entityType: 'annual_report', action: 'submit' }))
    expect(label.key).toBe('timeline.audit.generic')
    expect(labelText(zh, label)).toBe('年度报告：提交')
    expect(labelText(en, label)).toBe('Annual report: Submitted')
  })

  test('a known entity with an unknown action uses the audit log’s words where it has them', () => {
    expect(labelText(zh, auditLabel(auditRow({ entityType: 'lab', action: 'archive' })))).toBe('实验室：archive')
  })

  test('an unknown entry still becomes an event, without a link', () => {
    const e = auditEvent({ labId: 3, row: auditRow({ entityType: 'incident', action: 'report' }) })
    expect(e).toMatchObject({ kind: 'record', icon: 'event', href: null, actor: '王局' })
  })

  test('an edit lists what changed, in words, bookkeeping left out', () => {
    expect(changedFields({ name: 'a', updatedAt: '1', focus: 'x' }, { name: 'b', updatedAt: '2', focus: 'x' })).toEqual(['name'])
    const e = auditEvent({
      labId: 3,
      row: auditRow({
        action: 'update',
        before: { name: 'a', partnerOrgIds: [1], address: '' },
        after: { name: 'b', partnerOrgIds: [1, 2], address: '' },
      }),
    })
    expect(e.detail && labelText(zh, e.detail)).toBe('修改了：实验室名称、联合申报单位')
    expect(e.href).toBe('/labs/3')
  })

  test('a change by the system is attributed to the system', () => {
    const e = auditEvent({ labId: 3, row: auditRow({ actorUserId: null, actorName: 'system' }) })
    expect(e.actor).toEqual({ key: 'timeline.system' })
  })

  test('a violation names its category', () => {
    const e = violationEvent({
      labId: 2,
      violation: { id: 1, subject: 'host', category: 'data_security', occurredOn: '2024-05-01', description: '' },
    })
    expect(labelText(zh, e.label)).toBe('依托单位发生数据安全方面的违法违规行为')
    expect(e.href).toBe('/labs/2#eligibility')
  })

  test('every message a period or decision uses exists in both languages', () => {
    const outcomes = ['renewed', 'not_renewed', 'revoked'] as const
    const periods = outcomes.map((outcome, i) =>
      period({
        id: i + 1,
        sequence: i + 1,
        startDate: `202${i}-01-01`,
        endDate: `202${i + 1}-12-31`,
        outcome,
        outcomeDate: `202${i + 1}-12-01`,
      }),
    )
    for (const e of periodEvents({ labId: 1, periods, today: '2030-01-01' })) {
      for (const t of [zh, en]) expect(labelText(t, e.label)).not.toMatch(/[{}]|^timeline\./)
    }
  })
})
