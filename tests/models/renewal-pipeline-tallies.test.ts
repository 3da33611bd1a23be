import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { countPipelineStages, listPipeline, pipelineAggregates, recountDecisions, talliedDecisions } from '~/models/renewal-pipeline.server'
import { PIPELINE_STAGES, type PipelineFilter } from '~/models/renewal-pipeline-params'
import type { Db } from '~db/client.server'
import { labs, renewals } from '~db/schema'
import { setupTestDb } from '../helpers'
import { makePipeline, PIPELINE_TODAY as TODAY, type PipelineFixture } from '../renewal-pipeline-fixtures'

// /renewals' decision charts read renewal_decision_tallies, kept on write by SQLite triggers
// (issue 18): after every kind of write that changes a decision's count, the tallies equal the
// decisions recounted from every renewal, for the bureau and each district, under the lab filters.

const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
const wuzhong: Actor = { id: 3, role: 'district', districtCode: '320506', labId: null }

let db: Db
let fx: PipelineFixture

beforeEach(async () => {
  db = setupTestDb()
  fx = await makePipeline(db)
})

function expectAgree() {
  for (const actor of [bureau, gusu, wuzhong])
    for (const filter of [{}, { districtCode: '320506' }, { direction: 2 }, { direction: 1 }] as PipelineFilter[])
      expect({ who: actor.districtCode, filter, groups: talliedDecisions({ actor, filter }) }).toEqual({
        who: actor.districtCode,
        filter,
        groups: recountDecisions({ actor, filter }),
      })
}

describe('renewal_decision_tallies equals the decisions recounted', () => {
  test('on the fixture, and after renewals are decided, regraded, re-decided, reopened and deleted', () => {
    expectAgree()
    expect(talliedDecisions({ actor: bureau, filter: {} }).length).toBeGreaterThan(1)
    const id = fx.renewalIds.applied
    const set = (values: Partial<typeof renewals.$inferInsert>) => {
      db.update(renewals).set(values).where(eq(renewals.id, id)).run()
      expectAgree()
    }
    set({ status: 'decided', decision: 'renew', grade: 'A', decidedOn: '2026-06-01' })
    set({ grade: 'B' })
    set({ grade: null, decision: 'revoke' })
    set({ status: 'rectifying', decision: 'renew_after_rectification', grade: 'C' })
    set({ decision: null })
    set({ status: 'submitted' })
    set({ status: 'decided', decision: 'not_renew' })
    for (const key of Object.keys(fx.renewalIds)) {
      db.delete(renewals).where(eq(renewals.id, fx.renewalIds[key])).run()
      expectAgree()
    }
    expect(pipelineAggregates({ actor: bureau, filter: {} })).toEqual({ byGrade: [], byDistrict: [], byDirection: [] })
  })

  test('a lab that moves district or direction takes its decisions along', () => {
    const decided = db.select().from(renewals).where(eq(renewals.status, 'decided')).all()
    expect(decided.length).toBeGreaterThan(0)
    const labId = decided[0].labId
    db.update(labs).set({ districtCode: '320583' }).where(eq(labs.id, labId)).run()
    expectAgree()
    expect(talliedDecisions({ actor: bureau, filter: { districtCode: '320583' } }).reduce((s, g) => s + g.n, 0)).toBe(
      decided.filter((r) => r.labId === labId && r.decision !== null).length,
    )
    db.update(labs).set({ direction: 14 }).where(eq(labs.id, labId)).run()
    expectAgree()
  })

  test('a search reads the recount: the tallies keep no lab names', () => {
    expect(pipelineAggregates({ actor: bureau, filter: { q: 'P1' } })).not.toEqual(pipelineAggregates({ actor: bureau, filter: {} }))
  })
})

test('the table’s total taken from the tiles’ counts is the total it counts itself', () => {
  for (const actor of [bureau, gusu])
    for (const filter of [{}, { direction: 2 }, { q: 'P0' }, ...PIPELINE_STAGES.map((stage) => ({ stage }))] as PipelineFilter[]) {
      const counts = countPipelineStages({ actor, today: TODAY, filter })
      const page = { actor, today: TODAY, filter, page: 1, pageSize: 5 }
      expect(listPipeline({ ...page, counts })).toEqual(listPipeline(page))
    }
})
