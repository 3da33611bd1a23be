import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { encodeCursor } from '~/api/cursor'
import { resetRateLimits } from '~/api/serve.server'
import type { Actor } from '~/domain/permissions'
import { listPipeline } from '~/models/renewal-pipeline.server'
import { loader as renewalsLoader } from '~/routes/api.v1.renewals'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { insertReviewAssignment } from '~db/factories'
import { makeUser, setupTestDb } from '../helpers'
import { makePipeline, makeVariedPipeline, PIPELINE_NOW, PIPELINE_TODAY, type PipelineFixture } from '../renewal-pipeline-fixtures'
import { callApi, tokenOf } from './api-helpers'

// GET /api/v1/renewals (issue 20): the renewal pipeline of 续期办理 with the pages' scope — the
// bureau every lab, a district its own, a lab its own rows, an expert the renewals assigned to it —
// paged by a keyset in the page's end order.

type Row = Record<string, unknown> & { period_id: number; lab: { id: number; name: string; district: string } }
type Who = 'bureau' | 'gusu' | 'wuzhongOffice' | 'lab' | 'otherLab' | 'expert' | 'idleExpert'

let db: Db
let tokens: Record<Who, string>

const call = (who: Who, query = '') => callApi(renewalsLoader, `/api/v1/renewals${query}`, { token: tokens[who] })
const rowsOf = (body: { data?: unknown[] }) => body.data as Row[]
const names = (body: { data?: unknown[] }) => rowsOf(body).map((r) => r.lab.name.slice(0, 3))

afterEach(() => setClock(undefined))

describe('GET /api/v1/renewals', () => {
  let fx: PipelineFixture

  beforeEach(async () => {
    db = setupTestDb()
    resetRateLimits()
    setClock(PIPELINE_NOW)
    fx = await makePipeline(db)
    const expert = await makeUser(db, { role: 'expert' })
    // scored one renewal under review and one since decided; declined another (not its to see)
    insertReviewAssignment(db, {
      renewalId: fx.renewalIds.underReview,
      expertId: expert.id,
      status: 'submitted',
      totalScore: 82.5,
      assignedAt: '2026-05-01T02:00:00.000Z',
    })
    insertReviewAssignment(db, {
      renewalId: fx.renewalIds.renewed,
      expertId: expert.id,
      status: 'submitted',
      totalScore: 90,
      assignedAt: '2026-01-12T02:00:00.000Z',
    })
    insertReviewAssignment(db, {
      renewalId: fx.renewalIds.appliedLate,
      expertId: expert.id,
      status: 'conflict',
      assignedAt: '2026-03-02T02:00:00.000Z',
    })
    const users = {
      bureau: await makeUser(db, { role: 'bureau' }),
      gusu: await makeUser(db, { role: 'district', districtCode: '320508' }),
      wuzhongOffice: await makeUser(db, { role: 'district', districtCode: '320506' }),
      lab: await makeUser(db, { role: 'lab', labId: fx.labs.applied }),
      otherLab: await makeUser(db, { role: 'lab', labId: fx.labs.notApplied }),
      expert,
      idleExpert: await makeUser(db, { role: 'expert' }),
    }
    tokens = Object.fromEntries(Object.entries(users).map(([k, u]) => [k, tokenOf(u, 90, PIPELINE_NOW)])) as typeof tokens
  })

  test('the bureau sees every row of the pipeline in end order, with stage, decision, reviews and their mean', async () => {
    const { status, body } = await call('bureau')
    expect(status).toBe(200)
    expect(names(body)).toEqual(['P12', 'P11', 'P09', 'P10', 'P04', 'P05', 'P07', 'P08', 'P06', 'P02', 'P03'])
    expect(body).toMatchObject({ total: 11, next_cursor: null })
    const row = (key: string) => rowsOf(body).find((r) => r.lab.id === fx.labs[key])
    expect(row('underReview')).toEqual({
      period_id: expect.any(Number),
      lab: { id: fx.labs.underReview, name: 'P08 评审中', district: '320508' },
      direction: 5,
      period_end: '2026-06-30',
      stage: 'under_review',
      overdue: false,
      renewal_id: fx.renewalIds.underReview,
      renewal_status: 'under_review',
      submitted_on: '2026-04-01',
      decision: null,
      recheck_decision: null,
      grade: null,
      decided_on: null,
      rectification_deadline: null,
      // the fixture's own submitted review has no total yet; the conflict is not counted
      reviews: { done: 2, total: 3, mean_total: 82.5 },
    })
    expect(row('renewed')).toMatchObject({
      stage: 'decided',
      renewal_status: 'decided',
      decision: 'renew',
      grade: 'excellent',
      decided_on: '2026-03-20',
      reviews: { done: 1, total: 1, mean_total: 90 },
    })
    expect(row('rectifying')).toMatchObject({
      stage: 'rectifying',
      decision: 'renew_after_rectification',
      rectification_deadline: '2026-05-10',
      overdue: true,
    })
    // a draft is the lab's own: no renewal to name
    expect(row('draft')).toMatchObject({ stage: 'not_applied', renewal_id: null, renewal_status: null, overdue: true })
  })

  test('a district sees its own district’s rows, counts and review counts, not the bureau’s mean', async () => {
    const { body } = await call('gusu')
    expect(names(body)).toEqual(['P12', 'P09', 'P10', 'P04', 'P08', 'P06', 'P02'])
    expect(body.total).toBe(7)
    expect(rowsOf(body).every((r) => r.lab.district === '320508')).toBe(true)
    expect(rowsOf(body).find((r) => r.lab.id === fx.labs.underReview)?.reviews).toEqual({ done: 2, total: 3, mean_total: null })
    // another district's code finds none, in the rows and the total
    expect((await call('gusu', '?district=320506')).body).toMatchObject({ data: [], total: 0, next_cursor: null })
    expect(names((await call('wuzhongOffice')).body)).toEqual(['P11', 'P05', 'P07', 'P03'])
  })

  test('a lab sees its own renewal only, without the experts’ reviews', async () => {
    const own = await call('lab')
    expect(own.status).toBe(200)
    expect(rowsOf(own.body)).toEqual([
      expect.objectContaining({ lab: expect.objectContaining({ id: fx.labs.applied }), stage: 'applied', reviews: null }),
    ])
    expect(own.body.total).toBe(1)
    const other = await call('otherLab')
    expect(rowsOf(other.body).map((r) => r.lab.id)).toEqual([fx.labs.notApplied])
    expect(other.body.total).toBe(1)
    expect((await call('lab', '?district=320506')).body).toMatchObject({ data: [], total: 0 })
  })

  test('an expert sees the renewals assigned to it, not one it declined, and no decision', async () => {
    const { status, body } = await call('expert')
    expect(status).toBe(200)
    expect(rowsOf(body).map((r) => r.renewal_id)).toEqual([fx.renewalIds.renewed, fx.renewalIds.underReview])
    expect(body.total).toBe(2)
    for (const r of rowsOf(body)) expect(r).toMatchObject({ decision: null, grade: null, decided_on: null, reviews: null })
    expect(rowsOf(body)[0]).toMatchObject({ stage: 'decided', renewal_status: 'decided' })
    expect((await call('idleExpert')).body).toMatchObject({ data: [], total: 0, next_cursor: null })
  })

  test('stage, district, direction and a name narrow the rows and the total as on the page', async () => {
    const decided = (await call('bureau', '?stage=decided')).body
    expect(names(decided)).toEqual(['P12', 'P11', 'P10'])
    expect(decided.total).toBe(3)
    expect(names((await call('bureau', '?direction=5')).body)).toEqual(['P09', 'P08'])
    expect(names((await call('bureau', '?stage=upcoming&district=320506')).body)).toEqual(['P03'])
    const search = (await call('bureau', `?q=${encodeURIComponent('评审')}`)).body
    expect(names(search)).toEqual(['P08'])
    expect(search.total).toBe(1)
  })

  test('a cursor does not widen the scope', async () => {
    const { body } = await call('gusu', `?cursor=${encodeCursor({ key: '2000-01-01', id: 1 })}`)
    expect(rowsOf(body).every((r) => r.lab.district === '320508')).toBe(true)
    expect(body.total).toBe(7)
  })

  test.each([
    ['an unknown parameter', '?sort=lab', 'sort'],
    ['an unknown stage', '?stage=lost', 'stage'],
    ['a direction out of range', '?direction=15', 'direction'],
    ['an unknown district', '?district=110101', 'district'],
    ['a page size of zero', '?limit=0', 'limit'],
    ['a bad cursor', '?cursor=%%%', 'cursor'],
  ])('%s: 400 problem', async (_name, query, parameter) => {
    const { status, body, headers } = await call('bureau', query)
    expect(status).toBe(400)
    expect(headers.get('Content-Type')).toContain('application/problem+json')
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ parameter })]))
  })
})

