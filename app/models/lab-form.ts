import { z } from 'zod'
import { DIRECTIONS, DISTRICT_CODES } from '~db/schema/enums'
import { isIsoDate } from '~/domain/dates'
import { PHONE_PATTERN } from '~/domain/phone'
import { checkPeriodDates, periodEndDate } from '~/domain/validity'
import type { MessageKey } from '~/i18n'
import { optionalText, requiredText } from '~/utils/forms'

export const LabSchema = z.object({
  name: requiredText(100),
  direction: z.coerce
    .number({ error: 'labs.error.direction' })
    .int('labs.error.direction')
    .refine((n) => (DIRECTIONS as readonly number[]).includes(n), 'labs.error.direction'),
  districtCode: z.enum(DISTRICT_CODES, { error: 'form.invalidChoice' }),
  hostOrgId: z.coerce.number({ error: 'labs.error.hostOrg' }).int().positive('labs.error.hostOrg'),
  partnerOrgIds: z.array(z.coerce.number().int().positive()).max(10).default([]),
  directorName: requiredText(50),
  contactName: requiredText(50),
  contactPhone: z.string().trim().min(1, 'form.required').regex(PHONE_PATTERN, 'form.invalidPhone'),
  contactEmail: z.union([z.literal(''), z.email('form.invalidEmail').max(200, 'form.tooLong')]).default(''),
  focus: optionalText(500),
  address: optionalText(200),
  planSummary: optionalText(4000),
})

export const PeriodSchema = z.object({
  startDate: z.string().trim().refine(isIsoDate, 'form.invalidDate'),
  endDate: z.union([z.literal(''), z.string().trim().refine(isIsoDate, 'form.invalidDate')]).default(''),
  certificateNo: optionalText(50),
})

export function labInputFrom(form: FormData) {
  return LabSchema.safeParse({
    ...Object.fromEntries([...form.entries()].filter(([k]) => k !== 'partnerOrgIds')),
    partnerOrgIds: form.getAll('partnerOrgIds').filter((v) => v !== ''),
  })
}

// Period dates checked by the domain rule; the end defaults to the two-year validity.
export function checkPeriod(input: z.infer<typeof PeriodSchema>, today: string) {
  const endDate = input.endDate || periodEndDate(input.startDate)
  const { errors } = checkPeriodDates({ startDate: input.startDate, endDate, today })
  const errorKeys = errors.map((e) => `labs.error.period.${e}` as MessageKey)
  return {
    period: { startDate: input.startDate, endDate, certificateNo: input.certificateNo },
    error: errorKeys[0] ?? null,
    errorField: errors[0]?.startsWith('end') || errors[0] === 'too_long' ? 'endDate' : 'startDate',
  }
}
