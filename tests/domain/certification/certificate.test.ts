import { describe, expect, test } from 'vitest'
import {
  certificateNumber,
  certificateSequence,
  certificateYear,
  firstValidityPeriod,
  nextCertificateNumber,
} from '~/domain/certification/certificate'

describe('the certificate number', () => {
  test('reads 苏数创〔2026〕001号, the sequence padded to three digits and longer past 999', () => {
    expect(certificateNumber({ year: 2026, sequence: 1 })).toBe('苏数创〔2026〕001号')
    expect(certificateNumber({ year: 2026, sequence: 42 })).toBe('苏数创〔2026〕042号')
    expect(certificateNumber({ year: 2026, sequence: 1000 })).toBe('苏数创〔2026〕1000号')
  })

  test('a bad year or sequence is a bug, not a number', () => {
    expect(() => certificateNumber({ year: 26, sequence: 1 })).toThrow(RangeError)
    expect(() => certificateNumber({ year: 2026, sequence: 0 })).toThrow(RangeError)
    expect(() => certificateNumber({ year: 2026, sequence: 1.5 })).toThrow(RangeError)
  })

  test('each year starts again at 001 and continues past the highest given, gaps left alone', () => {
    const issued = ['苏数创〔2025〕001号', '苏数创〔2025〕002号', '苏数创〔2026〕001号', '苏数创〔2026〕003号']
    expect(nextCertificateNumber({ year: 2026, issued })).toBe('苏数创〔2026〕004号')
    expect(nextCertificateNumber({ year: 2025, issued })).toBe('苏数创〔2025〕003号')
    expect(nextCertificateNumber({ year: 2027, issued })).toBe('苏数创〔2027〕001号')
  })

  test('numbers in another pattern or of another year are not counted', () => {
    expect(certificateSequence('苏数创〔2026〕012号', 2026)).toBe(12)
    expect(certificateSequence('苏数创〔2025〕012号', 2026)).toBeNull()
    expect(certificateSequence('苏数创[2026]012号', 2026)).toBeNull()
    expect(certificateSequence('苏数创〔2026〕号', 2026)).toBeNull()
  })

  test('the bureau may change the pattern; the sequence follows the new one', () => {
    const pattern = 'SZ-DATA-{year}-{seq}'
    expect(nextCertificateNumber({ year: 2026, issued: ['SZ-DATA-2026-007', '苏数创〔2026〕009号'], pattern })).toBe('SZ-DATA-2026-008')
  })
})

describe('the first validity period', () => {
  test('runs two years from the certification date, to the day before the second anniversary', () => {
    expect(firstValidityPeriod('2026-10-13')).toEqual({ startDate: '2026-10-13', endDate: '2028-10-12' })
  })

  test('a certification on 29 February ends on 28 February', () => {
    expect(firstValidityPeriod('2028-02-29')).toEqual({ startDate: '2028-02-29', endDate: '2030-02-28' })
  })

  test("the certificate's year is the certification date's", () => {
    expect(certificateYear('2026-12-31')).toBe(2026)
    expect(certificateYear('2027-01-01')).toBe(2027)
  })
})
