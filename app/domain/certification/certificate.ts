// Guide 四(五) 授牌: "由市大数据管理局统一授牌认定，有效期两年". A certified lab gets a certificate
// number and its first validity period, two years from the certification date (app/domain/validity.ts).
import type { IsoDate } from '~/domain/dates'
import { periodEndDate } from '~/domain/validity'

// The bureau's numbering as first proposed: 苏数创〔2026〕001号, a sequence per certification year.
// The bureau may change the pattern later (a setting then passes its own); {year} and {seq} are
// the only placeholders, {seq} padded to SEQUENCE_DIGITS and longer when the year passes 999.
export const DEFAULT_CERTIFICATE_PATTERN = '苏数创〔{year}〕{seq}号'
export const SEQUENCE_DIGITS = 3

export function certificateNumber({
  year,
  sequence,
  pattern = DEFAULT_CERTIFICATE_PATTERN,
}: {
  year: number
  sequence: number
  pattern?: string
}): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`certificate year must be four digits: ${year}`)
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`certificate sequence must be a positive integer: ${sequence}`)
  return pattern.replaceAll('{year}', String(year)).replaceAll('{seq}', String(sequence).padStart(SEQUENCE_DIGITS, '0'))
}

/** The sequence a number carries for `year` under `pattern`, or null when it is not one of that year's numbers. */
export function certificateSequence(number: string, year: number, pattern = DEFAULT_CERTIFICATE_PATTERN): number | null {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const source = escaped.replace('\\{year\\}', String(year)).replace('\\{seq\\}', '(\\d+)')
  const match = new RegExp(`^${source}$`).exec(number)
  return match ? Number(match[1]) : null
}

/**
 * The next number of `year`: one past the highest already given that year (so a gap left by a
 * revoked certificate is never reused: a number names one certificate for good).
 */
export function nextCertificateNumber({
  year,
  issued,
  pattern = DEFAULT_CERTIFICATE_PATTERN,
}: {
  year: number
  issued: readonly string[]
  pattern?: string
}): string {
  const highest = issued.reduce((max, n) => Math.max(max, certificateSequence(n, year, pattern) ?? 0), 0)
  return certificateNumber({ year, sequence: highest + 1, pattern })
}

/** The certified lab's first validity period: from the certification date for two years. */
export function firstValidityPeriod(certifiedOn: IsoDate): { startDate: IsoDate; endDate: IsoDate } {
  return { startDate: certifiedOn, endDate: periodEndDate(certifiedOn) }
}

/** The certificate's year: that of the certification date (a Shanghai day). */
export const certificateYear = (certifiedOn: IsoDate): number => Number(certifiedOn.slice(0, 4))

/** A day's parts as the certificate prints them: 2026年6月5日 (no leading zeros) or the ISO day. */
export function certificateDateParts(day: IsoDate): { y: number; m: number; d: number; iso: IsoDate } {
  return { y: Number(day.slice(0, 4)), m: Number(day.slice(5, 7)), d: Number(day.slice(8, 10)), iso: day }
}
