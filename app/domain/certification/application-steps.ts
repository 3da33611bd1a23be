// An application's way through a certification round (issue 21), guide 四、申报流程:
//   draft → submitted → returned → submitted … (the applicant corrects before its deadline)
//                     → rejected (the office, with grounds: 完整性、真实性及有效性)
//                     → recommended (the office, within its quota, with its sealed letter)
//   recommended → under_review (the bureau's experts) → shortlisted | not_shortlisted
//   shortlisted → in_notice (公示) → objection_sustained (leaves the list) | certified (授牌)
// and withdrawn, by the applicant, before the applicants' deadline. One table of allowed steps,
// checked on the server for every action (as FILING_STEPS and REQUEST_STEPS are); pages offer
// only what this table allows.
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import type { MessageKey } from '~/i18n'
import { sameOffice, type CertificationActor, type RecommendingOffice } from './actors'
import type { ConditionId } from './application-conditions'
import { checkRecommendation, type QuotaUse } from './recommendation-quota'
import { isLate } from './round-dates'

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'rejected',
  'withdrawn',
  'recommended',
  'under_review',
  'shortlisted',
  'not_shortlisted',
  'in_notice',
  'objection_sustained',
  'certified',
] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]

// Guide 四(二): the office "审查材料的完整性、真实性及有效性": a rejection names which failed.
export const REJECTION_GROUNDS = ['incomplete', 'not_authentic', 'not_valid'] as const
export type RejectionGround = (typeof REJECTION_GROUNDS)[number]

/** Everything the steps' guards read, loaded by the model; each fact computed by its own rule. */
export type ApplicationFacts = {
  status: ApplicationStatus
  applicantId: number
  office: RecommendingOffice
  // UTC instants: the applicants' deadline and the offices' (guide: 17:00 Beijing time each)
  round: { applicationsDueAt: string; recommendationsDueAt: string }
  // the conditions that fail now (application-conditions.ts blockingConditions)
  failingConditions: readonly ConditionId[]
  // the office's places this round (recommendation-quota.ts quotaUse)
  quota: QuotaUse
  // the office's sealed written recommendation for this round is uploaded (guide 四(二) 加盖公章)
  sealedLetter: boolean
  // experts assigned to the application, and those of them who declared a conflict of interest
  experts: { assigned: readonly number[]; conflicted: readonly number[] }
  // every assigned expert without a conflict has scored (shortlist.ts applicationScore)
  scoresComplete: boolean
  // the public notice once published: its last day (public-notice.ts noticePeriod)
  notice: { lastDay: IsoDate } | null
  // objections received in time and not yet decided by the bureau
  openObjections: number
}

type Who = 'own_applicant' | 'own_office' | 'bureau' | 'assigned_expert'
type Deadline = 'applications' | 'recommendations'
type Guard = 'conditions_met' | 'within_quota' | 'sealed_letter' | 'scores_complete' | 'notice_over' | 'objections_decided'

interface Step {
  from: readonly ApplicationStatus[]
  to: ApplicationStatus | 'same'
  by: readonly Who[]
  // taken no later than this deadline of the round (an instant exactly at it is on time)
  until?: Deadline
  // taken only once this deadline has passed
  after?: Deadline
  guards?: readonly Guard[]
  // a return, a rejection and a sustained objection say why (readStepInput)
  needsReasons?: boolean
  needsGrounds?: boolean
  // who is told once the step is taken (the notice system, as FILING_STEPS tells): whose turn
  // it is next, or whose application it is
  tells: readonly Audience[]
}

// the applicant, its office, the bureau: experts are told of assignments, not of steps
type Audience = Exclude<Who, 'assigned_expert'>

