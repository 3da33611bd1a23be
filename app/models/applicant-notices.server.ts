import { and, eq, sql } from 'drizzle-orm'
import { users, type Applicant } from '~db/schema'
import { shanghaiDate } from '~/domain/dates'
import type { Db } from '~/utils/db.server'
import { notifyEvent } from './event-notices.server'

// Who hears of a registration (issue 21): the office it names (the district office's or the city
// department's accounts) and the bureau when it arrives; the applicant's own accounts when the
// office decides. Called in the step's transaction; one notice per event (step 0 arrived, 1 decided).

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

function officeAccountIds(tx: Tx, applicant: Pick<Applicant, 'officeDistrictCode' | 'officeDepartmentId'>): number[] {
  const office =
    applicant.officeDistrictCode !== null
      ? and(eq(users.role, 'district'), eq(users.districtCode, applicant.officeDistrictCode))
      : and(eq(users.role, 'department'), sql`${users.departmentId} = ${applicant.officeDepartmentId}`)
  return tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.active, true), office))
    .all()
    .map((u) => u.id)
}

function applicantAccountIds(tx: Tx, applicantId: number): number[] {
  return tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'applicant'), eq(users.applicantId, applicantId)))
    .all()
    .map((u) => u.id)
}

export function notifyApplicantRegistered(tx: Tx, { applicant, at }: { applicant: Applicant; at: Date }) {
  return notifyEvent(tx, {
    source: 'applicant',
    sourceId: applicant.id,
    day: shanghaiDate(at),
    step: 0,
    labId: null,
    title: { key: 'notices.applicant.registered', params: { name: applicant.name } },
    link: `/applicants/${applicant.id}`,
    to: { bureau: true, userIds: officeAccountIds(tx, applicant) },
    at,
  })
}

export function notifyApplicantDecided(tx: Tx, { applicant, at }: { applicant: Applicant; at: Date }) {
  return notifyEvent(tx, {
    source: 'applicant',
    sourceId: applicant.id,
    day: shanghaiDate(at),
    step: 1,
    labId: null,
    title: {
      key: applicant.status === 'confirmed' ? 'notices.applicant.confirmed' : 'notices.applicant.refused',
      params: { name: applicant.name, reason: applicant.statusReason },
    },
    link: '/registration',
    to: { userIds: applicantAccountIds(tx, applicant.id) },
    at,
  })
}
