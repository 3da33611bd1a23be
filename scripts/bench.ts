import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { eq, sql } from 'drizzle-orm'
import { openDb } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { deliverables, indicatorPlans, indicatorTargets, labs, validityPeriods } from '~db/schema'
import {
  DELIVERABLE_FORMS,
  OUTCOME_KINDS,
  OUTCOME_VERIFICATIONS,
  DISTRICT_CODES,
  INCIDENT_GRADES,
  TEAM_ROLES,
  TITLE_LEVELS,
  DEGREES,
  RESOURCE_TYPES,
  type RequestStatus,
} from '~db/schema/enums'
import { UNITS_BY_TYPE } from '~/domain/resource-requests'
import { addDays } from '~/domain/dates'
import { makeUscc } from '~/domain/uscc'
import type { Actor } from '~/domain/permissions'
import { setDb } from '~/utils/db.server'
import {
  insertAnnualReport,
  insertDeliverable,
  insertIncident,
  insertLab,
  insertOrganisation,
  insertOutcome,
  insertPeriod,
  insertRenewal,
  insertRequest,
  insertReviewAssignment,
  insertTeamMember,
  insertUser,
} from '~db/factories'
import { countLabsByDistrictAndStatus, countLabsByStatus, listLabs } from '~/models/labs.server'
import {
  complianceShareByMonth,
  countLabsByWorstResult,
  needsAttention,
  refreshCompliance,
  backfillComplianceHistory,
} from '~/models/compliance.server'
import { setClock } from '~/utils/clock.server'
import { ensureLedger, ledgerWithState } from '~/models/obligations.server'
import { countAwaiting, reviewQueue } from '~/models/review-queue.server'
import { countAwaitingRequests, listRequestQueue } from '~/models/request-queue.server'
import { requestServiceStats } from '~/models/request-stats.server'
import { renewalDossier } from '~/models/renewal-dossier.server'
import { countPipelineStages, listPipeline, pipelineAggregates } from '~/models/renewal-pipeline.server'
import { planReminders } from '~/models/reminders.server'
import { workCalendar } from '~/models/calendar.server'
import { ruleSettings } from '~/models/settings.server'
import { sendWeeklySummaries, weeklySummaryOf } from '~/models/weekly-summary.server'
import { outcomeDashboardData, countsByForm, outcomeTotals, planFulfilmentPanel } from '~/models/outcome-dashboard.server'
import { listRegister } from '~/models/outcome-register.server'
import { registerExport } from '~/models/outcome-register-export.server'
import { validityYearOf } from '~/domain/validity'
import { translator } from '~/i18n'
import { toCsv } from '~/utils/csv'
import { getRoundPage, openRound, publishedGradeCounts } from '~/models/evaluations.server'
import { evaluationRounds, users } from '~db/schema'
import { applyImport, exportRowsFor, previewImport, stageImport } from '~/models/imports/imports.server'
import { importWorkbook } from '~/models/imports/workbook.server'

// `npm run bench [-- --labs 5000]`: the registry's queries on a generated database of thousands
// of labs (20 team members each). Prints the median of repeated runs per query, in ms.
const count = Number(process.argv[process.argv.indexOf('--labs') + 1]) || 5000
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-bench-'))
// the import step stages and keeps its files under DATA_DIR: the bench's own directory
process.env.DATA_DIR = dir
const db = openDb(path.join(dir, 'bench.db'))
runMigrations(db)
setDb(db)

const today = '2026-11-28'
db.transaction((tx) => {
  for (let i = 0; i < count; i++) {
    const district = DISTRICT_CODES[i % DISTRICT_CODES.length]
    const org = insertOrganisation(tx, {
      name: `基准单位${i}`,
      creditCode: makeUscc({ authority: '9', kind: '1', region: district, serial: String(100000000 + i) }),
      districtCode: district,
    })
    const lab = insertLab(tx, {
      name: `基准实验室${String(i).padStart(5, '0')}`,
      direction: (i % 14) + 1,
      districtCode: district,
      hostOrgId: org.id,
    })
    insertPeriod(tx, { labId: lab.id, sequence: 1, startDate: addDays('2023-06-01', (i * 7) % 1200), certificateNo: `B-${i}` })
    for (let m = 0; m < 20; m++) {
      insertTeamMember(tx, {
        labId: lab.id,
        name: `成员${m}`,
        role: TEAM_ROLES[m % 4],
        titleLevel: TITLE_LEVELS[m % 5],
        degree: DEGREES[(m + i) % 4],
        active: m % 9 !== 0,
      })
    }
  }
})

