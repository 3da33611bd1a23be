import { performance } from 'node:perf_hooks'
import { eq, sql } from 'drizzle-orm'
import type { Db } from '~db/client.server'
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
  type DistrictCode,
  type RequestStatus,
} from '~db/schema/enums'
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
import { createRng } from '~db/seed-rng'
import { UNITS_BY_TYPE } from '~/domain/resource-requests'
import { addDays, addMonths, type IsoDate } from '~/domain/dates'
import { makeUscc } from '~/domain/uscc'
import { validityYearOf } from '~/domain/validity'
import { backfillComplianceHistory, refreshCompliance } from '~/models/compliance.server'
import { ensureLedger } from '~/models/obligations.server'
import { DEMO_ACCOUNT_NAMES, DEMO_DISTRICTS } from '~db/seed-data-people'

// The generated registry of thousands of labs shared by `npm run bench` (queries timed
// in-process) and `npm run seed:scale` (a database to serve and measure over HTTP, issue 18).
// Every step is deterministic: index arithmetic, and createRng with a fixed seed for names.
// The steps are separate so the bench can time queries between them as it always has.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

const TOPICS = [
  '城市治理',
  '智能制造',
  '医疗健康',
  '金融科技',
  '交通出行',
  '文化旅游',
  '生态环境',
  '政务服务',
  '工业互联网',
  '智慧农业',
  '教育',
  '能源',
  '物流',
  '信用',
]

export type ScaleLabsOptions = {
  count: number
  /** earlier renewed periods before the one in force: lab i gets history(i) of them (two years each) */
  history?: (i: number) => number
  /** the lab's and host's names; the bench's defaults are `基准实验室00042` and `基准单位42` */
  realisticNames?: boolean
  /** labs per transaction; progress is reported after each chunk */
  chunk?: number
  onProgress?: (done: number) => void
}

/** Labs, their hosts, validity periods (the one in force and any renewed history) and 20 team members each. */
export function insertScaleLabs(db: Db, { count, history = () => 0, realisticNames = false, chunk = count, onProgress }: ScaleLabsOptions) {
  const rng = createRng(20261205)
  for (let from = 0; from < count; from += chunk) {
    db.transaction((tx) => {
      for (let i = from; i < Math.min(count, from + chunk); i++) insertOneLab(tx, i, { history: history(i), realisticNames, rng })
    })
    onProgress?.(Math.min(count, from + chunk))
  }
}

