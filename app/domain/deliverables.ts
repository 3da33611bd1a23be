// 年度成果 (issue 4): which validity year a deliverable counts for, and what a filing must hold.
// Pure: `today` and the lab's periods are parameters.
import {
  DELIVERABLE_FORMS,
  DELIVERABLE_TYPES,
  TRANSFER_STATUSES,
  type DeliverableForm,
  type DeliverableType,
  type TransferStatus,
} from '~db/schema/enums'
import type { MessageKey } from '~/i18n'
import { isIsoDate, type IsoDate } from './dates'
import { MAX_YUAN, parseWan } from './money'
import { validityYearOf, validityYears, type Period, type ValidityYear } from './validity'

export type PeriodSpan = { id: number; sequence: number; startDate: IsoDate; endDate: IsoDate }

export type YearAssignment = { periodId: number; sequence: number; validityYear: ValidityYear }

export const NO_YEAR_REASONS = ['no_period', 'before_first_period', 'after_last_period', 'between_periods'] as const
export type NoYearReason = (typeof NO_YEAR_REASONS)[number]

// previousEnd / nextStart: the period edges around the date, for the message the lab reads.
export type YearPlacement =
  | ({ ok: true } & YearAssignment)
  | { ok: false; reason: NoYearReason; previousEnd: IsoDate | null; nextStart: IsoDate | null }

/**
 * Where a completion date falls among the lab's periods. The completion date decides the year,
 * whatever day the filing was made (issue 4). Periods do not overlap (a new period starts after
 * the previous one ends); if they ever did, the lower sequence wins.
 */
export function placeInValidityYear(periods: readonly PeriodSpan[], completedOn: IsoDate): YearPlacement {
  const ordered = [...periods].sort((a, b) => a.sequence - b.sequence)
  if (ordered.length === 0) return { ok: false, reason: 'no_period', previousEnd: null, nextStart: null }
  for (const p of ordered) {
    const year = validityYearOf(p, completedOn)
    if (year) return { ok: true, periodId: p.id, sequence: p.sequence, validityYear: year }
  }
  const previous = ordered.filter((p) => p.endDate < completedOn).at(-1) ?? null
  const next = ordered.find((p) => p.startDate > completedOn) ?? null
  const reason: NoYearReason = !previous ? 'before_first_period' : !next ? 'after_last_period' : 'between_periods'
  return { ok: false, reason, previousEnd: previous?.endDate ?? null, nextStart: next?.startDate ?? null }
}

/** Every validity year of the lab's periods: the form's hint of the ranges a completion date may fall in. */
export function completionYears(periods: readonly (Period & { sequence: number })[]) {
  return periods.flatMap((p) =>
    validityYears(p).map((y) => ({ sequence: p.sequence, year: y.year, startDate: y.startDate, endDate: y.endDate })),
  )
}

/** The validity year a deliverable completed on `completedOn` counts for; null when none (see placeInValidityYear for why). */
export function validityYearFor(periods: readonly PeriodSpan[], completedOn: IsoDate): YearAssignment | null {
  const placed = placeInValidityYear(periods, completedOn)
  return placed.ok ? { periodId: placed.periodId, sequence: placed.sequence, validityYear: placed.validityYear } : null
}

/** The message explaining why a date counts for no year, with its parameters. */
export function noYearMessage(placement: Extract<YearPlacement, { ok: false }>): { key: MessageKey; vars: Record<string, string> } {
  return {
    key: `deliverables.noYear.${placement.reason}`,
    vars: { previousEnd: placement.previousEnd ?? '', nextStart: placement.nextStart ?? '' },
  }
}

export const DELIVERABLE_LIMITS = { title: 200, summary: 4000, transferPartner: 200, comment: 2000 } as const
// 万元: up to 100 亿元, to the yuan (four decimals of 万元); stored as whole yuan (money.ts)
export const TRANSFER_VALUE_MAX = MAX_YUAN / 10_000
// a well-formed amount: one parseWan refuses with this shape has too many digits, not a bad format
const TRANSFER_VALUE = /^\d+(\.\d{1,4})?$/

export type DeliverableInput = {
  type: DeliverableType
  forms: DeliverableForm[]
  title: string
  summary: string
  completedOn: IsoDate
  transferStatus: TransferStatus
  transferPartner: string
  // whole yuan; the form's `transferValue` is typed in 万元
  transferValueYuan: number | null
}

// What the form sent: strings (the transfer value as typed, in 万元), and the ticked forms as a list.
export type DeliverableRawInput = Partial<
  Record<Exclude<keyof DeliverableInput, 'forms' | 'transferValueYuan'> | 'transferValue', string>
> & {
  forms?: readonly string[]
}

