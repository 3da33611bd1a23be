import { eq, like } from 'drizzle-orm'
import { customIndicators, organisations, validityPeriods } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
import { CertificationInputSchema, type CertificationData, type CertificationInput } from '~/domain/certification/certification-input'
import { certificateYear, firstValidityPeriod, nextCertificateNumber } from '~/domain/certification/certificate'
import { isIsoDate, shanghaiDate, type IsoDate } from '~/domain/dates'
import { can } from '~/domain/permissions'
import { checkPeriodDates } from '~/domain/validity'
import { isMessageKey, type MessageKey } from '~/i18n'
import { db as appDb, type Db } from '~/utils/db.server'
import { hashPassword } from '~/utils/password.server'
import { labInputProblems } from '~/utils/lab-action.server'
import { recordAudit } from './audit.server'
import { initialPassword } from './imports/imports.server'
import { writeDecision, writeTargets } from './indicator-plans.server'
import { createLab, type LabInput } from './lab-mutations.server'
import { createOrganisation } from './organisations.server'
import { auditActorOf, type ActingUser } from './result.server'
import { addMember } from './team.server'
import { createUser, isUsernameTaken } from './users.server'

// 授牌 (guide 四(五), issue 21 item 7, docs/decisions/026-certification-step.md): every
// shortlisted application without a sustained objection becomes a lab in one transaction. Each
// part is written by the model that writes it everywhere else (the organisation form, /labs/new,
// the team page, the plan page, /users/new), so a certified lab is a lab like every other and
// every creation has the audit row those models write. Any problem in any input refuses the
// whole step: nothing is written, and the answer lists each input's problems.

export type CertificationProblem = {
  // the input's position in the list, and its application; null for the step's own date
  index: number | null
  applicationId: number | null
  // where in the input: 'host.uscc', 'accounts.0.username', '' for the input as a whole
  field: string
  key: MessageKey
  vars?: Record<string, string | number>
}

export type CertifiedAccount = { username: string; displayName: string; email: string; password: string }
export type CertifiedLab = {
  applicationId: number
  labId: number
  certificateNo: string
  planId: number | null
  accounts: CertifiedAccount[]
}
export type CertifyResult = { ok: true; labs: CertifiedLab[] } | { ok: false; problems: CertificationProblem[] }

class Refused extends Error {
  constructor(readonly problems: CertificationProblem[]) {
    super('certification refused')
  }
}

/**
 * Certifies `inputs` on `certifiedOn` (a Shanghai day): one lab each, numbered in input order.
 * The one-time passwords of the new accounts are in the answer only: the caller shows them once
 * (as the user import does with keepPasswordsOnce) and never stores them.
 */
export async function certifyApplications(
  db: Db,
  inputs: readonly CertificationInput[],
  {
    certifiedOn,
    actor,
    now,
    alsoInTransaction,
  }: {
    certifiedOn: IsoDate
    actor: ActingUser
    now: Date
    // the caller's own writes that must commit with the labs or not at all (the applications'
    // status 'certified' with their lab ids); a throw rolls the whole step back
    alsoInTransaction?: (tx: Tx, labs: CertifiedLab[]) => void
  },
): Promise<CertifyResult> {
  // The writers this calls use the app's one connection; their transactions nest in this one as
  // savepoints only on that same connection.
  if (db !== appDb()) throw new Error('certifyApplications runs on the app connection (db())')
  if (!can(actor, 'lab:create')) throw new Response('Forbidden', { status: 403 })
  const dateProblems = certifiedOnProblems(certifiedOn, shanghaiDate(now))
  if (dateProblems.length) return { ok: false, problems: dateProblems }
  const parsed = inputs.map((input) => CertificationInputSchema.safeParse(input))
  const problems = parsed.flatMap((p, index) => (p.success ? [] : issuesOf(p.error.issues, index, applicationIdOf(inputs[index]))))
  if (inputs.length === 0) problems.push({ index: null, applicationId: null, field: '', key: 'certification.certify.nothing' })
  if (problems.length) return { ok: false, problems }
  const data = parsed.map((p) => p.data!)
  // scrypt is slow and async: every new account's password is hashed before the transaction
  const passwords = data.map((d) => d.accounts.map(() => initialPassword()))
  const hashes = await Promise.all(passwords.map((list) => Promise.all(list.map(hashPassword))))
  try {
    const labs = db.transaction(
      (tx) => {
        const found: CertificationProblem[] = []
        const done = data.map((input, index) =>
          certifyOne(tx, { input, index, certifiedOn, actor, now, passwords: passwords[index], hashes: hashes[index], found }),
        )
        if (found.length) throw new Refused(found)
        const labs = done.filter((d): d is CertifiedLab => d !== null)
        alsoInTransaction?.(tx, labs)
        return labs
      },
      { behavior: 'immediate' },
    )
    return { ok: true, labs }
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problems: error.problems }
    throw error
  }
}

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

