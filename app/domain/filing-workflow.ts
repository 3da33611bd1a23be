// The review workflow shared by deliverables and annual reports (issue 4):
//   draft → submitted → (optional district opinion) → accepted | returned → resubmitted → …
// One table of allowed steps, checked on the server for every action; the pages only offer
// what this table allows. A lab files only for itself and never decides its own filing.
import { DISTRICT_OPINIONS, type DistrictOpinion, type FilingAction, type FilingKind, type FilingStatus } from '~db/schema/enums'
import type { MessageKey } from '~/i18n'
import { isAllowedGrade } from './grades'
import { isOwnLab, type Actor, type LabRef } from './permissions'

export type FilingRef = { kind: FilingKind; status: FilingStatus; lab: LabRef }

type Who = 'own_lab' | 'lab_district' | 'bureau'

interface Step {
  from: readonly FilingStatus[]
  to: FilingStatus | 'same'
  by: readonly Who[]
  kinds: readonly FilingKind[]
  // a return must say what to fix; a decision on a report carries a grade
  needsComment?: boolean
  needsGrade?: readonly FilingKind[]
  // the district's opinion: 推荐 or 不推荐 (DISTRICT_OPINIONS)
  needsOpinion?: boolean
  // who is told once the step is taken (issue 15): whose turn it is next, or whose filing it is
  tells: readonly Who[]
}

export const FILING_STEPS: Record<Exclude<FilingAction, 'create'>, Step> = {
  // the district gives its opinion next (the bureau, where the district has no office: filingNoticeAudiences)
  submit: { from: ['draft'], to: 'submitted', by: ['own_lab'], kinds: ['deliverable', 'annual_report'], tells: ['lab_district'] },
  // the bureau decides next; the lab reads the opinion in its filing's thread
  // 推荐 or 不推荐 (issue 19 item 7), with its reasons: required for 不推荐 (readStepInput)
  district_opinion: {
    from: ['submitted'],
    to: 'same',
    by: ['lab_district'],
    kinds: ['deliverable', 'annual_report'],
    needsOpinion: true,
    tells: ['bureau', 'own_lab'],
  },
  return: {
    from: ['submitted'],
    to: 'returned',
    by: ['bureau'],
    kinds: ['deliverable', 'annual_report'],
    needsComment: true,
    tells: ['own_lab'],
  },
  accept: {
    from: ['submitted'],
    to: 'accepted',
    by: ['bureau'],
    kinds: ['deliverable', 'annual_report'],
    needsGrade: ['annual_report'],
    tells: ['own_lab'],
  },
  // a resubmission is new content: the district is asked for its opinion again
  resubmit: { from: ['returned'], to: 'submitted', by: ['own_lab'], kinds: ['deliverable', 'annual_report'], tells: ['lab_district'] },
  // an accepted deliverable is locked; a change starts a new version as a draft (the lab's own business)
  revise: { from: ['accepted'], to: 'draft', by: ['own_lab'], kinds: ['deliverable'], tells: [] },
}

export type FilingStep = keyof typeof FILING_STEPS

// A filing counts as filed once submitted, whatever the bureau then decided: a returned one has
// been filed and waits for the lab to resubmit (as the compliance checks in
// app/domain/compliance/filing-checks.ts read them, and the obligation ledger counts them).
export const FILED_STATUSES = ['submitted', 'returned', 'accepted'] as const satisfies readonly FilingStatus[]

export function isFiled(status: FilingStatus | null | undefined): boolean {
  return status !== null && status !== undefined && (FILED_STATUSES as readonly FilingStatus[]).includes(status)
}

function whoIs(actor: Actor, lab: LabRef): Who | null {
  if (actor.role === 'bureau') return 'bureau'
  if (isOwnLab(actor, lab)) return 'own_lab'
  if (actor.role === 'district' && actor.districtCode === lab.districtCode) return 'lab_district'
  return null
}

export type StepRefusal = 'not_allowed_for_role' | 'wrong_status' | 'wrong_kind'

/** Whether `actor` may take `step` on the filing now; the reason when not. */
export function checkStep(
  actor: Actor,
  filing: FilingRef,
  step: FilingStep,
): { ok: true; to: FilingStatus } | { ok: false; reason: StepRefusal } {
  const rule = FILING_STEPS[step]
  if (!rule.kinds.includes(filing.kind)) return { ok: false, reason: 'wrong_kind' }
  const who = whoIs(actor, filing.lab)
  if (!who || !rule.by.includes(who)) return { ok: false, reason: 'not_allowed_for_role' }
  if (!rule.from.includes(filing.status)) return { ok: false, reason: 'wrong_status' }
  return { ok: true, to: rule.to === 'same' ? filing.status : rule.to }
}

export type NoticeAudience = Who

/**
 * Who is told of a step just taken (issue 15): the step's `tells`, except that the district's turn
 * passes to the bureau when the lab's district has no office account to give the opinion (the
 * bureau decides every submitted filing, with or without one). Creating a filing tells nobody.
 */
