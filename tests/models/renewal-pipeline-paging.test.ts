import { beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { countPipelineStages, listPipeline, recountPipelineStages } from '~/models/renewal-pipeline.server'
import { PIPELINE_SORTS, PIPELINE_STAGES, type PipelineFilter } from '~/models/renewal-pipeline-params'
import { settings } from '~db/schema'
import type { Db } from '~db/client.server'
import { setupTestDb } from '../helpers'
import { makeVariedPipeline, PIPELINE_TODAY as TODAY } from '../renewal-pipeline-fixtures'

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

let db: Db

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
  await makeVariedPipeline(db)
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
