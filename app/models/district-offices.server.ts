import { sql, type SQL } from 'drizzle-orm'

/**
 * Whether a district has an active office account, as SQL over the district code given (a column
 * such as `l.district_code`): where it has none, no opinion is asked of it and the bureau decides
 * alone (filingNoticeAudiences). The review queue's opinion column and filter and the bulk accept
 * ask this one question (users_role_idx).
 */
export function districtHasOffice(districtCode: SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM users u WHERE u.role = 'district' AND u.active = 1 AND u.district_code = ${districtCode})`
}
