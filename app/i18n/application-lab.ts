// A certified application and its lab name each other (migration 0046, docs/decisions/026 "as
// built"): the application page's 授牌 section (page-local `applications.`) and the lab page's
// line back to the application (`labs.`, which every page's script carries).
export const applicationLabZh = {
  'applications.certifiedLab.title': '授牌',
  'applications.certifiedLab.lab': '已认定为实验室：',
  'applications.certifiedLab.number': '证书编号',
  'applications.certifiedLab.certificate': '查看证书',
  'labs.field.application': '认定申报',
} as const

export const applicationLabEn: Record<keyof typeof applicationLabZh, string> = {
  'applications.certifiedLab.title': 'Certification',
  'applications.certifiedLab.lab': 'Certified as the lab',
  'applications.certifiedLab.number': 'Certificate no.',
  'applications.certifiedLab.certificate': 'View the certificate',
  'labs.field.application': 'Certification application',
}
