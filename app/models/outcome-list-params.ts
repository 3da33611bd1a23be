import { z } from 'zod'
import { DELIVERABLE_FORMS, OUTCOME_KINDS, OUTCOME_VERIFICATIONS } from '~db/schema/enums'
import { optionalEnum, pageParams } from '~/utils/list-params'
import type { OutcomeListFilter } from './outcomes.server'

// The outcome register's URL state, read by its page and its CSV export alike.
// ?form=data&kind=patent&period=3&verification=checked&page=2; a malformed value means "all".
export const OutcomeListParams = z.object({
  form: optionalEnum(DELIVERABLE_FORMS),
  kind: optionalEnum(OUTCOME_KINDS),
  period: z.coerce.number().int().positive().optional().catch(undefined),
  verification: optionalEnum(OUTCOME_VERIFICATIONS),
  ...pageParams(20),
})

/** The list's filters as the model takes them (the CSV export reads the same). */
export function parseOutcomeListParams(search: URLSearchParams): OutcomeListFilter {
  const p = OutcomeListParams.parse(Object.fromEntries(search))
  return { form: p.form, kind: p.kind, periodId: p.period, verification: p.verification, page: p.page, size: p.size }
}
