import { eq, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { latestPeriodOfLab, latestPeriods } from '~/models/lab-status.server'
import { countRegister, listRegister } from '~/models/outcome-register.server'
import type { OutcomeFilter } from '~/models/outcome-dashboard-params'
import { reviewQueue, countAwaiting, type QueueFilter } from '~/models/review-queue.server'
import type { Db } from '~db/client.server'
import { insertAnnualReport, insertDeliverable, insertLab, insertOutcome, insertPeriod } from '~db/factories'
import { labs, validityPeriods } from '~db/schema'
import { makeLab, setupTestDb } from '../helpers'

// Issue 18 moved the counting and paging of three lists into cheaper SQL: the review queue pages
// each filing kind before merging them, the registry reads each lab's latest period by index, the
// outcome register counts its two parts apart. Each is held here to the plain form it replaced.

let db: Db
const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }

beforeEach(() => {
  db = setupTestDb()
})

describe('the review queue', () => {
  // submitted filings of both kinds in two districts, with ties in submission time across kinds
  function filings() {
    const expected: {
      kind: string
      id: number
      labId: number
      districtCode: string
      submittedAt: string
      opinion: boolean
      name: string
    }[] = []
    const times = ['2026-03-01T02:00:00Z', '2026-03-01T02:00:00Z', '2026-02-01T02:00:00Z', '2026-04-01T02:00:00Z']
    let t = 0
    for (const districtCode of ['320508', '320583', '320508'] as const) {
      for (let l = 0; l < 3; l++) {
        const lab = makeLab(db, { districtCode, name: `${districtCode === '320508' ? '姑苏' : '昆山'}实验室${l}` })
        const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
        for (let i = 0; i < 3; i++) {
          const submittedAt = times[t++ % times.length]
          const opinion = (t % 3 === 0) as boolean
          const d = insertDeliverable(db, {
            labId: lab.id,
            completedOn: '2026-01-10',
            status: 'submitted',
            submittedAt,
            districtOpinionAt: opinion ? '2026-05-01T02:00:00Z' : null,
            title: `成果${t}`,
          })
          expected.push({ kind: 'deliverable', id: d.id, labId: lab.id, districtCode, submittedAt, opinion, name: lab.name })
          const r = insertAnnualReport(db, {
            labId: lab.id,
            periodId: period.id,
            validityYear: i + 1,
            status: i === 2 ? 'accepted' : 'submitted',
            submittedAt,
            districtOpinionAt: opinion ? '2026-05-01T02:00:00Z' : null,
          })
          if (i !== 2) expected.push({ kind: 'annual_report', id: r.id, labId: lab.id, districtCode, submittedAt, opinion, name: lab.name })
        }
        insertDeliverable(db, { labId: lab.id, completedOn: '2026-01-11', status: 'draft' })
      }
    }
    return expected.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.kind.localeCompare(b.kind) || a.id - b.id)
  }

  test.each<[string, Actor, QueueFilter]>([
    ['the bureau, everything', bureau, {}],
    ['the bureau, one district', bureau, { districtCode: '320583' }],
    ['the bureau, annual reports', bureau, { kind: 'annual_report' }],
    ['the bureau, a search', bureau, { q: '姑苏实验室1' }],
    ['a district office', gusu, {}],
    ['a district office, deliverables', gusu, { kind: 'deliverable' }],
  ])('%s: every page of 4 together is the whole queue in submission order, and the count agrees', (_, actor, filter) => {
    const all = filings().filter(
      (f) =>
        (actor.role !== 'district' || (f.districtCode === actor.districtCode && !f.opinion)) &&
        (!filter.districtCode || f.districtCode === filter.districtCode) &&
        (!filter.kind || f.kind === filter.kind) &&
        (!filter.q || f.name.includes(filter.q)),
    )
    expect(all.length).toBeGreaterThan(3)
    const whole = reviewQueue({ actor, filter, page: 1, pageSize: null })
    expect(whole.rows.map((r) => [r.kind, r.id])).toEqual(all.map((f) => [f.kind, f.id]))
    const pages = Array.from({ length: Math.ceil(all.length / 4) + 1 }, (_, i) => reviewQueue({ actor, filter, page: i + 1, pageSize: 4 }))
    expect(pages.flatMap((p) => p.rows)).toEqual(whole.rows)
    expect(pages.at(-1)!.rows).toEqual([])
    for (const p of pages) expect(p.total).toBe(all.length)
    expect(countAwaiting(actor, filter)).toBe(all.length)
  })
})

