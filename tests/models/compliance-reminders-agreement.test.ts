import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { evaluateLab } from '~/domain/compliance/engine'
import { addDays, type IsoDate } from '~/domain/dates'
import { periodEndDate } from '~/domain/validity'
import { loadLabFacts } from '~/models/compliance-facts.server'
import { ensureLedger } from '~/models/obligations.server'
import { labsInForce } from '~/models/reminder-sources/labs.server'
import { incidentFollowUpSource } from '~/models/reminder-sources/incident-followup.server'
import { annualReportSource, deliverableSource } from '~/models/reminder-sources/ledger.server'
import { ruleSettings } from '~/models/settings.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { createRng } from '~db/seed-rng'
import { seedDemo } from '~db/seed'
import { annualReports, deliverables, incidents, obligations, validityPeriods } from '~db/schema'
import type { FilingStatus } from '~db/schema/enums'
import { makeLab, setupTestDb } from '../helpers'
import { insertAnnualReport, insertDeliverable, insertIncident, insertPeriod } from '~db/factories'

// Issue 13: the compliance engine and the reminders read the same filing obligations. Every
// deliverable or annual report the engine judges is one the reminders track, of the same period
// and due date, and the other way round; what the engine shows as due or late the lab is still
// reminded of unless it has filed and waits for the bureau; what the reminders still chase past
// its due date the engine shows as failing (or, for a returned report, as returned).
type Kind = 'deliverable' | 'annual_report'

function compare(db: Db, today: IsoDate) {
  ensureLedger()
  const settings = ruleSettings()
  const judged = new Map<string, string>() // "lab kind due" → result
  for (const facts of loadLabFacts({ labIds: null, today })) {
    for (const c of evaluateLab(facts, { today, settings }).checks) {
      if (c.checkId === 'deliverable' || c.checkId === 'annual_report')
        judged.set(`${facts.labId} ${c.checkId} ${c.concernsDate}`, c.result)
    }
  }
  const ctx = { db, today, settings, labs: labsInForce({ db, today, settings }) }
  const ledgerRow = (id: number) => db.select().from(obligations).where(eq(obligations.id, id)).get()!
  const tracked = new Map<string, { completed: boolean; yearStart: IsoDate; yearEnd: IsoDate; periodId: number; validityYear: number }>()
  for (const o of [...deliverableSource.list(ctx), ...annualReportSource.list(ctx)]) {
    const row = ledgerRow(o.sourceId)
    tracked.set(`${o.labId} ${o.source} ${o.dueDate}`, { completed: o.completed, ...row })
  }
  // the engine judges a deliverable once its year has begun and a report once its year has ended
  const judgedNow = (kind: Kind, o: { yearStart: IsoDate; yearEnd: IsoDate }) =>
    kind === 'deliverable' ? o.yearStart <= today : o.yearEnd < today
  const awaitsBureau = (labId: number, kind: Kind, o: { yearStart: IsoDate; yearEnd: IsoDate; periodId: number; validityYear: number }) =>
    kind === 'deliverable'
      ? db
          .select()
          .from(deliverables)
          .where(and(eq(deliverables.labId, labId), eq(deliverables.status, 'submitted')))
          .all()
          .some((d) => d.completedOn >= o.yearStart && d.completedOn <= o.yearEnd)
      : false
  const returnedReport = (o: { periodId: number; validityYear: number }) =>
    db
      .select()
      .from(annualReports)
      .where(
        and(eq(annualReports.periodId, o.periodId), eq(annualReports.validityYear, o.validityYear), eq(annualReports.status, 'returned')),
      )
      .get() !== undefined

  const problems: string[] = []
  for (const [key, result] of judged) {
    const o = tracked.get(key)
    const [labId, kind] = key.split(' ') as [string, Kind]
    if (!o) problems.push(`${key}: judged ${result}, not tracked by the reminders`)
    else if (result !== 'ok' && o.completed && !awaitsBureau(Number(labId), kind, o))
      problems.push(`${key}: ${result}, but the reminders call it done`)
  }
  for (const [key, o] of tracked) {
    const [, kind, due] = key.split(' ') as [string, Kind, IsoDate]
    if (!judgedNow(kind, o)) continue
    const result = judged.get(key)
    if (result === undefined) problems.push(`${key}: reminded of, not judged`)
    else if (!o.completed && due < today && result !== 'failing' && !(kind === 'annual_report' && returnedReport(o)))
      problems.push(`${key}: still chased past its due date, judged ${result}`)
  }
  return { problems, judged: judged.size, tracked: tracked.size }
}

