import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { countPipelineStages, listPipeline, recountPipelineStages } from '~/models/renewal-pipeline.server'
import { PIPELINE_SORTS, PIPELINE_STAGES, type PipelineFilter } from '~/models/renewal-pipeline-params'
import { settings, validityPeriods } from '~db/schema'
import type { DistrictCode, RenewalStatus } from '~db/schema/enums'
import type { Db } from '~db/client.server'
import { insertPeriod, insertRenewal, insertReviewAssignment } from '~db/factories'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { firstPeriod, PIPELINE_TODAY as TODAY } from '../renewal-pipeline-fixtures'

// Issue 18: /renewals reads a page from each part of the pipeline in index order and merges
// them, and counts the stages part by part (the decided ones from renewal_decision_tallies),
// instead of sorting and counting the whole union. Held here to the whole union sorted and
// counted (the CSV's query) on a varied data set: ties in end date and lab name, the window's
// boundaries (today, the window's last day and the day after), drafts, renewals in progress
// beyond a shortened window, decisions with and without a date or a decision, renewed history,
// three districts and three directions.

const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
const wuzhong: Actor = { id: 3, role: 'district', districtCode: '320506', labId: null }

// today 2026-06-15, a 120-day window: the last end date it reaches is 2026-10-13
const ENDS = ['2025-12-31', '2026-05-31', '2026-06-14', '2026-06-15', '2026-06-15', '2026-08-31', '2026-10-13', '2026-10-14', '2027-03-01']
const NAMES = ['甲实验室', '乙实验室', '丙实验室', '甲实验室', '丁实验室']
const DISTRICTS: DistrictCode[] = ['320508', '320506', '320583']
const SITUATIONS = [
  'none',
  'draft',
  'submitted',
  'under_review',
  'rectifying',
  'rectifying_no_decision',
  'decided',
  'decided_undated',
  'decided_no_decision',
  'renewed_then_open',
  'renewed_then_applied',
  'decided_period_open',
  'stale_open_period',
] as const

let db: Db

// a deterministic sequence, so a failure reads the same on every run
function* numbers(seed: number) {
  let x = seed
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648
    yield x
  }
}

