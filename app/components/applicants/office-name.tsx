import type { ApplicantStatus } from '~db/schema/enums'
import { Badge } from '~/components/ui/badge'
import { useLocale, useT } from '~/i18n/use-t'

type OfficeOf = {
  officeDistrictCode: string | null
  departmentNameZh: string | null
  departmentNameEn: string | null
}

/** An applicant's recommending office in the reader's language: a district, or a city department. */
export function useOfficeName() {
  const t = useT()
  const locale = useLocale()
  return (a: OfficeOf) =>
    a.officeDistrictCode
      ? t(`district.${a.officeDistrictCode}` as 'district.320508')
      : ((locale === 'en' ? a.departmentNameEn : a.departmentNameZh) ?? '')
}

const TONES: Record<ApplicantStatus, string> = {
  pending: 'bg-amber-100 text-amber-900',
  confirmed: 'bg-emerald-100 text-emerald-900',
  refused: 'bg-red-100 text-red-900',
}

export function ApplicantStatusBadge({ status }: { status: ApplicantStatus }) {
  const t = useT()
  return (
    <Badge className={TONES[status]} data={{ 'data-applicant-status': status }}>
      {t(`applicants.status.${status}`)}
    </Badge>
  )
}
