import { beforeAll, describe, expect, test } from 'vitest'
import { addDays, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { paceLists, storedPlanFulfilments, type LabPace } from '~/models/outcome-dashboard.server'
import type { OutcomeFilter } from '~/models/outcome-dashboard-params'
import type { Db } from '~db/client.server'
import type { DistrictCode } from '~db/schema/enums'
import { createRng } from '~db/seed-rng'
import { makeLab, setupTestDb } from '../helpers'

// The fulfilment panel's ahead/behind lists (paceLists) read a bounded slice of plan_fulfilments
// (per state of the period, a key range found from a sample) instead of every lab. Held here to
// the full computation (every stored row, its gap, sorted in TypeScript) on 600 generated rows:
// periods of many lengths not yet begun, running and ended, fulfilments clustered so gaps tie,
// names shared so ties go to the id, under every scope, filter, several days and list lengths.

const DISTRICTS: DistrictCode[] = ['320508', '320506', '320583']
const ROWS = 600
const DAYS: IsoDate[] = ['2026-12-05', '2025-01-01', '2027-06-30', '2024-02-29']

let db: Db
let labIds: number[]

beforeAll(() => {
  db = setupTestDb()
  const rng = createRng(20261205)
  labIds = []
  const insert = db.$client.prepare(
    `INSERT INTO plan_fulfilments (lab_id, period_id, fulfilment, lab_name, district_code, direction, start_date, end_date)
     VALUES (?, (SELECT id FROM validity_periods WHERE lab_id = ?), ?, ?, ?, ?, ?, ?)`,
  )
  for (let i = 0; i < ROWS; i++) {
    const districtCode = DISTRICTS[i % DISTRICTS.length]
    const direction = rng.int(1, 4)
    const lab = makeLab(db, { districtCode, direction })
    labIds.push(lab.id)
    // mostly two-year periods, some far shorter or longer, starting from 2022 to 2027
    const days = rng.weighted([
      [729, 6],
      [730, 6],
      [rng.int(30, 400), 1],
      [rng.int(1000, 1500), 1],
    ])
    const start = addDays('2022-01-01', rng.int(0, 2000))
    // fulfilments in a few clusters (ties), full ones and none
    const fulfilment = rng.weighted([
      [rng.int(0, 100), 3],
      [rng.pick([0, 25, 50, 100]), 2],
      [rng.int(40, 45), 2],
    ])
    // a handful of names shared by several labs, so equal gaps fall to the name, then the id
    const name = rng.chance(0.3) ? `同名实验室${rng.int(0, 3)}` : `实验室${String(rng.int(0, 9999)).padStart(4, '0')}`
    insert.run(lab.id, lab.id, fulfilment, name, districtCode, direction, start, addDays(start, days))
  }
})

const actors: Record<string, Actor> = {
  bureau: { id: 1, role: 'bureau', districtCode: null, labId: null },
  district: { id: 2, role: 'district', districtCode: '320506', labId: null },
  expert: { id: 4, role: 'expert', districtCode: null, labId: null },
}
const labActor = (): Actor => ({ id: 3, role: 'lab', districtCode: null, labId: labIds[7] })

// binary order of the names, as SQLite sorts them (the names are in the Basic Multilingual Plane)
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
function expected(actor: Actor, filter: OutcomeFilter, today: IsoDate, limit: number) {
  const rows = storedPlanFulfilments({ actor, filter, today })
  const order = (sign: 1 | -1) => (a: LabPace, b: LabPace) => sign * (b.gap - a.gap) || byName(a.labName, b.labName) || a.labId - b.labId
  return {
    ahead: rows
      .filter((r) => r.gap >= 0)
      .sort(order(1))
      .slice(0, limit),
    behind: rows
      .filter((r) => r.gap < 0)
      .sort(order(-1))
      .slice(0, limit),
  }
}

describe('the ahead and behind lists equal the full computation', () => {
  const filters: [string, () => OutcomeFilter][] = [
    ['no filter', () => ({})],
    ['a district', () => ({ districtCode: '320583' })],
    ['a direction', () => ({ direction: 2 })],
    ['a district and direction', () => ({ districtCode: '320508', direction: 3 })],
    ['a lab', () => ({ labId: labIds[11] })],
  ]
  for (const today of DAYS)
    test.each(['bureau', 'district', 'lab', 'expert'])(`on ${today}, for %s`, (who) => {
      const actor = who === 'lab' ? labActor() : actors[who]
      for (const [, filter] of filters)
        for (const limit of [1, 5, 12]) {
          const f = filter()
          expect(paceLists({ actor, filter: f, today, limit })).toEqual(expected(actor, f, today, limit))
        }
    })

  test('the generated rows reach the cases they claim to', () => {
    for (const today of DAYS) {
      const rows = storedPlanFulfilments({ actor: actors.bureau, filter: {}, today })
      expect(rows.some((r) => r.elapsed === 0)).toBe(true)
      expect(rows.some((r) => r.elapsed === 100)).toBe(true)
      expect(rows.some((r) => r.elapsed > 0 && r.elapsed < 100)).toBe(true)
      const full = expected(actors.bureau, {}, today, 12)
      // a tie on the gap broken by the name, and one on gap and name broken by the id
      const tie = (l: LabPace[], by: (a: LabPace, b: LabPace) => boolean) => l.some((r, i) => i > 0 && by(l[i - 1], r))
      expect(tie([...full.ahead, ...full.behind], (a, b) => a.gap === b.gap && a.labName !== b.labName)).toBe(true)
      if (today === DAYS[0]) expect(tie([...full.ahead, ...full.behind], (a, b) => a.gap === b.gap && a.labName === b.labName)).toBe(true)
    }
  })
})
