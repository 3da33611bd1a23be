import { eq } from 'drizzle-orm'
import { validityPeriods } from '~db/schema'
import type { DistrictCode, RecheckDecision, RenewalDecision, RenewalStatus } from '~db/schema/enums'
import type { Db } from '~db/client.server'
import { periodEndDate } from '~/domain/validity'
import { makeLab, makeUser } from './helpers'
import { insertPeriod, insertRenewal, insertReviewAssignment } from '~db/factories'

// The renewal pipeline's fixtures: labs at every stage, written straight into the tables (the
// lead's model has its own tests for how a renewal gets there).

// 2026-06-15 10:00 in Shanghai. The window (120 days) reaches periods ending by 2026-10-13.
export const PIPELINE_NOW = new Date('2026-06-15T02:00:00Z')
export const PIPELINE_TODAY = '2026-06-15'

type RenewalFields = {
  status: RenewalStatus
  submittedAt?: string
  decision?: RenewalDecision
  grade?: string | null
  decidedOn?: string
  rectificationDeadline?: string
  recheckDecision?: RecheckDecision
}

export function firstPeriod(db: Db, labId: number) {
  return db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).orderBy(validityPeriods.sequence).all()[0]
}

export function addRenewal(db: Db, labId: number, periodId: number, fields: RenewalFields) {
  return insertRenewal(db, { labId, periodId, ...fields })
}

/** Settles a lab's first period with `outcome` and, when renewed, adds the next period. */
export function settle(db: Db, labId: number, outcome: 'renewed' | 'not_renewed' | 'revoked', on: string) {
  const period = firstPeriod(db, labId)
  db.update(validityPeriods).set({ outcome, outcomeDate: on }).where(eq(validityPeriods.id, period.id)).run()
  if (outcome === 'renewed') {
    const [y, m, d] = period.endDate.split('-').map(Number)
    const start = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
    insertPeriod(db, { labId, sequence: 2, startDate: start, endDate: periodEndDate(start) })
  }
  return period
}

export type PipelineFixture = {
  labs: Record<string, number>
  renewalIds: Record<string, number>
}

/**
 * Labs in 姑苏区 (320508) and 吴中区 (320506), one per situation. Names (P01..P13) sort as listed;
 * end dates (start + two years - 1 day) in brackets.
 */