export const APPLICATION_STEPS = {
  // Guide 四(一): materials reach the office "于…17点前"; the conditions (二、三) and the sealed
  // PDF and editable Word 申报表 are checked again at submission.
  submit: {
    from: ['draft'],
    to: 'submitted',
    by: ['own_applicant'],
    until: 'applications',
    guards: ['conditions_met'],
    tells: ['own_office'],
  },
  resubmit: {
    from: ['returned'],
    to: 'submitted',
    by: ['own_applicant'],
    until: 'applications',
    guards: ['conditions_met'],
    tells: ['own_office'],
  },
  // the applicant may leave the round until its deadline, a recommendation's place freed with it
  // (a draft's withdrawal tells nobody: stepAudiences)
  withdraw: {
    from: ['draft', 'submitted', 'returned', 'recommended'],
    to: 'withdrawn',
    by: ['own_applicant'],
    until: 'applications',
    tells: ['own_office'],
  },
  // Guide 四(二) 初审: back for correction, only while the applicant can still resubmit; after the
  // applicants' deadline a return could never come back, so the office rejects with grounds instead
  return: { from: ['submitted'], to: 'returned', by: ['own_office'], until: 'applications', needsReasons: true, tells: ['own_applicant'] },
  reject: {
    from: ['submitted'],
    to: 'rejected',
    by: ['own_office'],
    until: 'recommendations',
    needsReasons: true,
    needsGrounds: true,
    tells: ['own_applicant'],
  },
  // Guide 四(二) 择优进行推荐 … 不超过3家 / 2家 … 书面推荐意见，并加盖公章 … 于…17点前
  recommend: {
    from: ['submitted'],
    to: 'recommended',
    by: ['own_office'],
    until: 'recommendations',
    guards: ['within_quota', 'sealed_letter'],
    tells: ['own_applicant'],
  },
  // the office changes its mind before its deadline: the place is free again
  withdraw_recommendation: {
    from: ['recommended'],
    to: 'submitted',
    by: ['own_office'],
    until: 'recommendations',
    tells: ['own_applicant'],
  },
  // Guide 四(三) 评审: the bureau's experts review "推荐过来的申报材料", once every office's list is final
  start_review: {
    from: ['recommended'],
    to: 'under_review',
    by: ['bureau'],
    after: 'recommendations',
    tells: ['own_applicant', 'own_office'],
  },
  // experts score, nothing more: the step changes no status (the model writes the scores)
  score: { from: ['under_review'], to: 'same', by: ['assigned_expert'], tells: ['bureau'] },
  // Guide 四(三) 根据评审结果提出实验室拟入选名单
  shortlist: {
    from: ['under_review'],
    to: 'shortlisted',
    by: ['bureau'],
    guards: ['scores_complete'],
    tells: ['own_applicant', 'own_office'],
  },
  not_shortlist: {
    from: ['under_review'],
    to: 'not_shortlisted',
    by: ['bureau'],
    guards: ['scores_complete'],
    tells: ['own_applicant', 'own_office'],
  },
  // Guide 四(四) 公示: the shortlist is published for 7 working days
  publish: { from: ['shortlisted'], to: 'in_notice', by: ['bureau'], tells: ['own_applicant', 'own_office'] },
  sustain_objection: {
    from: ['in_notice'],
    to: 'objection_sustained',
    by: ['bureau'],
    needsReasons: true,
    tells: ['own_applicant', 'own_office'],
  },
  // Guide 四(五) 公示无异议后 … 统一授牌认定: after the last day, every objection decided
  certify: {
    from: ['in_notice'],
    to: 'certified',
    by: ['bureau'],
    guards: ['notice_over', 'objections_decided'],
    tells: ['own_applicant', 'own_office'],
  },
} as const satisfies Record<string, Step>

export type ApplicationStep = keyof typeof APPLICATION_STEPS
export const APPLICATION_STEP_NAMES = Object.keys(APPLICATION_STEPS) as ApplicationStep[]

// own keys only: `in` would also accept 'toString' and the other names an object inherits
export const isApplicationStep = (value: string): value is ApplicationStep => Object.hasOwn(APPLICATION_STEPS, value)

export type ApplicationStepRefusal =
  | 'not_allowed_for_role'
  | 'wrong_status'
  | 'applications_closed'
  | 'recommendations_closed'
  | 'recommendations_open'
  | 'conditions_unmet'
  | 'quota_full'
  | 'letter_missing'
  | 'scores_incomplete'
  | 'notice_running'
  | 'objections_open'

