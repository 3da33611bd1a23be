import { crc32 } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import {
  ACCEPT_ATTRIBUTE,
  attachmentDisposition,
  formatFileSize,
  hasPathPart,
  MAX_FILE_NAME_LENGTH,
  oleStreamNames,
  bufferReader,
  safeFileName,
  sniffBytes,
  sniffFileType,
  SNIFF_HEAD_BYTES,
  zipEntryNames,
} from '~/domain/file-types'

const bytes = (...parts: (string | number[] | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))))

// A minimal ZIP writer (APPNOTE 4.3): stored entries, local headers, central directory, end
// record. With `descriptor`, sizes follow the data (flag bit 3), as streaming zippers write them.
function zip(entries: { name: string; data?: string | Uint8Array }[], { descriptor = false } = {}): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data ?? new Uint8Array())
    const crc = crc32(data)
    const flags = 0x0800 | (descriptor ? 0x0008 : 0)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(flags, 6)
    local.writeUInt16LE(0, 8)
    local.writeUInt16LE(0x21, 12)
    local.writeUInt32LE(descriptor ? 0 : crc, 14)
    local.writeUInt32LE(descriptor ? 0 : data.length, 18)
    local.writeUInt32LE(descriptor ? 0 : data.length, 22)
    local.writeUInt16LE(name.length, 26)
    const trailer = Buffer.alloc(descriptor ? 16 : 0)
    if (descriptor) {
      trailer.writeUInt32LE(0x08074b50, 0)
      trailer.writeUInt32LE(crc, 4)
      trailer.writeUInt32LE(data.length, 8)
      trailer.writeUInt32LE(data.length, 12)
    }
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(flags, 8)
    central.writeUInt16LE(0x21, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, data, trailer)
    centrals.push(central, name)
    offset += local.length + name.length + data.length + trailer.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
const ooxml = (main: string, extra: { name: string; data?: string }[] = [], options = {}) =>
  zip(
    [
      { name: '[Content_Types].xml', data: CONTENT_TYPES },
      { name: '_rels/.rels', data: '<Relationships/>' },
      ...extra,
      { name: main, data: '<x/>' },
    ],
    options,
  )

// A minimal OLE2 compound file ([MS-CFB]): header, one FAT sector, directory sectors chained in
// the FAT, a root entry and one empty stream per name.
function cfb(streams: string[]): Buffer {
  const entries = ['Root Entry', ...streams]
  const dirSectors = Math.ceil(entries.length / 4)
  const file = Buffer.alloc(512 * (2 + dirSectors))
  file.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0)
  file.writeUInt16LE(0x3e, 0x18)
  file.writeUInt16LE(3, 0x1a)
  file.writeUInt16LE(0xfffe, 0x1c)
  file.writeUInt16LE(9, 0x1e)
  file.writeUInt16LE(6, 0x20)
  file.writeUInt32LE(1, 0x2c) // one FAT sector
  file.writeUInt32LE(1, 0x30) // the directory starts in sector 1
  file.writeUInt32LE(4096, 0x38)
  file.writeUInt32LE(0xfffffffe, 0x3c)
  file.writeUInt32LE(0xfffffffe, 0x44)
  file.fill(0xff, 0x4c, 512)
  file.writeUInt32LE(0, 0x4c) // the FAT is sector 0
  const fat = 512
  file.fill(0xff, fat, fat + 512)
  file.writeUInt32LE(0xfffffffd, fat)
  for (let s = 1; s <= dirSectors; s++) file.writeUInt32LE(s === dirSectors ? 0xfffffffe : s + 1, fat + s * 4)
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
  return file
}

