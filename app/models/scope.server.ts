import { eq, sql, type SQL } from 'drizzle-orm'
import { labs } from '~db/schema'
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
