import { z } from 'zod'
import { REMINDER_SOURCES } from '~db/schema/enums'
import { isIsoDate, type IsoDate } from '~/domain/dates'

// A lab's snooze of one of its reminders as its obligations page posts it: 3 or 7 days, or a day
// (the day reminders resume, at most 14 days ahead; app/domain/reminder-kinds.ts checks the range).
export const SnoozeSchema = z.object({
  intent: z.enum(['snooze', 'unsnooze']),
  source: z.enum(REMINDER_SOURCES, { error: 'form.invalidChoice' }),
  sourceId: z.coerce.number({ error: 'form.invalidChoice' }).int('form.invalidChoice').positive('form.invalidChoice'),
  days: z.enum(['3', '7'], { error: 'form.invalidChoice' }).optional(),
  until: z
    .string()
    .trim()
    .optional()
    .refine((d) => !d || isIsoDate(d), 'form.invalidDate')
    .transform((d) => (d ? (d as IsoDate) : undefined)),
})