export async function makePipeline(db: Db): Promise<PipelineFixture> {
  const labs: Record<string, number> = {}
  const renewalIds: Record<string, number> = {}
  const lab = (key: string, name: string, startDate: string, districtCode: DistrictCode, direction: number) => {
    labs[key] = makeLab(db, { name, startDate, districtCode, direction }).id
    return { labId: labs[key], periodId: firstPeriod(db, labs[key]).id }
  }
  // [2026-11-30] window opens 2026-08-02: not yet listed
  lab('notYet', 'P01 窗口未开', '2024-12-01', '320508', 1)
  // [2026-08-31] window open, no application
  lab('upcoming', 'P02 待申请', '2024-09-01', '320508', 2)
  // [2026-10-13] the window opens today (the last end date it reaches)
  lab('edge', 'P03 今日开窗', '2024-10-14', '320506', 2)
  // [2026-04-30] ended, no application
  lab('notApplied', 'P04 届满未申请', '2024-05-01', '320508', 3)
  // [2026-05-09] ended with only a draft: the lab's own, so not applied and no renewal to open
  const draft = lab('draft', 'P05 草稿', '2024-05-10', '320506', 3)
  renewalIds.draft = addRenewal(db, draft.labId, draft.periodId, { status: 'draft' }).id
  // [2026-07-31] applied on 2026-05-20 (Shanghai)
  const applied = lab('applied', 'P06 已申请', '2024-08-01', '320508', 4)
  renewalIds.applied = addRenewal(db, applied.labId, applied.periodId, { status: 'submitted', submittedAt: '2026-05-19T17:30:00.000Z' }).id
  // [2026-05-31] applied and the period has ended undecided: overdue
  const appliedLate = lab('appliedLate', 'P07 已申请逾期', '2024-06-01', '320506', 4)
  renewalIds.appliedLate = addRenewal(db, appliedLate.labId, appliedLate.periodId, {
    status: 'submitted',
    submittedAt: '2026-03-01T02:00:00.000Z',
  }).id
  // [2026-06-30] under review: one review in, one waiting, one conflicted
  const review = lab('underReview', 'P08 评审中', '2024-07-01', '320508', 5)
  renewalIds.underReview = addRenewal(db, review.labId, review.periodId, {
    status: 'under_review',
    submittedAt: '2026-04-01T02:00:00.000Z',
  }).id
  for (const status of ['submitted', 'assigned', 'conflict'] as const) {
    const expert = await makeUser(db, { role: 'expert' })
    insertReviewAssignment(db, { renewalId: renewalIds.underReview, expertId: expert.id, status, assignedAt: '2026-05-01T02:00:00.000Z' })
  }
  // [2026-02-28] renewed after rectification, deadline passed: overdue
  const rect = lab('rectifying', 'P09 整改中', '2024-03-01', '320508', 5)
  renewalIds.rectifying = addRenewal(db, rect.labId, rect.periodId, {
    status: 'rectifying',
    submittedAt: '2025-12-01T02:00:00.000Z',
    decision: 'renew_after_rectification',
    grade: 'pass',
    decidedOn: '2026-02-10',
    rectificationDeadline: '2026-05-10',
  }).id
  // decided: renewed (excellent), the next period not in its window
  const renewed = lab('renewed', 'P10 已续期', '2024-04-01', '320508', 1)
  settle(db, renewed.labId, 'renewed', '2026-03-20')
  renewalIds.renewed = addRenewal(db, renewed.labId, renewed.periodId, {
    status: 'decided',
    submittedAt: '2026-01-10T02:00:00.000Z',
    decision: 'renew',
    grade: 'excellent',
    decidedOn: '2026-03-20',
  }).id
  // decided: not renewed, no grade (never applied)
  const notRenewed = lab('notRenewed', 'P11 不予续期', '2024-02-01', '320506', 1)
  settle(db, notRenewed.labId, 'not_renewed', '2026-04-02')
  renewalIds.notRenewed = addRenewal(db, notRenewed.labId, notRenewed.periodId, {
    status: 'decided',
    decision: 'not_renew',
    decidedOn: '2026-04-02',
  }).id
  // decided: renewed after rectification, the re-check passed (good)
  const rechecked = lab('rechecked', 'P12 复查通过', '2024-01-15', '320508', 2)
  settle(db, rechecked.labId, 'renewed', '2026-05-30')
  renewalIds.rechecked = addRenewal(db, rechecked.labId, rechecked.periodId, {
    status: 'decided',
    submittedAt: '2025-11-01T02:00:00.000Z',
    decision: 'renew_after_rectification',
    grade: 'good',
    decidedOn: '2026-01-20',
    rectificationDeadline: '2026-04-20',
    recheckDecision: 'renew',
  }).id
  // an old period settled without any renewal row (before this module): nowhere in the pipeline
  const legacy = lab('legacy', 'P13 旧记录', '2023-01-01', '320508', 6)
  settle(db, legacy.labId, 'not_renewed', '2025-01-05')
  return { labs, renewalIds }
}

// today 2026-06-15, a 120-day window: the last end date it reaches is 2026-10-13
const ENDS = ['2025-12-31', '2026-05-31', '2026-06-14', '2026-06-15', '2026-06-15', '2026-08-31', '2026-10-13', '2026-10-14', '2027-03-01']
const NAMES = ['甲实验室', '乙实验室', '丙实验室', '甲实验室', '丁实验室']
const DISTRICTS: DistrictCode[] = ['320508', '320506', '320583']
const SITUATIONS = [
  'none',
  'draft',
  'submitted',
  'under_review',
  'rectifying',
  'rectifying_no_decision',
  'decided',
  'decided_undated',
  'decided_no_decision',
  'renewed_then_open',
  'renewed_then_applied',
  'decided_period_open',
  'stale_open_period',
] as const

// a deterministic sequence, so a failure reads the same on every run
function* numbers(seed: number) {
  let x = seed
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648
    yield x
  }
}