// two filed deliverables and one annual report per lab: accepted, submitted or returned
db.transaction((tx) => {
  const periods = tx.select().from(validityPeriods).all()
  for (const [i, p] of periods.entries()) {
    const status = (['accepted', 'submitted', 'returned'] as const)[i % 3]
    for (const k of [0, 1]) {
      insertDeliverable(tx, {
        labId: p.labId,
        rootId: null,
        type: 'report',
        forms: ['data'],
        title: `基准成果${i}-${k}`,
        completedOn: addDays(p.startDate, 100 + k * 200),
        status: k === 0 ? 'accepted' : status,
        submittedAt: new Date(Date.parse(`${addDays(p.startDate, 110 + k * 200)}T02:00:00Z`)).toISOString(),
        decidedAt:
          status === 'submitted' && k === 1 ? null : new Date(Date.parse(`${addDays(p.startDate, 120 + k * 200)}T02:00:00Z`)).toISOString(),
      })
    }
    insertAnnualReport(tx, {
      labId: p.labId,
      periodId: p.id,
      validityYear: 1,
      status,
      submittedAt: new Date(Date.parse(`${addDays(p.startDate, 380)}T02:00:00Z`)).toISOString(),
    })
  }
})

// eight resource requests per lab over the last year: most decided (a working-day count and
// in time or not stored as a decision stores them), some awaiting, a few returned or withdrawn
const REQUESTS_PER_LAB = 8
const REQUEST_MIX: RequestStatus[] = [
  'approved',
  'partly_approved',
  'rejected',
  'fulfilled',
  'closed',
  'submitted',
  'accepted',
  'district_reviewed',
  'returned',
  'withdrawn',
  'closed',
  'fulfilled',
  'draft',
]
db.transaction((tx) => {
  const labRows = tx.select({ id: labs.id }).from(labs).all()
  let k = 0
  for (const lab of labRows) {
    for (let j = 0; j < REQUESTS_PER_LAB; j++, k++) {
      const type = RESOURCE_TYPES[k % RESOURCE_TYPES.length]
      const units = UNITS_BY_TYPE[type]
      const status = REQUEST_MIX[(k * 7 + j) % REQUEST_MIX.length]
      const submittedOn = status === 'draft' ? null : addDays(today, -((k * 13) % 360) - 1)
      const deadline = submittedOn ? addDays(submittedOn, 14) : null
      const decided = ['approved', 'partly_approved', 'rejected', 'fulfilled', 'closed'].includes(status)
      const days = (k * 5) % 17
      const quantity = 10 + (k % 90)
      insertRequest(tx, {
        labId: lab.id,
        type,
        unit: units[k % units.length],
        title: `基准申请${k}`,
        description: '说明',
        quantity,
        neededBy: addDays(today, 60),
        justification: '理由',
        status,
        districtOpinionRequired: k % 4 === 0,
        submittedAt: submittedOn ? `${submittedOn}T02:00:00.000Z` : null,
        submittedOn,
        deadline,
        decisionDays: submittedOn ? 10 : null,
        decidedOn: decided && submittedOn ? addDays(submittedOn, days + Math.floor(days / 5) * 2) : null,
        decisionWorkingDays: decided ? days : null,
        decidedInTime: decided ? days <= 10 : null,
        grantedQuantity:
          status === 'rejected' || !decided
            ? null
            : status === 'partly_approved'
              ? Math.ceil(quantity / 2)
              : k % 5 === 0 && status === 'closed'
                ? null
                : quantity,
      })
    }
  }
})

