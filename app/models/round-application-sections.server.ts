import { and, eq } from 'drizzle-orm'
import { roundApplicationMembers, roundApplicationPartners } from '~db/schema'
import { isApplicationStep, type ApplicationStep } from '~/domain/certification/application-steps'
import { checkUscc } from '~/domain/uscc'
import { fieldErrorsOf, type FieldErrors } from '~/utils/forms'
import {
  BasicsSection,
  ChildRemove,
  CommitmentsSection,
  MemberAdd,
  OfficeCheck,
  PartnerAdd,
  PlanSection,
  SecuritySection,
  STEP_INTENTS,
} from './round-application-form'
import { db } from '~/utils/db.server'
import { readTargets } from './indicator-plans.server'
import {
  applicationPlanLines,
  editApplication,
  recordOfficeCheck,
  sideRefusal,
  takeApplicationStep,
  writeIndicators,
} from './round-applications.server'
import { invalid, type ActingUser } from './result.server'

// What each of the application page's forms writes (issue 21): the intent names the section or
// the step; the section's zod schema reads what was typed (400 with the fields' messages, the
// input kept by the page); the model checks who, when and the version.

type Values = Record<string, unknown>
const text = (v: unknown) => (typeof v === 'string' ? v : '')

const bad = (errors: FieldErrors) => invalid(errors)

// the applicant's own sections; 'check' is the office's (the steps are checked by the table)
const APPLICANT_SECTIONS = [
  'basics',
  'addPartner',
  'removePartner',
  'addMember',
  'removeMember',
  'plan',
  'security',
  'commitments',
  'importRoster',
] as const

export function applySection({ by, id, intent, values: posted }: { by: ActingUser; id: number; intent: string; values: Values }) {
  // the page's forms post the version as VERSION_FIELD ('rowVersion', app/models/stale-state.ts)
  const values: Values = { ...posted, version: posted.rowVersion ?? posted.version ?? '' }
  const edit = (plan: Parameters<typeof editApplication>[0]['plan']) => editApplication({ by, id, version: values.version, plan })
  const side = intent === 'check' ? 'office' : (APPLICANT_SECTIONS as readonly string[]).includes(intent) ? 'applicant' : null
  const refused = side ? sideRefusal(by, id, side) : null
  if (refused) return refused
  switch (intent) {
    case 'basics': {
      const p = BasicsSection.safeParse(values)
      if (!p.success) return bad(fieldErrorsOf(p.error))
      const { labName, direction, hostKind } = p.data
      return edit(() => ({ set: { labName, direction, hostKind }, detail: 'basics' }))
    }
    case 'addPartner': {
      const p = PartnerAdd.safeParse(values)
      if (!p.success) return bad(fieldErrorsOf(p.error))
      const code = checkUscc(p.data.uscc)
      if (!code.ok) return bad({ uscc: { key: `certification.condition.registered_in_suzhou.${code.error}` } })
      const { name, uscc, kind } = p.data
      return edit(() => ({
        write: (tx) => tx.insert(roundApplicationPartners).values({ applicationId: id, name, uscc, kind }).run(),
        detail: { addPartner: { name, uscc, kind } },
      }))
    }
    case 'removePartner':
    case 'removeMember': {
      const p = ChildRemove.safeParse(values)
      if (!p.success) return bad(fieldErrorsOf(p.error))
      const table = intent === 'removePartner' ? roundApplicationPartners : roundApplicationMembers
      return edit((_row, tx) => {
        const gone = tx
          .delete(table)
          .where(and(eq(table.id, p.data.childId), eq(table.applicationId, id)))
          .returning()
          .get()
        if (!gone) return bad({ _form: { key: 'form.invalidChoice' } })
        return { detail: { [intent]: gone } }
      })
    }
    case 'addMember': {
      const p = MemberAdd.safeParse(values)
      if (!p.success) return bad(fieldErrorsOf(p.error))
      const { name, titleLevel, degree, role } = p.data
      return edit(() => ({
        write: (tx) => tx.insert(roundApplicationMembers).values({ applicationId: id, name, titleLevel, degree, role }).run(),
        detail: { addMember: { name, titleLevel, degree, role } },
      }))
    }
    case 'plan': {
      const p = PlanSection.safeParse(values)
      // the outcomes plan's catalogue and its reading of targets (indicator-plans.server.ts)
      const lines = applicationPlanLines(db(), id)
      const typed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, text(v)]))
      const read = readTargets(lines, typed)
      const errors: FieldErrors = { ...(p.success ? {} : fieldErrorsOf(p.error)), ...read.errors }
      if (!p.success || Object.keys(errors).length) return bad(errors)
      const { version: _v, ...texts } = p.data
      const targets = lines.flatMap((line) => (read.next.has(line.field) ? [{ line, target: read.next.get(line.field)! }] : []))
      return edit(() => ({
        set: texts,
        write: (tx) => writeIndicators(tx, id, targets),
        detail: { targets: Object.fromEntries(targets.map((t) => [t.line.field, t.target])) },
      }))
    }
    case 'security': {
      const p = SecuritySection.safeParse(values)
      if (!p.success) return bad(fieldErrorsOf(p.error))
      return edit(() => ({ set: { dataSecurity: p.data.dataSecurity }, detail: 'security' }))
    }
    case 'commitments': {
      const p = CommitmentsSection.safeParse({ ...values, commitments: Array.isArray(values.commitments) ? values.commitments : [] })
      if (!p.success) return bad(fieldErrorsOf(p.error))
      return edit(() => ({ set: { commitments: p.data.commitments }, detail: 'commitments' }))
    }
    case 'importRoster':
      // the file comes as multipart (application-roster-import.server.ts); a plain post has none
      return bad({ file: { key: 'imports.error.file' } })
    case 'check': {
      const p = OfficeCheck.safeParse(values)
      if (!p.success) return bad(fieldErrorsOf(p.error))
      const d = p.data
      return recordOfficeCheck({
        by,
        id,
        version: d.version,
        values: {
          complete: d.complete === 'yes',
          completeReason: d.completeReason,
          authentic: d.authentic === 'yes',
          authenticReason: d.authenticReason,
          valid: d.valid === 'yes',
          validReason: d.validReason,
        },
      })
    }
    default:
      if (isApplicationStep(intent) && (STEP_INTENTS as readonly string[]).includes(intent))
        return takeApplicationStep({
          by,
          id,
          step: intent as ApplicationStep,
          version: values.version,
          reasons: text(values.reasons),
          grounds: Array.isArray(values.grounds) ? values.grounds.map(String) : [],
        })
      return bad({ _form: { key: 'form.invalidChoice' } })
  }
}
