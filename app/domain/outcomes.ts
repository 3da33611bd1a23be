// 成果登记 (issue 16): what an outcome record must hold, and who may move its verification.
// Pure: `today` and the lab's periods are parameters.
import { z } from 'zod'
import {
  AWARD_LEVELS,
  DELIVERABLE_FORMS,
  OUTCOME_KINDS,
  PATENT_STATUSES,
  STANDARD_LEVELS,
  type AwardLevel,
  type DeliverableForm,
  type OutcomeKind,
  type OutcomeVerification,
  type PatentStatus,
  type StandardLevel,
} from '~db/schema/enums'
import type { Actor, LabRef } from './permissions'
import { canViewLab, isOwnLab } from './permissions'
import { isIsoDate, type IsoDate } from './dates'
import { noYearMessage, placeInValidityYear, type PeriodSpan, type YearAssignment } from './deliverables'
import { parseWan } from './money'
import { fieldErrorsOf, type FieldErrors } from '~/utils/forms'

export const OUTCOME_LIMITS = { title: 200, partners: 500, description: 4000, detail: 200, reason: 2000 } as const

// which kind-specific fields a kind requires; the others are cleared so stale figures do not linger
const KIND_FIELDS = {
  transfer: ['counterpart'],
  patent: ['patentNumber', 'patentStatus'],
  software_copyright: [],
  standard: ['standardLevel'],
  paper: [],
  award: ['awardLevel'],
  scenario_landed: ['userOrganisation'],
  other: [],
} as const satisfies Record<OutcomeKind, readonly string[]>

export type OutcomeInput = {
  form: DeliverableForm
  kind: OutcomeKind
  title: string
  occurredOn: IsoDate
  partners: string
  valueYuan: number | null
  description: string
  patentNumber: string
  patentStatus: PatentStatus | null
  standardLevel: StandardLevel | null
  awardLevel: AwardLevel | null
  userOrganisation: string
  counterpart: string
}

export type OutcomeRawInput = Partial<Record<string, string>>

const text = (max: number) => z.string().trim().max(max, 'form.tooLong').default('')
// an empty choice is "none"; a kind that needs it says so below
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.enum(values, { error: 'form.invalidChoice' }).optional(),
  )

const OutcomeShape = z.object({
  form: z.enum(DELIVERABLE_FORMS, { error: 'form.required' }),
  kind: z.enum(OUTCOME_KINDS, { error: 'form.required' }),
  title: z.string({ error: 'form.required' }).trim().min(1, 'form.required').max(OUTCOME_LIMITS.title, 'form.tooLong'),
  occurredOn: z.string({ error: 'form.required' }).trim().min(1, 'form.required').refine(isIsoDate, 'form.invalidDate'),
  partners: text(OUTCOME_LIMITS.partners),
  value: z.string().trim().default(''),
  description: text(OUTCOME_LIMITS.description),
  patentNumber: text(OUTCOME_LIMITS.detail),
  patentStatus: choice(PATENT_STATUSES),
  standardLevel: choice(STANDARD_LEVELS),
  awardLevel: choice(AWARD_LEVELS),
  userOrganisation: text(OUTCOME_LIMITS.detail),
  counterpart: text(OUTCOME_LIMITS.detail),
})

/**
 * Checks an outcome as typed. The date is not after `today` and falls in one of the lab's
 * validity years (which decides the period it counts for). The value is 万元 as text, kept as
 * whole yuan (app/domain/money.ts); a transfer needs one. Each kind needs its own fields.
 */
