import { crc32, deflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import JSZip from 'jszip'
import { describe, expect, test } from 'vitest'
import { matchColumns } from '~/domain/import-table'
import { translator, type MessageKey } from '~/i18n'
import { importFileZh } from '~/i18n/import-file'
import {
  dateText,
  decodeText,
  parseDelimited,
  plainNumber,
  readImportFile,
  type ReadLimits,
  type ReadResult,
} from '~/utils/import-file.server'

// Every file here is built in code: workbooks by exceljs (then edited with JSZip where exceljs
// cannot write the fault), ZIP and OLE2 containers byte by byte, GBK text by iconv-lite and by
// hand from the GB2312 table.

const zh = translator('zh')
const en = translator('en')

async function workbook(build: (book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook()
  build(book)
  return new Uint8Array(await book.xlsx.writeBuffer())
}

// A sheet from rows of values, the first row at `from`.
const sheetOf = (book: ExcelJS.Workbook, name: string, rows: ExcelJS.CellValue[][], from = 1) => {
  const ws = book.addWorksheet(name)
  rows.forEach((values, i) => values.forEach((v, j) => (ws.getCell(from + i, j + 1).value = v)))
  return ws
}

const ROSTER = [
  ['姓名', '手机', '入职日期'],
  ['张三', 13912345678, '2024-03-01'],
  ['李四', 13800000000, '2024-04-01'],
]

async function editZip(bytes: Uint8Array, edit: (zip: JSZip) => void | Promise<void>): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes)
  await edit(zip)
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }))
}

// A ZIP writer (APPNOTE 4.3) whose central directory may lie: `declared` replaces the size
// an entry says it inflates to.
function zip(entries: { name: string; data: Uint8Array | string; deflate?: boolean; declared?: number }[]): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const plain = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data)
    const data = entry.deflate ? deflateRawSync(plain) : plain
    const size = entry.declared ?? plain.length
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(entry.deflate ? 8 : 0, 8)
    local.writeUInt32LE(crc32(plain), 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(entry.deflate ? 8 : 0, 10)
    central.writeUInt32LE(crc32(plain), 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, data)
    centrals.push(central, name)
    offset += local.length + name.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, directory, end]))
}

// A minimal OLE2 compound file ([MS-CFB]) with one empty stream per name, as in
// tests/domain/file-types.test.ts.
function cfb(streams: string[]): Uint8Array {
  const entries = ['Root Entry', ...streams]
  const dirSectors = Math.ceil(entries.length / 4)
  const file = Buffer.alloc(512 * (2 + dirSectors))
  file.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0)
  file.writeUInt16LE(0x3e, 0x18)
  file.writeUInt16LE(3, 0x1a)
  file.writeUInt16LE(0xfffe, 0x1c)
  file.writeUInt16LE(9, 0x1e)
  file.writeUInt16LE(6, 0x20)
  file.writeUInt32LE(1, 0x2c)
  file.writeUInt32LE(1, 0x30)
  file.writeUInt32LE(4096, 0x38)
  file.writeUInt32LE(0xfffffffe, 0x3c)
  file.writeUInt32LE(0xfffffffe, 0x44)
  file.fill(0xff, 0x4c, 512)
  file.writeUInt32LE(0, 0x4c)
  file.fill(0xff, 512, 1024)
  file.writeUInt32LE(0xfffffffd, 512)
  for (let s = 1; s <= dirSectors; s++) file.writeUInt32LE(s === dirSectors ? 0xfffffffe : s + 1, 512 + s * 4)
  entries.forEach((name, i) => {
    const at = 1024 + i * 128
    file.write(name, at, 'utf16le')
    file.writeUInt16LE((name.length + 1) * 2, at + 0x40)
    file[at + 0x42] = i === 0 ? 5 : 2
    file[at + 0x43] = 1
    file.writeUInt32LE(0xffffffff, at + 0x44)
    file.writeUInt32LE(i > 0 && i < entries.length - 1 ? i + 1 : 0xffffffff, at + 0x48)
    file.writeUInt32LE(i === 0 && entries.length > 1 ? 1 : 0xffffffff, at + 0x4c)
    file.writeUInt32LE(0xfffffffe, at + 0x74)
  })
  return new Uint8Array(file)
}

