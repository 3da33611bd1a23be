import { and, asc, eq, inArray } from 'drizzle-orm'
import {
  applicants,
  certificationRounds,
  publicNotices,
  roundApplicationIndicators,
  roundApplicationMembers,
  roundApplicationPartners,
  roundApplications,
  type RoundApplication,
} from '~db/schema'
import { checkStep, refusalMessage, type ApplicationStepRefusal } from '~/domain/certification/application-steps'
import { planTargetsOf, type CertificationInput } from '~/domain/certification/certification-input'
import { labDistrictOf } from '~/domain/certification/lab-district'
import { noticePeriod } from '~/domain/certification/public-notice'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import type { MessageKey } from '~/i18n'
import { now } from '~/utils/clock.server'
import { db, type Db } from '~/utils/db.server'
import { noticeFacts } from './application-notice-step.server'
import { moveApplication } from './application-review.server'
import { recordAudit } from './audit.server'
import { workCalendar } from './calendar.server'
import { certifyApplications, type CertificationProblem, type CertifiedLab } from './certify.server'
import { liveNoticeOf, noticesOf } from './notice-records.server'
import { auditActorOf, type ActingUser } from './result.server'

// 授牌 on a round (guide 四(五), issue 21 item 7, docs/decisions/026 "as built"): every application
// of the round in notice whose notice has ended with every objection decided (the steps table's
// `certify`) is mapped onto CertificationInput and certified in one step by certifyApplications;
// in that step's transaction each application becomes `certified` and its notice confirmed. Those
// still in their notice, or with an objection open, are listed as "not yet" and never certified.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type Reader = Pick<Db, 'select'>

export type NotYet = {
  applicationId: number
  applicantName: string
  labName: string
  reason: ApplicationStepRefusal
  lastDay: IsoDate | null
}
export type RoundCertifyResult =
  | { ok: true; labs: (CertifiedLab & { labName: string; applicantName: string })[]; notYet: NotYet[]; on: IsoDate }
  | { ok: false; problems: (CertificationProblem & { applicantName: string })[]; notYet: NotYet[] }
  | { ok: false; error: 'not_found' | 'forbidden' }

// the plan's four parts (guide 三(一)) as the lab's plan summary, under the lab form's 4000 characters
const PLAN_SUMMARY_MAX = 4000

/** The application's rows as the 授牌 engine takes them (ADR 026's mapping). */
export function certificationInputOf(q: Reader, row: RoundApplication): CertificationInput {
  const applicant = q.select().from(applicants).where(eq(applicants.id, row.applicantId)).get()!
  const members = q.select().from(roundApplicationMembers).where(eq(roundApplicationMembers.applicationId, row.id)).all()
  const partners = q.select().from(roundApplicationPartners).where(eq(roundApplicationPartners.applicationId, row.id)).all()
  const indicators = q.select().from(roundApplicationIndicators).where(eq(roundApplicationIndicators.applicationId, row.id)).all()
  const director = members.find((m) => m.role === 'director')
  const summary = [row.planTechnicalGoals, row.planIntellectualProperty, row.planFunding, row.planApplicationScenarios]
    .map((part) => part.trim())
    .filter(Boolean)
    .join('\n\n')
  return {
    applicationId: row.id,
    labName: row.labName,
    // a missing direction or district is the engine's own refusal, with its field, never a guess
    direction: row.direction ?? Number.NaN,
    districtCode: (labDistrictOf({ officeDistrictCode: row.officeDistrictCode, uscc: applicant.uscc }) ??
      '') as CertificationInput['districtCode'],
    host: { name: applicant.name, uscc: applicant.uscc, kind: applicant.orgKind },
    partners: partners.map((p) => ({ name: p.name, uscc: p.uscc, kind: p.kind })),
    // the roster's director leads the lab; without one, the applicant's contact person
    directorName: director?.name ?? applicant.contactName,
    contactName: applicant.contactName,
    contactPhone: applicant.contactPhone,
    contactEmail: applicant.contactEmail,
    focus: '',
    address: '',
    planSummary: summary.slice(0, PLAN_SUMMARY_MAX),
    team: members.map((m) => ({ name: m.name, titleLevel: m.titleLevel, degree: m.degree, role: m.role })),
    plan: planTargetsOf(indicators),
    // the applicant's contact person gets the lab's first account (the lab adds others on /users)
    accounts: [{ displayName: applicant.contactName, email: applicant.contactEmail }],
  }
}

const applicantNameOf = (q: Reader, applicantId: number) =>
  q.select({ name: applicants.name }).from(applicants).where(eq(applicants.id, applicantId)).get()!.name

// thrown inside the step's transaction when an application moved after it was read: all rolls back
class MovedMeanwhile extends Error {
  constructor(readonly applicationId: number) {
    super(`round application ${applicationId} moved during certification`)
  }
}

/**
 * 授牌 on `on` (a Shanghai day, normally today): every ready application of the round becomes a lab
 * in one all-or-nothing step. The new accounts' passwords are in the answer only, shown once.
 */
