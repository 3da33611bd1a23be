import { eq } from 'drizzle-orm'
import { makeUscc } from '~/domain/uscc'
import type { ActingUser } from '~/models/result.server'
import { LETTER_KIND } from '~/models/round-applications.server'
import { ROUND_APPLICATION_OWNER } from '~/models/round-application-access.server'
import type { Db } from '~db/client.server'
import type { DistrictCode } from '~db/schema/enums'
import {
  applicants,
  attachments,
  certificationRounds,
  cityDepartments,
  roundApplicationIndicators,
  roundApplicationMembers,
  roundApplications,
  users,
} from '~db/schema'
import type { RoundApplication } from '~db/schema'
import { makeUser } from './helpers'

// Certification applications in tests (issue 21): a round, applicants with their accounts, the
// offices' accounts, and an application filled so that every condition is met.

// 17:00 Beijing time on 31 March and 15 April 2027
export const APPLICATIONS_DUE = '2027-03-31T09:00:00.000Z'
export const RECOMMENDATIONS_DUE = '2027-04-15T09:00:00.000Z'
export const IN_ROUND = '2027-03-01T02:00:00.000Z'

export const acting = (u: typeof users.$inferSelect): ActingUser => ({
  id: u.id,
  role: u.role,
  districtCode: u.districtCode,
  labId: u.labId,
  departmentId: u.departmentId ?? null,
  applicantId: u.applicantId ?? null,
  displayName: `user ${u.id}`,
})

export function makeRound(db: Db, { applicationsDueAt = APPLICATIONS_DUE, recommendationsDueAt = RECOMMENDATIONS_DUE } = {}) {
  return db
    .insert(certificationRounds)
    .values({ year: 2027, nameZh: '2027年度认定', nameEn: '2027 round', applicationsDueAt, recommendationsDueAt })
    .returning()
    .get()
}

export function makeDepartment(db: Db, code = 'edu') {
  return db
    .insert(cityDepartments)
    .values({ code, nameZh: `部门${code}`, nameEn: `Dept ${code}` })
    .returning()
    .get()
}

let serial = 0
/** An applicant organisation of `districtCode` (or a department) with one account. */
export async function makeApplicant(
  db: Db,
  {
    districtCode = '320508',
    departmentId,
    status = 'confirmed',
  }: { districtCode?: DistrictCode; departmentId?: number; status?: 'confirmed' | 'pending' } = {},
) {
  serial++
  const region = departmentId ? '320508' : districtCode
  const applicant = db
    .insert(applicants)
    .values({
      name: `申报单位${serial}`,
      uscc: makeUscc({ authority: '9', kind: '1', region, serial: `MA1GT0${String(serial).padStart(3, '0')}` }),
      orgKind: 'enterprise',
      officeDistrictCode: departmentId ? null : districtCode,
      officeDepartmentId: departmentId ?? null,
      status,
    })
    .returning()
    .get()
  const user = await makeUser(db, { role: 'applicant' })
  db.update(users).set({ applicantId: applicant.id }).where(eq(users.id, user.id)).run()
  return { applicant, user: acting({ ...user, applicantId: applicant.id }) }
}

export async function makeOffice(db: Db, office: { districtCode: DistrictCode } | { departmentId: number }) {
  if ('districtCode' in office) return acting(await makeUser(db, { role: 'district', districtCode: office.districtCode }))
  const user = await makeUser(db, { role: 'department' })
  db.update(users).set({ departmentId: office.departmentId }).where(eq(users.id, user.id)).run()
  return acting({ ...user, departmentId: office.departmentId })
}

/** Fills the application so that every condition is met (written directly: the sections have their own tests). */
export function completeApplication(db: Db, applicationId: number) {
  db.update(roundApplications)
    .set({
      labName: '苏州数据要素实验室',
      direction: 3,
      hostKind: 'enterprise',
      planTechnicalGoals: '攻关',
      planIntellectualProperty: '专利',
      planFunding: '自筹',
      planApplicationScenarios: '场景',
      dataSecurity: '应急预案',
      commitments: ['truthful_materials', 'no_recent_violation', 'data_security_plan', 'resources_provided'],
    })
    .where(eq(roundApplications.id, applicationId))
    .run()
  for (let i = 0; i < 15; i++)
    db.insert(roundApplicationMembers)
      .values({ applicationId, name: `成员${i}`, titleLevel: 'intermediate', degree: i < 3 ? 'master' : 'bachelor', role: 'researcher' })
      .run()
  db.insert(roundApplicationIndicators).values({ applicationId, indicatorKey: 'scenarios', target: 2 }).run()
  for (const kind of ['application_pdf', 'application_docx']) attachFile(db, applicationId, kind)
}

export function attachFile(db: Db, applicationId: number, kind: string) {
  db.insert(attachments)
    .values({
      labId: null,
      ownerType: ROUND_APPLICATION_OWNER,
      ownerId: applicationId,
      kind,
      sha256: 'a'.repeat(64),
      size: 10,
      mediaType: 'application/pdf',
      originalName: `${kind}.pdf`,
    })
    .run()
}

export const attachLetter = (db: Db, applicationId: number) => attachFile(db, applicationId, LETTER_KIND)

export const versionOf = (db: Db, id: number) =>
  String(db.select().from(roundApplications).where(eq(roundApplications.id, id)).get()!.rowVersion)
export const statusOf = (db: Db, id: number) => db.select().from(roundApplications).where(eq(roundApplications.id, id)).get()!.status

/**
 * An application of `applicant` in `roundId` at `status`, written directly (the steps have their
 * own tests): submitted once unless it is a draft, so the offices' lists and the funnel see it.
 */
export function makeApplication(
  db: Db,
  {
    roundId,
    applicant,
    status,
    direction = 3,
    labName = '数据要素实验室',
  }: {
    roundId: number
    applicant: typeof applicants.$inferSelect
    status: RoundApplication['status']
    direction?: number | null
    labName?: string
  },
) {
  return db
    .insert(roundApplications)
    .values({
      roundId,
      applicantId: applicant.id,
      officeDistrictCode: applicant.officeDistrictCode,
      officeDepartmentId: applicant.officeDepartmentId,
      direction,
      labName,
      status,
      submittedAt: status === 'draft' ? null : '2027-03-02T02:00:00.000Z',
    })
    .returning()
    .get()
}