function insertOneLab(
  tx: Tx,
  i: number,
  { history, realisticNames, rng }: { history: number; realisticNames: boolean; rng: ReturnType<typeof createRng> },
) {
  const district = DISTRICT_CODES[i % DISTRICT_CODES.length]
  const topic = realisticNames ? rng.pick(TOPICS) : ''
  const org = insertOrganisation(tx, {
    name: realisticNames ? `苏州${topic}科技有限公司${String(i).padStart(5, '0')}` : `基准单位${i}`,
    creditCode: makeUscc({ authority: '9', kind: '1', region: district, serial: String(100000000 + i) }),
    districtCode: district,
  })
  const lab = insertLab(tx, {
    name: realisticNames ? `${topic}大数据创新应用实验室${String(i).padStart(5, '0')}` : `基准实验室${String(i).padStart(5, '0')}`,
    direction: (i % 14) + 1,
    districtCode: district,
    hostOrgId: org.id,
  })
  const start = addDays('2023-06-01', (i * 7) % 1200)
  // the renewed chain before the period in force, oldest first
  for (let k = history; k >= 1; k--) {
    const earlier = addMonths(start, -24 * k)
    const p = insertPeriod(tx, {
      labId: lab.id,
      sequence: history - k + 1,
      startDate: earlier,
      endDate: addDays(addMonths(earlier, 24), -1),
      certificateNo: `B-${i}-${history - k + 1}`,
      outcome: 'renewed',
      outcomeDate: addDays(addMonths(earlier, 24), -30),
    })
    insertRenewal(tx, {
      labId: lab.id,
      periodId: p.id,
      status: 'decided',
      submittedAt: `${addDays(p.endDate, -90)}T02:00:00.000Z`,
      decision: 'renew',
      grade: (['excellent', 'good', 'pass'] as const)[(i + k) % 3],
      decidedOn: addDays(p.endDate, -29),
    })
  }
  insertPeriod(tx, { labId: lab.id, sequence: history + 1, startDate: start, certificateNo: `B-${i}` })
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

/** Two filed deliverables and one annual report per period: accepted, submitted or returned. */
export function insertScaleFilings(db: Db) {
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
            status === 'submitted' && k === 1
              ? null
              : new Date(Date.parse(`${addDays(p.startDate, 120 + k * 200)}T02:00:00Z`)).toISOString(),
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
}

// eight resource requests per lab over the last year: most decided (a working-day count and
// in time or not stored as a decision stores them), some awaiting, a few returned or withdrawn
export const REQUESTS_PER_LAB = 8
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
export function insertScaleRequests(db: Db, { today }: { today: IsoDate }) {
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
}

// Indicator plans and outcomes (issue 16): every period an approved plan of five targets, and six
// outcomes over it (one disputed), so the plan_progress check reads real rows
export function insertScalePlans(db: Db) {
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
}

/**
 * The renewal pipeline: every lab's latest period within 120 days of its end or ended gets a
 * renewal at one of the stages (none, draft, applied, under review with two experts, rectifying,
 * decided with the outcome and a next period when renewed). The experts are made unless given.
 * Returns the number of renewals.
 */
export function insertScaleRenewals(db: Db, { today, expertIds }: { today: IsoDate; expertIds?: number[] }) {
  return db.transaction((tx) => {
    const experts =
      expertIds ??
      [0, 1].map((k) => insertUser(tx, { username: `bench-expert${k}`, displayName: `专家${k}`, passwordHash: 'x', role: 'expert' }).id)
    const all = tx.select().from(validityPeriods).all()
    const latest = new Map<number, (typeof all)[number]>()
    for (const p of all) if ((latest.get(p.labId)?.sequence ?? 0) < p.sequence) latest.set(p.labId, p)
    const due = all.filter((p) => latest.get(p.labId) === p && p.endDate <= addDays(today, 120))
    const grades = ['excellent', 'good', 'pass', 'fail', null]
    let n = 0
    for (const [i, p] of due.entries()) {
      const stage = i % 6
      if (stage === 0) continue
      const decided = stage === 5 ? (['renew', 'not_renew', 'revoke', 'renew_after_rectification'] as const)[i % 4] : null
      const status =
        stage === 1 ? 'draft' : stage === 2 ? 'submitted' : stage === 3 ? 'under_review' : stage === 4 ? 'rectifying' : 'decided'
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
          insertPeriod(tx, { labId: p.labId, sequence: p.sequence + 1, startDate: addDays(p.endDate, 1) })
        }
      }
    }
    return n
  })
}

// Every lab two accounts, one account per district office, two at the bureau, as a city of this
// size would have. `passwordHash` 'x' signs nobody in (the bench); the scale seed passes a real one.
export function insertScaleAccounts(db: Db, { passwordHash = 'x' }: { passwordHash?: string } = {}) {
  db.transaction((tx) => {
    const account = (
      username: string,
      role: 'lab' | 'district' | 'bureau',
      extra: { labId?: number; districtCode?: (typeof DISTRICT_CODES)[number] } = {},
    ) => insertUser(tx, { username, displayName: username, passwordHash, role, email: `${username}@example.cn`, ...extra })
    for (const { id } of tx.select({ id: labs.id }).from(labs).all())
      for (const k of [0, 1]) account(`bench-lab${id}-${k}`, 'lab', { labId: id })
    for (const code of DISTRICT_CODES) account(`bench-district-${code}`, 'district', { districtCode: code })
    for (const k of [0, 1]) account(`bench-bureau${k}`, 'bureau')
  })
}

// two incidents per lab in the last 90 days (one in three still open, some late)
export function insertScaleIncidents(db: Db, { today }: { today: IsoDate }) {
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
}