export function checkOutcomeInput(
  raw: OutcomeRawInput,
  { today, periods }: { today: IsoDate; periods: readonly PeriodSpan[] },
): { ok: true; input: OutcomeInput; year: YearAssignment } | { ok: false; errors: FieldErrors } {
  const parsed = OutcomeShape.safeParse(raw)
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error)
  if (!parsed.success) return { ok: false, errors }
  const v = parsed.data

  let year: YearAssignment | null = null
  if (v.occurredOn > today) errors.occurredOn = { key: 'outcomes.error.future' }
  else {
    const placed = placeInValidityYear(periods, v.occurredOn)
    if (placed.ok) year = { periodId: placed.periodId, sequence: placed.sequence, validityYear: placed.validityYear }
    else errors.occurredOn = noYearMessage(placed)
  }

  let valueYuan: number | null = null
  if (v.value) {
    const money = parseWan(v.value)
    if (money.ok) valueYuan = money.yuan
    else errors.value = { key: money.reason === 'tooLarge' ? 'outcomes.error.valueTooLarge' : 'outcomes.error.valueFormat' }
  } else if (v.kind === 'transfer') errors.value = { key: 'outcomes.error.transferValue' }

  const needed: readonly string[] = KIND_FIELDS[v.kind]
  for (const field of needed) if (!v[field as keyof typeof v]) errors[field] = { key: 'form.required' }

  if (Object.keys(errors).length > 0 || !year) return { ok: false, errors }
  const keep = (field: string) => needed.includes(field)
  return {
    ok: true,
    year,
    input: {
      form: v.form,
      kind: v.kind,
      title: v.title,
      occurredOn: v.occurredOn,
      partners: v.partners,
      valueYuan,
      description: v.description,
      patentNumber: keep('patentNumber') ? v.patentNumber : '',
      patentStatus: keep('patentStatus') ? (v.patentStatus ?? null) : null,
      standardLevel: keep('standardLevel') ? (v.standardLevel ?? null) : null,
      awardLevel: keep('awardLevel') ? (v.awardLevel ?? null) : null,
      userOrganisation: keep('userOrganisation') ? v.userOrganisation : '',
      counterpart: keep('counterpart') ? v.counterpart : '',
    },
  }
}

// The verification steps: the district checks (核实) its own district's outcomes; the bureau
// verifies or disputes (a dispute needs a reason). A verified outcome is final for the lab. A
// disputed one waits for the lab's correction (which returns it to unverified) before the
// district checks it again; the bureau may still verify it, or dispute one it verified.
export const OUTCOME_STEPS = {
  check: { role: 'district', from: ['unverified'], to: 'checked' },
  verify: { role: 'bureau', from: ['unverified', 'checked', 'disputed'], to: 'verified' },
  dispute: { role: 'bureau', from: ['unverified', 'checked', 'verified'], to: 'disputed' },
} as const satisfies Record<string, { role: Actor['role']; from: readonly OutcomeVerification[]; to: OutcomeVerification }>

export type OutcomeStep = keyof typeof OUTCOME_STEPS
export const OUTCOME_STEP_NAMES = Object.keys(OUTCOME_STEPS) as [OutcomeStep, ...OutcomeStep[]]

/** Whether the actor's role ever takes this step on this lab's outcomes (403 when not). */
export function mayTakeOutcomeStep(actor: Actor, lab: LabRef, step: OutcomeStep): boolean {
  return actor.role === OUTCOME_STEPS[step].role && canViewLab(actor, lab)
}

/** The steps the actor may take now on an outcome in `verification`. */
export function availableOutcomeSteps(actor: Actor, lab: LabRef, verification: OutcomeVerification): OutcomeStep[] {
  return OUTCOME_STEP_NAMES.filter(
    (s) => mayTakeOutcomeStep(actor, lab, s) && (OUTCOME_STEPS[s].from as readonly OutcomeVerification[]).includes(verification),
  )
}

/** The lab's own accounts record outcomes. */
export const canRecordOutcome = (actor: Actor, lab: LabRef) => isOwnLab(actor, lab)

/** ...and edit them while not verified (an edit returns a checked or disputed one to unverified). */
export const canEditOutcome = (actor: Actor, lab: LabRef, verification: OutcomeVerification) =>
  isOwnLab(actor, lab) && verification !== 'verified'