describe('sniffFileType accepts each allowed type from its content', () => {
  const cases: [string, Uint8Array, string][] = [
    ['a PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), 'application/pdf'],
    ['a PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), 'image/png'],
    ['a JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF\0'), 'image/jpeg'],
    ['a GIF', bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0]), 'image/gif'],
    ['a WebP', bytes('RIFF', [26, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['a DOCX', ooxml('word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['an XLSX', ooxml('xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['a PPTX', ooxml('ppt/presentation.xml'), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    [
      'an ODT',
      zip([
        { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text' },
        { name: 'content.xml', data: '<x/>' },
      ]),
      'application/vnd.oasis.opendocument.text',
    ],
    [
      'a plain ZIP',
      zip([
        { name: 'data/readme.txt', data: 'hello' },
        { name: '成果/报告.txt', data: '你好' },
      ]),
      'application/zip',
    ],
    ['an empty ZIP', zip([]), 'application/zip'],
    ['a Word 97–2003 document', cfb(['WordDocument', '1Table', '\x05SummaryInformation']), 'application/msword'],
    ['an Excel 97–2003 workbook', cfb(['Workbook']), 'application/vnd.ms-excel'],
    ['a PowerPoint 97–2003 deck', cfb(['PowerPoint Document', 'Current User']), 'application/vnd.ms-powerpoint'],
    // six entries: the Word stream is in the second directory sector, reached through the FAT
    [
      'a Word document whose directory spans two sectors',
      cfb(['1Table', 'Data', 'ObjectPool', 'CompObj', 'WordDocument']),
      'application/msword',
    ],
  ]
  test.each(cases)('%s', (_name, file, mediaType) => {
    expect(sniffBytes(file)?.mediaType).toBe(mediaType)
  })

  test('OOXML is told from plain ZIP by the central directory when the head does not show the main part', () => {
    // a large first entry pushes word/ out of the head, and data descriptors stop a walk of the
    // local headers: only the central directory at the end names the parts
    const file = ooxml('word/document.xml', [{ name: 'docProps/thumbnail.jpeg', data: 'x'.repeat(3 * SNIFF_HEAD_BYTES) }], {
      descriptor: true,
    })
    const head = file.subarray(0, SNIFF_HEAD_BYTES)
    expect(sniffFileType(head)?.kind).toBe('zip')
    expect(zipEntryNames(bufferReader(file), file.length)).toContain('word/document.xml')
    expect(sniffFileType(head, { zipEntries: zipEntryNames(bufferReader(file), file.length) })?.kind).toBe('docx')
    expect(sniffBytes(file)?.kind).toBe('docx')
  })

  test('the reader is asked only for the end of a ZIP and its central directory, not the whole file', () => {
    const file = ooxml('xl/workbook.xml', [{ name: 'xl/media/image1.png', data: 'x'.repeat(200_000) }])
    const asked: [number, number][] = []
    const reader = bufferReader(file)
    zipEntryNames((offset, length) => (asked.push([offset, length]), reader(offset, length)), file.length)
    expect(asked.reduce((sum, [, length]) => sum + length, 0)).toBeLessThan(70_000)
  })
})

describe('sniffFileType refuses everything else, whatever the name', () => {
  const mz = bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], 'This program cannot be run in DOS mode.')
  const cases: [string, Uint8Array][] = [
    ['a Windows executable renamed report.pdf', mz],
    ['a self-extracting archive (an executable with a ZIP at its end)', Buffer.concat([mz, zip([{ name: 'a.txt', data: 'a' }])])],
    ['an ELF binary', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])],
    ['a Mach-O binary', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1])],
    ['an HTML page', bytes('<!DOCTYPE html><html><script>alert(1)</script></html>')],
    ['an SVG image (it can carry script)', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['a shell script', bytes('#!/bin/sh\nrm -rf /\n')],
    ['plain text', bytes('成果说明')],
    ['an empty file', new Uint8Array()],
    ['a PDF whose header is not at the start', bytes('<html>%PDF-1.4')],
    ['a macro-enabled Word document (docm)', ooxml('word/document.xml', [{ name: 'word/vbaProject.bin', data: 'vba' }])],
    ['a macro-enabled workbook (xlsm)', ooxml('xl/workbook.xml', [{ name: 'xl/vbaProject.bin', data: 'vba' }])],
    ['a Word 97–2003 document with macros', cfb(['WordDocument', 'Macros'])],
    ['an Excel 97–2003 workbook with macros', cfb(['Workbook', '_VBA_PROJECT_CUR'])],
    ['an OLE2 container that is no Office document (an installer, an encrypted package)', cfb(['EncryptionInfo', 'EncryptedPackage'])],
    ['a truncated OLE2 header', cfb(['WordDocument']).subarray(0, 300)],
  ]
  test.each(cases)('%s', (_name, file) => {
    expect(sniffBytes(file)).toBeNull()
  })

  test('an OLE2 file is refused when its streams were not read', () => {
    expect(sniffFileType(cfb(['WordDocument']))).toBeNull()
    expect(oleStreamNames(bufferReader(cfb(['WordDocument'])), 1536)).toEqual(['WordDocument'])
  })

  test('an OLE2 directory chain that loops is refused, not followed forever', () => {
    const file = cfb(['WordDocument'])
    file.writeUInt32LE(1, 512 + 4) // directory sector 1 points back at itself
    expect(oleStreamNames(bufferReader(file), file.length)).toBeNull()
  })

  test('a ZIP with an unreadable central directory falls back to the local headers', () => {
    const file = ooxml('word/document.xml')
    expect(sniffBytes(file.subarray(0, file.length - 22))?.kind).toBe('docx')
  })
})

describe('file names', () => {
  test.each([
    ['report.pdf', 'report.pdf'],
    ['年度成果报告（2025）.docx', '年度成果报告（2025）.docx'],
    ['  成果 \t 汇总 .xlsx  ', '成果 汇总 .xlsx'],
    ['C:\\Users\\张三\\Desktop\\报告.pdf', '报告.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['/var/www/public/shell.pdf', 'shell.pdf'],
    ['.htaccess', 'htaccess'],
    ['...hidden.png', 'hidden.png'],
    ['a\u0000b\u0007c.pdf', 'abc.pdf'],
    ['line\nbreak.pdf', 'linebreak.pdf'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['a<b>c:d"e|f?g*h.zip', 'a_b_c_d_e_f_g_h.zip'],
    ['trailing dots...', 'trailing dots'],
    ['CON.pdf', '_CON.pdf'],
    ['e\u0301.pdf', '\u00e9.pdf'],
  ])('safeFileName(%j) is %j', (name, expected) => {
    expect(safeFileName(name)).toBe(expected)
  })

  test.each(['', '   ', '..', '.', '/', 'dir/', '\u0000\u0001', '...', '___', '***'])('safeFileName(%j) refuses', (name) => {
    expect(safeFileName(name)).toBeNull()
  })

  test('a very long name is cut to the limit and keeps its extension', () => {
    const cut = safeFileName(`${'成果'.repeat(200)}.docx`)!
    expect(Array.from(cut)).toHaveLength(MAX_FILE_NAME_LENGTH)
    expect(cut.endsWith('.docx')).toBe(true)
    const latin = safeFileName(`${'a'.repeat(500)}.pdf`)!
    expect(latin.length).toBe(MAX_FILE_NAME_LENGTH)
    expect(latin.endsWith('.pdf')).toBe(true)
  })

  test('a long name is cut between characters, never inside a surrogate pair', () => {
    const cut = safeFileName(`${'😀'.repeat(200)}.pdf`)!
    expect(cut.endsWith('😀.pdf')).toBe(true)
    expect(encodeURIComponent(cut)).toContain('%F0%9F%98%80') // throws on a lone surrogate
  })

  test.each([
    ['../../etc/passwd', true],
    ['C:\\fakepath\\report.pdf', true],
    ['dir/report.pdf', true],
    ['C:report.pdf', true],
    ['..', true],
    ['report.pdf', false],
    ['年度报告 2025.pdf', false],
    ['Re: 报告.pdf', false],
    ['a..b.pdf', false],
  ])('hasPathPart(%j) is %s', (name, expected) => {
    expect(hasPathPart(name)).toBe(expected)
  })
})

describe('downloads', () => {
  test('a Chinese name is offered in UTF-8 with an ASCII fallback', () => {
    expect(attachmentDisposition('年度报告.pdf', 'attachment-7')).toBe(
      `attachment; filename="attachment-7.pdf"; filename*=UTF-8''%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf`,
    )
  })

  test('an ASCII name is its own fallback, with quotes and percent signs neutralised', () => {
    expect(attachmentDisposition(`it's "100%" (final).pdf`)).toBe(
      `attachment; filename="it's _100__ (final).pdf"; filename*=UTF-8''it%27s%20%22100%25%22%20%28final%29.pdf`,
    )
  })

  test('sizes', () => {
    expect([0, 1023, 1536, 200 * 1024, 20 * 1024 * 1024].map(formatFileSize)).toEqual(['0 B', '1023 B', '1.5 KB', '200 KB', '20.0 MB'])
  })

  test('the file picker hint lists the extensions and media types', () => {
    expect(ACCEPT_ATTRIBUTE.split(',')).toEqual(expect.arrayContaining(['.pdf', '.docx', '.xls', '.zip', 'image/png', 'application/pdf']))
  })
})
