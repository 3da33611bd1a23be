// Who acts on an application in a certification round (issue 21), as the pure rules see them.
// The applicant and city-department accounts are not roles yet (db/schema/enums.ts ROLES): the
// models map the signed-in user onto one of these, so the rules need not wait for the schema.
import type { DistrictCode } from '~db/schema/enums'

/**
 * The office an application goes to (guide 四(一)): the big-data office of the district where
 * the host is registered, or, for a city-level institution, its supervising city department
 * (市级部门). Guide 四(二): the office makes the initial review and recommends.
 */
export type RecommendingOffice = { kind: 'district'; districtCode: DistrictCode } | { kind: 'department'; departmentId: number }

export type CertificationActor =
  // the applicant's account, bound to its own applications only
  | { role: 'applicant'; applicantId: number }
  // a district office or a city department: its own applicants only
  | { role: 'office'; office: RecommendingOffice }
  | { role: 'bureau' }
  | { role: 'expert'; expertId: number }

/** A stable text key per office: maps, CSV columns, the funnel's rows. */
export function officeKey(office: RecommendingOffice): string {
  return office.kind === 'district' ? `district:${office.districtCode}` : `department:${office.departmentId}`
}

export function sameOffice(a: RecommendingOffice, b: RecommendingOffice): boolean {
  return officeKey(a) === officeKey(b)
}