export function filingNoticeAudiences(action: FilingAction, { districtOffice }: { districtOffice: boolean }): NoticeAudience[] {
  if (action === 'create') return []
  return FILING_STEPS[action].tells.map((who) => (who === 'lab_district' && !districtOffice ? 'bureau' : who))
}

/** The steps the page offers this actor for the filing. */
export function availableSteps(actor: Actor, filing: FilingRef): FilingStep[] {
  return (Object.keys(FILING_STEPS) as FilingStep[]).filter((step) => checkStep(actor, filing, step).ok)
}

/** Only the lab edits, and only while the filing is a draft or returned to it. */
export function canEditFiling(actor: Actor, filing: FilingRef): boolean {
  return whoIs(actor, filing.lab) === 'own_lab' && (filing.status === 'draft' || filing.status === 'returned')
}

export function stepNeedsComment(step: FilingStep): boolean {
  return FILING_STEPS[step].needsComment === true
}

export function stepNeedsGrade(step: FilingStep, kind: FilingKind): boolean {
  return FILING_STEPS[step].needsGrade?.includes(kind) === true
}

/** The steps that file what the lab wrote: its content is checked as for a submission. */
export const isFilingStep = (step: FilingStep) => step === 'submit' || step === 'resubmit'

/** How one kind of filing words a missing comment or grade, and how long a comment may be. */
export type StepInputRules = { commentMax: number; commentRequired: MessageKey; gradeRequired: MessageKey }

export type StepInputErrors = Partial<Record<'comment' | 'grade' | 'opinion', { key: MessageKey; vars?: Record<string, number> }>>

export function stepNeedsOpinion(step: FilingStep): boolean {
  return FILING_STEPS[step].needsOpinion === true
}

const isDistrictOpinion = (value: string): value is DistrictOpinion => (DISTRICT_OPINIONS as readonly string[]).includes(value)

/**
 * The comment and grade a step carries, as the form sent them: trimmed, the grade kept on
 * 'accept' only. FILING_STEPS says which step needs which; a grade must be one of `grades`, the
 * codes the bureau gives now (its active grades, app/domain/grades.ts).
 */
export function readStepInput(
  {
    kind,
    step,
    comment,
    grade,
    opinion,
    grades,
  }: { kind: FilingKind; step: FilingStep; comment?: string; grade?: string; opinion?: string; grades: readonly string[] },
  rules: StepInputRules,
): { comment: string; grade: string | null; opinion: DistrictOpinion | null; errors: StepInputErrors } {
  const said = (comment ?? '').trim()
  const chosen = step === 'accept' ? (grade ?? '').trim() || null : null
  const given = stepNeedsOpinion(step) ? (opinion ?? '').trim() : ''
  const stance = isDistrictOpinion(given) ? given : null
  const errors: StepInputErrors = {}
  if (stepNeedsOpinion(step) && !stance) errors.opinion = { key: given ? 'form.invalidChoice' : 'filings.opinion.required' }
  // 不推荐 must say why: the bureau decides beside it, the lab reads it in its thread
  const needsReasons = stepNeedsComment(step) || stance === 'oppose'
  if (needsReasons && !said) errors.comment = { key: stance === 'oppose' ? 'filings.opinion.reasonsRequired' : rules.commentRequired }
  else if (said.length > rules.commentMax) errors.comment = { key: 'form.tooLong', vars: { max: rules.commentMax } }
  if (stepNeedsGrade(step, kind) && !chosen) errors.grade = { key: rules.gradeRequired }
  else if (chosen && !isAllowedGrade(chosen, grades)) errors.grade = { key: 'form.invalidChoice' }
  return { comment: said, grade: chosen, opinion: stance, errors }
}

/** What a step sets on the filing: its new status, and the instant it was submitted, given an opinion or decided. */
export type StepChanges = {
  status: FilingStatus
  updatedAt: string
  submittedAt?: string
  // cleared by a resubmission, which awaits a fresh opinion (the district's review queue)
  districtOpinionAt?: string | null
  districtOpinion?: DistrictOpinion | null
  decidedAt?: string
  grade?: string | null
}

export function stepChanges({
  step,
  to,
  grade,
  opinion = null,
  stamp,
}: {
  step: FilingStep
  to: FilingStatus
  grade: string | null
  opinion?: DistrictOpinion | null
  stamp: string
}): StepChanges {
  return {
    status: to,
    updatedAt: stamp,
    ...(isFilingStep(step) ? { submittedAt: stamp } : {}),
    ...(step === 'resubmit' ? { districtOpinionAt: null, districtOpinion: null } : {}),
    ...(step === 'district_opinion' ? { districtOpinionAt: stamp, districtOpinion: opinion } : {}),
    ...(step === 'return' ? { decidedAt: stamp } : {}),
    ...(step === 'accept' ? { decidedAt: stamp, grade } : {}),
  }
}
