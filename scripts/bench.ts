import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { eq } from 'drizzle-orm'
import { openDb } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { validityPeriods } from '~db/schema'
import type { Actor } from '~/domain/permissions'
import { setDb } from '~/utils/db.server'
import {
  insertScaleAccounts,
  insertScaleFilings,
  insertScaleIncidents,
  insertScaleLabs,
  insertScaleOutcomes,
  insertScalePlans,
  insertScaleRenewals,
  insertScaleRequests,
  REQUESTS_PER_LAB,
} from './scale-data'
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
// the generated registry (scripts/scale-data.ts, shared with `npm run seed:scale`)
insertScaleLabs(db, { count })
insertScaleFilings(db)
insertScaleRequests(db, { today })
insertScalePlans(db)

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
  time('request queue page 1 (bureau, default order)', () => listRequestQueue({ actor: bureau, today, filter: {}, page: 1, pageSize: 20 })),
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
const pipelineRenewals = insertScaleRenewals(db, { today })
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
insertScaleAccounts(db)
results.push(
  time(
    'reminders: plan the daily run (every obligation, every recipient)',
    () => planReminders({ db, now: new Date(`${today}T00:30:00Z`), settings: ruleSettings(), calendar: workCalendar() }),
    3,
  ),
)
// The weekly summary (issue 15): two incidents per lab (one in three still open, some late), then
// each scope's numbers, and one whole run telling every office (a write: timed once, last).
insertScaleIncidents(db, { today })
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
const outcomeRows = insertScaleOutcomes(db, { today })
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
      return toCsv(header, [...rows])
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
