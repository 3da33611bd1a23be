import { describe, expect, test } from 'vitest'
import { columnWidths } from '~/utils/docx.server'

// Column widths of the Word tables (app/utils/docx.server.ts): a table always spans the text
// width (156 mm = 8844 twips), and when the text does not fit the long columns wrap first.
const TOTAL = 8844
const sum = (ws: number[]) => ws.reduce((a, b) => a + b, 0)

describe('the columns of a Word table', () => {
  test('fill the text width exactly, in proportion to their text when everything fits', () => {
    const ws = columnWidths(['来源', '金额'], [['市级专项资金', 50]])
    expect(sum(ws)).toBe(TOTAL)
    expect(ws[0]).toBeGreaterThan(ws[1])
  })

  test('when the text does not fit, a date keeps its width and the long title wraps', () => {
    const title = '一个很长很长的成果名称，需要在单元格里折成好几行才能放下'
    const ws = columnWidths(['名称', '类型', '状态', '完成日期', '审核日期'], [[title, '项目', '已通过', '2025-03-14', '2025-06-10']])
    expect(sum(ws)).toBe(TOTAL)
    // 10 characters of 五号 (105 twips each) and the cell's margins
    expect(ws[3]).toBeGreaterThanOrEqual(10 * 105 + 160)
    expect(ws[4]).toBe(ws[3])
    expect(ws[0]).toBeLessThan(title.length * 210)
    expect(ws[0]).toBeGreaterThan(ws[3])
  })

  test('a header wraps rather than widening a column of short figures', () => {
    const ws = columnWidths(['名称', '申请数量（单位）'], [['算力', 1]])
    // both at their minimum width, then widened alike: the long header does not count in full
    expect(Math.abs(ws[1] - ws[0])).toBeLessThanOrEqual(1)
  })

  test('a table of many narrow columns still adds up to the width', () => {
    const headers = Array.from({ length: 14 }, (_, i) => `第${i}列`)
    const ws = columnWidths(headers, [headers.map(() => '2025-01-01')])
    expect(sum(ws)).toBe(TOTAL)
    expect(new Set(ws.slice(0, -1)).size).toBe(1)
  })
})
