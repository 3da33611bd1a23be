// What the 授牌 step needs of one shortlisted application (issue 21 item 7, docs/decisions/025).
// A plain shape, so the certification engine (app/models/certify.server.ts) was built before the
// applications tables: the integration maps an application's rows onto it. The fields reuse the
// rules the app's own forms use (the lab form, the roster form and import, the indicator plan,
// the user form), so a certified lab starts with data every page already accepts.
import { z } from 'zod'
import { DIRECTIONS, DISTRICT_CODES, ORG_KINDS } from '~db/schema/enums'
import { BUILTIN_INDICATOR_KEYS } from '~/domain/indicators'
import { PHONE_PATTERN } from '~/domain/phone'
import { checkUscc } from '~/domain/uscc'
import { MemberFields } from '~/models/team-form'
import { optionalText, requiredText } from '~/utils/forms'

// A credit code as the organisation form takes it (GB 32100, normalised); a region outside
// 3205xx is the office's warning at submission, not a reason to refuse certification.
const Uscc = z.string({ error: 'form.required' }).transform((raw, ctx) => {
  const check = checkUscc(raw)
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: `orgs.error.uscc.${check.error}` })
    return z.NEVER
  }
  return check.code
})

const OrganisationRef = z.object({
  name: requiredText(100),
  uscc: Uscc,
  kind: z.enum(ORG_KINDS, { error: 'form.invalidChoice' }),
  // the registry's organisation the application named, when it did; its code must match
  organisationId: z.number().int().positive().optional(),
})

// A partner may be registered in another district than the lab; a new one defaults to the lab's.
const Partner = OrganisationRef.extend({ districtCode: z.enum(DISTRICT_CODES, { error: 'form.invalidChoice' }).optional() })

// The plan's indicators as /labs/:labId/plan names them: a built-in key, or `c<id>` for one of
// the bureau's own indicators. Targets are whole numbers (a count, people, or yuan).
const PlanTarget = z.object({
  indicator: z
    .string()
    .refine((v) => (BUILTIN_INDICATOR_KEYS as readonly string[]).includes(v) || /^c[1-9]\d*$/.test(v), 'form.invalidChoice'),
  target: z.number().int('indicators.error.count').min(0, 'indicators.error.count'),
})

// A lab account as /users/new takes it; without a username one is made from the e-mail.
const Account = z.object({
  displayName: requiredText(64),
  email: z.email('form.invalidEmail').max(200, 'form.tooLong'),
  username: z
    .string()
    .trim()
    .min(3, 'users.error.usernameLength')
    .max(32, 'users.error.usernameLength')
    .regex(/^[a-z0-9_.-]+$/, 'users.error.usernameCharset')
    .optional(),
})

export const CertificationInputSchema = z
  .object({
    // the application this lab comes from: named in the certification's audit row
    applicationId: z.number().int().positive(),
    labName: requiredText(100),
    // labs keep one name (Chinese); the English one is carried for the announcement's English copy
    labNameEn: optionalText(200),
    direction: z
      .number({ error: 'labs.error.direction' })
      .int('labs.error.direction')
      .refine((n) => (DIRECTIONS as readonly number[]).includes(n), 'labs.error.direction'),
    districtCode: z.enum(DISTRICT_CODES, { error: 'form.invalidChoice' }),
    host: OrganisationRef,
    partners: z.array(Partner).max(10, 'form.tooLong').default([]),
    // the lab form's required contact fields (app/models/lab-form.ts LabSchema)
    directorName: requiredText(50),
    contactName: requiredText(50),
    contactPhone: z.string().trim().min(1, 'form.required').regex(PHONE_PATTERN, 'form.invalidPhone'),
    contactEmail: z.union([z.literal(''), z.email('form.invalidEmail').max(200, 'form.tooLong')]).default(''),
    focus: optionalText(500),
    address: optionalText(200),
    planSummary: optionalText(4000),
    team: z.array(MemberFields).max(500, 'form.tooLong'),
    plan: z.array(PlanTarget).max(200, 'form.tooLong'),
    accounts: z.array(Account).min(1, 'certification.certify.noAccount').max(10, 'form.tooLong'),
  })
  .superRefine((input, ctx) => {
    const codes = [input.host.uscc, ...input.partners.map((p) => p.uscc)]
    codes.forEach((code, i) => {
      if (codes.indexOf(code) !== i)
        ctx.addIssue({
          code: 'custom',
          path: i === 0 ? ['host', 'uscc'] : ['partners', i - 1, 'uscc'],
          message: 'labs.error.partnerIsHost',
        })
    })
    const indicators = input.plan.map((p) => p.indicator)
    indicators.forEach((key, i) => {
      if (indicators.indexOf(key) !== i)
        ctx.addIssue({ code: 'custom', path: ['plan', i, 'indicator'], message: 'certification.certify.duplicateIndicator' })
    })
    const names = input.accounts.map((a) => a.username).filter((u): u is string => u !== undefined)
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['accounts'], message: 'users.error.usernameTaken' })
    })
  })

export type CertificationInput = z.input<typeof CertificationInputSchema>
export type CertificationData = z.output<typeof CertificationInputSchema>

/**
 * An application's plan rows (round_application_indicators) as the certification input names them:
 * the built-in key, or `c<id>` for one of the bureau's custom indicators (PlanTarget), so the lab's
 * first plan carries every indicator the application planned (issue 21 item 3).
 */
export function planTargetsOf(
  rows: readonly { indicatorKey: string | null; customIndicatorId: number | null; target: number }[],
): CertificationInput['plan'] {
  return rows.map((r) => ({ indicator: r.indicatorKey ?? `c${r.customIndicatorId}`, target: r.target }))
}