const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'))

async function read(bytes: Uint8Array, fileName = 'import.xlsx', limits: ReadLimits = {}) {
  return readImportFile({ bytes, fileName, ...limits })
}

function tableOf(result: ReadResult) {
  if (!result.ok) throw new Error(`refused: ${result.refusal.key} ${JSON.stringify(result.refusal.vars)}`)
  return result.table
}

// ---------------------------------------------------------------------------------------------

type RefusalCase = {
  name: string
  file: () => Promise<Uint8Array> | Uint8Array
  fileName?: string
  limits?: ReadLimits
  key: MessageKey
  vars?: Record<string, string | number>
  // what the Chinese message must name (the cell, row, sheet or type)
  says: string
}

const refusals: RefusalCase[] = [
  { name: 'an empty file', file: () => new Uint8Array(), key: 'importFile.empty', says: '文件是空的' },
  {
    name: 'a file over the size limit',
    file: () => text('姓名,手机\n张三,1\n'.repeat(20)),
    fileName: 'a.csv',
    limits: { maxBytes: 100 },
    key: 'importFile.tooLarge',
    vars: { max: 0 },
    says: 'MB',
  },
  {
    name: 'a PDF renamed .xlsx',
    file: () => text('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'),
    key: 'importFile.notSpreadsheet',
    vars: { kind: 'PDF' },
    says: 'PDF',
  },
  {
    name: 'a PNG image renamed .csv',
    file: () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    fileName: 'a.csv',
    key: 'importFile.notSpreadsheet',
    vars: { kind: 'PNG' },
    says: 'PNG',
  },
  {
    name: 'a Word document renamed .xlsx',
    file: () =>
      zip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'word/document.xml', data: '<w:document/>' },
      ]),
    key: 'importFile.notSpreadsheet',
    vars: { kind: 'Word' },
    says: 'Word',
  },
  {
    name: 'a ZIP archive that holds no workbook',
    file: () => zip([{ name: 'roster.csv', data: '姓名,手机\n张三,1\n' }]),
    key: 'importFile.notWorkbook',
    says: 'ZIP',
  },
  {
    name: 'an old .xls workbook (OLE2)',
    file: () => cfb(['Workbook', 'SummaryInformation']),
    fileName: 'roster.xls',
    key: 'importFile.saveAsXlsx',
    vars: { kind: 'Excel 97–2003 (.xls)' },
    says: '另存为',
  },
  {
    name: 'a password-protected workbook (an OLE2 file with EncryptionInfo)',
    file: () => cfb(['EncryptionInfo', 'EncryptedPackage']),
    key: 'importFile.encrypted',
    says: '密码',
  },
  {
    name: 'an OpenDocument spreadsheet',
    file: () =>
      zip([
        { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' },
        { name: 'content.xml', data: '<office:document-content/>' },
      ]),
    fileName: 'roster.ods',
    key: 'importFile.saveAsXlsx',
    vars: { kind: 'OpenDocument (.ods)' },
    says: '.xlsx',
  },
  {
    name: 'an Excel binary workbook (.xlsb)',
    file: () =>
      zip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.bin', data: new Uint8Array([0x83, 0x01, 0x00]) },
      ]),
    fileName: 'roster.xlsb',
    key: 'importFile.saveAsXlsx',
    vars: { kind: 'Excel Binary (.xlsb)' },
    says: '.xlsb',
  },
  {
    name: 'an HTML table saved as .xls by a web system',
    file: () => text('<html><body><table><tr><td>姓名</td><td>手机</td></tr></table></body></html>'),
    fileName: 'export.xls',
    key: 'importFile.saveAsXlsx',
    vars: { kind: 'HTML' },
    says: 'HTML',
  },
  {
    name: 'a workbook with macros (.xlsm)',
    file: async () => editZip(await workbook((b) => sheetOf(b, '名单', ROSTER)), (z) => void z.file('xl/vbaProject.bin', 'macro')),
    key: 'importFile.macros',
    says: '宏',
  },
  {
    name: 'a truncated workbook',
    file: async () => (await workbook((b) => sheetOf(b, '名单', ROSTER))).subarray(0, 2000),
    key: 'importFile.corrupt',
    says: '损坏',
  },
  {
    name: 'a workbook whose XML declares entities (billion laughs)',
    file: async () =>
      editZip(await workbook((b) => sheetOf(b, '名单', ROSTER)), async (z) => {
        const xml = await z.file('xl/sharedStrings.xml')!.async('string')
        z.file('xl/sharedStrings.xml', xml.replace('?>', '?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'))
      }),
    key: 'importFile.corrupt',
    says: '损坏',
  },
  {
    name: 'a zip bomb: one entry of 200 MB of zeros',
    file: () =>
      zip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.xml', data: '<workbook/>' },
        { name: 'xl/media/image1.png', data: new Uint8Array(200 * 1024 * 1024), deflate: true },
      ]),
    key: 'importFile.zipBomb',
    vars: { max: 100, ratio: 100 },
    says: '100 MB',
  },
  {
    name: 'a zip bomb under the total: 50 MB of zeros compressed 1000:1',
    file: () =>
      zip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.xml', data: '<workbook/>' },
        { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(50 * 1024 * 1024), deflate: true },
      ]),
    key: 'importFile.zipBomb',
    says: '压缩比',
  },
  {
    name: 'a ZIP whose directory understates what an entry inflates to',
    file: () =>
      zip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.xml', data: '<workbook/>' },
        { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(20 * 1024 * 1024), deflate: true, declared: 1000 },
      ]),
    key: 'importFile.zipBomb',
    says: '异常庞大',
  },
  {
    name: 'a workbook with only a notes sheet',
    file: () => workbook((b) => sheetOf(b, '填表说明', [['请按模板填写'], ['姓名：必填']])),
    key: 'importFile.noSheet',
    says: '没有可导入的工作表',
  },
  {
    name: 'an empty workbook',
    file: () => workbook((b) => b.addWorksheet('名单')),
    key: 'importFile.noData',
    vars: { sheet: '名单' },
    says: '“名单”是空的',
  },
  {
    name: 'data in a hidden sheet while the visible one is empty',
    file: () =>
      workbook((b) => {
        b.addWorksheet('Sheet1')
        sheetOf(b, '真数据', ROSTER).state = 'hidden'
      }),
    key: 'importFile.hiddenSheet',
    vars: { sheet: '真数据' },
    says: '“真数据”',
  },
  {
    name: 'an empty first sheet with the data on the second',
    file: () =>
      workbook((b) => {
        b.addWorksheet('Sheet1')
        sheetOf(b, 'Sheet2', ROSTER)
      }),
    key: 'importFile.emptyFirstSheet',
    vars: { sheet: 'Sheet1', other: 'Sheet2' },
    says: '“Sheet2”',
  },
  {
    name: 'a header with no data rows',
    file: () => workbook((b) => sheetOf(b, '名单', [['团队名单'], [], ROSTER[0]])),
    key: 'importFile.headerOnly',
    vars: { sheet: '名单', row: 3 },
    says: '第 3 行',
  },
  {
    name: 'a CSV with only a header',
    file: () => text('姓名,手机\r\n\r\n'),
    fileName: 'a.csv',
    key: 'importFile.headerOnly',
    vars: { sheet: 'CSV', row: 1 },
    says: '第 1 行',
  },
  {
    name: 'more data rows than allowed (read)',
    file: () => workbook((b) => sheetOf(b, '名单', [ROSTER[0], ...Array.from({ length: 8 }, () => ROSTER[1])])),
    limits: { maxRows: 5 },
    key: 'importFile.tooManyRows',
    vars: { max: 5 },
    says: '超过 5 行',
  },
  {
    name: 'more rows than allowed, counted in the XML before the workbook is parsed (formatted empty rows too)',
    file: async () =>
      editZip(await workbook((b) => sheetOf(b, '名单', ROSTER)), async (z) => {
        const xml = await z.file('xl/worksheets/sheet1.xml')!.async('string')
        const empty = Array.from({ length: 1_100 }, (_, i) => `<row r="${i + 10}" ht="20" customHeight="1"/>`).join('')
        z.file('xl/worksheets/sheet1.xml', xml.replace('</sheetData>', `${empty}</sheetData>`))
      }),
    limits: { maxRows: 50 },
    key: 'importFile.tooManyRows',
    vars: { max: 50 },
    says: '超过 50 行',
  },
  {
    name: 'more CSV records than allowed',
    file: () => text(`姓名,手机\n${'张三,1\n'.repeat(11)}`),
    fileName: 'a.csv',
    limits: { maxRows: 10 },
    key: 'importFile.tooManyRows',
    vars: { max: 10 },
    says: '超过 10 行',
  },
  {
    name: 'more columns than allowed',
    file: () =>
      workbook((b) =>
        sheetOf(b, '名单', [
          ['a', 'b', 'c', 'd', 'e'],
          [1, 2, 3, 4, 5],
        ]),
      ),
    limits: { maxColumns: 4 },
    key: 'importFile.tooManyColumns',
    vars: { max: 4 },
    says: '超过 4 列',
  },
  {
    name: 'more cells than allowed (formatted empty cells count)',
    file: () =>
      workbook((b) => {
        const ws = sheetOf(b, '名单', ROSTER)
        for (let r = 4; r <= 30; r++) for (let c = 1; c <= 5; c++) ws.getCell(r, c).border = { top: { style: 'thin' } }
      }),
    limits: { maxCells: 100 },
    key: 'importFile.tooManyCells',
    vars: { max: 100 },
    says: '100 个单元格',
  },
  {
    name: 'more shared strings than cells allowed (padding no cell uses)',
    file: async () =>
      editZip(await workbook((b) => sheetOf(b, '名单', ROSTER)), async (z) => {
        const xml = await z.file('xl/sharedStrings.xml')!.async('string')
        const padding = Array.from({ length: 200 }, (_, i) => `<si><t>填充${i}</t></si>`).join('')
        z.file('xl/sharedStrings.xml', xml.replace('</sst>', `${padding}</sst>`))
      }),
    limits: { maxCells: 100 },
    key: 'importFile.tooManyCells',
    vars: { max: 100 },
    says: '100 个单元格',
  },
  {
    name: 'a formula, named by its cell',
    file: () =>
      workbook((b) => {
        const ws = sheetOf(b, '名单', [...ROSTER, ['王五', 1, 2], ['赵六', 1, 2], ['钱七', 1, 2]])
        ws.getCell('C7').value = { formula: 'B6+1', result: 2 }
      }),
    key: 'importFile.formula',
    vars: { sheet: '名单', cell: 'C7' },
    says: 'C7',
  },
  {
    name: 'a formula with no cached result in the title row',
    file: () =>
      workbook((b) => (sheetOf(b, '名单', [[], ...ROSTER]).getCell('A1').value = { formula: 'TODAY()' } as ExcelJS.CellFormulaValue)),
    key: 'importFile.formula',
    vars: { sheet: '名单', cell: 'A1' },
    says: 'A1',
  },
  {
    name: 'merged cells in the header row',
    file: () =>
      workbook((b) => {
        const ws = sheetOf(b, '名单', [['团队名单'], ['姓名', '联系方式', '', '入职日期'], ['张三', '手机', '邮箱', '2024-01-01']])
        ws.mergeCells('A1:D1')
        ws.mergeCells('B2:C2')
      }),
    key: 'importFile.mergedHeader',
    vars: { cells: 'B2:C2' },
    says: 'B2:C2',
  },
  {
    name: 'merged cells holding a value in the data',
    file: () =>
      workbook((b) => {
        const ws = sheetOf(b, '名单', [
          ['实验室', '姓名'],
          ['甲实验室', '张三'],
          ['', '李四'],
          ['', '王五'],
        ])
        ws.mergeCells('A2:A4')
      }),
    key: 'importFile.mergedCells',
    vars: { cells: 'A2:A4' },
    says: 'A2:A4',
  },
  {
    name: 'hidden rows (a filter) that hold data',
    file: () =>
      workbook((b) => {
        const ws = sheetOf(b, '名单', [...ROSTER, ['王五', 1, 2]])
        ws.getRow(3).hidden = true
      }),
    key: 'importFile.hiddenRows',
    vars: { rows: '3' },
    says: '第 3 行',
  },
  {
    name: 'a hidden column that holds data',
    file: () =>
      workbook((b) => {
        const ws = sheetOf(b, '名单', ROSTER)
        ws.getColumn(2).hidden = true
      }),
    key: 'importFile.hiddenColumns',
    vars: { columns: 'B' },
    says: '第 B 列',
  },
  {
    name: 'a CSV quote that never closes, named by its line',
    file: () => text('姓名,备注\n张三,"多行\n备注"\n李四,"没有闭合\n王五,正常\n'),
    fileName: 'a.csv',
    key: 'importFile.csvQuote',
    vars: { line: 4 },
    says: '第 4 行',
  },
  {
    name: 'binary junk (NUL bytes) in a CSV',
    file: () => new Uint8Array([...Buffer.from('姓名,手机\n张三,'), 0, 0, 1, 2, 0x0a]),
    fileName: 'a.csv',
    key: 'importFile.binary',
    says: '二进制',
  },
  {
    name: 'bytes that are neither UTF-8 nor GB18030',
    file: () => new Uint8Array([...Buffer.from('a,b\n1,'), 0xff, 0xfe, 0xff, 0x0a]),
    fileName: 'a.csv',
    key: 'importFile.encoding',
    says: 'UTF-8',
  },
]