describe('GET /api/v1/renewals, page after page', () => {
  const bureau: Actor = { id: 0, role: 'bureau', districtCode: null, labId: null }
  const gusu: Actor = { id: 0, role: 'district', districtCode: '320508', labId: null }

  beforeEach(async () => {
    db = setupTestDb()
    resetRateLimits()
    setClock(PIPELINE_NOW)
    // ties in end date and lab name, decisions, drafts, renewed periods, three districts
    await makeVariedPipeline(db)
    tokens = {
      bureau: tokenOf(await makeUser(db, { role: 'bureau' }), 90, PIPELINE_NOW),
      gusu: tokenOf(await makeUser(db, { role: 'district', districtCode: '320508' }), 90, PIPELINE_NOW),
    } as typeof tokens
  })

  async function walk(who: Who, query: string) {
    const seen: number[] = []
    let cursor = ''
    for (let i = 0; i < 100; i++) {
      const { status, body } = await call(who, `?limit=7${query}${cursor}`)
      expect(status).toBe(200)
      seen.push(...rowsOf(body).map((r) => r.period_id))
      if (!body.next_cursor) return { seen, total: body.total }
      cursor = `&cursor=${String(body.next_cursor)}`
    }
    throw new Error('the pages never ended')
  }

  test.each([
    ['the bureau', 'bureau', bureau, '', {}],
    ['a district', 'gusu', gusu, '', {}],
    ['the bureau, decided only', 'bureau', bureau, '&stage=decided', { stage: 'decided' as const }],
    ['the bureau, one district', 'bureau', bureau, '&district=320583', { districtCode: '320583' as const }],
  ])('%s: the pages hold the page’s rows in its order, none twice, the total on each', async (_name, who, actor, query, filter) => {
    const whole = listPipeline({ actor, today: PIPELINE_TODAY, filter, sort: 'end', dir: 'asc', pageSize: null }).rows
    expect(whole.length).toBeGreaterThan(7)
    const { seen, total } = await walk(who as Who, query)
    expect(seen).toEqual(whole.map((r) => r.periodId))
    expect(total).toBe(whole.length)
  })
})
