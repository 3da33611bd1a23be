import type { Locale } from '~db/schema/enums'
import { isMessageKey, type Translate } from '~/i18n'

// A check's subject is stored as a key (app/domain/compliance/*.ts): `y1` for a validity year,
// `incident:2`, `request:10`, `deliverable:5`, `report:3`, `renewal:4` for a record, a plan line's
// field for an indicator, `host`/`lab` for the eligibility record. People read it by what it names:
// the year, or the record's title, which the check's reason carries in its parameters.

type CheckSubjectRow = { checkId: string; subject: string; reasonParams: Record<string, string | number> }

/** The subject as a person names it, or null when the check's name says it all. */
export function checkSubjectLabel(row: CheckSubjectRow, t: Translate, locale: Locale): string | null {
  const { subject, reasonParams: params } = row
  if (subject === '') return null
  const year = /^y(\d+)$/.exec(subject)
  if (year) return t('compliance.subject.year', { year: Number(year[1]) })
  const record = /^([a-z_]+):\d+$/.exec(subject)
  if (record) {
    if (record[1] === 'report' && params.year !== undefined) return t('compliance.subject.year', { year: params.year })
    // one renewal per period, and anything else without a title: the check's name is enough
    return typeof params.title === 'string' && params.title !== '' ? params.title : null
  }
  if (subject === 'host' || subject === 'lab') return t(`eligibility.subject.${subject}`)
  // a plan line: its indicator's name in the reader's language
  const indicator = locale === 'en' ? params.indicatorEn : params.indicatorZh
  if (typeof indicator === 'string' && indicator !== '') return indicator
  const builtin = `indicators.builtin.${subject}`
  return isMessageKey(builtin) ? t(builtin) : null
}

/** The check's name, with its subject when it has one: 年度报告（第1年）. */
export function checkWithSubject(row: CheckSubjectRow, t: Translate, locale: Locale): string {
  const key = `compliance.check.${row.checkId}`
  const check = isMessageKey(key) ? t(key) : row.checkId
  const subject = checkSubjectLabel(row, t, locale)
  return subject ? t('compliance.subject.withSubject', { check, subject }) : check
}