function dayAfter(day: string) {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

function startFor(end: string) {
  // a two-year period ending on `end` (the certificate's end date is written as given)
  return `${Number(end.slice(0, 4)) - 2}${end.slice(4)}`
}

/**
 * A varied pipeline for the agreement tests of /renewals' pages and counts (issue 18): ties in end
 * date and lab name, the window's boundaries (today, the window's last day and the day after),
 * drafts, renewals in progress beyond a shortened window, decisions with and without a date or a
 * decision, renewed history, three districts and three directions. Deterministic.
 */
export async function makeVariedPipeline(db: Db) {
  const next = numbers(18)
  const pick = <T>(list: readonly T[]) => list[(next.next().value as number) % list.length]
  const expert = await makeUser(db, { role: 'expert' })
  let n = 0
  for (const situation of SITUATIONS)
    for (let copy = 0; copy < 6; copy++) {
      const endDate = pick(ENDS)
      const lab = makeLab(db, {
        name: `${pick(NAMES)}${n++ % 7 === 0 ? '' : ` ${n % 3}`}`,
        startDate: startFor(endDate),
        endDate,
        districtCode: pick(DISTRICTS),
        direction: 1 + (n % 3),
      })
      const period = firstPeriod(db, lab.id)
      const decidedOn = pick(['2026-01-20', '2026-03-20', '2026-03-20', '2026-05-02'])
      const renewal = (status: RenewalStatus, periodId = period.id, more: Partial<Parameters<typeof insertRenewal>[1]> = {}) =>
        insertRenewal(db, { labId: lab.id, periodId, status, submittedAt: status === 'draft' ? null : '2026-04-01T02:00:00.000Z', ...more })
      const settle = (outcome: 'renewed' | 'not_renewed') =>
        db.update(validityPeriods).set({ outcome, outcomeDate: decidedOn }).where(eq(validityPeriods.id, period.id)).run()
      switch (situation) {
        case 'none':
          break
        case 'draft':
          renewal('draft')
          break
        case 'submitted':
        case 'under_review': {
          const r = renewal(situation)
          if (situation === 'under_review')
            insertReviewAssignment(db, {
              renewalId: r.id,
              expertId: expert.id,
              status: pick(['submitted', 'assigned'] as const),
              assignedAt: '2026-05-01T02:00:00Z',
            })
          break
        }
        case 'rectifying':
          renewal('rectifying', period.id, {
            decision: 'renew_after_rectification',
            grade: 'pass',
            decidedOn,
            rectificationDeadline: pick(['2026-06-14', '2026-06-15', '2026-09-01']),
          })
          break
        case 'rectifying_no_decision':
          renewal('rectifying')
          break
        case 'decided':
          settle('not_renewed')
          renewal('decided', period.id, {
            decision: pick(['renew', 'not_renew', 'revoke'] as const),
            grade: pick(['excellent', 'good', null]),
            decidedOn,
          })
          break
        case 'decided_undated':
          settle('not_renewed')
          renewal('decided', period.id, { decision: 'not_renew' })
          break
        case 'decided_no_decision':
          settle('not_renewed')
          renewal('decided', period.id, { decidedOn })
          break
        case 'renewed_then_open':
        case 'renewed_then_applied': {
          settle('renewed')
          renewal('decided', period.id, { decision: 'renew', grade: 'good', decidedOn })
          const start = dayAfter(endDate)
          const second = insertPeriod(db, {
            labId: lab.id,
            sequence: 2,
            startDate: start,
            endDate: pick(ENDS) > endDate ? pick(ENDS) : '2026-10-13',
          })
          if (situation === 'renewed_then_applied') renewal('submitted', second.id)
          break
        }
        case 'decided_period_open':
          // a decision whose period was never given its outcome: listed as decided only
          renewal('decided', period.id, { decision: 'renew', grade: 'excellent', decidedOn })
          break
        case 'stale_open_period':
          // an earlier period left without an outcome: only the latest is open
          insertPeriod(db, { labId: lab.id, sequence: 2, startDate: dayAfter(endDate), endDate: pick(ENDS) })
          break
      }
    }
}
