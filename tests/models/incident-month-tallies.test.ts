import { eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { INCIDENT_CHART_MONTHS, recentMonths } from '~/domain/incidents'
import type { Actor } from '~/domain/permissions'
import { regradeIncident, reportIncident } from '~/models/incidents.server'
import type { ActingUser } from '~/models/result.server'
import { countIncidentsByMonth, listIncidents, recountIncidentsByMonth, type IncidentFilter } from '~/models/security-overview.server'
import type { Db } from '~db/client.server'
import { incidentMonthTallies, incidents, labs } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
import { insertIncident } from '~db/factories'
import { currentVersion, makeLab, makeUser, setupTestDb } from '../helpers'
import { pinClock } from '../clock'

// /security's chart reads incident_month_tallies, kept on write by SQLite triggers (issue 18). For
// the city, each district and a district filter, the chart's counts must equal the incidents
// recounted by month of discovery in Asia/Shanghai, after every kind of write that changes them.

pinClock(new Date('2026-12-04T02:00:00Z'))
const TODAY = '2026-12-04'
const MONTHS = recentMonths(TODAY, INCIDENT_CHART_MONTHS)
let db: Db
let labId: number
let otherLabId: number
let labUser: ActingUser

const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
const kunshan: Actor = { id: 3, role: 'district', districtCode: '320583', labId: null }

beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', name: '姑苏安全实验室' }).id
  otherLabId = makeLab(db, { districtCode: '320583', name: '昆山安全实验室' }).id
  const user = await makeUser(db, { role: 'lab', labId })
  labUser = { id: user.id, role: 'lab', districtCode: null, labId, displayName: '实验室' }
})

function expectTalliesAgree() {
  const scopes: [Actor, DistrictCode | undefined][] = [
    [bureau, undefined],
    [bureau, '320508'],
    [bureau, '320583'],
    [gusu, undefined],
    [kunshan, undefined],
    // a district filter outside a district's own scope selects nothing, as it did
    [gusu, '320583'],
  ]
  for (const [actor, districtCode] of scopes)
    expect({ actor: actor.districtCode, districtCode, counts: countIncidentsByMonth({ actor, months: MONTHS, districtCode }) }).toEqual({
      actor: actor.districtCode,
      districtCode,
      counts: recountIncidentsByMonth({ actor, months: MONTHS, districtCode }),
    })
  // the incident table's total under the filters the tallies serve (and one they do not) is its rows counted
  const filters: IncidentFilter[] = [{}, { grade: 'II' }, { month: '2025-01' }, { month: '2026-11', grade: 'I' }, { status: 'open' }]
  for (const [actor, districtCode] of scopes)
    for (const filter of filters) {
      const all = listIncidents({ actor, filter: { ...filter, districtCode }, pageSize: null })
      expect({
        actor: actor.districtCode,
        districtCode,
        filter,
        total: listIncidents({ actor, filter: { ...filter, districtCode }, pageSize: 2 }).total,
      }).toEqual({ actor: actor.districtCode, districtCode, filter, total: all.rows.length })
    }
}

const incident = (lab: number, grade: 'I' | 'II' | 'III' | 'IV', discoveredAt: string) =>
  insertIncident(db, { labId: lab, grade, discoveredAt, reportDeadline: discoveredAt })

test('the chart equals the incidents recounted after they are reported, regraded, redated, moved and deleted', () => {
  expectTalliesAgree()
  const reported = reportIncident({
    by: labUser,
    labId,
    raw: { grade: 'II', title: '数据泄露', discoveredAt: '2026-11-27 09:00', description: '外泄' },
  })
  if (!reported.ok) throw new Error('not reported')
  const id = reported.incident.id
  // 16:30 UTC on 31 October is 1 November in Suzhou: the month is Shanghai's
  const edge = incident(otherLabId, 'I', '2026-10-31T16:30:00.000Z')
  incident(labId, 'III', '2025-01-15T02:00:00.000Z')
  // before the chart's 24 months: counted, never shown
  incident(labId, 'IV', '2020-06-01T02:00:00.000Z')
  expectTalliesAgree()
  expect(countIncidentsByMonth({ actor: bureau, months: MONTHS })).toEqual([
    { month: '2025-01', grade: 'III', n: 1 },
    { month: '2026-11', grade: 'I', n: 1 },
    { month: '2026-11', grade: 'II', n: 1 },
  ])

  expect(
    regradeIncident({ by: labUser, labId, incidentId: id, grade: 'IV', reason: '影响较小', version: currentVersion(incidents, id) }),
  ).toMatchObject({ ok: true })
  expectTalliesAgree()
  for (const change of [
    { discoveredAt: '2026-10-31T15:59:59.000Z' },
    { grade: 'II' as const },
    { labId },
    { discoveredAt: '2024-12-31T16:00:00.000Z' },
  ]) {
    db.update(incidents).set(change).where(eq(incidents.id, edge.id)).run()
    expectTalliesAgree()
  }
  expect(countIncidentsByMonth({ actor: kunshan, months: MONTHS })).toEqual([])

  db.delete(incidents).where(eq(incidents.id, id)).run()
  expectTalliesAgree()
  expect(countIncidentsByMonth({ actor: gusu, months: MONTHS })).toEqual([
    { month: '2025-01', grade: 'II', n: 1 },
    { month: '2025-01', grade: 'III', n: 1 },
  ])
})

test('a lab that moves district takes its incidents along; a deleted lab takes them away', () => {
  incident(labId, 'II', '2026-03-01T02:00:00.000Z')
  incident(labId, 'II', '2026-03-09T02:00:00.000Z')
  incident(otherLabId, 'I', '2026-04-01T02:00:00.000Z')
  expectTalliesAgree()
  db.update(labs).set({ districtCode: '320583' }).where(eq(labs.id, labId)).run()
  expectTalliesAgree()
  expect(countIncidentsByMonth({ actor: gusu, months: MONTHS })).toEqual([])
  expect(countIncidentsByMonth({ actor: kunshan, months: MONTHS })).toEqual([
    { month: '2026-03', grade: 'II', n: 2 },
    { month: '2026-04', grade: 'I', n: 1 },
  ])
  // an update that moves nothing leaves the tallies alone
  db.update(labs).set({ name: '改名实验室' }).where(eq(labs.id, labId)).run()
  expectTalliesAgree()
  // the lab's incidents go with it (ON DELETE CASCADE), counted off before the lab is gone
  db.$client.prepare('DELETE FROM labs WHERE id = ?').run(otherLabId)
  expectTalliesAgree()
  expect(countIncidentsByMonth({ actor: bureau, months: MONTHS })).toEqual([{ month: '2026-03', grade: 'II', n: 2 }])
  db.$client.pragma('foreign_keys = OFF')
  db.$client.prepare('DELETE FROM labs WHERE id = ?').run(labId)
  db.$client.pragma('foreign_keys = ON')
  db.$client.prepare('DELETE FROM incidents WHERE lab_id = ?').run(labId)
  expectTalliesAgree()
  expect(
    db
      .select()
      .from(incidentMonthTallies)
      .all()
      .every((t) => t.n === 0),
  ).toBe(true)
})

test('a lab account’s chart is still counted from its own incidents', () => {
  incident(labId, 'III', '2026-05-01T02:00:00.000Z')
  incident(otherLabId, 'III', '2026-05-01T02:00:00.000Z')
  const own: Actor = { id: 9, role: 'lab', districtCode: null, labId }
  expect(countIncidentsByMonth({ actor: own, months: MONTHS })).toEqual([{ month: '2026-05', grade: 'III', n: 1 }])
})