function dayAfter(day: string) {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

function startFor(end: string) {
  // a two-year period ending on `end` (the certificate's end date is written as given)
  return `${Number(end.slice(0, 4)) - 2}${end.slice(4)}`
}

async function makeVariedPipeline() {
  const next = numbers(18)
  const pick = <T>(list: readonly T[]) => list[(next.next().value as number) % list.length]
  const expert = await makeUser(db, { role: 'expert' })
  let n = 0
  for (const situation of SITUATIONS)
    for (let copy = 0; copy < 6; copy++) {
      const endDate = pick(ENDS)
      const lab = makeLab(db, {
        name: `${pick(NAMES)}${n++ % 7 === 0 ? '' : ` ${n % 3}`}`,
        startDate: startFor(endDate),
        endDate,
        districtCode: pick(DISTRICTS),
        direction: 1 + (n % 3),
      })
      const period = firstPeriod(db, lab.id)
      const decidedOn = pick(['2026-01-20', '2026-03-20', '2026-03-20', '2026-05-02'])
      const renewal = (status: RenewalStatus, periodId = period.id, more: Partial<Parameters<typeof insertRenewal>[1]> = {}) =>
        insertRenewal(db, { labId: lab.id, periodId, status, submittedAt: status === 'draft' ? null : '2026-04-01T02:00:00.000Z', ...more })
      const settle = (outcome: 'renewed' | 'not_renewed') =>
        db.update(validityPeriods).set({ outcome, outcomeDate: decidedOn }).where(eq(validityPeriods.id, period.id)).run()
      switch (situation) {
        case 'none':
          break
        case 'draft':
          renewal('draft')
          break
        case 'submitted':
        case 'under_review': {
          const r = renewal(situation)
          if (situation === 'under_review')
            insertReviewAssignment(db, {
              renewalId: r.id,
              expertId: expert.id,
              status: pick(['submitted', 'assigned'] as const),
              assignedAt: '2026-05-01T02:00:00Z',
            })
          break
        }
        case 'rectifying':
          renewal('rectifying', period.id, {
            decision: 'renew_after_rectification',
            grade: 'pass',
            decidedOn,
            rectificationDeadline: pick(['2026-06-14', '2026-06-15', '2026-09-01']),
          })
          break
        case 'rectifying_no_decision':
          renewal('rectifying')
          break
        case 'decided':
          settle('not_renewed')
          renewal('decided', period.id, {
            decision: pick(['renew', 'not_renew', 'revoke'] as const),
            grade: pick(['excellent', 'good', null]),
            decidedOn,
          })
          break
        case 'decided_undated':
          settle('not_renewed')
          renewal('decided', period.id, { decision: 'not_renew' })
          break
        case 'decided_no_decision':
          settle('not_renewed')
          renewal('decided', period.id, { decidedOn })
          break
        case 'renewed_then_open':
        case 'renewed_then_applied': {
          settle('renewed')
          renewal('decided', period.id, { decision: 'renew', grade: 'good', decidedOn })
          const start = dayAfter(endDate)
          const second = insertPeriod(db, {
            labId: lab.id,
            sequence: 2,
            startDate: start,
            endDate: pick(ENDS) > endDate ? pick(ENDS) : '2026-10-13',
          })
          if (situation === 'renewed_then_applied') renewal('submitted', second.id)
          break
        }
        case 'decided_period_open':
          // a decision whose period was never given its outcome: listed as decided only
          renewal('decided', period.id, { decision: 'renew', grade: 'excellent', decidedOn })
          break
        case 'stale_open_period':
          // an earlier period left without an outcome: only the latest is open
          insertPeriod(db, { labId: lab.id, sequence: 2, startDate: dayAfter(endDate), endDate: pick(ENDS) })
          break
      }
    }
}

const FILTERS: PipelineFilter[] = [
  {},
  { districtCode: '320506' },
  { direction: 2 },
  { q: '甲' },
  { districtCode: '320583', direction: 3 },
  ...PIPELINE_STAGES.map((stage) => ({ stage })),
  { stage: 'upcoming', direction: 1 },
  { stage: 'decided', q: '乙' },
]

function expectPagesAsTheWholeUnion(actor: Actor, filter: PipelineFilter) {
  const counts = countPipelineStages({ actor, today: TODAY, filter })
  expect({ filter, counts }).toEqual({ filter, counts: recountPipelineStages({ actor, today: TODAY, filter }) })
  for (const sort of PIPELINE_SORTS)
    for (const dir of ['asc', 'desc'] as const) {
      const all = listPipeline({ actor, today: TODAY, filter, sort, dir, pageSize: null }).rows
      for (const pageSize of [4, 50])
        for (let page = 1; page <= Math.ceil(all.length / pageSize) + 1; page++) {
          const got = listPipeline({ actor, today: TODAY, filter, sort, dir, page, pageSize, counts })
          expect({ filter, sort, dir, page, pageSize, ...got }).toEqual({
            filter,
            sort,
            dir,
            page,
            pageSize,
            rows: all.slice((page - 1) * pageSize, page * pageSize),
            total: all.length,
          })
        }
    }
}

beforeEach(async () => {
  db = setupTestDb()
  await makeVariedPipeline()
})

describe('a page and the tiles equal the whole pipeline sorted and counted', () => {
  test('for the bureau and two districts, every filter, sort, direction and page', () => {
    const bureauRows = listPipeline({ actor: bureau, today: TODAY, filter: {}, pageSize: null }).rows
    // the data set reaches every stage, the window's boundaries and ties
    expect(new Set(bureauRows.map((r) => r.stage))).toEqual(new Set(PIPELINE_STAGES))
    expect(bureauRows.map((r) => r.endDate)).toEqual(expect.arrayContaining(['2026-06-14', '2026-06-15', '2026-10-13']))
    expect(bureauRows.some((r, i) => i > 0 && r.endDate === bureauRows[i - 1].endDate && r.labName === bureauRows[i - 1].labName)).toBe(
      true,
    )
    for (const actor of [bureau, gusu, wuzhong]) for (const filter of FILTERS) expectPagesAsTheWholeUnion(actor, filter)
  })

  test('with a shortened window, whose renewals in progress stay listed beyond it', () => {
    db.insert(settings).values({ key: 'renewalWindowDays', value: 30, updatedAt: '2026-06-01T00:00:00Z' }).run()
    const rows = listPipeline({ actor: bureau, today: TODAY, filter: {}, pageSize: null }).rows
    expect(rows.some((r) => r.endDate > '2026-07-15' && r.stage !== 'decided')).toBe(true)
    for (const actor of [bureau, gusu]) for (const filter of FILTERS) expectPagesAsTheWholeUnion(actor, filter)
  })
})
