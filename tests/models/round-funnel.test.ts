import { beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { roundFunnelPage } from '~/models/round-funnel.server'
import type { FunnelParams } from '~/models/round-funnel-params'
import type { Db } from '~db/client.server'
import { DISTRICT_CODES } from '~db/schema/enums'
import { publicNotices, roundOfficeQuotas } from '~db/schema'
import { makeUser, setupTestDb } from '../helpers'
import {
  APPLICATIONS_DUE,
  IN_ROUND,
  RECOMMENDATIONS_DUE,
  makeApplicant,
  makeApplication,
  makeDepartment,
  makeOffice,
  makeRound,
} from '../round-application-fixtures'

// The round at a glance (issue 21 item 8) read from a migrated SQLite: the counts per stage per
// office, who sees which offices, and the late items at the deadline's very instant.

const BY_NAME: FunnelParams = { sort: 'name', dir: 'asc' }
const GUSU = { kind: 'district', districtCode: '320508' }
const WUZHONG = { kind: 'district', districtCode: '320506' }

let db: Db
let round: ReturnType<typeof makeRound>
let department: ReturnType<typeof makeDepartment>
let bureau: Actor
let gusu: Actor
let edu: Actor
let ids: Record<string, number>
beforeEach(async () => {
  db = setupTestDb()
  round = makeRound(db)
  department = makeDepartment(db)
  bureau = await makeUser(db, { role: 'bureau' })
  gusu = await makeOffice(db, { districtCode: '320508' })
  edu = await makeOffice(db, { departmentId: department.id })
  const inGusu = async () => (await makeApplicant(db, { districtCode: '320508' })).applicant
  const inWuzhong = (await makeApplicant(db, { districtCode: '320506' })).applicant
  const ofEdu = (await makeApplicant(db, { departmentId: department.id })).applicant
  const app = (applicant: typeof inWuzhong, status: Parameters<typeof makeApplication>[1]['status'], direction: number | null = 3) =>
    makeApplication(db, { roundId: round.id, applicant, status, direction }).id
  ids = {
    submitted: app(await inGusu(), 'submitted'),
    recommended: app(await inGusu(), 'recommended', 5),
    certified: app(await inGusu(), 'certified'),
    draft: app(await inGusu(), 'draft'),
    withdrawn: app(await inGusu(), 'withdrawn'),
    returned: app(await inGusu(), 'returned', null),
    shortlisted: app(inWuzhong, 'shortlisted', 5),
    underReview: app(ofEdu, 'under_review', 14),
  }
})

const page = (actor: Actor, at = IN_ROUND, params = BY_NAME) => roundFunnelPage({ actor, roundId: round.id, at: new Date(at), params })
const rowOf = (p: NonNullable<ReturnType<typeof page>>, office: object) =>
  p.byOffice.find((r) => JSON.stringify(r.office) === JSON.stringify(office))

describe('the counts', () => {
  test('each office counts its applications per stage; a draft is not counted and a withdrawal apart', () => {
    const p = page(bureau)!
    expect(rowOf(p, GUSU)).toMatchObject({
      counts: { applied: 4, recommended: 2, reviewed: 1, shortlisted: 1, certified: 1 },
      quota: 3,
      // the recommended and the certified hold their places; the submitted one does not yet
      quotaUsed: 2,
    })
    expect(rowOf(p, WUZHONG)).toMatchObject({
      counts: { applied: 1, recommended: 1, reviewed: 1, shortlisted: 1, certified: 0 },
      quotaUsed: 1,
    })
    expect(rowOf(p, { kind: 'department', departmentId: department.id })).toMatchObject({
      counts: { applied: 1, recommended: 1, reviewed: 1, shortlisted: 0, certified: 0 },
      quota: 2,
      quotaUsed: 1,
    })
    expect(p.total).toEqual({ applied: 6, recommended: 4, reviewed: 3, shortlisted: 2, certified: 1 })
    expect(p.withdrawn).toBe(1)
  })

  test('by direction, ascending, an application without one last', () => {
    expect(page(bureau)!.byDirection.map((d) => [d.direction, d.counts.applied])).toEqual([
      [3, 2],
      [5, 2],
      [14, 1],
      [null, 1],
    ])
  })

  test("an office's quota is the round's override where it has one", () => {
    db.insert(roundOfficeQuotas).values({ roundId: round.id, districtCode: '320508', quota: 5 }).run()
    expect(rowOf(page(bureau)!, GUSU)!.quota).toBe(5)
  })

  test('sorted by a stage, the largest first when descending; the catalogue order breaks ties', () => {
    const p = page(bureau, IN_ROUND, { sort: 'applied', dir: 'desc' })!
    expect(p.byOffice[0].office).toEqual(GUSU)
    // 吴中区 and the department have one each; among the ties 吴中区 keeps its catalogue place first
    expect(p.byOffice.slice(1, 3).map((r) => [r.office, r.counts.applied])).toEqual([
      [WUZHONG, 1],
      [{ kind: 'department', departmentId: department.id }, 1],
    ])
    expect(p.byOffice.slice(1, 3).map((r) => r.counts.applied)).toEqual([1, 1])
    expect(p.byDirection.map((d) => d.direction)).toEqual([3, 5, 14, null])
  })
})

describe('scope', () => {
  test('the bureau sees every district and active department, those without applicants at zero', () => {
    const p = page(bureau)!
    expect(p.byOffice).toHaveLength(DISTRICT_CODES.length + 1)
    expect(p.isBureau).toBe(true)
  })

  test('a district office sees its own row only, and only its applicants in every figure', () => {
    const p = page(gusu)!
    expect(p.byOffice.map((r) => r.office)).toEqual([GUSU])
    expect(p.total.applied).toBe(4)
    expect(p.byDirection.map((d) => [d.direction, d.counts.applied])).toEqual([
      [3, 2],
      [5, 1],
      [null, 1],
    ])
    expect(p.isBureau).toBe(false)
  })

  test('a city department is a recommending office and sees its own', () => {
    const p = page(edu)!
    expect(p.byOffice.map((r) => [r.office, r.counts.applied])).toEqual([[{ kind: 'department', departmentId: department.id }, 1]])
    expect(p.total.applied).toBe(1)
  })

  test('a lab, an expert, an applicant and a department account without a department see nothing', async () => {
    const applicant = (await makeApplicant(db)).user
    for (const actor of [
      await makeUser(db, { role: 'lab' }),
      await makeUser(db, { role: 'expert' }),
      applicant,
      await makeUser(db, { role: 'department' }),
    ])
      expect(page(actor)).toBeNull()
  })

  test('an unknown round is not found', () => {
    expect(roundFunnelPage({ actor: bureau, roundId: round.id + 99, at: new Date(IN_ROUND), params: BY_NAME })).toBeNull()
  })
})

describe('late items', () => {
  const plusOneSecond = (iso: string) => new Date(new Date(iso).getTime() + 1000).toISOString()

  test("a returned application is on time at the applicants' 17:00:00 and late at 17:00:01", () => {
    expect(page(bureau, APPLICATIONS_DUE)!.late).toEqual([])
    const late = page(bureau, plusOneSecond(APPLICATIONS_DUE))!.late
    expect(late).toEqual([
      expect.objectContaining({ applicationId: ids.returned, kind: 'not_submitted', since: APPLICATIONS_DUE, office: GUSU }),
    ])
    // the applicant's never-submitted draft is its own: not the offices' to see
    expect(late.map((l) => l.applicationId)).not.toContain(ids.draft)
  })

  test("a submitted application is on time at the offices' 17:00:00 and late at 17:00:01, with whose it is", () => {
    expect(page(bureau, RECOMMENDATIONS_DUE)!.late.filter((l) => l.kind === 'not_decided_by_office')).toEqual([])
    const late = page(bureau, plusOneSecond(RECOMMENDATIONS_DUE))!.late.filter((l) => l.kind === 'not_decided_by_office')
    expect(late).toEqual([
      expect.objectContaining({
        applicationId: ids.submitted,
        since: RECOMMENDATIONS_DUE,
        labName: '数据要素实验室',
        applicantName: expect.stringMatching(/^申报单位/),
      }),
    ])
  })

  test('a notice past its last day is late from the next Beijing midnight', async () => {
    const applicant = (await makeApplicant(db, { districtCode: '320506' })).applicant
    const inNotice = makeApplication(db, { roundId: round.id, applicant, status: 'in_notice' }).id
    db.insert(publicNotices)
      .values({
        subjectKind: 'application',
        subjectId: inNotice,
        publishedAt: '2027-05-01T02:00:00.000Z',
        startsOn: '2027-05-06',
        endsOn: '2027-05-14',
      })
      .run()
    const notices = (at: string) => page(bureau, at)!.late.filter((l) => l.kind === 'notice_ended_undecided')
    expect(notices('2027-05-14T15:59:59.000Z')).toEqual([])
    expect(notices('2027-05-14T16:00:00.000Z')).toEqual([
      expect.objectContaining({ applicationId: inNotice, since: '2027-05-14T16:00:00.000Z' }),
    ])
  })

  test('an office sees only its own late items', () => {
    const at = plusOneSecond(RECOMMENDATIONS_DUE)
    expect(
      page(gusu, at)!
        .late.map((l) => l.applicationId)
        .sort(),
    ).toEqual([ids.submitted, ids.returned].sort())
    expect(page(edu, at)!.late).toEqual([])
  })
})