// every period six more outcomes (every form, kind and verification state, transfers with a
// value), and one accepted deliverable in three becomes a transfer. Returns the outcomes added.
export const OUTCOMES_PER_LAB = 6
export function insertScaleOutcomes(db: Db, { today }: { today: IsoDate }) {
  return db.transaction((tx) => {
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
}

export type ScaleSummary = { labs: number; periods: number; renewals: number; outcomes: number; users: number; ledgerRows: number }

/**
 * The whole scale database of `npm run seed:scale` on a migrated, empty database that is the
 * app's (setDb): N labs with up to ten years of renewed history, their filings, requests,
 * plans, outcomes, renewals, incidents, two accounts per lab and the demo accounts (password
 * `passwordHash`), then the obligation ledger, 24 months of compliance history and today's
 * compliance results, so the first page served is as warm as on a running installation.
 */
export function seedScale(
  db: Db,
  {
    labs: count,
    today,
    passwordHash,
    log = () => {},
  }: { labs: number; today: IsoDate; passwordHash: string; log?: (line: string) => void },
): ScaleSummary {
  const started = performance.now()
  const step = (what: string) => log(`${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
  insertScaleLabs(db, {
    count,
    // 0 to 4 renewed periods before the one in force: up to ten years of history
    history: (i) => i % 5,
    realisticNames: true,
    chunk: Math.max(1, Math.ceil(count / 10)),
    onProgress: (done) => step(`labs, hosts, periods, teams: ${done}/${count}`),
  })
  insertScaleFilings(db)
  step('deliverables and annual reports')
  insertScaleRequests(db, { today })
  step('resource requests')
  insertScalePlans(db)
  step('indicator plans and outcomes')
  const demo = insertDemoAccounts(db, { passwordHash })
  insertScaleRenewals(db, { today, expertIds: demo.expertIds })
  step('renewals')
  insertScaleAccounts(db, { passwordHash })
  step('accounts')
  insertScaleIncidents(db, { today })
  const outcomes = insertScaleOutcomes(db, { today })
  step('incidents and outcomes')
  const ledgerRows = ensureLedger()
  step('obligation ledger')
  backfillComplianceHistory({ today, months: 24 })
  refreshCompliance({ today })
  step('compliance history and results')
  const n = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  return { labs: count, periods: n('validity_periods'), renewals: n('renewals'), outcomes, users: n('users'), ledgerRows }
}

// the sign-in page's accounts as in db/seed.ts: the bureau, every district office (gusu first),
// `lab` on the first 姑苏区 lab, `lab2` on the first 昆山市 lab, and two experts
function insertDemoAccounts(db: Db, { passwordHash }: { passwordHash: string }) {
  return db.transaction((tx) => {
    const firstLabIn = (code: DistrictCode) =>
      tx.select({ id: labs.id, name: labs.name }).from(labs).where(eq(labs.districtCode, code)).orderBy(labs.id).limit(1).get()!
    const user = (
      username: string,
      displayName: string,
      role: 'bureau' | 'district' | 'lab' | 'expert',
      extra: { districtCode?: DistrictCode; labId?: number } = {},
    ) => insertUser(tx, { username, displayName, passwordHash, role, email: `${username}@example.cn`, locale: 'zh', ...extra }).id
    user('bureau', DEMO_ACCOUNT_NAMES.bureau, 'bureau')
    for (const d of [...DEMO_DISTRICTS].sort((a, b) => Number(b.username === 'gusu') - Number(a.username === 'gusu')))
      user(d.username, `${d.name}大数据局 ${d.officer}`, 'district', { districtCode: d.code })
    const lab = firstLabIn('320508')
    const lab2 = firstLabIn(DEMO_DISTRICTS.find((d) => d.name.includes('昆山'))!.code)
    user('lab', `实验室联系人（${lab.name}）`, 'lab', { labId: lab.id })
    user('lab2', `实验室联系人（${lab2.name}）`, 'lab', { labId: lab2.id })
    const expertIds = [user('expert', DEMO_ACCOUNT_NAMES.expert, 'expert'), user('expert2', '评审专家 林教授', 'expert')]
    return { expertIds }
  })
}
