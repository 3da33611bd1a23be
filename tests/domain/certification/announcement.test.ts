import { describe, expect, test } from 'vitest'
import { announcementRows, type CertifiedLabRow } from '~/domain/certification/announcement'
import { certificateDateParts } from '~/domain/certification/certificate'

const row = (labId: number, certificateNo: string): CertifiedLabRow => ({
  labId,
  certificateNo,
  labName: `实验室${labId}`,
  hostName: '单位',
  districtCode: '320508',
  direction: 1,
  startDate: '2026-03-02',
  endDate: '2028-03-01',
})

describe('the announcement list', () => {
  test('is in certificate order by the sequence, not by the text (010 after 009, 1000 after 999)', () => {
    const rows = announcementRows([
      row(1, '苏数创〔2026〕1000号'),
      row(2, '苏数创〔2026〕010号'),
      row(3, '苏数创〔2026〕009号'),
      row(4, '苏数创〔2026〕999号'),
    ])
    expect(rows.map((r) => [r.position, r.labId])).toEqual([
      [1, 3],
      [2, 2],
      [3, 4],
      [4, 1],
    ])
  })

  test('puts numbers of another form after the sequence, by text, then by lab', () => {
    const rows = announcementRows([
      row(5, 'SZDSJ-2026-002'),
      row(6, 'SZDSJ-2026-001'),
      row(7, '苏数创〔2026〕001号'),
      row(8, 'SZDSJ-2026-001'),
    ])
    expect(rows.map((r) => r.labId)).toEqual([7, 6, 8, 5])
  })

  test('a number of another year does not sort as this year’s sequence', () => {
    expect(announcementRows([row(1, '苏数创〔2025〕001号'), row(2, '苏数创〔2026〕002号')]).map((r) => r.labId)).toEqual([2, 1])
  })
})

describe('certificate dates', () => {
  test.each([
    ['2026-03-02', { y: 2026, m: 3, d: 2 }],
    ['2024-02-29', { y: 2024, m: 2, d: 29 }],
    ['2026-12-31', { y: 2026, m: 12, d: 31 }],
  ])('%s prints without leading zeros', (day, parts) => {
    expect(certificateDateParts(day)).toEqual({ ...parts, iso: day })
  })
})