function certifyOne(
  tx: Tx,
  {
    input,
    index,
    certifiedOn,
    actor,
    now,
    passwords,
    hashes,
    found,
  }: {
    input: CertificationData
    index: number
    certifiedOn: IsoDate
    actor: ActingUser
    now: Date
    passwords: string[]
    hashes: string[]
    found: CertificationProblem[]
  },
): CertifiedLab | null {
  const problem = (field: string, key: MessageKey, vars?: Record<string, string | number>) =>
    found.push({ index, applicationId: input.applicationId, field, key, vars })
  const auditActor = auditActorOf(actor)
  const hostOrgId = organisationFor(tx, input.host, input.districtCode, 'host', { actor, problem })
  const partnerOrgIds = input.partners.map((p, i) =>
    organisationFor(tx, p, p.districtCode ?? input.districtCode, `partners.${i}`, { actor, problem }),
  )
  if (hostOrgId === null || partnerOrgIds.some((id) => id === null)) return null
  const labInput: LabInput = {
    name: input.labName,
    direction: input.direction,
    districtCode: input.districtCode,
    hostOrgId,
    partnerOrgIds: partnerOrgIds as number[],
    directorName: input.directorName,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    contactEmail: input.contactEmail,
    focus: input.focus,
    address: input.address,
    planSummary: input.planSummary,
  }
  // /labs/new's own checks: the host is no partner, no organisation past three joint applications
  // (counting the labs this step created before this one: they are in the transaction)
  for (const [field, error] of Object.entries(labInputProblems(0, labInput)))
    if (error) problem(field === 'partnerOrgIds' ? 'partners' : field, error.key, error.vars)
  const customProblems = unknownCustomIndicators(tx, input.plan)
  for (const i of customProblems) problem(`plan.${i}.indicator`, 'form.invalidChoice')
  if (found.some((p) => p.index === index)) return null

  const year = certificateYear(certifiedOn)
  const certificateNo = nextCertificateNumber({ year, issued: numbersIssuedIn(tx, year) })
  const lab = createLab({ input: labInput, period: { ...firstValidityPeriod(certifiedOn), certificateNo }, actor: auditActor })
  const periodId = tx.select({ id: validityPeriods.id }).from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!.id
  for (const member of input.team) addMember({ labId: lab.id, input: { ...member, active: true }, actor: auditActor })
  const planId = approvedPlan(tx, { input, labId: lab.id, periodId, actor, now, problem })

  const accounts: CertifiedAccount[] = []
  input.accounts.forEach((account, i) => {
    const username = account.username ?? freeUsername(account.email, lab.id, accounts)
    const created = createUser({
      username,
      passwordHash: hashes[i],
      fields: {
        displayName: account.displayName,
        email: account.email,
        role: 'lab',
        districtCode: null,
        labId: lab.id,
        organisationId: null,
        active: true,
      },
      actor: auditActor,
    })
    if (!created.ok) return problem(`accounts.${i}.username`, 'users.error.usernameTaken')
    accounts.push({ username, displayName: account.displayName, email: account.email, password: passwords[i] })
  })
  // the step itself, with the application it came from: the lab's history starts here
  recordAudit(tx, {
    actor: auditActor,
    action: 'certify',
    entityType: 'lab',
    entityId: lab.id,
    labId: lab.id,
    after: {
      applicationId: input.applicationId,
      certifiedOn,
      certificateNo,
      hostOrgId,
      partnerOrgIds,
      planId,
      accounts: accounts.map((a) => a.username),
    },
    at: now,
  })
  return { applicationId: input.applicationId, labId: lab.id, certificateNo, planId, accounts }
}

type OrgRef = CertificationData['host']