describe("the registry's latest period", () => {
  test("reading each lab's latest period by index gives the rows the grouped form gives", () => {
    const none = insertLab(db, { name: '未认定', hostOrgId: makeLab(db).hostOrgId })
    const one = makeLab(db)
    const three = makeLab(db, { startDate: '2019-06-01' })
    insertPeriod(db, { labId: three.id, sequence: 2, startDate: '2022-06-01', certificateNo: 'T-2' })
    insertPeriod(db, { labId: three.id, sequence: 3, startDate: '2025-06-01', certificateNo: 'T-3', outcome: null })
    db.update(validityPeriods).set({ outcome: 'renewed' }).where(eq(validityPeriods.labId, three.id)).run()
    db.update(validityPeriods)
      .set({ outcome: null })
      .where(sql`${validityPeriods.labId} = ${three.id} AND ${validityPeriods.sequence} = 3`)
      .run()
    const grouped = latestPeriods()
    const before = db
      .select({ id: labs.id, periodId: grouped.periodId, end: grouped.endDate, outcome: grouped.outcome, cert: grouped.certificateNo })
      .from(labs)
      .leftJoin(grouped, eq(grouped.labId, labs.id))
      .orderBy(labs.id)
      .all()
    const { table, on, latest } = latestPeriodOfLab()
    const after = db
      .select({
        id: labs.id,
        periodId: sql<number | null>`${latest.periodId}`,
        end: sql<string | null>`${latest.endDate}`,
        outcome: sql<string | null>`${latest.outcome}`,
        cert: sql<string | null>`${latest.certificateNo}`,
      })
      .from(labs)
      .leftJoin(table, on)
      .orderBy(labs.id)
      .all()
    expect(after).toEqual(before)
    expect(after.find((r) => r.id === none.id)?.periodId).toBeNull()
    expect(after.find((r) => r.id === three.id)).toMatchObject({ cert: 'T-3', outcome: null })
    expect(after.find((r) => r.id === one.id)?.periodId).not.toBeNull()
  })
})

describe("the outcome register's count", () => {
  test.each<[string, Actor, OutcomeFilter]>([
    ['everything', bureau, {}],
    ['one year of transfers', bureau, { year: 2025, kind: 'transfer' }],
    ['a district, deliverables of one form', bureau, { districtCode: '320583', source: 'deliverable', form: 'data' }],
    ['verified, one direction', bureau, { verification: 'verified', direction: 2 }],
    ['items without a kind', bureau, { kind: 'none' }],
    ['a district office', gusu, {}],
    ['a district office, outcomes only', gusu, { source: 'outcome' }],
  ])('%s: the count is the number of rows the register lists', (_, actor, filter) => {
    let n = 0
    for (const districtCode of ['320508', '320583'] as const)
      for (const direction of [1, 2]) {
        const lab = makeLab(db, { districtCode, direction, startDate: '2024-06-01' })
        const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
        for (const occurredOn of ['2024-08-01', '2025-03-01', '2025-09-01']) {
          n++
          insertOutcome(db, {
            labId: lab.id,
            periodId: period.id,
            occurredOn,
            kind: n % 3 === 0 ? 'transfer' : 'paper',
            verification: n % 2 === 0 ? 'verified' : 'unverified',
            valueYuan: n % 3 === 0 ? 1000 * n : null,
          })
          insertDeliverable(db, {
            labId: lab.id,
            completedOn: occurredOn,
            status: n % 4 === 0 ? 'submitted' : 'accepted',
            forms: n % 2 === 0 ? ['data', 'algorithm'] : ['scenario'],
            transferStatus: n % 5 === 0 ? 'transferred' : 'none',
          })
        }
      }
    const rows = listRegister({ actor, filter, pageSize: null }).rows
    expect(rows.length).toBeGreaterThan(0)
    expect(countRegister({ actor, filter })).toBe(rows.length)
    expect(listRegister({ actor, filter, pageSize: 5 }).total).toBe(rows.length)
  })
})