describe('readImportFile refuses what it cannot read safely, with a message in both languages', () => {
  test.each(refusals)('$name', async ({ file, fileName, limits, key, vars, says }) => {
    const result = await read(await file(), fileName, limits)
    expect(result.ok ? 'read' : result.refusal.key).toBe(key)
    if (result.ok) return
    if (vars) expect(result.refusal.vars).toEqual(vars)
    const zhText = zh(result.refusal.key, result.refusal.vars)
    const enText = en(result.refusal.key, result.refusal.vars)
    expect(zhText).toContain(says)
    expect(zhText).not.toMatch(/\{\w+\}/)
    expect(enText).not.toMatch(/\{\w+\}/)
    expect(enText).not.toBe(zhText)
  })

  test('every importFile message is tested above', () => {
    const tested = new Set<string>(refusals.map((r) => r.key))
    expect(Object.keys(importFileZh).filter((k) => !tested.has(k))).toEqual([])
  })
})

describe('an .xlsx is read as the user sees it', () => {
  test('dates, numbers, rich text, links, booleans and errors come out as their shown text', async () => {
    const bytes = await workbook((b) => {
      const ws = b.addWorksheet('名单')
      ws.addRow(['姓名', '入职日期', '工资', '手机', '信用代码', '简介', '主页', '在职', '备注', '占比', '时间', '登记时刻'])
      ws.addRow([
        { richText: [{ text: '张', font: { bold: true } }, { text: '三' }] },
        new Date(Date.UTC(2024, 1, 29)),
        1.1000000000000001,
        13912345678,
        913205001234567890,
        '第一行\r\n第二行',
        { text: '实验室主页', hyperlink: 'https://example.org' },
        true,
        { error: '#N/A' },
        0.125,
        new Date(Date.UTC(1899, 11, 30, 14, 30)),
        new Date(Date.UTC(2024, 0, 2, 9, 5, 7)),
      ])
      ws.addRow(['李四', new Date(Date.UTC(2023, 11, 31)), 0.1 + 0.2, 1e21, -0, '', '', false, '', 1, '', ''])
      ws.getColumn(10).numFmt = '0.0%'
      ws.getColumn(11).numFmt = 'hh:mm'
      ws.getColumn(12).numFmt = 'yyyy-mm-dd hh:mm:ss'
      ws.getColumn(2).numFmt = 'yyyy"年"m"月"d"日"'
    })
    const table = tableOf(await read(bytes))
    expect(table).toMatchObject({ sheetName: '名单', headerRowNumber: 1 })
    expect(table.rows).toEqual([
      {
        rowNumber: 2,
        cells: [
          '张三',
          '2024-02-29',
          '1.1',
          '13912345678',
          '913205001234568000',
          '第一行\n第二行',
          '实验室主页',
          'TRUE',
          '#N/A',
          '12.5%',
          '14:30',
          '2024-01-02 09:05:07',
        ],
      },
      { rowNumber: 3, cells: ['李四', '2023-12-31', '0.3', '1000000000000000000000', '0', '', '', 'FALSE', '', '100%', '', ''] },
    ])
  })

  test('dates are the same days whatever the server time zone', async () => {
    const bytes = await workbook((b) =>
      sheetOf(b, '名单', [
        ['姓名', '日期'],
        ['张三', new Date(Date.UTC(2024, 0, 1))],
        ['李四', new Date(Date.UTC(2024, 11, 31))],
      ]),
    )
    const zone = process.env.TZ
    const seen: string[][] = []
    try {
      for (const tz of ['Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz
        seen.push(tableOf(await read(bytes)).rows.map((r) => r.cells[1]))
      }
    } finally {
      process.env.TZ = zone
    }
    expect(seen).toEqual(Array(4).fill(['2024-01-01', '2024-12-31']))
  })

  test('a title row and blank rows above the header: the header is the first row with two filled cells', async () => {
    const bytes = await workbook((b) => {
      const ws = sheetOf(b, '名单', [['2025 年团队名单'], [], ...ROSTER], 2)
      ws.mergeCells('A2:C2')
    })
    const table = tableOf(await read(bytes))
    expect(table.headerRowNumber).toBe(4)
    expect(table.header).toEqual(['姓名', '手机', '入职日期'])
    expect(table.rows.map((r) => [r.rowNumber, r.cells[0]])).toEqual([
      [5, '张三'],
      [6, '李四'],
    ])
  })

  test('trailing empty columns and rows are trimmed, blank rows inside are skipped, row numbers kept', async () => {
    const bytes = await workbook((b) => {
      const ws = sheetOf(b, '名单', [['姓名', '手机', ''], ['张三', 1], [], ['李四', '', '  '], []])
      ws.getCell('F9').border = { top: { style: 'thin' } }
      ws.getCell('G2').value = ''
    })
    const table = tableOf(await read(bytes))
    expect(table.header).toEqual(['姓名', '手机'])
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: ['张三', '1'] },
      { rowNumber: 4, cells: ['李四', ''] },
    ])
  })

  test('the data sheet is the first visible one: notes sheets and hidden lookup sheets are passed over', async () => {
    const bytes = await workbook((b) => {
      sheetOf(b, '填表说明', [['说明'], ['姓名必填', '手机必填']])
      sheetOf(b, '选项', [
        ['是', '否'],
        ['甲', '乙'],
      ]).state = 'veryHidden'
      sheetOf(b, '名单', ROSTER)
      sheetOf(b, 'Notes', [['a', 'b']])
    })
    const table = tableOf(await read(bytes))
    expect(table.sheetName).toBe('名单')
    expect(table.rows).toHaveLength(2)
  })

  test('a merged block with nothing in it and hidden empty rows are no refusal', async () => {
    const bytes = await workbook((b) => {
      const ws = sheetOf(b, '名单', ROSTER)
      ws.mergeCells('E5:F6')
      ws.getRow(8).hidden = true
      ws.getColumn(9).hidden = true
    })
    expect(tableOf(await read(bytes)).rows).toHaveLength(2)
  })

  test('the row and cell counts before parsing leave room for a full import', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`姓名${i}`, 13900000000 + i, '2024-01-01'])
    const bytes = await workbook((b) => sheetOf(b, '名单', [ROSTER[0], ...rows]))
    expect(tableOf(await read(bytes)).rows).toHaveLength(10_000)
  })
})