/** The message each refusal shows (app/i18n/certification.ts). */
export const refusalMessage = (reason: ApplicationStepRefusal): MessageKey => `certification.refusal.${reason}`

export type StepCheck =
  | { ok: true; to: ApplicationStatus }
  | { ok: false; reason: ApplicationStepRefusal; failingConditions?: readonly ConditionId[] }

// On time up to and including the deadline's instant: materials due "17点前" are accepted at
// 17:00:00 and refused from 17:00:01 (tests/domain/certification/application-steps.test.ts).
// The boundary is decided once, by the round's isLate (round-dates.ts).
export const onTime = (now: Date, dueAt: string): boolean => !isLate(now, dueAt)

function dueAt(facts: ApplicationFacts, deadline: Deadline): string {
  return deadline === 'applications' ? facts.round.applicationsDueAt : facts.round.recommendationsDueAt
}

function whoIs(actor: CertificationActor, facts: Pick<ApplicationFacts, 'applicantId' | 'office' | 'experts'>): Who | null {
  switch (actor.role) {
    case 'bureau':
      return 'bureau'
    case 'applicant':
      return actor.applicantId === facts.applicantId ? 'own_applicant' : null
    case 'office':
      return sameOffice(actor.office, facts.office) ? 'own_office' : null
    case 'expert':
      // a declared conflict takes the expert off the application (评审回避), as for renewals
      return facts.experts.assigned.includes(actor.expertId) && !facts.experts.conflicted.includes(actor.expertId)
        ? 'assigned_expert'
        : null
  }
}

function failedGuard(guard: Guard, facts: ApplicationFacts, now: Date): StepCheck | null {
  switch (guard) {
    case 'conditions_met':
      return facts.failingConditions.length ? { ok: false, reason: 'conditions_unmet', failingConditions: facts.failingConditions } : null
    case 'within_quota':
      return checkRecommendation(facts.quota).ok ? null : { ok: false, reason: 'quota_full' }
    case 'sealed_letter':
      return facts.sealedLetter ? null : { ok: false, reason: 'letter_missing' }
    case 'scores_complete':
      return facts.scoresComplete ? null : { ok: false, reason: 'scores_incomplete' }
    case 'notice_over':
      // the last day is a whole Shanghai day of the notice: certification comes the day after
      return facts.notice && facts.notice.lastDay < shanghaiDate(now) ? null : { ok: false, reason: 'notice_running' }
    case 'objections_decided':
      return facts.openObjections === 0 ? null : { ok: false, reason: 'objections_open' }
  }
}

/** Whether `actor` may take `step` on the application at `now`; the reason when not. */
export function checkStep(actor: CertificationActor, facts: ApplicationFacts, step: ApplicationStep, now: Date): StepCheck {
  const rule: Step = APPLICATION_STEPS[step]
  const who = whoIs(actor, facts)
  if (!who || !rule.by.includes(who)) return { ok: false, reason: 'not_allowed_for_role' }
  if (!rule.from.includes(facts.status)) return { ok: false, reason: 'wrong_status' }
  if (rule.until && !onTime(now, dueAt(facts, rule.until)))
    return { ok: false, reason: rule.until === 'applications' ? 'applications_closed' : 'recommendations_closed' }
  if (rule.after && onTime(now, dueAt(facts, rule.after))) return { ok: false, reason: 'recommendations_open' }
  for (const guard of rule.guards ?? []) {
    const failed = failedGuard(guard, facts, now)
    if (failed) return failed
  }
  return { ok: true, to: rule.to === 'same' ? facts.status : rule.to }
}

/** The steps the page offers this actor on the application now. */
export function allowedSteps(facts: ApplicationFacts, actor: CertificationActor, now: Date): ApplicationStep[] {
  return APPLICATION_STEP_NAMES.filter((step) => checkStep(actor, facts, step, now).ok)
}

