// The district a certified lab is registered in (ADR 026, "for the integration"): the district
// office it applied through, or for a city department's applicant the district of its own
// registration, read from its credit code's region (GB 32100 positions 3–8, the administrative
// division code). Null when that region is none of Suzhou's districts: the certify step refuses it.
import { DISTRICT_CODES, type DistrictCode } from '~db/schema/enums'
import { checkUscc } from '~/domain/uscc'

const isDistrict = (code: string): code is DistrictCode => (DISTRICT_CODES as readonly string[]).includes(code)

export function labDistrictOf({ officeDistrictCode, uscc }: { officeDistrictCode: string | null; uscc: string }): DistrictCode | null {
  if (officeDistrictCode !== null) return isDistrict(officeDistrictCode) ? officeDistrictCode : null
  const check = checkUscc(uscc)
  return check.ok && isDistrict(check.regionCode) ? check.regionCode : null
}
