import { z } from 'zod'
import { ORG_KINDS } from '~db/schema/enums'
import { APPLICANT_KINDS, APPLICATION_COMMITMENTS } from '~/domain/certification/application-conditions'
import { MemberFields } from '~/models/team-form'
import { optionalText, requiredText } from '~/utils/forms'

// The application page's section forms (issue 21), told apart by `intent`; each section is saved
// on its own with the row_version its page showed. Zod with message keys and no server code.

// the page's intents: its sections and the office's check, and the steps of the table it offers
export const SECTION_INTENTS = [
  'basics',
  'addPartner',
  'removePartner',
  'addMember',
  'removeMember',
  'plan',
  'security',
  'commitments',
  // the roster from a spreadsheet (multipart: applications.$applicationId.tsx reads the file)
  'importRoster',
  'check',
] as const
export type SectionIntent = (typeof SECTION_INTENTS)[number]
export const STEP_INTENTS = ['submit', 'resubmit', 'withdraw', 'return', 'reject', 'recommend', 'withdraw_recommendation'] as const

/** The office's sealed recommendation letter (guide 四(二) 加盖公章): an application's attachment of this kind. */
export const LETTER_KIND = 'recommendation_letter'

// how the offices' list sorts
export const SORTS = ['submitted', 'applicant', 'status'] as const
export type Sort = (typeof SORTS)[number]

export const PLAN_TEXT_MAX = 5000
const version = z.string().default('')
const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v)

export const BasicsSection = z.object({
  version,
  labName: optionalText(100),
  direction: z.preprocess(blankToNull, z.coerce.number().int().min(1, 'form.invalidChoice').max(14, 'form.invalidChoice').nullable()),
  hostKind: z.preprocess(blankToNull, z.enum(APPLICANT_KINDS, { error: 'form.invalidChoice' }).nullable()),
})

export const PartnerAdd = z.object({
  version,
  name: requiredText(100),
  uscc: requiredText(18).transform((s) => s.toUpperCase()),
  kind: z.enum(ORG_KINDS, { error: 'form.invalidChoice' }),
})

export const MemberAdd = MemberFields.extend({ version })

export const ChildRemove = z.object({
  version,
  childId: z.coerce.number({ error: 'form.invalidChoice' }).int().positive('form.invalidChoice'),
})

export const PlanSection = z.object({
  version,
  planTechnicalGoals: optionalText(PLAN_TEXT_MAX),
  planIntellectualProperty: optionalText(PLAN_TEXT_MAX),
  planFunding: optionalText(PLAN_TEXT_MAX),
  planApplicationScenarios: optionalText(PLAN_TEXT_MAX),
})

export const SecuritySection = z.object({ version, dataSecurity: optionalText(PLAN_TEXT_MAX) })

export const CommitmentsSection = z.object({
  version,
  commitments: z.array(z.enum(APPLICATION_COMMITMENTS, { error: 'form.invalidChoice' })).default([]),
})

const yesNo = z.enum(['yes', 'no'], { error: 'form.invalidChoice' })
export const OfficeCheck = z.object({
  version,
  complete: yesNo,
  completeReason: optionalText(2000),
  authentic: yesNo,
  authenticReason: optionalText(2000),
  valid: yesNo,
  validReason: optionalText(2000),
})
