import { z } from 'zod'
import { CALENDAR_DAY_KINDS } from '~db/schema/enums'
import {
  addWorkingDays,
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  MAX_WORKING_DAYS,
  yearOf,
  type WorkCalendar,
  type WorkingDayResult,
} from '~/domain/calendar'
import { isIsoDate, type IsoDate } from '~/domain/dates'
import { fieldErrorsOf, optionalText, requiredText, type FieldErrors } from '~/utils/forms'

// The calendar page's forms: the bureau's mutations (told apart by `intent`) and the GET
// calculator. Zod with message keys and pure domain calls, no server code, so the page's
// components can share the types.

const inRange = (y: number) => y >= CALENDAR_MIN_YEAR && y <= CALENDAR_MAX_YEAR

const Year = z.coerce
  .number({ error: 'calendar.error.yearRange' })
  .int('calendar.error.yearRange')
  .refine(inRange, 'calendar.error.yearRange')

const DateField = z
  .string({ error: 'form.invalidDate' })
  .trim()
  .refine(isIsoDate, 'form.invalidDate')
  .refine((d) => inRange(yearOf(d)), 'calendar.error.yearRange')

export const DaySchema = z.object({
  date: DateField,
  kind: z.enum(CALENDAR_DAY_KINDS, { error: 'form.invalidChoice' }),
  name: optionalText(50),
})
export const RemoveDaySchema = z.object({ date: DateField })
export const ConfirmYearSchema = z.object({ year: Year, source: requiredText(100) })
export const YearSchema = z.object({ year: Year })

const CalcSchema = z.object({
  from: DateField,
  n: z.coerce
    .number({ error: 'calendar.error.daysRange' })
    .int('calendar.error.daysRange')
    .min(1, 'calendar.error.daysRange')
    .max(MAX_WORKING_DAYS, 'calendar.error.daysRange'),
})

/** The mutations on the page, told apart by the form's `intent` field. */
export type CalendarIntent = 'setDay' | 'removeDay' | 'confirmYear' | 'unconfirmYear'

/** What a refused mutation sends back: which form, its field messages and what was typed. */
export type CalendarActionData = { intent: CalendarIntent; errors: FieldErrors; values: Record<string, string> } | undefined

/** The `?year=` parameter, or `fallback` when it is missing, not a whole number or out of range. */
export function yearParam(search: URLSearchParams, fallback: number): number {
  return Year.catch(fallback).parse(search.get('year') ?? undefined)
}

/** The calculator as the page shows it: the typed values, their messages, or the answer. */
export type CalculatorState = {
  values: { from: string; n: string }
  errors: FieldErrors | null
  result: ({ from: IsoDate; n: number } & WorkingDayResult) | null
} | null

/**
 * The calculator's GET fields counted on `calendar`; null when the query has none, so the page
 * shows no calculation. A GET form, so every role that sees the page can use it and link a result.
 */
export function calculate(search: URLSearchParams, calendar: WorkCalendar): CalculatorState {
  if (!search.has('from') && !search.has('n')) return null
  const values = { from: search.get('from') ?? '', n: search.get('n') ?? '' }
  const parsed = CalcSchema.safeParse(values)
  if (!parsed.success) return { values, errors: fieldErrorsOf(parsed.error), result: null }
  const { from, n } = parsed.data
  return { values, errors: null, result: { from, n, ...addWorkingDays(calendar, from, n) } }
}
