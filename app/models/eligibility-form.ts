import { z } from 'zod'
import { VIOLATION_CATEGORIES } from '~db/schema/enums'
import { isIsoDate, type IsoDate } from '~/domain/dates'
import { optionalText, requiredText } from '~/utils/forms'

// The eligibility record's form. A violation cannot be dated in the future: it is a record of
// something that happened.
export function violationSchema(today: IsoDate) {
  return z.object({
    subject: z.enum(['lab', 'host'], { error: 'form.invalidChoice' }),
    category: z.enum(VIOLATION_CATEGORIES, { error: 'form.invalidChoice' }),
    occurredOn: z
      .string({ error: 'form.required' })
      .trim()
      .min(1, 'form.required')
      .refine(isIsoDate, 'form.invalidDate')
      .refine((d) => d <= today, 'eligibility.error.future')
      .transform((d) => d as IsoDate),
    source: requiredText(200),
    description: optionalText(2000),
  })
}