describe('a CSV is decoded and split as Excel would', () => {
  const expected = [
    { rowNumber: 2, cells: ['张三', '13912345678', '苏州市实验室'] },
    { rowNumber: 3, cells: ['李四', '13800000000', '姑苏区'] },
  ]
  const csv = '姓名,手机,单位\r\n张三,13912345678,苏州市实验室\r\n李四,13800000000,姑苏区\r\n'

  test.each([
    ['UTF-8 with BOM and CRLF', new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(csv)])],
    ['UTF-8 without BOM and LF', text(csv.replace(/\r\n/g, '\n'))],
    ['UTF-8 ending without a line break', text(csv.trimEnd())],
    ['GBK as Chinese Excel writes it (iconv-lite)', new Uint8Array(iconv.encode(csv, 'gbk'))],
    [
      'UTF-16LE with BOM, tab separated (Excel "Unicode text")',
      new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv.replace(/,/g, '\t'), 'utf16le')])),
    ],
  ])('%s', async (_name, bytes) => {
    const table = tableOf(await read(bytes, 'a.csv'))
    expect(table.header).toEqual(['姓名', '手机', '单位'])
    expect(table.rows).toEqual(expected)
  })

  test('GBK bytes written by hand from the GB2312 table decode to their characters', () => {
    // 实 CA B5, 验 D1 E9, 室 CA D2
    const bytes = new Uint8Array([0x61, 0x2c, 0xca, 0xb5, 0xd1, 0xe9, 0xca, 0xd2, 0x0a])
    expect(decodeText(bytes)).toEqual({ ok: true, text: 'a,实验室\n' })
  })

  test('quoted fields hold commas, quotes and line breaks; rows are numbered as Excel shows them', async () => {
    const bytes = text('姓名,备注\n张三,"一,二 ""三""\r\n四"\n\n李四,"x"y\n王五,a"b\n')
    const table = tableOf(await read(bytes, 'a.csv'))
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: ['张三', '一,二 "三"\n四'] },
      { rowNumber: 4, cells: ['李四', 'xy'] },
      { rowNumber: 5, cells: ['王五', 'a"b'] },
    ])
  })

  test('a title line above the header, and a .tsv file', async () => {
    const table = tableOf(await read(text('团队名单,,\n姓名,手机,单位\n张三,1,甲\n'), 'a.csv'))
    expect(table).toMatchObject({
      headerRowNumber: 2,
      header: ['姓名', '手机', '单位'],
      rows: [{ rowNumber: 3, cells: ['张三', '1', '甲'] }],
    })
    const tsv = tableOf(await read(text('姓名\t手机\n张三\t1,5\n'), 'a.tsv'))
    expect(tsv.rows).toEqual([{ rowNumber: 2, cells: ['张三', '1,5'] }])
  })

  test('a caller that knows its columns picks the header below a two-cell information row', async () => {
    const bytes = text('填报单位：甲实验室,填报日期：2025-01-06\n*姓名,手机\n张三,1\n')
    expect(tableOf(await read(bytes, 'a.csv')).headerRowNumber).toBe(1)
    const columns = [{ key: 'name', header: '姓名', aliases: [], required: true, example: '', note: '' }]
    const table = tableOf(await readImportFile({ bytes, fileName: 'a.csv', isHeader: (cells) => matchColumns(cells, columns).ok }))
    expect(table).toMatchObject({ headerRowNumber: 2, header: ['*姓名', '手机'], rows: [{ rowNumber: 3, cells: ['张三', '1'] }] })
  })

  test('the content decides: a CSV named .xlsx is read as CSV', async () => {
    expect(tableOf(await read(text(csv), 'roster.xlsx')).rows).toEqual(expected)
  })

  test('parseDelimited names the line a runaway quote opened on, counting quoted line breaks', () => {
    expect(parseDelimited('a,"1\n2\n3"\nb,"x\nc,d\n')).toEqual({ ok: false, line: 4 })
    expect(parseDelimited('"a\r\nb",c\r\n')).toEqual({ ok: true, records: [['a\nb', 'c']] })
  })
})