// Indicator plans and outcomes (issue 16): every lab an approved plan of five targets for its
// period, and six outcomes over it (one disputed), so the plan_progress check reads real rows
db.transaction((tx) => {
  const periods = tx.select().from(validityPeriods).all()
  const kinds = ['paper', 'patent', 'transfer', 'standard', 'scenario_landed', 'paper'] as const
  for (const [i, p] of periods.entries()) {
    const stamp = `${p.startDate}T02:00:00.000Z`
    const plan = tx
      .insert(indicatorPlans)
      .values({ labId: p.labId, periodId: p.id, status: 'approved', createdAt: stamp, updatedAt: stamp, decidedAt: stamp })
      .returning({ id: indicatorPlans.id })
      .get()
    const targets = { papers: 6, invention_patents: 2, transfers: 2, transfer_value: 1_000_000, people_trained: 10 }
    tx.insert(indicatorTargets)
      .values(Object.entries(targets).map(([indicatorKey, target]) => ({ planId: plan.id, indicatorKey, target })))
      .run()
    for (const [k, kind] of kinds.entries()) {
      const occurredOn = addDays(p.startDate, 30 + ((i + k * 97) % 600))
      insertOutcome(tx, {
        labId: p.labId,
        periodId: p.id,
        validityYear: occurredOn < addDays(p.startDate, 365) ? 1 : 2,
        occurredOn,
        kind,
        form: 'algorithm',
        valueYuan: kind === 'transfer' ? 300_000 + k : null,
        verification: k === 5 ? 'disputed' : k % 2 ? 'verified' : 'unverified',
      })
    }
  }
})

setClock(new Date(`${today}T02:00:00Z`))
const ledgerStart = performance.now()
const ledgerRows = ensureLedger()
const ledgerMs = Number((performance.now() - ledgerStart).toFixed(0))
// 24 months of history, so the share-compliant chart's query reads a realistic table
backfillComplianceHistory({ today, months: 24 })

const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const district: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
const base = { sort: 'name' as const, dir: 'asc' as const }

// repeats 0: one timed run and no warm-up (a run that writes, timed as it first happens)
function time(name: string, run: () => unknown, repeats = 15) {
  if (repeats === 0) {
    const t0 = performance.now()
    run()
    return { query: name, medianMs: Number((performance.now() - t0).toFixed(2)) }
  }
  run()
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now()
    run()
    samples.push(performance.now() - t0)
  }
  samples.sort((a, b) => a - b)
  return { query: name, medianMs: Number(samples[Math.floor(samples.length / 2)].toFixed(2)) }
}