/** The registry's organisation of this credit code, created when there is none (never a second one). */
function organisationFor(
  tx: Tx,
  ref: OrgRef,
  districtCode: DistrictCode,
  field: string,
  { actor, problem }: { actor: ActingUser; problem: (field: string, key: MessageKey) => void },
): number | null {
  const byCode = tx.select().from(organisations).where(eq(organisations.creditCode, ref.uscc)).get()
  if (ref.organisationId !== undefined) {
    // the application named a registry entry: it must be the one with this code
    if (byCode?.id === ref.organisationId) return byCode.id
    problem(`${field}.organisationId`, 'certification.certify.orgCodeMismatch')
    return null
  }
  if (byCode) return byCode.id
  const created = createOrganisation({
    input: { name: ref.name, creditCode: ref.uscc, kind: ref.kind, districtCode },
    actor: auditActorOf(actor),
  })
  if (!created.ok) {
    problem(`${field}.uscc`, 'orgs.error.duplicateCode')
    return null
  }
  return created.org.id
}

// The plan the application filed, approved for the first period: the experts reviewed it with the
// application and the bureau's certification adopts it, so the lab does not file it a second time.
function approvedPlan(
  tx: Tx,
  {
    input,
    labId,
    periodId,
    actor,
    now,
    problem,
  }: {
    input: CertificationData
    labId: number
    periodId: number
    actor: ActingUser
    now: Date
    problem: (field: string, key: MessageKey, vars?: Record<string, string | number>) => void
  },
): number | null {
  if (input.plan.length === 0) return null
  const owner = { periodId, renewalId: null } as const
  const raw = Object.fromEntries(input.plan.map((p) => [`target.${p.indicator}`, String(p.target)]))
  const written = writeTargets(tx, { by: actor, labId, owner, raw, seen: 0, submit: true, guard: () => null, at: now, notify: false })
  if (!written.ok) {
    for (const [field, error] of Object.entries(written.error === 'invalid' || written.error === 'conflict' ? written.errors : {}))
      if (error) problem(`plan.${field}`, error.key, error.vars)
    if (written.error === 'not_found' || written.error === 'forbidden') problem('plan', 'form.invalidChoice')
    return null
  }
  const approved = writeDecision(tx, {
    by: actor,
    labId,
    owner,
    decision: 'approve',
    reason: '',
    seen: written.rowVersion,
    guard: () => null,
    at: now,
  })
  if (!approved.ok) problem('plan', 'indicators.error.notSubmitted')
  return written.planId
}

// positions of plan lines naming a custom indicator that does not exist or is no longer planned
function unknownCustomIndicators(tx: Tx, plan: CertificationData['plan']): number[] {
  const active = new Set(
    tx
      .select({ id: customIndicators.id })
      .from(customIndicators)
      .where(eq(customIndicators.active, true))
      .all()
      .map((c) => `c${c.id}`),
  )
  return plan.flatMap((p, i) => (p.indicator.startsWith('c') && !active.has(p.indicator) ? [i] : []))
}

// Only the numbers that mention the year can be of its sequence; certificateSequence decides.
function numbersIssuedIn(tx: Tx, year: number): string[] {
  return tx
    .select({ no: validityPeriods.certificateNo })
    .from(validityPeriods)
    .where(like(validityPeriods.certificateNo, `%${year}%`))
    .all()
    .map((r) => r.no)
}

// The e-mail's local part as the user form's charset allows, else lab<id>; -2, -3… when taken.
function freeUsername(email: string, labId: number, taken: readonly CertifiedAccount[]): string {
  const local = email
    .split('@')[0]
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '')
    .slice(0, 24)
  const base = local.length >= 3 ? local : `lab${labId}`
  const used = (name: string) => isUsernameTaken(name) || taken.some((a) => a.username === name)
  let name = base
  for (let n = 2; used(name); n++) name = `${base}-${n}`
  return name
}

function certifiedOnProblems(certifiedOn: string, today: IsoDate): CertificationProblem[] {
  const at = (key: MessageKey): CertificationProblem[] => [{ index: null, applicationId: null, field: 'certifiedOn', key }]
  if (!isIsoDate(certifiedOn)) return at('form.invalidDate')
  // the first period's dates as /labs/new checks them (not before the first round, not far ahead)
  const { errors } = checkPeriodDates({ ...firstValidityPeriod(certifiedOn), today })
  return errors.length ? at(`labs.error.period.${errors[0]}` as MessageKey) : []
}

function applicationIdOf(input: unknown): number | null {
  const id = (input as { applicationId?: unknown } | null)?.applicationId
  return typeof id === 'number' ? id : null
}

function issuesOf(
  issues: readonly { path: PropertyKey[]; message: string }[],
  index: number,
  applicationId: number | null,
): CertificationProblem[] {
  return issues.map((issue) => ({
    index,
    applicationId,
    field: issue.path.map(String).join('.'),
    key: isMessageKey(issue.message) ? issue.message : 'form.invalidChoice',
  }))
}
