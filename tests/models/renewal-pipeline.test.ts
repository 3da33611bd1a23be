import { beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { countPipelineStages, listPipeline, pipelineAggregates } from '~/models/renewal-pipeline.server'
import { PIPELINE_STAGES, type PipelineFilter, type PipelineSort } from '~/models/renewal-pipeline-params'
import { settings } from '~db/schema'
import type { Db } from '~db/client.server'
import { setupTestDb } from '../helpers'
import { makePipeline, PIPELINE_TODAY as TODAY, settle, type PipelineFixture } from '../renewal-pipeline-fixtures'

const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
const wuzhong: Actor = { id: 3, role: 'district', districtCode: '320506', labId: null }
const kunshan: Actor = { id: 4, role: 'district', districtCode: '320583', labId: null }
const expert: Actor = { id: 5, role: 'expert', districtCode: null, labId: null }

let db: Db
let fx: PipelineFixture

beforeEach(async () => {
  db = setupTestDb()
  fx = await makePipeline(db)
})

const list = (
  actor: Actor,
  filter: PipelineFilter = {},
  more: { sort?: PipelineSort; dir?: 'asc' | 'desc'; page?: number; pageSize?: number | null } = {},
) => listPipeline({ actor, today: TODAY, filter, pageSize: null, ...more })
const names = (rows: { labName: string }[]) => rows.map((r) => r.labName.slice(0, 3))

describe('stages at 2026-06-15 with a 120-day window', () => {
  test('each period near or past its end is listed once, at its stage, ordered by its end', () => {
    const { rows, total } = list(bureau)
    expect(total).toBe(11)
    expect(rows.map((r) => [r.labName.slice(0, 3), r.endDate, r.stage])).toEqual([
      ['P12', '2026-01-14', 'decided'],
      ['P11', '2026-01-31', 'decided'],
      ['P09', '2026-02-28', 'rectifying'],
      ['P10', '2026-03-31', 'decided'],
      ['P04', '2026-04-30', 'not_applied'],
      ['P05', '2026-05-09', 'not_applied'],
      ['P07', '2026-05-31', 'applied'],
      ['P08', '2026-06-30', 'under_review'],
      ['P06', '2026-07-31', 'applied'],
      ['P02', '2026-08-31', 'upcoming'],
      ['P03', '2026-10-13', 'upcoming'],
    ])
  })

  test('a period whose window has not opened, and a period settled without a renewal, are not listed', () => {
    const labIds = list(bureau).rows.map((r) => r.labId)
    expect(labIds).not.toContain(fx.labs.notYet)
    expect(labIds).not.toContain(fx.labs.legacy)
  })

  test('a shorter window leaves out what it no longer reaches, but not a renewal in progress', () => {
    db.insert(settings).values({ key: 'renewalWindowDays', value: 30, updatedAt: '2026-06-01T00:00:00Z' }).run()
    const rows = list(bureau, { stage: 'upcoming' }).rows
    expect(rows).toEqual([])
    // P06 ends 2026-07-31, beyond 30 days, but has applied
    expect(list(bureau, { stage: 'applied' }).rows.map((r) => r.labId)).toContain(fx.labs.applied)
  })

  test('a draft is the lab’s own: the row has no renewal to open and counts as not applied', () => {
    const draft = list(bureau).rows.find((r) => r.labId === fx.labs.draft)!
    expect(draft).toMatchObject({ stage: 'not_applied', renewalId: null, overdue: true })
  })

  test('a row carries the application date in Shanghai, the reviews without conflicts, and the decision', () => {
    const rows = list(bureau).rows
    const by = (key: string) => rows.find((r) => r.labId === fx.labs[key])!
    expect(by('applied')).toMatchObject({
      renewalId: fx.renewalIds.applied,
      submittedOn: '2026-05-20',
      reviewsDone: 0,
      reviewsTotal: 0,
      overdue: false,
    })
    expect(by('underReview')).toMatchObject({ renewalId: fx.renewalIds.underReview, reviewsDone: 1, reviewsTotal: 2, overdue: false })
    expect(by('renewed')).toMatchObject({ decision: 'renew', grade: 'excellent', decidedOn: '2026-03-20', overdue: false })
    expect(by('rechecked')).toMatchObject({ decision: 'renew_after_rectification', recheckDecision: 'renew', grade: 'good' })
    expect(by('notRenewed')).toMatchObject({ decision: 'not_renew', grade: null, submittedOn: null })
    expect(by('upcoming')).toMatchObject({ renewalId: null, decision: null, overdue: false })
  })

  test('overdue: ended without applying, applied and undecided after the end, past the rectification deadline', () => {
    expect(names(list(bureau).rows.filter((r) => r.overdue))).toEqual(['P09', 'P04', 'P05', 'P07'])
  })

  test('a renewed lab whose next period nears its end appears once per period', () => {
    // the renewed lab's second period (2026-04-01..2028-03-31) enters a 365-day window from 2027-04-01
    const rows = listPipeline({ actor: bureau, today: '2027-04-01', filter: { q: 'P10' }, pageSize: null }).rows
    expect(rows.map((r) => [r.stage, r.endDate])).toEqual([['decided', '2026-03-31']])
    db.insert(settings).values({ key: 'renewalWindowDays', value: 365, updatedAt: '2026-06-01T00:00:00Z' }).run()
    const wide = listPipeline({ actor: bureau, today: '2027-04-01', filter: { q: 'P10' }, pageSize: null }).rows
    expect(wide.map((r) => [r.stage, r.endDate])).toEqual([
      ['decided', '2026-03-31'],
      ['upcoming', '2028-03-31'],
    ])
  })

  test('a period decided after this module without a renewal row leaves the pipeline', () => {
    settle(db, fx.labs.notApplied, 'not_renewed', '2026-06-10')
    expect(list(bureau).rows.map((r) => r.labId)).not.toContain(fx.labs.notApplied)
  })
})

describe('filters, sort and paging', () => {
  test('stage, district, direction and name filter the rows', () => {
    expect(names(list(bureau, { stage: 'not_applied' }).rows)).toEqual(['P04', 'P05'])
    expect(names(list(bureau, { stage: 'decided' }).rows)).toEqual(['P12', 'P11', 'P10'])
    expect(names(list(bureau, { districtCode: '320506' }).rows)).toEqual(['P11', 'P05', 'P07', 'P03'])
    expect(names(list(bureau, { direction: 5 }).rows)).toEqual(['P09', 'P08'])
    expect(names(list(bureau, { q: '整改' }).rows)).toEqual(['P09'])
    expect(names(list(bureau, { q: '%' }).rows)).toEqual([])
    expect(names(list(bureau, { stage: 'applied', districtCode: '320508' }).rows)).toEqual(['P06'])
  })

  test('sort by lab name, by decision date (undecided last either way) and by end, both ways', () => {
    expect(names(list(bureau, {}, { sort: 'lab' }).rows)).toEqual([
      'P02',
      'P03',
      'P04',
      'P05',
      'P06',
      'P07',
      'P08',
      'P09',
      'P10',
      'P11',
      'P12',
    ])
    expect(names(list(bureau, {}, { sort: 'decided' }).rows)).toEqual([
      'P12',
      'P09',
      'P10',
      'P11',
      'P04',
      'P05',
      'P07',
      'P08',
      'P06',
      'P02',
      'P03',
    ])
    expect(names(list(bureau, {}, { sort: 'decided', dir: 'desc' }).rows)).toEqual([
      'P11',
      'P10',
      'P09',
      'P12',
      'P03',
      'P02',
      'P06',
      'P08',
      'P07',
      'P05',
      'P04',
    ])
    expect(names(list(bureau, {}, { sort: 'end', dir: 'desc' }).rows)).toEqual([
      'P03',
      'P02',
      'P06',
      'P08',
      'P07',
      'P05',
      'P04',
      'P10',
      'P09',
      'P11',
      'P12',
    ])
  })

  test('pages are cut in SQL and the total counts every matching row', () => {
    const first = list(bureau, {}, { pageSize: 5, page: 1 })
    const third = list(bureau, {}, { pageSize: 5, page: 3 })
    expect(first.total).toBe(11)
    expect(names(first.rows)).toEqual(['P12', 'P11', 'P09', 'P10', 'P04'])
    expect(third).toMatchObject({ total: 11 })
    expect(names(third.rows)).toEqual(['P03'])
    expect(list(bureau, { stage: 'decided' }, { pageSize: 2, page: 2 })).toMatchObject({ total: 3 })
  })
})

describe('scope', () => {
  test('a district sees its own labs only; another district nothing; labs and experts nothing', () => {
    expect(names(list(gusu).rows)).toEqual(['P12', 'P09', 'P10', 'P04', 'P08', 'P06', 'P02'])
    expect(names(list(wuzhong).rows)).toEqual(['P11', 'P05', 'P07', 'P03'])
    expect(list(kunshan)).toEqual({ rows: [], total: 0 })
    expect(list(expert)).toEqual({ rows: [], total: 0 })
    expect(list({ id: 6, role: 'lab', districtCode: null, labId: fx.labs.applied })).toEqual({ rows: [], total: 0 })
    expect(pipelineAggregates({ actor: expert, filter: {} })).toEqual({ byGrade: [], byDistrict: [], byDirection: [] })
  })

  test('a district asking for another district’s labs gets none', () => {
    expect(list(gusu, { districtCode: '320506' }).total).toBe(0)
  })
})

describe('tiles and aggregates', () => {
  test('the count per stage is the total of the table filtered to that stage, under the same filters', () => {
    for (const [actor, filter] of [
      [bureau, {}],
      [gusu, {}],
      [bureau, { direction: 2 }],
      [bureau, { districtCode: '320506', q: 'P' }],
    ] as [Actor, PipelineFilter][]) {
      const counts = countPipelineStages({ actor, today: TODAY, filter })
      for (const stage of PIPELINE_STAGES) expect(counts[stage]).toBe(list(actor, { ...filter, stage }, { pageSize: 20 }).total)
      expect(PIPELINE_STAGES.reduce((sum, s) => sum + counts[s], 0)).toBe(list(actor, filter).total)
    }
    expect(countPipelineStages({ actor: bureau, today: TODAY, filter: {} })).toEqual({
      upcoming: 2,
      not_applied: 2,
      applied: 2,
      under_review: 1,
      rectifying: 1,
      decided: 3,
    })
  })

  test('decisions taken (rectifying included) by grade, district and direction, each split by decision', () => {
    const sorted = <T extends { key: string; decision: string }>(xs: T[]) =>
      [...xs].sort((a, b) => a.key.localeCompare(b.key) || a.decision.localeCompare(b.decision))
    const all = pipelineAggregates({ actor: bureau, filter: {} })
    expect(sorted(all.byGrade)).toEqual([
      { key: '', decision: 'not_renew', n: 1 },
      { key: 'excellent', decision: 'renew', n: 1 },
      { key: 'good', decision: 'renew_after_rectification', n: 1 },
      { key: 'pass', decision: 'renew_after_rectification', n: 1 },
    ])
    expect(sorted(all.byDistrict)).toEqual([
      { key: '320506', decision: 'not_renew', n: 1 },
      { key: '320508', decision: 'renew', n: 1 },
      { key: '320508', decision: 'renew_after_rectification', n: 2 },
    ])
    expect(sorted(all.byDirection)).toEqual([
      { key: '1', decision: 'not_renew', n: 1 },
      { key: '1', decision: 'renew', n: 1 },
      { key: '2', decision: 'renew_after_rectification', n: 1 },
      { key: '5', decision: 'renew_after_rectification', n: 1 },
    ])
    const mine = pipelineAggregates({ actor: wuzhong, filter: {} })
    expect(mine.byDistrict).toEqual([{ key: '320506', decision: 'not_renew', n: 1 }])
    expect(pipelineAggregates({ actor: bureau, filter: { direction: 2 } }).byGrade).toEqual([
      { key: 'good', decision: 'renew_after_rectification', n: 1 },
    ])
  })
})
