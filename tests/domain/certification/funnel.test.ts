import { describe, expect, test } from 'vitest'
import type { RecommendingOffice } from '~/domain/certification/actors'
import { APPLICATION_STATUSES, type ApplicationStatus } from '~/domain/certification/application-steps'
import { funnelCounts, lateItems, MAY_BE_LATE, roundFunnel, type FunnelApplication } from '~/domain/certification/funnel'
import { GUSU, ROUND } from './facts'

const KUNSHAN: RecommendingOffice = { kind: 'district', districtCode: '320583' }
const EDUCATION: RecommendingOffice = { kind: 'department', departmentId: 4 }
// the round's quota rule as round-dates.ts gives it: 3 per district, 2 per department
const quotaOf = (office: RecommendingOffice) => (office.kind === 'district' ? 3 : 2)

let nextId = 1
const app = (
  status: ApplicationStatus,
  office: RecommendingOffice = GUSU,
  direction: number | null = 1,
  noticeLastDay: string | null = null,
) => ({ id: nextId++, status, office, direction, noticeLastDay }) satisfies FunnelApplication

const funnel = (applications: FunnelApplication[], now = new Date('2026-06-01T02:00:00.000Z'), offices = [GUSU, KUNSHAN, EDUCATION]) =>
  roundFunnel({ applications, offices, quotaOf, round: ROUND, now })

describe('the stages', () => {
  test('each stage counts what reached it or went further; drafts are not applications, withdrawals apart', () => {
    const f = funnel([
      app('draft'),
      app('withdrawn'),
      app('submitted'),
      app('returned'),
      app('rejected'),
      app('recommended'),
      app('under_review'),
      app('not_shortlisted'),
      app('shortlisted'),
      app('in_notice'),
      app('objection_sustained'),
      app('certified'),
    ])
    expect(f.total).toEqual({ applied: 10, recommended: 7, reviewed: 6, shortlisted: 4, certified: 1 })
    expect(f.withdrawn).toBe(1)
  })

  test('by office, in the order given, with an office without applicants at zero of its quota', () => {
    const f = funnel([
      app('recommended'),
      app('certified'),
      app('submitted', KUNSHAN),
      app('shortlisted', EDUCATION),
      app('withdrawn', EDUCATION),
    ])
    expect(f.byOffice.map((r) => [r.office, r.counts.applied, r.counts.recommended, r.quotaUsed, r.quota])).toEqual([
      [GUSU, 2, 2, 2, 3],
      [KUNSHAN, 1, 0, 0, 3],
      [EDUCATION, 1, 1, 1, 2],
    ])
    expect(funnel([]).byOffice.map((r) => [r.quotaUsed, r.quota])).toEqual([
      [0, 3],
      [0, 3],
      [0, 2],
    ])
  })

  test('an application to an office not in the list still gets its row', () => {
    const other: RecommendingOffice = { kind: 'department', departmentId: 9 }
    expect(funnel([app('recommended', other)], undefined, [GUSU]).byOffice.map((r) => [r.office, r.quotaUsed, r.quota])).toEqual([
      [GUSU, 0, 3],
      [other, 1, 2],
    ])
  })

  test('by direction, ascending, an application without one last', () => {
    const f = funnel([app('submitted', GUSU, 14), app('certified', GUSU, 3), app('draft', GUSU, null), app('recommended', KUNSHAN, 3)])
    expect(f.byDirection.map((d) => [d.direction, d.counts.applied, d.counts.recommended, d.counts.certified])).toEqual([
      [3, 2, 2, 1],
      [14, 1, 0, 0],
      [null, 0, 0, 0],
    ])
  })
})

describe('late items', () => {
  test('nothing is late before the deadlines', () => {
    expect(funnel([app('draft'), app('returned'), app('submitted')]).late).toEqual([])
  })

  test("after the applicants' deadline a draft or returned application is late; at 17:00:00 it is not yet", () => {
    const draft = app('draft')
    const returned = app('returned', KUNSHAN)
    expect(funnel([draft, returned], new Date(ROUND.applicationsDueAt)).late).toEqual([])
    expect(funnel([draft, returned], new Date('2026-06-30T09:00:01.000Z')).late).toEqual([
      { applicationId: draft.id, office: GUSU, kind: 'not_submitted', since: ROUND.applicationsDueAt },
      { applicationId: returned.id, office: KUNSHAN, kind: 'not_submitted', since: ROUND.applicationsDueAt },
    ])
  })

  test("after the offices' deadline a submitted application the office did not decide is late", () => {
    const waiting = app('submitted', EDUCATION)
    expect(funnel([waiting], new Date('2026-07-05T02:00:00.000Z')).late).toEqual([])
    expect(funnel([waiting, app('recommended')], new Date('2026-07-10T09:00:01.000Z')).late).toEqual([
      { applicationId: waiting.id, office: EDUCATION, kind: 'not_decided_by_office', since: ROUND.recommendationsDueAt },
    ])
  })

  test('a notice whose last day is over without a decision is late from the next Beijing day', () => {
    const notice = app('in_notice', GUSU, 1, '2026-10-12')
    expect(funnel([notice], new Date('2026-10-12T15:59:59.000Z')).late).toEqual([])
    expect(funnel([notice], new Date('2026-10-12T16:00:00.000Z')).late).toEqual([
      { applicationId: notice.id, office: GUSU, kind: 'notice_ended_undecided', since: '2026-10-12T16:00:00.000Z' },
    ])
  })
})

describe('counted by group, as a model reads them from SQL', () => {
  test('groups of applications count the same as the applications one by one', () => {
    const apps = [
      app('submitted'),
      app('submitted'),
      app('recommended', KUNSHAN, 3),
      app('recommended', KUNSHAN, 3),
      app('certified', EDUCATION, null),
      app('withdrawn', EDUCATION, null),
      app('not_shortlisted', GUSU, 3),
      app('in_notice', KUNSHAN, 14),
    ]
    const groups = new Map<string, { status: ApplicationStatus; office: RecommendingOffice; direction: number | null; count: number }>()
    for (const a of apps) {
      const key = JSON.stringify([a.status, a.office, a.direction])
      const group = groups.get(key) ?? { status: a.status, office: a.office, direction: a.direction, count: 0 }
      group.count++
      groups.set(key, group)
    }
    const { late, ...oneByOne } = funnel(apps)
    expect(groups.size).toBeLessThan(apps.length)
    expect(funnelCounts({ groups: [...groups.values()], offices: [GUSU, KUNSHAN, EDUCATION], quotaOf })).toEqual(oneByOne)
    expect(late).toEqual([])
  })

  test('only the statuses MAY_BE_LATE names are ever late, so a model may read just those one by one', () => {
    const muchLater = new Date('2030-01-01T00:00:00.000Z')
    for (const status of APPLICATION_STATUSES) {
      const late = lateItems({ applications: [app(status, GUSU, 1, '2026-10-12')], round: ROUND, now: muchLater })
      expect([status, late.length > 0]).toEqual([status, (MAY_BE_LATE as readonly string[]).includes(status)])
    }
  })
})
