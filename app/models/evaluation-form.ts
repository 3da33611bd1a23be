// 年度评估 (issue 16, part 5): the forms' schemas and the round table's URL state, plain .ts the
// page may import. Every message is a message key, so refusals reach the user in their language.
import { z } from 'zod'
import { DISTRICT_CODES, EVALUATION_GRADES } from '~db/schema/enums'
import { ADJUST_REASON_MAX, FIRST_EVALUATION_YEAR, type RoundSettings } from '~/domain/evaluation'

const whole = (min: number, max: number) =>
  z
    .string({ error: 'form.required' })
    .trim()
    .min(1, 'form.required')
    .regex(/^\d{1,4}$/, 'evaluation.error.whole')
    .transform(Number)
    .pipe(z.number().min(min, 'evaluation.error.range').max(max, 'evaluation.error.range'))

const percent = () => whole(0, 100)

/** The open-round form: a year and the round's weights and caps, each a whole number. */
export const OpenRoundFields = z.object({
  year: whole(FIRST_EVALUATION_YEAR, 2100),
  report: percent(),
  plan: percent(),
  compliance: percent(),
  security: percent(),
  capExcellentPercent: percent(),
  capGoodPercent: percent(),
  minExcellent: percent(),
  minGood: percent(),
  minPass: percent(),
})
export type OpenRoundInput = { year: number } & RoundSettings

export const AdjustFields = z.object({
  resultId: z
    .string({ error: 'form.invalidChoice' })
    .regex(/^\d{1,9}$/, 'form.invalidChoice')
    .transform(Number),
  grade: z.enum(EVALUATION_GRADES, { error: 'form.invalidChoice' }),
  reason: z
    .string({ error: 'evaluation.error.reasonRequired' })
    .trim()
    .min(1, 'evaluation.error.reasonRequired')
    .max(ADJUST_REASON_MAX, 'form.tooLong'),
})

// The round table's state in its URL. A malformed value falls back to the default: a hand-edited
// link shows the table, never an error.
export const RESULT_SORTS = ['rank', 'lab', 'district', 'score', 'report', 'plan', 'compliance', 'security', 'final'] as const
export type ResultSort = (typeof RESULT_SORTS)[number]
export const RESULTS_PAGE_SIZE = 25

export type ResultParams = {
  sort: ResultSort
  dir: 'asc' | 'desc'
  district: (typeof DISTRICT_CODES)[number] | null
  grade: (typeof EVALUATION_GRADES)[number] | 'none' | null
  page: number
}

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null =>
  v !== null && (list as readonly string[]).includes(v) ? (v as T) : null

export function parseResultParams(search: URLSearchParams): ResultParams {
  const sort = oneOf(RESULT_SORTS, search.get('sort')) ?? 'rank'
  const dir =
    oneOf(['asc', 'desc'] as const, search.get('dir')) ?? (sort === 'rank' || sort === 'lab' || sort === 'district' ? 'asc' : 'desc')
  const pageRaw = Number(search.get('page') ?? '1')
  return {
    sort,
    dir,
    district: oneOf(DISTRICT_CODES, search.get('district')),
    grade: oneOf([...EVALUATION_GRADES, 'none'] as const, search.get('grade')),
    page: Number.isSafeInteger(pageRaw) && pageRaw >= 1 && pageRaw <= 100_000 ? pageRaw : 1,
  }
}

/** The URL of the table with some of its state changed (a new filter or sort starts at page 1). */
export function resultParamsHref(base: string, p: ResultParams, change: Partial<ResultParams>): string {
  const next = { ...p, ...('page' in change ? {} : { page: 1 }), ...change }
  const q = new URLSearchParams()
  if (next.sort !== 'rank') q.set('sort', next.sort)
  q.set('dir', next.dir)
  if (next.district) q.set('district', next.district)
  if (next.grade) q.set('grade', next.grade)
  if (next.page > 1) q.set('page', String(next.page))
  return `${base}?${q.toString()}`
}