const dossierPeriodId = db.select({ id: validityPeriods.id }).from(validityPeriods).where(eq(validityPeriods.labId, 42)).get()!.id
const results = [
  time('compliance: re-evaluate every lab', () => refreshCompliance({ today }), 5),
  time('compliance: re-evaluate one lab', () => refreshCompliance({ today, labIds: [42] })),
  time('dashboard: labs by worst check result', () => countLabsByWorstResult({ actor: bureau, today })),
  time('dashboard: needs attention, page 1', () => needsAttention({ actor: bureau, today, filter: {}, page: 1, pageSize: 20 })),
  time('dashboard: needs attention, district', () => needsAttention({ actor: district, today, filter: {}, page: 1, pageSize: 20 })),
  time('dashboard: compliant share, 24 months', () =>
    complianceShareByMonth({ actor: bureau, today, fromMonth: '2024-11', toMonth: '2026-11' }),
  ),
  time('review queue page 1 (bureau)', () => reviewQueue({ actor: bureau, filter: {}, page: 1, pageSize: 20 })),
  time('review queue count (district)', () => countAwaiting(district)),
  time('obligation ledger of one lab with verdicts', () => ledgerWithState({ labId: 42, today })),
  time('registry filtered to failing checks', () =>
    listLabs({ actor: bureau, filter: { ...base, compliance: 'failing' }, today, windowDays: 90, page: 1, pageSize: 20 }),
  ),
  time('registry page 1, by name', () => listLabs({ actor: bureau, filter: base, today, windowDays: 90, page: 1, pageSize: 20 })),
  time('registry page 50, by name', () => listLabs({ actor: bureau, filter: base, today, windowDays: 90, page: 50, pageSize: 20 })),
  time('registry filtered to expiring, by end date', () =>
    listLabs({ actor: bureau, filter: { ...base, status: 'expiring', sort: 'endDate' }, today, windowDays: 90, page: 1, pageSize: 20 }),
  ),
  time('registry sorted by team size', () =>
    listLabs({ actor: bureau, filter: { ...base, sort: 'headcount' }, today, windowDays: 90, page: 1, pageSize: 20 }),
  ),
  time('registry text search', () =>
    listLabs({ actor: bureau, filter: { ...base, q: '实验室0042' }, today, windowDays: 90, page: 1, pageSize: 20 }),
  ),
  time('district registry page 1', () => listLabs({ actor: district, filter: base, today, windowDays: 90, page: 1, pageSize: 20 })),
  time('dashboard counts by status', () => countLabsByStatus({ actor: bureau, today, windowDays: 90 })),
  time('dashboard counts by district and status', () => countLabsByDistrictAndStatus({ actor: bureau, today, windowDays: 90 })),
  time('CSV export of every lab', () => listLabs({ actor: bureau, filter: base, today, windowDays: 90, page: 1, pageSize: null }), 5),
  time('request queue page 1 (bureau, by deadline)', () => listRequestQueue({ actor: bureau, today, filter: {}, page: 1, pageSize: 20 })),
  time('request queue page 1 (bureau, overdue)', () =>
    listRequestQueue({ actor: bureau, today, filter: { stage: 'overdue' }, page: 1, pageSize: 20 }),
  ),
  time('request queue page 1 (district, awaiting me)', () =>
    listRequestQueue({ actor: district, today, filter: { stage: 'awaiting_me' }, page: 1, pageSize: 20 }),
  ),
  time('request queue text search (bureau)', () =>
    listRequestQueue({ actor: bureau, today, filter: { q: '实验室0042' }, page: 1, pageSize: 20 }),
  ),
  time('request queue awaiting count (bureau)', () => countAwaitingRequests(bureau, today)),
  time('request service statistics (bureau)', () => requestServiceStats({ actor: bureau, today })),
  time('request service statistics (district)', () => requestServiceStats({ actor: district, today })),
  time('CSV export of every request (bureau)', () => listRequestQueue({ actor: bureau, today, filter: {}, pageSize: null }), 5),
  // the renewal dossier: every section of one lab's period (deliverables, reports, team, requests, 24 months of history)
  time('renewal dossier of one lab', () => renewalDossier({ labId: 42, periodId: dossierPeriodId, today })),
]
// The renewal pipeline, timed after the rest so their numbers stay comparable: every period
// within the window or ended gets a renewal at one of the stages (none, draft, applied, under
// review with two experts, rectifying, decided with the outcome and a next period when renewed).
const pipelineRenewals = db.transaction((tx) => {
  const experts = [0, 1].map(
    (k) => insertUser(tx, { username: `bench-expert${k}`, displayName: `专家${k}`, passwordHash: 'x', role: 'expert' }).id,
  )
  const due = tx
    .select()
    .from(validityPeriods)
    .all()
    .filter((p) => p.endDate <= addDays(today, 120))
  const grades = ['excellent', 'good', 'pass', 'fail', null]
  let n = 0
  for (const [i, p] of due.entries()) {
    const stage = i % 6
    if (stage === 0) continue
    const decided = stage === 5 ? (['renew', 'not_renew', 'revoke', 'renew_after_rectification'] as const)[i % 4] : null
    const status = stage === 1 ? 'draft' : stage === 2 ? 'submitted' : stage === 3 ? 'under_review' : stage === 4 ? 'rectifying' : 'decided'
    const r = insertRenewal(tx, {
      labId: p.labId,
      periodId: p.id,
      status,
      submittedAt: stage === 1 ? null : `${addDays(p.endDate, -60)}T02:00:00.000Z`,
      decision: stage === 4 ? 'renew_after_rectification' : decided,
      grade: stage >= 4 ? grades[i % grades.length] : null,
      decidedOn: stage >= 4 ? addDays(p.endDate, -10) : null,
      rectificationDeadline: stage === 4 || decided === 'renew_after_rectification' ? addDays(p.endDate, 80) : null,
      recheckDecision: decided === 'renew_after_rectification' ? 'renew' : null,
    })
    n++
    if (stage === 3)
      for (const [k, expertId] of experts.entries())
        insertReviewAssignment(tx, {
          renewalId: r.id,
          expertId,
          status: k === 0 ? 'submitted' : 'assigned',
          assignedAt: `${today}T02:00:00.000Z`,
        })
    if (stage === 5) {
      const outcome = decided === 'not_renew' ? 'not_renewed' : decided === 'revoke' ? 'revoked' : 'renewed'
      tx.update(validityPeriods)
        .set({ outcome, outcomeDate: addDays(p.endDate, -10) })
        .where(eq(validityPeriods.id, p.id))
        .run()
      if (outcome === 'renewed') {
        insertPeriod(tx, { labId: p.labId, sequence: 2, startDate: addDays(p.endDate, 1) })
      }
    }
  }
  return n
})
results.push(
  time('renewal pipeline page 1 (bureau, by end)', () => listPipeline({ actor: bureau, today, filter: {}, page: 1, pageSize: 20 })),
  time('renewal pipeline page 1 (bureau, decided, by decision date)', () =>
    listPipeline({ actor: bureau, today, filter: { stage: 'decided' }, sort: 'decided', dir: 'desc', page: 1, pageSize: 20 }),
  ),
  time('renewal pipeline page 1 (district)', () => listPipeline({ actor: district, today, filter: {}, page: 1, pageSize: 20 })),
  time('renewal pipeline text search (bureau)', () =>
    listPipeline({ actor: bureau, today, filter: { q: '实验室0042' }, page: 1, pageSize: 20 }),
  ),
  time('renewal pipeline counts per stage (bureau)', () => countPipelineStages({ actor: bureau, today, filter: {} })),
  time('renewal pipeline decisions by grade, district, direction (bureau)', () => pipelineAggregates({ actor: bureau, filter: {} })),
  time('CSV export of the renewal pipeline (bureau)', () => listPipeline({ actor: bureau, today, filter: {}, pageSize: null }), 5),
)
// The daily reminders' planning (read-only): every lab with two accounts, one account per district
// office, two at the bureau, as a city of this size would have.
db.transaction((tx) => {
  const account = (
    username: string,
    role: 'lab' | 'district' | 'bureau',
    extra: { labId?: number; districtCode?: (typeof DISTRICT_CODES)[number] } = {},
  ) => insertUser(tx, { username, displayName: username, passwordHash: 'x', role, email: `${username}@example.cn`, ...extra })
  for (const { id } of tx.select({ id: labs.id }).from(labs).all())
    for (const k of [0, 1]) account(`bench-lab${id}-${k}`, 'lab', { labId: id })
  for (const code of DISTRICT_CODES) account(`bench-district-${code}`, 'district', { districtCode: code })
  for (const k of [0, 1]) account(`bench-bureau${k}`, 'bureau')
})
results.push(
  time(
    'reminders: plan the daily run (every obligation, every recipient)',
    () => planReminders({ db, now: new Date(`${today}T00:30:00Z`), settings: ruleSettings(), calendar: workCalendar() }),
    3,
  ),
)
// The weekly summary (issue 15): two incidents per lab (one in three still open, some late), then
// each scope's numbers, and one whole run telling every office (a write: timed once, last).
db.transaction((tx) => {
  for (const { id } of tx.select({ id: labs.id }).from(labs).all())
    for (const k of [0, 1])
      insertIncident(tx, {
        labId: id,
        grade: INCIDENT_GRADES[(id + k) % 4],
        title: `基准事件${id}-${k}`,
        discoveredAt: `${addDays(today, -((id * 3 + k * 40) % 90))}T02:00:00.000Z`,
        reportDeadline: `${addDays(today, -((id * 3 + k * 40) % 90) + 1)}T02:00:00.000Z`,
        reportedAt: (id + k) % 5 === 0 ? null : `${addDays(today, -((id * 3 + k * 40) % 90) + ((id + k) % 3))}T02:00:00.000Z`,
        status: (id + k) % 3 === 0 ? 'open' : 'closed',
      })
})
const summaryNow = new Date(`${today}T00:00:00Z`)
results.push(
  time("weekly summary: the bureau's numbers", () => weeklySummaryOf({ scope: { kind: 'bureau' }, now: summaryNow })),
  time("weekly summary: one district's numbers", () =>
    weeklySummaryOf({ scope: { kind: 'district', districtCode: '320508' }, now: summaryNow }),
  ),
  time('weekly summary: one whole run (11 offices, inbox and mail)', () => sendWeeklySummaries({ now: summaryNow }), 0),
)
// The city outcomes dashboard (issue 16), timed last so the numbers above stay comparable: on top
// of the plans and outcomes made above, every lab six more outcomes over its period in force
// (every form, kind and verification state, transfers with a value), and one accepted
// deliverable in three becomes a transfer.
const OUTCOMES_PER_LAB = 6
const outcomeRows = db.transaction((tx) => {
  let n = 0
  const periods = tx.select().from(validityPeriods).all()
  for (const [i, p] of periods.entries()) {
    if (p.startDate > today) continue
    for (let k = 0; k < OUTCOMES_PER_LAB; k++) {
      const occurredOn = addDays(p.startDate, (i * 37 + k * 101) % 700)
      if (occurredOn > today || occurredOn > p.endDate) continue
      const kind = OUTCOME_KINDS[(i * 3 + k) % OUTCOME_KINDS.length]
      insertOutcome(tx, {
        labId: p.labId,
        periodId: p.id,
        validityYear: validityYearOf(p, occurredOn) ?? 1,
        form: DELIVERABLE_FORMS[(i + k) % DELIVERABLE_FORMS.length],
        kind,
        occurredOn,
        valueYuan: kind === 'transfer' ? 10_000 + ((i * 7919 + k) % 5_000_000) : null,
        verification: OUTCOME_VERIFICATIONS[(i + k * 5) % OUTCOME_VERIFICATIONS.length],
        title: `基准成果登记${i}-${k}`,
      })
      n++
    }
  }
  tx.update(deliverables)
    .set({ transferStatus: 'transferred', transferValueYuan: 125_000 })
    .where(sql`${deliverables.id} % 3 = 0 AND ${deliverables.status} = 'accepted'`)
    .run()
  return n
})
const ownLab: Actor = { id: 3, role: 'lab', districtCode: null, labId: 42 }
const noFilter = {}
const zh = translator('zh')
results.push(
  time('outcomes: totals (bureau)', () => outcomeTotals({ actor: bureau, filter: noFilter })),
  time('outcomes: counts by form (bureau)', () => countsByForm({ actor: bureau, filter: noFilter })),
  time('outcomes: plan fulfilment, distribution and labs ahead and behind (bureau)', () =>
    planFulfilmentPanel({ actor: bureau, filter: noFilter, today }),
  ),
  time('outcomes: whole dashboard (bureau)', () => outcomeDashboardData({ actor: bureau, filter: noFilter, today }), 5),
  time(
    'outcomes: whole dashboard, filtered to a year and a form (bureau)',
    () => outcomeDashboardData({ actor: bureau, filter: { year: 2025, form: 'data' }, today }),
    5,
  ),
  time('outcomes: whole dashboard (district)', () => outcomeDashboardData({ actor: district, filter: noFilter, today }), 5),
  time('outcomes: whole dashboard (lab)', () => outcomeDashboardData({ actor: ownLab, filter: noFilter, today }), 5),
  time('outcome register page 1, by date (bureau)', () => listRegister({ actor: bureau, filter: noFilter, page: 1, pageSize: 20 })),
  time('outcome register page 100, by date (bureau)', () => listRegister({ actor: bureau, filter: noFilter, page: 100, pageSize: 20 })),
  time('outcome register page 1, by value (bureau)', () =>
    listRegister({ actor: bureau, filter: noFilter, sort: 'value', dir: 'desc', page: 1, pageSize: 20 }),
  ),
  time('outcome register page 1, a year, a kind and verified (bureau)', () =>
    listRegister({ actor: bureau, filter: { year: 2025, kind: 'transfer', verification: 'verified' }, page: 1, pageSize: 20 }),
  ),
  time('outcome register page 1 (district)', () => listRegister({ actor: district, filter: noFilter, page: 1, pageSize: 20 })),
  time('outcome register page 1 (lab)', () => listRegister({ actor: ownLab, filter: noFilter, page: 1, pageSize: 20 })),
  time(
    'CSV export of the whole outcome register (bureau)',
    () => {
      const { header, rows } = registerExport({
        actor: bureau,
        state: { filter: noFilter, sort: 'date', dir: 'desc', page: 1, pageSize: 20 },
        t: zh,
      })
      return toCsv(header, rows)
    },
    5,
  ),
)
// The annual evaluation (issue 16): the 2025 round opened over every lab in force that year (a
// write that scores every lab from its record: timed once), then the round's table and the
// dashboard's grade counts.
const evaluator = db.select({ id: users.id }).from(users).where(eq(users.username, 'bench-bureau0')).get()!
const roundRaw = {
  year: '2025',
  report: '30',
  plan: '30',
  compliance: '20',
  security: '20',
  capExcellentPercent: '15',
  capGoodPercent: '30',
  minExcellent: '90',
  minGood: '80',
  minPass: '60',
}
results.push(
  time(
    'annual evaluation: open a round, every lab scored',
    () => openRound({ by: { ...bureau, id: evaluator.id, displayName: 'bench' }, raw: roundRaw }),
    0,
  ),
)
const roundId = db.select({ id: evaluationRounds.id }).from(evaluationRounds).get()!.id
const resultPage = { sort: 'score' as const, dir: 'desc' as const, district: null, grade: null, page: 1 }
results.push(
  time('annual evaluation: round page 1 (bureau, by score)', () => getRoundPage({ actor: bureau, roundId, params: resultPage })),
  time('annual evaluation: round page 1 (bureau, one district)', () =>
    getRoundPage({ actor: bureau, roundId, params: { ...resultPage, district: '320508' } }),
  ),
  time('annual evaluation: grade counts (bureau)', () => publishedGradeCounts({ actor: bureau, year: 2025 })),
)
// The spreadsheet import (issue 17): a 5,000-row roster file (new members spread over the labs)
// and every lab exported in import format (xlsx), each previewed (read, matched, judged) and
// applied in one transaction; timed once each, as a person's import happens once.
const importer = { ...bureau, id: evaluator.id, displayName: 'bench' }
const rosterCsv = [
  '实验室证书编号,姓名,职称,学历学位,团队角色',
  ...Array.from({ length: 5000 }, (_, i) => `B-${i % count},导入成员${i},副高级,硕士,科研人员`),
].join('\n')
const rosterBytes = new TextEncoder().encode(rosterCsv)
const labsBook = new Uint8Array(await importWorkbook({ kind: 'labs', rows: exportRowsFor('labs', importer)! }))
async function timeImport(name: string, kind: 'rosters' | 'labs', bytes: Uint8Array, fileName: string) {
  let t0 = performance.now()
  const preview = await previewImport({ kind, bytes, fileName, actor: importer })
  const previewMs = performance.now() - t0
  if (!preview.ok) throw new Error(`bench import refused: ${preview.refusal.key}`)
  const token = stageImport({ kind, fileName, bytes, actor: importer })
  t0 = performance.now()
  const applied = await applyImport({ token, actor: importer })
  const applyMs = performance.now() - t0
  if (!applied?.ok) throw new Error('bench import apply refused')
  results.push(
    { query: `import: ${name}, preview (${preview.preview.rows.length} rows)`, medianMs: Number(previewMs.toFixed(2)) },
    { query: `import: ${name}, apply (${JSON.stringify(preview.preview.counts)})`, medianMs: Number(applyMs.toFixed(2)) },
  )
}
await timeImport('5,000-row roster CSV', 'rosters', rosterBytes, 'roster.csv')
await timeImport('5,000-row roster CSV again (all unchanged)', 'rosters', rosterBytes, 'roster.csv')
await timeImport(`every lab in import format (${count} rows xlsx)`, 'labs', labsBook, 'labs.xlsx')

console.log(
  JSON.stringify(
    {
      labs: count,
      teamMembers: count * 20,
      deliverables: count * 2,
      resourceRequests: count * REQUESTS_PER_LAB,
      renewals: pipelineRenewals,
      outcomes: outcomeRows,
      ledger: { rows: ledgerRows, firstBuildMs: ledgerMs },
      results,
    },
    null,
    2,
  ),
)
db.$client.close()
fs.rmSync(dir, { recursive: true, force: true })
