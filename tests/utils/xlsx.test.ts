import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { describe, expect, test } from 'vitest'
import { buildWorkbook, excelDay, excelShanghaiTime, headerOf, sheetName, sheetResponse } from '~/utils/xlsx.server'

async function readBack(res: Response) {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(await res.arrayBuffer())
  return book
}

const typed = {
  name: '实验室',
  columns: [
    { header: '代码' },
    { header: '开始日期', type: 'date' as const },
    { header: '提交时间', type: 'datetime' as const },
    { header: '人数', type: 'integer' as const },
    { header: '金额', type: 'wan' as const },
    { header: '合规率', type: 'percent' as const },
  ],
  rows: [
    ['0012', '2024-02-29', '2025-03-14T16:30:00.000Z', 12, 125_000, 87.5],
    ['=1+1', '', null, null, 1, 0],
    ['+86 512', '—', 'not a time', '', 12_345_678, 100],
  ],
}

describe('the typed sheet', () => {
  test('each type is written as Excel reads it: text as text, days as dates, 万元 and shares as formatted numbers', async () => {
    const ws = (await readBack(await sheetResponse({ sheet: typed, fileName: '名录', asciiName: 'labs' }))).worksheets[0]!
    expect(ws.name).toBe('实验室')
    expect(ws.getRow(1).values).toEqual([undefined, '代码', '开始日期', '提交时间', '人数', '金额（万元）', '合规率'])
    const [code, day, at, n, wan, share] = [1, 2, 3, 4, 5, 6].map((c) => ws.getRow(2).getCell(c))
    expect(code!.value).toBe('0012')
    expect(code!.numFmt).toBe('@')
    // the day itself, whatever the server's time zone: midnight UTC is what Excel's serial counts
    expect(day!.value).toEqual(new Date(Date.UTC(2024, 1, 29)))
    expect(day!.numFmt).toBe('yyyy-mm-dd')
    // 16:30 UTC is 00:30 the next day in Shanghai
    expect(at!.value).toEqual(new Date(Date.UTC(2025, 2, 15, 0, 30)))
    expect(at!.numFmt).toBe('yyyy-mm-dd hh:mm')
    expect(n!.value).toBe(12)
    expect(wan!.value).toBe(12.5)
    expect(wan!.numFmt).toBe('#,##0.00')
    expect(share!.value).toBe(0.875)
    expect(share!.numFmt).toBe('0.0%')
    // one yuan is 0.0001 万元, exactly as stored
    expect(ws.getRow(3).getCell(5).value).toBe(0.0001)
    expect(ws.getRow(4).getCell(5).value).toBe(1234.5678)
    // empty values are blank cells; what does not fit its type stays as text
    expect(ws.getRow(3).getCell(2).value).toBeNull()
    expect(ws.getRow(3).getCell(3).value).toBeNull()
    expect(ws.getRow(4).getCell(2).value).toBe('—')
    expect(ws.getRow(4).getCell(3).value).toBe('not a time')
    expect(ws.getRow(4).getCell(4).value).toBeNull()
  })

  test('the header row is bold and frozen, and the autofilter covers every row and column', async () => {
    const ws = (await readBack(await sheetResponse({ sheet: typed, fileName: 'x', asciiName: 'x' }))).worksheets[0]!
    expect(ws.getRow(1).font?.bold).toBe(true)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(ws.autoFilter).toBe('A1:F4')
  })

  test('a text cell starting with = + - @ is a string, never a formula', async () => {
    const sheet = {
      name: 's',
      columns: [{ header: 'a' }, { header: 'b', type: 'date' as const }],
      rows: [
        ['=HYPERLINK("http://x")', '=1+1'],
        ['@SUM(A1)', '-2+3'],
      ],
    }
    const res = await sheetResponse({ sheet, fileName: 'x', asciiName: 'x' })
    const bytes = await res.clone().arrayBuffer()
    const ws = (await readBack(res)).worksheets[0]!
    for (const [r, c] of [
      [2, 1],
      [2, 2],
      [3, 1],
      [3, 2],
    ] as const) {
      const cell = ws.getRow(r).getCell(c)
      expect(cell.type).toBe(ExcelJS.ValueType.String)
      expect(cell.formula).toBeUndefined()
    }
    expect(ws.getRow(2).getCell(1).value).toBe('=HYPERLINK("http://x")')
    // and in the file itself there is no formula element at all
    const zip = await JSZip.loadAsync(bytes)
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string')
    expect(xml).not.toMatch(/<f[ >]/)
  })

  test('widths fit the longest value, a CJK character counting two, within bounds', async () => {
    const sheet = {
      name: 's',
      columns: [{ header: 'a' }, { header: 'b' }, { header: 'c' }],
      rows: [['苏州市大数据实验室', 'x', 'y'.repeat(200)]],
    }
    const ws = (await readBack(await sheetResponse({ sheet, fileName: 'x', asciiName: 'x' }))).worksheets[0]!
    expect(ws.getColumn(1).width).toBe(20)
    expect(ws.getColumn(2).width).toBe(8)
    expect(ws.getColumn(3).width).toBe(60)
  })

  test('a workbook of several sheets keeps their order, names made safe and unique', async () => {
    const book = buildWorkbook([
      { name: '按状态', columns: [{ header: '状态' }, { header: '数量', type: 'integer' }], rows: [['有效', 3]] },
      { name: 'a/b:c?', columns: [{ header: 'x' }], rows: [] },
      { name: '按状态', columns: [{ header: 'y' }], rows: [] },
    ])
    expect(book.worksheets.map((w) => w.name)).toEqual(['按状态', 'a b c', '按状态 (2)'])
  })

  test('sheet names are cut to 31 characters, stripped of what Excel refuses, never empty', () => {
    expect(sheetName('x'.repeat(40))).toHaveLength(31)
    expect(sheetName("'[]'")).toBe('Sheet')
    expect(sheetName('2025/01')).toBe('2025 01')
    expect(sheetName('按区', new Set(['按区']))).toBe('按区 (2)')
    expect(sheetName('X'.repeat(31), new Set(['x'.repeat(31)]))).toBe(`${'X'.repeat(27)} (2)`)
  })

  test('days and instants convert without a time-zone shift, and nonsense is refused', () => {
    expect(excelDay('2025-12-31')).toEqual(new Date(Date.UTC(2025, 11, 31)))
    expect(excelDay('2025-02-29')).toBeNull()
    expect(excelDay('2025-1-1')).toBeNull()
    expect(excelShanghaiTime('2025-12-31T16:00:05.250Z')).toEqual(new Date(Date.UTC(2026, 0, 1, 0, 0, 5)))
    expect(excelShanghaiTime('2025-12-31')).toBeNull()
  })

  test('a 万元 header is marked once, in either language', () => {
    expect(headerOf({ header: '金额（万元）', type: 'wan' })).toBe('金额（万元）')
    expect(headerOf({ header: 'Value (10k yuan)', type: 'wan' })).toBe('Value (10k yuan)')
    expect(headerOf({ header: '转化金额', type: 'wan' })).toBe('转化金额（万元）')
    expect(headerOf({ header: '金额' })).toBe('金额')
  })

  test('an untyped column keeps every cell as text, and the download names itself in both forms', async () => {
    const res = await sheetResponse({
      sheet: { name: 'a', columns: [{ header: '日期' }], rows: [['2025-03-14']] },
      fileName: '名',
      asciiName: 'n',
    })
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="n.xlsx"; filename*=UTF-8''${encodeURIComponent('名.xlsx')}`)
    const ws = (await readBack(res)).worksheets[0]!
    expect(ws.getRow(2).getCell(1).value).toBe('2025-03-14')
  })
})