export async function certifyRound({
  by,
  roundId,
  on,
  at = now(),
}: {
  by: ActingUser
  roundId: number
  on?: IsoDate
  at?: Date
}): Promise<RoundCertifyResult> {
  if (by.role !== 'bureau') return { ok: false, error: 'forbidden' }
  const q = db()
  if (!q.select({ id: certificationRounds.id }).from(certificationRounds).where(eq(certificationRounds.id, roundId)).get())
    return { ok: false, error: 'not_found' }
  const rows = q
    .select()
    .from(roundApplications)
    // round_applications_round_status_idx
    .where(and(eq(roundApplications.roundId, roundId), eq(roundApplications.status, 'in_notice')))
    .orderBy(asc(roundApplications.id))
    .all()
  const notYet: NotYet[] = []
  const ready: RoundApplication[] = []
  for (const row of rows) {
    const facts = noticeFacts(q, row)
    const checked = checkStep({ role: 'bureau' }, facts, 'certify', at)
    if (checked.ok) ready.push(row)
    else
      notYet.push({
        applicationId: row.id,
        applicantName: applicantNameOf(q, row.applicantId),
        labName: row.labName,
        reason: checked.reason,
        lastDay: facts.notice?.lastDay ?? null,
      })
  }
  const certifiedOn = on ?? shanghaiDate(at)
  const names = new Map(ready.map((r) => [r.id, applicantNameOf(q, r.applicantId)]))
  const named = <P extends { applicationId: number | null }>(p: P) => ({ ...p, applicantName: names.get(p.applicationId ?? 0) ?? '' })
  if (!ready.length)
    return { ok: false, problems: [named({ index: null, applicationId: null, field: '', key: nothingKey(notYet) })], notYet }
  try {
    const result = await certifyApplications(
      q,
      ready.map((row) => certificationInputOf(q, row)),
      {
        certifiedOn,
        actor: by,
        now: at,
        alsoInTransaction: (tx, labs) => labs.forEach((lab) => certifiedApplication(tx, { by, lab, at })),
      },
    )
    if (!result.ok) return { ok: false, problems: result.problems.map(named), notYet }
    const labNames = new Map(ready.map((r) => [r.id, r.labName]))
    return {
      ok: true,
      labs: result.labs.map((lab) => ({ ...named(lab), labName: labNames.get(lab.applicationId) ?? '' })),
      notYet,
      on: certifiedOn,
    }
  } catch (error) {
    if (!(error instanceof MovedMeanwhile)) throw error
    const problem = { index: null, applicationId: error.applicationId, field: '', key: 'stale.changed' as MessageKey }
    return { ok: false, problems: [named(problem)], notYet }
  }
}

const nothingKey = (notYet: NotYet[]): MessageKey => (notYet.length ? 'rounds.notice.error.nothingReady' : 'certification.certify.nothing')

/** In the step's transaction: the application certified (step `certify`, re-checked under the write lock) and its notice confirmed. */
function certifiedApplication(tx: Tx, { by, lab, at }: { by: ActingUser; lab: CertifiedLab; at: Date }) {
  const row = tx.select().from(roundApplications).where(eq(roundApplications.id, lab.applicationId)).get()
  if (!row || !checkStep({ role: 'bureau' }, noticeFacts(tx, row), 'certify', at).ok) throw new MovedMeanwhile(lab.applicationId)
  const notice = liveNoticeOf('application', row.id, tx)!
  moveApplication(tx, {
    by,
    row,
    step: 'certify',
    to: 'certified',
    at,
    set: { labId: lab.labId },
    said: { labId: lab.labId, certificateNo: lab.certificateNo },
  })
  const confirmed = tx
    .update(publicNotices)
    .set({ confirmedAt: at.toISOString(), confirmedBy: by.id, updatedAt: at.toISOString(), rowVersion: notice.rowVersion + 1 })
    .where(and(eq(publicNotices.id, notice.id), eq(publicNotices.rowVersion, notice.rowVersion)))
    .returning()
    .get()
  if (!confirmed) throw new MovedMeanwhile(lab.applicationId)
  recordAudit(tx, {
    actor: auditActorOf(by),
    action: 'confirm',
    entityType: 'public_notice',
    entityId: notice.id,
    labId: lab.labId,
    before: notice,
    after: confirmed,
    at,
  })
}

/**
 * The review page's 公示与授牌 section: how many shortlisted applications await publication, and
 * each application from the notice on with its notice (the latest: a withdrawn one after a
 * sustained objection), its open objections and, while in notice, why it is not yet ready.
 */
export function roundNoticeStage({ by, roundId, at = now() }: { by: ActingUser; roundId: number; at?: Date }) {
  if (by.role !== 'bureau') return null
  const q = db()
  const shortlisted = q
    .select({ id: roundApplications.id })
    .from(roundApplications)
    // round_applications_round_status_idx
    .where(and(eq(roundApplications.roundId, roundId), eq(roundApplications.status, 'shortlisted')))
    .all().length
  const rows = q
    .select()
    .from(roundApplications)
    .where(
      and(eq(roundApplications.roundId, roundId), inArray(roundApplications.status, ['in_notice', 'objection_sustained', 'certified'])),
    )
    .orderBy(asc(roundApplications.id))
    .all()
  const applications = rows.map((row) => {
    const facts = noticeFacts(q, row)
    const notice = noticesOf('application', row.id, q)[0] ?? null
    const checked = row.status === 'in_notice' ? checkStep({ role: 'bureau' }, facts, 'certify', at) : null
    return {
      id: row.id,
      status: row.status,
      labName: row.labName,
      // the lab it became (0046): the page is the bureau's, which opens every lab
      labId: row.labId,
      applicantName: applicantNameOf(q, row.applicantId),
      notice: notice && { id: notice.id, startsOn: notice.startsOn, endsOn: notice.endsOn, estimated: notice.estimated },
      openObjections: facts.openObjections,
      notYet: checked && !checked.ok ? refusalMessage(checked.reason) : null,
    }
  })
  // what a publication today would announce: the bureau sees the period (and an estimate) first
  const preview = shortlisted ? noticePeriod(workCalendar(), shanghaiDate(at)) : null
  return { shortlisted, preview, applications, today: shanghaiDate(at) }
}