describe('cell text helpers', () => {
  test.each([
    [1.1000000000000001, '1.1'],
    [0.1 + 0.2, '0.3'],
    [13912345678, '13912345678'],
    [320502199001011234, '320502199001011000'],
    [1e-7, '0.0000001'],
    [-1.5e-10, '-0.00000000015'],
    [123456789012345680000, '123456789012346000000'],
    [-0, '0'],
    [42, '42'],
  ])('plainNumber(%d) is %s', (n, shown) => expect(plainNumber(n)).toBe(shown))

  test.each([
    [new Date(Date.UTC(2024, 1, 29)), '2024-02-29'],
    [new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 600)), '2024-03-01'],
    [new Date(Date.UTC(2024, 1, 29, 8, 0, 0, 1)), '2024-02-29 08:00'],
    [new Date(Date.UTC(1899, 11, 30, 9, 30)), '09:30'],
  ])('dateText(%s) is %s', (d, shown) => expect(dateText(d)).toBe(shown))
})

describe('speed (printed, not asserted)', () => {
  test('5,000 rows × 15 columns as .xlsx and as CSV', async () => {
    const header = Array.from({ length: 15 }, (_, i) => `列${i + 1}`)
    const rows = Array.from({ length: 5_000 }, (_, r) =>
      header.map((_h, c) =>
        c % 3 === 0 ? 13900000000 + r : c % 3 === 1 ? `苏州市第${r}号实验室${c}` : new Date(Date.UTC(2024, 0, 1 + (r % 365))),
      ),
    )
    const xlsx = await workbook((b) => sheetOf(b, '名单', [header, ...rows]))
    const csvText = [header, ...rows].map((r) => r.map((v) => (v instanceof Date ? dateText(v) : String(v))).join(',')).join('\r\n')
    const csvBytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(csvText)])
    const gbkBytes = new Uint8Array(iconv.encode(csvText, 'gbk'))
    const timed = async (label: string, bytes: Uint8Array, fileName: string) => {
      const start = performance.now()
      const table = tableOf(await read(bytes, fileName))
      const ms = performance.now() - start
      console.log(`[import-file timing] ${label}: ${bytes.length} bytes, ${table.rows.length} rows in ${ms.toFixed(0)} ms`)
      return table
    }
    const a = await timed('xlsx 5000x15', xlsx, 'a.xlsx')
    const b = await timed('csv utf-8 5000x15', csvBytes, 'a.csv')
    const c = await timed('csv gbk 5000x15', gbkBytes, 'a.csv')
    expect(a.rows).toHaveLength(5_000)
    expect(b.rows).toEqual(a.rows)
    expect(c.rows).toEqual(a.rows)
  })
})

