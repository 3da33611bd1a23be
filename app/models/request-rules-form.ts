import { z } from 'zod'
import { RESOURCE_TYPES } from '~db/schema/enums'
import { DECISION_DAYS_MAX, DECISION_DAYS_MIN } from '~/domain/resource-requests'

// One resource type's service rule as the settings form sends it; request-rules.server.ts
// writes it. The days arrive as text and must be a whole number within the allowed range; the
// district's opinion is a checkbox ('on' when ticked, absent otherwise).
export const RuleInput = z.object({
  type: z.enum(RESOURCE_TYPES),
  decisionDays: z
    .string()
    .trim()
    .regex(/^\d+$/, 'requests.rules.error.days')
    .transform(Number)
    .refine((n) => n >= DECISION_DAYS_MIN && n <= DECISION_DAYS_MAX, 'requests.rules.error.days'),
  districtOpinion: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
})