describe('compliance and reminders agree on the filing obligations', () => {
  test('on the demo data, on several days', async () => {
    const db = setupTestDb()
    const now = new Date('2026-11-28T02:00:00Z')
    setClock(now)
    await seedDemo(db, { now })
    let judged = 0
    for (const day of ['2026-11-28', '2027-01-15', '2027-04-01', '2027-08-20'] as IsoDate[]) {
      const result = compare(db, day)
      expect(result.problems, day).toEqual([])
      judged += result.judged
    }
    expect(judged).toBeGreaterThan(50)
    setClock(undefined)
  })

  test('on generated labs: early and late renewals, lapses, filings in every state', () => {
    const db = setupTestDb()
    const rng = createRng(2026)
    const statuses: FilingStatus[] = ['draft', 'submitted', 'returned', 'accepted']
    for (let i = 0; i < 40; i++) {
      const start = addDays('2023-06-01', rng.int(0, 900))
      const lab = makeLab(db, { startDate: start })
      const first = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
      // half the labs renewed: ahead of the end, or after it, with or without a lapse
      if (rng.chance(0.5)) {
        const decidedOn = addDays(first.endDate, rng.int(-110, 40))
        db.update(validityPeriods).set({ outcome: 'renewed', outcomeDate: decidedOn }).where(eq(validityPeriods.id, first.id)).run()
        const next = addDays(first.endDate, rng.chance(0.8) ? 1 : rng.int(2, 60))
        insertPeriod(db, { labId: lab.id, sequence: 2, startDate: next, endDate: periodEndDate(next), certificateNo: `R-${lab.id}` })
      }
      ensureLedger()
      for (const o of db.select().from(obligations).where(eq(obligations.labId, lab.id)).all()) {
        if (!rng.chance(0.6)) continue
        const status = rng.pick(statuses)
        if (o.kind === 'deliverable') {
          const completedOn = addDays(o.yearStart, rng.int(0, 360))
          insertDeliverable(db, { labId: lab.id, type: 'report', forms: ['algorithm'], title: `成果${o.id}`, completedOn, status })
        } else {
          insertAnnualReport(db, { labId: lab.id, periodId: o.periodId, validityYear: o.validityYear, content: {}, status })
        }
      }
    }
    let judged = 0
    for (const day of [
      '2024-09-01',
      '2025-05-31',
      '2025-06-01',
      '2026-01-10',
      '2026-06-30',
      '2026-12-04',
      '2027-03-15',
      '2027-10-01',
    ] as IsoDate[]) {
      const result = compare(db, day)
      expect(result.problems, day).toEqual([])
      judged += result.judged
    }
    expect(judged).toBeGreaterThan(100)
  })
})

// Issue 15: an open incident of grade III or above fails the lab's incident check until it is
// closed, and its lab is followed up about it (incident_followup) for exactly as long: the two
// read "open" through one rule (isOpenIncident). A grade IV incident fails nothing but is followed
// up too; a closed one is neither.
describe('compliance and the incident follow-ups agree on which incidents are open', () => {
  test('on generated labs with incidents of every grade and status', () => {
    const db = setupTestDb()
    const rng = createRng(15)
    const statuses = ['open', 'contained', 'resolved', 'closed'] as const
    const grades = ['I', 'II', 'III', 'IV'] as const
    for (let i = 0; i < 20; i++) {
      const lab = makeLab(db, { startDate: addDays('2025-01-01', rng.int(0, 500)) })
      for (let n = rng.int(0, 3); n > 0; n--) {
        const discoveredAt = `${addDays('2026-01-01', rng.int(0, 300))}T02:00:00.000Z`
        insertIncident(db, {
          labId: lab.id,
          grade: rng.pick([...grades]),
          status: rng.pick([...statuses]),
          discoveredAt,
          reportedAt: discoveredAt,
          reportDeadline: discoveredAt,
        })
      }
    }
    let compared = 0
    for (const today of ['2026-06-01', '2026-11-30', '2027-03-01'] as IsoDate[]) {
      const settings = ruleSettings()
      const failing = new Set<string>()
      for (const facts of loadLabFacts({ labIds: null, today }))
        for (const c of evaluateLab(facts, { today, settings }).checks)
          if (c.checkId === 'incident' && c.result === 'failing') failing.add(c.subject!)
      const labs = labsInForce({ db, today, settings })
      const followed = new Map(incidentFollowUpSource.list({ db, today, settings, labs }).map((o) => [`incident:${o.sourceId}`, o]))
      for (const subject of failing) expect(followed.has(subject), `${today} ${subject}`).toBe(true)
      for (const [subject] of followed) {
        const row = db
          .select()
          .from(incidents)
          .where(eq(incidents.id, Number(subject.split(':')[1])))
          .get()!
        expect(row.status, `${today} ${subject}`).not.toBe('closed')
        if (row.grade !== 'IV' && row.discoveredAt.slice(0, 10) <= today) expect(failing.has(subject), `${today} ${subject}`).toBe(true)
      }
      compared += followed.size
    }
    expect(compared).toBeGreaterThan(10)
  })
})