export type DeliverableFieldErrors = Partial<
  Record<
    Exclude<keyof DeliverableInput, 'transferValueYuan'> | 'transferValue',
    { key: MessageKey; vars?: Record<string, string | number> }
  >
>

const isOneOf = <T extends string>(values: readonly T[], v: string | undefined): v is T =>
  v !== undefined && (values as readonly string[]).includes(v)

/**
 * Checks a deliverable as filed. Completion is not after `today` and must fall in one of the
 * lab's validity years (otherwise it counts for nothing, and the lab is told why). At least one
 * form. A transferred outcome names its partner and value (万元, ≥ 0); an outcome not
 * transferred carries neither, so stale figures do not linger.
 */
export function checkDeliverableInput(
  raw: DeliverableRawInput,
  { today, periods }: { today: IsoDate; periods: readonly PeriodSpan[] },
): { ok: true; input: DeliverableInput; year: YearAssignment } | { ok: false; errors: DeliverableFieldErrors } {
  const errors: DeliverableFieldErrors = {}
  const text = (v: string | undefined) => (v ?? '').trim()

  const type = text(raw.type)
  if (!isOneOf(DELIVERABLE_TYPES, type)) errors.type = { key: type ? 'form.invalidChoice' : 'form.required' }

  const ticked = (raw.forms ?? []).map((f) => f.trim()).filter(Boolean)
  if (ticked.length === 0) errors.forms = { key: 'deliverables.error.formsRequired' }
  else if (!ticked.every((f) => isOneOf(DELIVERABLE_FORMS, f))) errors.forms = { key: 'form.invalidChoice' }
  const forms = DELIVERABLE_FORMS.filter((f) => ticked.includes(f))

  const title = text(raw.title)
  if (!title) errors.title = { key: 'form.required' }
  else if (title.length > DELIVERABLE_LIMITS.title) errors.title = { key: 'form.tooLong', vars: { max: DELIVERABLE_LIMITS.title } }

  const summary = text(raw.summary)
  if (!summary) errors.summary = { key: 'form.required' }
  else if (summary.length > DELIVERABLE_LIMITS.summary) errors.summary = { key: 'form.tooLong', vars: { max: DELIVERABLE_LIMITS.summary } }

  const completedOn = text(raw.completedOn)
  let year: YearAssignment | null = null
  if (!completedOn) errors.completedOn = { key: 'form.required' }
  else if (!isIsoDate(completedOn)) errors.completedOn = { key: 'form.invalidDate' }
  else if (completedOn > today) errors.completedOn = { key: 'deliverables.error.completedInFuture', vars: { today } }
  else {
    const placed = placeInValidityYear(periods, completedOn)
    if (placed.ok) year = { periodId: placed.periodId, sequence: placed.sequence, validityYear: placed.validityYear }
    else errors.completedOn = noYearMessage(placed)
  }

  const transferStatus = text(raw.transferStatus) || 'none'
  if (!isOneOf(TRANSFER_STATUSES, transferStatus)) errors.transferStatus = { key: 'form.invalidChoice' }
  const transferred = transferStatus === 'transferred'
  const keepsTransfer = transferred || transferStatus === 'in_progress'

  const transferPartner = keepsTransfer ? text(raw.transferPartner) : ''
  if (transferred && !transferPartner) errors.transferPartner = { key: 'deliverables.error.partnerRequired' }
  else if (transferPartner.length > DELIVERABLE_LIMITS.transferPartner)
    errors.transferPartner = { key: 'form.tooLong', vars: { max: DELIVERABLE_LIMITS.transferPartner } }

  const valueText = keepsTransfer ? text(raw.transferValue) : ''
  let transferValueYuan: number | null = null
  // read from the text into whole yuan, never through a float: 0.1 万元 is 1,000 yuan exactly
  const wan = valueText ? parseWan(valueText) : null
  if (!wan) {
    if (transferred) errors.transferValue = { key: 'deliverables.error.valueRequired' }
  } else if (wan.ok) transferValueYuan = wan.yuan
  else if (/^-\s*\d/.test(valueText)) errors.transferValue = { key: 'deliverables.error.valueNegative' }
  else if (wan.reason === 'tooLarge' || TRANSFER_VALUE.test(valueText))
    errors.transferValue = { key: 'deliverables.error.valueTooLarge', vars: { max: TRANSFER_VALUE_MAX } }
  else errors.transferValue = { key: 'deliverables.error.valueFormat' }

  if (Object.keys(errors).length > 0 || !year) return { ok: false, errors }
  return {
    ok: true,
    year,
    input: {
      type: type as DeliverableType,
      forms,
      title,
      summary,
      completedOn,
      transferStatus: transferStatus as TransferStatus,
      transferPartner,
      transferValueYuan,
    },
  }
}
