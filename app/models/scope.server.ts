import { eq, sql, type SQL } from 'drizzle-orm'
import { applicants, labs } from '~db/schema'
import type { Actor } from '~/domain/permissions'

// The SQL twin of canViewLab (app/domain/permissions.ts): every query that lists, counts or
// exports labs adds this condition, so nothing outside the actor's scope can leak.
export function labScope(actor: Actor): SQL | undefined {
  // `undefined` is "every lab": a role must be named below to get it, never fall through to it
  // (the function's return type would let a forgotten role through, so the cases are exhaustive).
  switch (actor.role) {
    case 'bureau':
      return undefined
    case 'district':
      return actor.districtCode ? eq(labs.districtCode, actor.districtCode) : sql`0`
    case 'lab':
      return actor.labId !== null ? eq(labs.id, actor.labId) : sql`0`
    case 'expert':
    case 'applicant':
    case 'department':
      return sql`0`
  }
}

// The SQL twin of canManageApplicant: the applicants (申报单位) an office confirms and sees. The
// bureau every one, a district office those naming its district, a city department those naming
// it; an applicant account its own organisation; labs and experts none.
export function applicantScope(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case 'bureau':
      return undefined
    case 'district':
      return actor.districtCode ? eq(applicants.officeDistrictCode, actor.districtCode) : sql`0`
    case 'department':
      return actor.departmentId != null ? eq(applicants.officeDepartmentId, actor.departmentId) : sql`0`
    case 'applicant':
      return actor.applicantId != null ? eq(applicants.id, actor.applicantId) : sql`0`
    case 'lab':
    case 'expert':
      return sql`0`
  }
}