describe('random inputs (seeded)', () => {
  const random = (seed: number) => (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }

  test('parseDelimited reads back 500 random tables written as RFC 4180 CSV', () => {
    const rnd = random(7)
    const pieces = ['a', '张', ',', '"', '\n', '\r\n', '\t', ' ', '""']
    for (let i = 0; i < 500; i++) {
      const records = Array.from({ length: 1 + rnd(4) }, () =>
        Array.from({ length: 1 + rnd(4) }, () =>
          Array.from({ length: rnd(6) }, () => pieces[rnd(pieces.length)])
            .join('')
            .replace(/\r\n/g, '\n'),
        ),
      )
      const csv = records
        .map((r) => r.map((c) => (/[",\n\r]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
        .join('\r\n')
      expect(parseDelimited(csv)).toEqual({ ok: true, records })
    }
  })

  test('60 damaged workbooks are each read or refused, never thrown', async () => {
    const rnd = random(12345)
    const base = await workbook((b) => sheetOf(b, '名单', [...ROSTER, ['王五', 1, new Date(Date.UTC(2024, 0, 1))]]))
    const parts = Object.keys((await JSZip.loadAsync(base)).files).filter((n) => /\.(xml|rels)$/.test(n))
    const outcomes = new Set<string>()
    for (let i = 0; i < 60; i++) {
      let bytes = await editZip(base, async (z) => {
        const part = parts[rnd(parts.length)]
        const xml = await z.file(part)!.async('string')
        const at = rnd(xml.length)
        z.file(part, i % 2 ? xml.slice(0, at) : xml.slice(0, at) + '<>&"'[rnd(4)] + xml.slice(at + 1 + rnd(20)))
      })
      if (i % 10 === 0) {
        bytes = bytes.slice()
        for (let k = 0; k < 5; k++) bytes[rnd(bytes.length)] = rnd(256)
      }
      const result = await read(bytes)
      outcomes.add(result.ok ? 'read' : result.refusal.key)
    }
    expect(outcomes).toContain('importFile.corrupt')
  })
})
