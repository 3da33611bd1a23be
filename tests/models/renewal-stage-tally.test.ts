import { and, eq, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { countPipelineStages, recountPipelineStages } from '~/models/renewal-pipeline.server'
import type { PipelineFilter } from '~/models/renewal-pipeline-params'
import { startApplication, submitApplication, decideRenewal } from '~/models/renewals.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { insertPeriod, insertRenewal } from '~db/factories'
import { labs, renewals, renewalStageTally, settings, validityPeriods } from '~db/schema'
import { currentVersion, makeLab, makeUser, setupTestDb } from '../helpers'
import { firstPeriod, makeVariedPipeline, PIPELINE_TODAY as TODAY } from '../renewal-pipeline-fixtures'

// Issue 18: /renewals' tiles are summed from renewal_stage_tally, kept on write by SQLite triggers
// (migration 0033), instead of counted over every open period and renewal on each request.
// After every kind of write that can change a tile, and with today and the window moving across
// the periods' ends, the tiles equal the pipeline counted whole (recountPipelineStages, the
// search's count) for the bureau and two districts, under district and direction filters.

const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
const wuzhong: Actor = { id: 3, role: 'district', districtCode: '320506', labId: null }

const FILTERS: PipelineFilter[] = [{}, { districtCode: '320506' }, { direction: 2 }, { districtCode: '320583', direction: 3 }]
// the fixture's ends are 2025-12-31 .. 2027-03-01; a 120-day window from each of these days
// reaches its own boundaries: a period ending today, on the window's last day, the day after
const DAYS = ['2025-12-31', '2026-06-14', TODAY, '2026-06-16', '2026-11-01', '2027-03-02']

let db: Db

beforeEach(async () => {
  db = setupTestDb()
  await makeVariedPipeline(db)
})

function expectAgree(days: readonly string[] = DAYS) {
  for (const today of days)
    for (const actor of [bureau, gusu, wuzhong])
      for (const filter of FILTERS)
        expect({ today, who: actor.districtCode, filter, counts: countPipelineStages({ actor, today, filter }) }).toEqual({
          today,
          who: actor.districtCode,
          filter,
          counts: recountPipelineStages({ actor, today, filter }),
        })
  // renewal_pipeline_rows (migration 0036), which a district's or direction's page reads, holds
  // exactly the pipeline's rows: the open ones whatever their end, and the decided ones
  expect(pipelineRows()).toEqual(recountedPipelineRows())
  // a key whose labs are gone is dropped: ends long past do not pile up for the tiles to read
  expect(
    db
      .select()
      .from(renewalStageTally)
      .where(sql`${renewalStageTally.n} <= 0`)
      .all(),
  ).toEqual([])
}

type PipelineRowKey = {
  periodId: number
  labId: number
  kind: string
  districtCode: string
  direction: number
  labName: string
  endDate: string
  decidedOn: string | null
  inProgress: number
}
const pipelineRows = () =>
  db.all<PipelineRowKey>(sql`
    SELECT period_id AS periodId, lab_id AS labId, kind, district_code AS districtCode, direction, lab_name AS labName, end_date AS endDate, decided_on AS decidedOn,
      in_progress AS inProgress
    FROM renewal_pipeline_rows ORDER BY period_id`)
// the pipeline's two parts as the page's source query joins them, without the window
const recountedPipelineRows = () =>
  db.all<PipelineRowKey>(sql`
    SELECT * FROM (
      SELECT vp.id AS periodId, l.id AS labId, 'open' AS kind, l.district_code AS districtCode, l.direction AS direction, l.name AS labName, vp.end_date AS endDate, NULL AS decidedOn,
        coalesce(r.status IN ('submitted', 'under_review', 'rectifying'), 0) AS inProgress
      FROM validity_periods vp JOIN labs l ON l.id = vp.lab_id LEFT JOIN renewals r ON r.period_id = vp.id
      WHERE vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided')
        AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = vp.lab_id)
      UNION ALL
      SELECT vp.id, l.id, 'decided', l.district_code, l.direction, l.name, vp.end_date, r.decided_on, 0
      FROM renewals r JOIN validity_periods vp ON vp.id = r.period_id JOIN labs l ON l.id = r.lab_id
      WHERE r.status = 'decided')
    ORDER BY periodId`)

const periodsOf = (labId: number) =>
  db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(validityPeriods.sequence).all()
// labs whose only period is open and has no renewal: the fixture's 'none' situation
function labsWithoutRenewal() {
  return db.all<{ id: number }>(sql`
    SELECT l.id AS id FROM labs l WHERE (SELECT count(*) FROM validity_periods p WHERE p.lab_id = l.id) = 1
      AND NOT EXISTS (SELECT 1 FROM renewals r WHERE r.lab_id = l.id)
      AND EXISTS (SELECT 1 FROM validity_periods p WHERE p.lab_id = l.id AND p.outcome IS NULL)
    ORDER BY l.id`)
}
const setPeriod = (id: number, values: Partial<typeof validityPeriods.$inferInsert>) => {
  db.update(validityPeriods).set(values).where(eq(validityPeriods.id, id)).run()
  expectAgree()
}
const setRenewal = (id: number, values: Partial<typeof renewals.$inferInsert>) => {
  db.update(renewals).set(values).where(eq(renewals.id, id)).run()
  expectAgree()
}

describe('renewal_stage_tally gives the tiles the pipeline counts whole', () => {
  test('on the varied pipeline, on the days around its ends and with a shortened or widened window', () => {
    expectAgree()
    expect(countPipelineStages({ actor: bureau, today: TODAY, filter: {} })).toMatchObject({
      upcoming: expect.any(Number),
      not_applied: expect.any(Number),
    })
    for (const days of [30, 365]) {
      db.insert(settings)
        .values({ key: 'renewalWindowDays', value: days, updatedAt: '2026-06-01T00:00:00Z' })
        .onConflictDoUpdate({ target: settings.key, set: { value: days } })
        .run()
      expectAgree()
    }
  })

  test('a period added, moved across the window’s boundaries, settled, reopened, renumbered and deleted', () => {
    const [lab, other] = labsWithoutRenewal()
    const first = periodsOf(lab.id)[0]
    // a new period: the previous latest is no longer the open one
    const second = insertPeriod(db, { labId: lab.id, sequence: 2, startDate: '2026-06-01', endDate: '2026-06-15' })
    expectAgree()
    // its end today, on the window's last day (2026-10-13) and the day after, and past
    for (const endDate of ['2026-10-13', '2026-10-14', '2026-06-14', TODAY]) setPeriod(second.id, { endDate })
    setPeriod(second.id, { outcome: 'not_renewed', outcomeDate: TODAY })
    setPeriod(second.id, { outcome: null, outcomeDate: null })
    // renumbered below the first: the first is the latest again
    setPeriod(second.id, { sequence: 0 })
    setPeriod(second.id, { sequence: 2 })
    // moved to another lab
    setPeriod(second.id, { labId: other.id, sequence: 5 })
    db.delete(validityPeriods).where(eq(validityPeriods.id, second.id)).run()
    expectAgree()
    setPeriod(first.id, { outcome: 'revoked', outcomeDate: TODAY })
    db.delete(validityPeriods).where(eq(validityPeriods.labId, lab.id)).run()
    expectAgree()
  })

  test('a renewal started, its insert repeated, moved through every status, to another period or lab, and deleted', () => {
    const [lab, other] = labsWithoutRenewal()
    const period = periodsOf(lab.id)[0]
    const renewal = insertRenewal(db, { labId: lab.id, periodId: period.id, status: 'draft' })
    expectAgree()
    // a second tab starting the same renewal inserts nothing (startApplication's ON CONFLICT DO NOTHING)
    db.insert(renewals).values({ labId: lab.id, periodId: period.id, status: 'submitted' }).onConflictDoNothing().run()
    expectAgree()
    for (const status of ['submitted', 'under_review', 'rectifying', 'decided', 'submitted', 'draft', 'rectifying'] as const)
      setRenewal(renewal.id, { status })
    setRenewal(renewal.id, { periodId: periodsOf(other.id)[0].id, labId: other.id })
    db.delete(renewals).where(eq(renewals.id, renewal.id)).run()
    expectAgree()
    // a decided renewal counts under its own lab, whichever period it decided
    const decided = db.select().from(renewals).where(eq(renewals.status, 'decided')).get()!
    setRenewal(decided.id, { labId: lab.id })
    setRenewal(decided.id, { status: 'rectifying' })
    setRenewal(decided.id, { status: 'decided', labId: other.id })
    db.insert(renewals).values({ labId: lab.id, periodId: period.id, status: 'decided', decision: 'not_renew' }).run()
    expectAgree()
    db.delete(renewals).where(eq(renewals.id, decided.id)).run()
    expectAgree()
  })

  test('many rows in one statement', () => {
    db.update(renewals).set({ status: 'under_review' }).where(eq(renewals.status, 'submitted')).run()
    expectAgree()
    db.update(validityPeriods).set({ endDate: TODAY }).where(eq(validityPeriods.endDate, '2026-10-14')).run()
    expectAgree()
    db.delete(renewals).where(eq(renewals.status, 'rectifying')).run()
    expectAgree()
    db.update(validityPeriods).set({ outcome: 'not_renewed', outcomeDate: TODAY }).where(eq(validityPeriods.endDate, '2026-05-31')).run()
    expectAgree()
  })

  test('a lab that is renamed or moves district or direction takes its rows along, and a lab deleted takes them away', () => {
    const [lab] = labsWithoutRenewal()
    const applying = db.select().from(renewals).where(eq(renewals.status, 'submitted')).get()!
    const decided = db.select().from(renewals).where(eq(renewals.status, 'decided')).get()!
    for (const id of [lab.id, applying.labId, decided.labId]) {
      db.update(labs).set({ districtCode: '320583' }).where(eq(labs.id, id)).run()
      expectAgree()
      db.update(labs).set({ direction: 3 }).where(eq(labs.id, id)).run()
      expectAgree()
      db.update(labs).set({ districtCode: '320506', direction: 2 }).where(eq(labs.id, id)).run()
      expectAgree()
      // renewal_pipeline_rows keeps the name a district's page sorts by
      db.update(labs)
        .set({ name: `更名实验室${id}` })
        .where(eq(labs.id, id))
        .run()
      expectAgree()
      db.delete(labs).where(eq(labs.id, id)).run()
      expectAgree()
    }
    db.delete(labs).run()
    expectAgree()
    expect(db.select().from(renewalStageTally).all()).toEqual([])
    expect(pipelineRows()).toEqual([])
  })
})

test('a lab that applies and is renewed moves from upcoming to applied to decided, and its new period is not listed', async () => {
  // the window has been open since 2026-05-03 for a period ending 2026-08-31
  setClock(new Date('2026-06-15T02:00:00Z'))
  try {
    const lab = makeLab(db, { name: '续期演示实验室', startDate: '2024-09-01', districtCode: '320508', direction: 1 })
    const labUser = { ...(await makeUser(db, { role: 'lab', labId: lab.id })), displayName: '实验室' }
    const chief = { ...(await makeUser(db, { role: 'bureau' })), displayName: '市局' }
    const tiles = () => countPipelineStages({ actor: gusu, today: TODAY, filter: { direction: 1 } })
    const before = tiles()

    const draft = startApplication({ by: labUser, labId: lab.id })
    if (!draft.ok) throw new Error('startApplication refused')
    // a draft is the lab's own: still upcoming
    expect(tiles()).toEqual(before)
    const submitted = submitApplication({
      by: labUser,
      labId: lab.id,
      renewalId: draft.renewal.id,
      raw: { summary: '总结', selfAssessment: '自评', planTargets: '目标', planIp: '知识产权', planFunding: '经费', planScenarios: '场景' },
      version: currentVersion(renewals, draft.renewal.id),
    })
    expect(submitted.ok).toBe(true)
    expect(tiles()).toEqual({ ...before, upcoming: before.upcoming - 1, applied: before.applied + 1 })

    const decided = decideRenewal({
      by: chief,
      labId: lab.id,
      renewalId: draft.renewal.id,
      raw: { decision: 'renew', grade: 'good', reasons: '两年成果齐全。' },
      version: currentVersion(renewals, draft.renewal.id),
    })
    expect(decided.ok).toBe(true)
    expect(periodsOf(lab.id).map((p) => p.sequence)).toEqual([1, 2])
    expect(tiles()).toEqual({ ...before, upcoming: before.upcoming - 1, decided: before.decided + 1 })
    expectAgree([TODAY])
    expect(
      db
        .select()
        .from(renewals)
        .where(and(eq(renewals.labId, lab.id), eq(renewals.periodId, firstPeriod(db, lab.id).id)))
        .get()?.status,
    ).toBe('decided')
  } finally {
    setClock(undefined)
  }
})