/** Only the applicant edits, while its application is a draft or returned to it, and before its deadline. */
export function canEditApplication(actor: CertificationActor, facts: ApplicationFacts, now: Date): boolean {
  return (
    whoIs(actor, facts) === 'own_applicant' &&
    (facts.status === 'draft' || facts.status === 'returned') &&
    onTime(now, facts.round.applicationsDueAt)
  )
}

export type StepAudience = Audience

/** Who is told of a step just taken: the step's `tells`, except that a draft's withdrawal concerns nobody else. */
export function stepAudiences(step: ApplicationStep, from: ApplicationStatus): StepAudience[] {
  if (step === 'withdraw' && from === 'draft') return []
  return [...(APPLICATION_STEPS[step] as Step).tells]
}

// Scope (issue 21, "Rules"): an applicant sees its own; an office its own applicants once they
// submit (a draft is the applicant's own business, as a draft request is the lab's); the bureau
// every submitted application; an expert only what it is assigned without a conflict, from the
// review on. The page without sign-in shows only the published list (onPublicList).
/** The statuses of an application that has reached the experts (the review has started on it). */
export const FROM_REVIEW_ON: readonly ApplicationStatus[] = [
  'under_review',
  'shortlisted',
  'not_shortlisted',
  'in_notice',
  'objection_sustained',
  'certified',
]

/**
 * Whether `actor` may see the application at all: out of scope is "not found" to the page.
 * `submitted`: the application has been submitted at least once (a withdrawn draft has not).
 */
export function canSeeApplication(
  actor: CertificationActor,
  facts: Pick<ApplicationFacts, 'status' | 'applicantId' | 'office' | 'experts'> & { submitted: boolean },
): boolean {
  switch (whoIs(actor, facts)) {
    case 'own_applicant':
      return true
    case 'own_office':
    case 'bureau':
      return facts.submitted
    case 'assigned_expert':
      return FROM_REVIEW_ON.includes(facts.status)
    case null:
      return false
  }
}

// Guide 四(四)-(五): the shortlist is published for the notice, then "正式对外公布" once certified;
// an application under a sustained objection leaves the list.
export const PUBLIC_STATUSES = ['in_notice', 'certified'] as const satisfies readonly ApplicationStatus[]
export const onPublicList = (status: ApplicationStatus): boolean => (PUBLIC_STATUSES as readonly ApplicationStatus[]).includes(status)

export const stepNeedsReasons = (step: ApplicationStep): boolean => (APPLICATION_STEPS[step] as Step).needsReasons === true
export const stepNeedsGrounds = (step: ApplicationStep): boolean => (APPLICATION_STEPS[step] as Step).needsGrounds === true

export const REASONS_MAX = 2000

export type StepInputErrors = Partial<Record<'reasons' | 'grounds', { key: MessageKey; vars?: Record<string, number> }>>

const isRejectionGround = (value: string): value is RejectionGround => (REJECTION_GROUNDS as readonly string[]).includes(value)

/**
 * What a step carries, as the form sent it: the reasons trimmed, the grounds of a rejection
 * (at least one of REJECTION_GROUNDS, each once, in the table's order).
 */
export function readStepInput(
  step: ApplicationStep,
  { reasons, grounds = [] }: { reasons?: string; grounds?: readonly string[] },
): { reasons: string; grounds: RejectionGround[]; errors: StepInputErrors } {
  const rule: Step = APPLICATION_STEPS[step]
  const said = (reasons ?? '').trim()
  const errors: StepInputErrors = {}
  if (rule.needsReasons && !said) errors.reasons = { key: 'certification.input.reasonsRequired' }
  else if (said.length > REASONS_MAX) errors.reasons = { key: 'form.tooLong', vars: { max: REASONS_MAX } }
  const chosen = rule.needsGrounds ? REJECTION_GROUNDS.filter((g) => grounds.includes(g)) : []
  if (rule.needsGrounds && grounds.some((g) => !isRejectionGround(g))) errors.grounds = { key: 'form.invalidChoice' }
  else if (rule.needsGrounds && !chosen.length) errors.grounds = { key: 'certification.input.groundsRequired' }
  return { reasons: said, grounds: chosen, errors }
}
