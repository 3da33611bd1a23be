import { z } from 'zod'
import { isIsoDate, type IsoDate } from '~/domain/dates'
import { requiredText } from '~/utils/forms'

// The bureau's extension of a deadline: which obligation, to when, why, approved by whom.
export const ExtensionSchema = z.object({
  obligationId: z.coerce.number({ error: 'form.invalidChoice' }).int().positive('form.invalidChoice'),
  toDate: z
    .string({ error: 'form.required' })
    .trim()
    .min(1, 'form.required')
    .refine(isIsoDate, 'form.invalidDate')
    .transform((d) => d as IsoDate),
  reason: requiredText(500),
  approvedBy: requiredText(100),
})
