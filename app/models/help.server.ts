import { and, asc, count, desc, eq, gte } from 'drizzle-orm'
import { applicants, calendarYears, cityDepartments, jobRuns, labs, obligations, settings, users, validityPeriods } from '~db/schema'
import type { DistrictCode, Role } from '~db/schema/enums'
import type { IsoDate } from '~/domain/dates'
import type { FirstRunFacts } from '~/domain/first-run'
import type { Actor } from '~/domain/permissions'
import { windowOpensOn } from '~/domain/renewals'
import { labPeriods } from '~/domain/validity'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { packageCoverage } from './calendar.server'
import { LAST_BACKUP_KEY, metaValue, SETTINGS_SAVED_KEY } from './meta.server'
import { ruleSettings } from './settings.server'

// What the 使用说明 page (app/routes/help.tsx) reads: whom the viewer asks, the viewer's own lab's
// dates, and the facts the first-run checklist (app/domain/first-run.ts) decides from.

// a list of people to ask, never the whole user table
const CONTACTS_SHOWN = 10

export type Contact = { displayName: string; email: string }
export type Contacts =
  | { kind: 'district'; districtCode: DistrictCode | null; people: Contact[] }
  | { kind: 'bureau'; people: Contact[] }
  | { kind: 'administrators'; people: Contact[] }
  // an applicant's recommending office (issue 21): a district office or a city department
  | {
      kind: 'office'
      districtCode: DistrictCode | null
      departmentNameZh: string | null
      departmentNameEn: string | null
      people: Contact[]
    }

function activeAccounts(role: Role, districtCode?: DistrictCode): Contact[] {
  return db()
    .select({ displayName: users.displayName, email: users.email })
    .from(users)
    .where(and(eq(users.role, role), eq(users.active, true), districtCode ? eq(users.districtCode, districtCode) : undefined))
    .orderBy(asc(users.id))
    .limit(CONTACTS_SHOWN)
    .all()
}

/**
 * Whom the viewer asks: a lab its own district office (the guide's 初审及推荐 runs through it), a
 * district office and an expert the bureau, the bureau the accounts that administer Labcycle.
 */
export function contactsFor(actor: Actor): Contacts {
  switch (actor.role) {
    case 'lab': {
      const lab =
        actor.labId === null ? undefined : db().select({ districtCode: labs.districtCode }).from(labs).where(eq(labs.id, actor.labId)).get()
      const districtCode = lab?.districtCode ?? null
      return { kind: 'district', districtCode, people: districtCode ? activeAccounts('district', districtCode) : [] }
    }
    case 'applicant':
      return applicantOfficeContacts(actor.applicantId ?? null)
    case 'district':
    case 'expert':
    case 'department':
      return { kind: 'bureau', people: activeAccounts('bureau') }
    case 'bureau':
      return { kind: 'administrators', people: activeAccounts('bureau') }
  }
}

// An applicant asks the office it registered with: that district office's or city department's accounts.
function applicantOfficeContacts(applicantId: number | null): Contacts {
  const own =
    applicantId === null
      ? undefined
      : db()
          .select({
            districtCode: applicants.officeDistrictCode,
            departmentId: applicants.officeDepartmentId,
            nameZh: cityDepartments.nameZh,
            nameEn: cityDepartments.nameEn,
          })
          .from(applicants)
          .leftJoin(cityDepartments, eq(cityDepartments.id, applicants.officeDepartmentId))
          .where(eq(applicants.id, applicantId))
          .get()
  if (!own) return { kind: 'bureau', people: activeAccounts('bureau') }
  const people =
    own.districtCode !== null
      ? activeAccounts('district', own.districtCode)
      : db()
          .select({ displayName: users.displayName, email: users.email })
          .from(users)
          .where(and(eq(users.role, 'department'), eq(users.active, true), eq(users.departmentId, own.departmentId!)))
          .orderBy(asc(users.id))
          .limit(CONTACTS_SHOWN)
          .all()
  return { kind: 'office', districtCode: own.districtCode, departmentNameZh: own.nameZh, departmentNameEn: own.nameEn, people }
}

export type OwnLabDates = {
  labName: string
  periodEnd: IsoDate | null
  renewalOpensOn: IsoDate | null
  /** the ledger's next due dates (stored when the year began; only an extension moves them) */
  upcoming: { kind: 'deliverable' | 'annual_report'; validityYear: number; dueDate: IsoDate }[]
}

/** A lab account's own lab: when its period ends, when the renewal window opens, what falls due next. */
export function ownLabDates(actor: Actor, today: IsoDate): OwnLabDates | null {
  if (actor.role !== 'lab' || actor.labId === null) return null
  const lab = db().select({ name: labs.name }).from(labs).where(eq(labs.id, actor.labId)).get()
  if (!lab) return null
  const periods = db()
    .select({ sequence: validityPeriods.sequence, startDate: validityPeriods.startDate, endDate: validityPeriods.endDate })
    .from(validityPeriods)
    .where(eq(validityPeriods.labId, actor.labId))
    .all()
  const { latest } = labPeriods(periods, today)
  const upcoming = db()
    .select({ kind: obligations.kind, validityYear: obligations.validityYear, dueDate: obligations.dueDate })
    .from(obligations)
    .where(and(eq(obligations.labId, actor.labId), gte(obligations.dueDate, today)))
    .orderBy(asc(obligations.dueDate), asc(obligations.id))
    .limit(4)
    .all()
  return {
    labName: lab.name,
    periodEnd: latest?.endDate ?? null,
    renewalOpensOn: latest ? windowOpensOn(latest, ruleSettings().renewalWindowDays) : null,
    upcoming,
  }
}

/** The installation's state the first-run checklist is decided from. */
export function firstRunFacts(): FirstRunFacts {
  const confirmed = db().select({ year: calendarYears.year }).from(calendarYears).all()
  const districtRows = db()
    .selectDistinct({ code: users.districtCode })
    .from(users)
    .where(and(eq(users.role, 'district'), eq(users.active, true)))
    .all()
  const experts = db()
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'expert'), eq(users.active, true)))
    .get()!.n
  const lastRun = db()
    .select({ startedAt: jobRuns.startedAt })
    .from(jobRuns)
    .where(eq(jobRuns.trigger, 'schedule'))
    .orderBy(desc(jobRuns.startedAt))
    .limit(1)
    .get()
  // a setting saved before the page recorded its saves still counts as reviewed
  const lastSetting = db().select({ at: settings.updatedAt }).from(settings).orderBy(desc(settings.updatedAt)).limit(1).get()
  return {
    calendarYears: [...packageCoverage().years, ...confirmed.map((r) => r.year)],
    settingsSavedAt: metaValue(SETTINGS_SAVED_KEY) ?? lastSetting?.at ?? null,
    districtsWithAccount: districtRows.flatMap((r) => (r.code ? [r.code] : [])),
    experts,
    labs: db().select({ n: count() }).from(labs).get()!.n,
    smtpConfigured: env().SMTP_URL !== undefined,
    schedulerHere: env().SCHEDULER,
    lastScheduledRunAt: lastRun?.startedAt ?? null,
    lastBackupAt: metaValue(LAST_BACKUP_KEY),
  }
}
