import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { pipelinePageQuery } from '~/models/renewal-pipeline.server'
import type { PipelineFilter, PipelineSort } from '~/models/renewal-pipeline-params'
import { setupTestDb } from '../helpers'

// Statements that run on every write (triggers, foreign keys) or on a page must find what they
// touch by an index, not by reading a table that grows with the labs. Checked on the plan SQLite
// makes for the statement:
// - at 50,000 labs a period's new end date took 4 ms to copy onto its lab's stored plan
//   fulfilment, the copy reading all 48,000 of them (migration 0034);
// - the help page's first-run checklist read all 100,000 accounts twice to find the offices'
//   and experts' (25 ms; migration 0035).

function plan(sql: string): string {
  const db = setupTestDb()
  const rows = db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]
  return rows.map((r) => r.detail).join('\n')
}

test('a period’s dates reach its plan fulfilment through the period index', () => {
  // the statement of trigger plan_fulfilments_period (migration 0025)
  const detail = plan("UPDATE plan_fulfilments SET start_date = '2026-01-01', end_date = '2027-12-31' WHERE period_id = 1")
  expect(detail).toContain('USING INDEX plan_fulfilments_period_idx')
  expect(detail).not.toMatch(/^SCAN plan_fulfilments$/m)
})

test('a deleted period’s plan fulfilment is found by the same index (ON DELETE CASCADE)', () => {
  // what the cascade does, as a statement
  expect(plan('DELETE FROM plan_fulfilments WHERE period_id = 1')).toMatch(/USING (COVERING )?INDEX plan_fulfilments_period_idx/)
})

test('the offices’ and experts’ accounts are found by role, not by reading every account', () => {
  for (const statement of [
    "SELECT DISTINCT district_code FROM users WHERE role = 'district' AND active = 1",
    "SELECT count(*) FROM users WHERE role = 'expert' AND active = 1",
    "SELECT id FROM users WHERE role = 'district' AND active = 1 AND district_code = '320508'",
  ])
    expect(plan(statement)).toMatch(/USING (COVERING )?INDEX users_role_idx/)
})

test('a district’s or a direction’s /renewals page reads its own rows in order, not every lab of it', () => {
  // at 50,000 labs a district office's first page read all 5,000 of its labs and their periods
  // and renewals (48 ms), and reading the city's order instead skipped nearly every row where a
  // district had few decided renewals (migration 0036)
  const db = setupTestDb()
  const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
  const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
  const planOf = (actor: Actor, filter: PipelineFilter, sort: PipelineSort) =>
    db
      .all<{ detail: string }>(
        sql`EXPLAIN QUERY PLAN ${pipelinePageQuery({ actor, today: '2026-06-15', filter, sort, direction: sql`ASC`, limit: 50, offset: 0 })}`,
      )
      .map((r) => r.detail)
      .join('\n')
  const cases: [Actor, PipelineFilter, PipelineSort, RegExp][] = [
    [gusu, {}, 'end', /renewal_pipeline_rows_district_end_idx/],
    [gusu, { stage: 'decided' }, 'decided', /renewal_pipeline_rows_district_decided_idx/],
    [gusu, {}, 'lab', /renewal_pipeline_rows_district_lab_idx/],
    [bureau, { districtCode: '320506' }, 'end', /renewal_pipeline_rows_district_end_idx/],
    [bureau, { direction: 3 }, 'end', /renewal_pipeline_rows_direction_end_idx/],
    [bureau, { direction: 3 }, 'lab', /renewal_pipeline_rows_direction_lab_idx/],
  ]
  for (const [actor, filter, sort, index] of cases) {
    const detail = planOf(actor, filter, sort)
    expect({ filter, sort, detail }).toEqual({ filter, sort, detail: expect.stringMatching(index) })
    // no part reads a whole table: every SCAN is of an index in the page's order or a subquery
    expect({ filter, sort, scans: detail.match(/^SCAN (labs|validity_periods|vp|renewals|r)\b(?! USING)/gm) }).toEqual({
      filter,
      sort,
      scans: null,
    })
  }
})

test('a later page of GET /api/v1/renewals starts each part’s end index at the cursor’s end', () => {
  // the keyset twin of the page (listPipelineAfter): without the start, a deep page re-reads
  // every row before the cursor in each part
  const db = setupTestDb()
  const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
  const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
  const after = { endDate: '2026-05-01', labName: '某实验室', periodId: 5 }
  const planOf = (actor: Actor) =>
    db
      .all<{
        detail: string
      }>(
        sql`EXPLAIN QUERY PLAN ${pipelinePageQuery({ actor, today: '2026-06-15', filter: {}, sort: 'end', direction: sql`ASC`, limit: 50, offset: 0, after })}`,
      )
      .map((r) => r.detail)
  const ends = (detail: string[], index: string) => detail.filter((d) => d.includes(index))
  const district = ends(planOf(gusu), 'renewal_pipeline_rows_district_end_idx')
  expect(district).toHaveLength(2)
  for (const d of district) expect(d).toMatch(/end_date>/)
  const city = [...ends(planOf(bureau), 'validity_periods_open_end_idx'), ...ends(planOf(bureau), 'validity_periods_end_idx')]
  expect(city).toHaveLength(2)
  for (const d of city) expect(d).toMatch(/end_date>/)
})

test('the request queue’s default order (what awaits a decision first) reads the awaiting-order index', () => {
  // listRequestQueue's ORDER BY for sort 'awaiting' (app/models/request-queue.server.ts), the bureau's first page
  const detail = plan(`SELECT r.id, labs.name FROM resource_requests r JOIN labs ON labs.id = r.lab_id WHERE r.status <> 'draft'
    ORDER BY (r.status NOT IN ('submitted', 'district_reviewed', 'accepted')) ASC, (r.deadline IS NULL) ASC, r.deadline ASC, r.id ASC
    LIMIT 50`)
  expect(detail).toContain('USING INDEX resource_requests_awaiting_order_idx')
  expect(detail).not.toContain('USE TEMP B-TREE FOR ORDER BY')
})
