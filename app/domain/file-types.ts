// What an attachment is, decided from its bytes and never from its name (issue 4: "type
// checked by content, not by name"). Pure: callers hand in the first bytes of the file and, for
// containers (ZIP, OLE2), a reader of byte ranges, so the same code serves a stream staged on
// disk, a buffer in memory and the tests.
//
// Accepted: PDF; Word, Excel and PowerPoint (OOXML and the legacy OLE2 formats, which WPS
// Office also writes); OpenDocument text/spreadsheet/presentation; PNG, JPEG, GIF, WebP; ZIP.
// Everything else is refused, executables and scripts included, however they are named.
// Office files carrying VBA macros are refused too: a filing never needs them and they are the
// usual carrier of malware in documents.

export type FileKind =
  | 'pdf'
  | 'docx'
  | 'xlsx'
  | 'pptx'
  | 'doc'
  | 'xls'
  | 'ppt'
  | 'odt'
  | 'ods'
  | 'odp'
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'webp'
  | 'zip'

export type FileType = { kind: FileKind; mediaType: string; label: string; extensions: readonly string[] }

const OOXML = 'application/vnd.openxmlformats-officedocument'
const ODF = 'application/vnd.oasis.opendocument'

export const FILE_TYPES: Record<FileKind, FileType> = {
  pdf: { kind: 'pdf', mediaType: 'application/pdf', label: 'PDF', extensions: ['.pdf'] },
  docx: { kind: 'docx', mediaType: `${OOXML}.wordprocessingml.document`, label: 'Word', extensions: ['.docx'] },
  xlsx: { kind: 'xlsx', mediaType: `${OOXML}.spreadsheetml.sheet`, label: 'Excel', extensions: ['.xlsx'] },
  pptx: { kind: 'pptx', mediaType: `${OOXML}.presentationml.presentation`, label: 'PowerPoint', extensions: ['.pptx'] },
  doc: { kind: 'doc', mediaType: 'application/msword', label: 'Word 97–2003', extensions: ['.doc', '.wps'] },
  xls: { kind: 'xls', mediaType: 'application/vnd.ms-excel', label: 'Excel 97–2003', extensions: ['.xls', '.et'] },
  ppt: { kind: 'ppt', mediaType: 'application/vnd.ms-powerpoint', label: 'PowerPoint 97–2003', extensions: ['.ppt', '.dps'] },
  odt: { kind: 'odt', mediaType: `${ODF}.text`, label: 'OpenDocument', extensions: ['.odt'] },
  ods: { kind: 'ods', mediaType: `${ODF}.spreadsheet`, label: 'OpenDocument', extensions: ['.ods'] },
  odp: { kind: 'odp', mediaType: `${ODF}.presentation`, label: 'OpenDocument', extensions: ['.odp'] },
  png: { kind: 'png', mediaType: 'image/png', label: 'PNG', extensions: ['.png'] },
  jpeg: { kind: 'jpeg', mediaType: 'image/jpeg', label: 'JPEG', extensions: ['.jpg', '.jpeg'] },
  gif: { kind: 'gif', mediaType: 'image/gif', label: 'GIF', extensions: ['.gif'] },
  webp: { kind: 'webp', mediaType: 'image/webp', label: 'WebP', extensions: ['.webp'] },
  zip: { kind: 'zip', mediaType: 'application/zip', label: 'ZIP', extensions: ['.zip'] },
}

// For <input accept>: a hint to the browser's file picker only; the server decides by content.
export const ACCEPT_ATTRIBUTE = [...new Set(Object.values(FILE_TYPES).flatMap((t) => [...t.extensions, t.mediaType]))].join(',')

// How many leading bytes sniffFileType wants (ODF names its type in the first stored entry).
export const SNIFF_HEAD_BYTES = 4096

// The container facts a head alone cannot give: the names inside a ZIP, the streams of an
// OLE2 compound file. Supplied by containerInfo().
export type ContainerInfo = { zipEntries?: readonly string[] | null; oleStreams?: readonly string[] | null }

// Reads `length` bytes at `offset`; returns fewer at the end of the file.
export type ByteReader = (offset: number, length: number) => Uint8Array

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04]
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06]

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0) {
  if (bytes.length < at + signature.length) return false
  return signature.every((b, i) => bytes[at + i] === b)
}

function ascii(bytes: Uint8Array, from: number, to: number) {
  return String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)))
}

export function isZip(head: Uint8Array) {
  return startsWith(head, ZIP_LOCAL) || startsWith(head, ZIP_EMPTY)
}

export function isOle(head: Uint8Array) {
  return startsWith(head, OLE_SIGNATURE)
}

/**
 * The type of a file from its first bytes (at least SNIFF_HEAD_BYTES when the file is that
 * long) and, for ZIP and OLE2 files, the names found inside it. Null when the file is not one
 * of the accepted types, including a ZIP or OLE2 file whose inside was not supplied.
 */
export function sniffFileType(head: Uint8Array, inner: ContainerInfo = {}): FileType | null {
  if (ascii(head, 0, 5) === '%PDF-') return FILE_TYPES.pdf
  if (startsWith(head, PNG_SIGNATURE)) return FILE_TYPES.png
  if (startsWith(head, [0xff, 0xd8, 0xff])) return FILE_TYPES.jpeg
  const gif = ascii(head, 0, 6)
  if (gif === 'GIF87a' || gif === 'GIF89a') return FILE_TYPES.gif
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return FILE_TYPES.webp
  if (isZip(head)) return zipKind(head, inner.zipEntries ?? zipLocalNames(head))
  if (isOle(head)) return inner.oleStreams ? oleKind(inner.oleStreams) : null
  return null
}

function zipKind(head: Uint8Array, entries: readonly string[]): FileType | null {
  // OpenDocument: the first entry is an uncompressed "mimetype" naming the type (ODF 1.2 §3.3)
  if (ascii(head, 30, 38) === 'mimetype' && head[8] === 0 && head[9] === 0) {
    const size = readU32(head, 18)
    const mime = ascii(head, 38 + readU16(head, 28), 38 + readU16(head, 28) + Math.min(size, 100))
    if (mime === `${ODF}.text`) return FILE_TYPES.odt
    if (mime === `${ODF}.spreadsheet`) return FILE_TYPES.ods
    if (mime === `${ODF}.presentation`) return FILE_TYPES.odp
  }
  // OOXML (ECMA-376 part 2): a package with [Content_Types].xml and its main part's folder
  if (entries.includes('[Content_Types].xml')) {
    const under = (prefix: string) => entries.some((e) => e.startsWith(prefix))
    const office: [string, FileType][] = [
      ['word/', FILE_TYPES.docx],
      ['xl/', FILE_TYPES.xlsx],
      ['ppt/', FILE_TYPES.pptx],
    ]
    for (const [prefix, type] of office) {
      if (!under(prefix)) continue
      if (entries.some((e) => e.startsWith(prefix) && e.toLowerCase().endsWith('vbaproject.bin'))) return null
      return type
    }
  }
  return FILE_TYPES.zip
}

// Stream names of the legacy binary formats ([MS-DOC], [MS-XLS], [MS-PPT]); macro storages
// (Word's "Macros", Excel's "_VBA_PROJECT_CUR") refuse the file. Anything else in an OLE2
// container (installers, Outlook messages, encrypted packages) is not a filing document.
function oleKind(streams: readonly string[]): FileType | null {
  if (streams.includes('Macros') || streams.includes('_VBA_PROJECT_CUR')) return null
  if (streams.includes('WordDocument')) return FILE_TYPES.doc
  if (streams.includes('Workbook') || streams.includes('Book')) return FILE_TYPES.xls
  if (streams.includes('PowerPoint Document')) return FILE_TYPES.ppt
  return null
}

function readU16(b: Uint8Array, at: number) {
  return at + 2 <= b.length ? b[at] | (b[at + 1] << 8) : 0
}

function readU32(b: Uint8Array, at: number) {
  return at + 4 <= b.length ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000 : 0
}

function readU64(b: Uint8Array, at: number) {
  return readU32(b, at) + readU32(b, at + 4) * 0x100000000
}

const utf8 = new TextDecoder('utf-8')
const utf16 = new TextDecoder('utf-16le')

// Entry names from the local file headers found in `head`: enough for a package whose first
// entries are in the head, the fallback when the central directory cannot be read.
export function zipLocalNames(head: Uint8Array): string[] {
  const names: string[] = []
  let p = 0
  while (startsWith(head, ZIP_LOCAL, p) && names.length < 1000) {
    const flags = readU16(head, p + 6)
    const compressed = readU32(head, p + 18)
    const nameLength = readU16(head, p + 26)
    const extraLength = readU16(head, p + 28)
    if (p + 30 + nameLength > head.length) break
    names.push(utf8.decode(head.subarray(p + 30, p + 30 + nameLength)))
    // with a data descriptor (flag bit 3) the size is known only after the data
    if (flags & 0x08) break
    p += 30 + nameLength + extraLength + compressed
  }
  return names
}

const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024

/** Entry names from the ZIP's central directory (APPNOTE 4.3.16), or null when it is unreadable. */
export function zipEntryNames(read: ByteReader, size: number): string[] | null {
  return zipEntries(read, size)?.map((e) => e.name) ?? null
}

// One central-directory record: what an archive declares about an entry before anything is
// inflated (the spreadsheet import checks sizes and ratios here against zip bombs).
export type ZipEntry = {
  name: string
  flags: number
  method: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

/** The entries of a ZIP's central directory (APPNOTE 4.3.12, ZIP64 4.5.3), or null when unreadable. */
export function zipEntries(read: ByteReader, size: number): ZipEntry[] | null {
  const tailLength = Math.min(size, 22 + 0xffff)
  const tailStart = size - tailLength
  const tail = read(tailStart, tailLength)
  let eocd = -1
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return null
  let cdSize = readU32(tail, eocd + 12)
  let cdOffset = readU32(tail, eocd + 16)
  if (cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    // ZIP64: the locator sits just before the end record and points at the ZIP64 end record
    const locator = eocd - 20
    if (locator < 0 || readU32(tail, locator) !== 0x07064b50) return null
    const record = read(readU64(tail, locator + 8), 56)
    if (readU32(record, 0) !== 0x06064b50) return null
    cdSize = readU64(record, 40)
    cdOffset = readU64(record, 48)
  }
  if (cdSize > MAX_DIRECTORY_BYTES || cdOffset + cdSize > size) return null
  const cd = read(cdOffset, cdSize)
  const entries: ZipEntry[] = []
  let p = 0
  while (p + 46 <= cd.length && readU32(cd, p) === 0x02014b50) {
    const nameLength = readU16(cd, p + 28)
    const extraLength = readU16(cd, p + 30)
    const entry: ZipEntry = {
      name: utf8.decode(cd.subarray(p + 46, p + 46 + nameLength)),
      flags: readU16(cd, p + 8),
      method: readU16(cd, p + 10),
      compressedSize: readU32(cd, p + 20),
      uncompressedSize: readU32(cd, p + 24),
      localHeaderOffset: readU32(cd, p + 42),
    }
    // ZIP64 extended information (header 0x0001) holds, in this order, the fields saturated above
    const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength)
    for (let x = 0; x + 4 <= extra.length; x += 4 + readU16(extra, x + 2)) {
      if (readU16(extra, x) !== 0x0001) continue
      let at = x + 4
      const next = () => {
        const v = readU64(extra, at)
        at += 8
        return v
      }
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next()
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next()
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next()
    }
    entries.push(entry)
    p += 46 + nameLength + extraLength + readU16(cd, p + 32)
  }
  return entries
}

const END_OF_CHAIN = 0xfffffffe
const MAX_SECTORS = 1 << 20

/** Storage and stream names of an OLE2 compound file ([MS-CFB] 2.2, 2.6), or null when malformed. */
export function oleStreamNames(read: ByteReader, size: number): string[] | null {
  const header = read(0, 512)
  if (header.length < 512 || !isOle(header)) return null
  const shift = readU16(header, 0x1e)
  if (shift !== 9 && shift !== 12) return null
  const sectorSize = 1 << shift
  const perSector = sectorSize / 4
  const sectorOffset = (s: number) => (s + 1) * sectorSize
  const validSector = (s: number) => s < MAX_SECTORS && sectorOffset(s) + sectorSize <= size

  // the FAT's own sectors: 109 in the header, the rest in the DIFAT chain
  const fatCount = readU32(header, 0x2c)
  if (fatCount > MAX_SECTORS / perSector) return null
  const fatSectors: number[] = []
  for (let i = 0; i < 109 && fatSectors.length < fatCount; i++) fatSectors.push(readU32(header, 0x4c + i * 4))
  let difat = readU32(header, 0x44)
  const seenDifat = new Set<number>()
  while (fatSectors.length < fatCount && difat !== END_OF_CHAIN) {
    if (!validSector(difat) || seenDifat.has(difat)) return null
    seenDifat.add(difat)
    const sector = read(sectorOffset(difat), sectorSize)
    for (let i = 0; i < perSector - 1 && fatSectors.length < fatCount; i++) fatSectors.push(readU32(sector, i * 4))
    difat = readU32(sector, sectorSize - 4)
  }
  const nextSector = (s: number) => {
    const fat = fatSectors[Math.floor(s / perSector)]
    if (fat === undefined || !validSector(fat)) return null
    const entry = read(sectorOffset(fat) + (s % perSector) * 4, 4)
    return entry.length === 4 ? readU32(entry, 0) : null
  }

  const names: string[] = []
  const seen = new Set<number>()
  let dir: number | null = readU32(header, 0x30)
  while (dir !== END_OF_CHAIN) {
    if (dir === null || !validSector(dir) || seen.has(dir)) return null
    seen.add(dir)
    const sector = read(sectorOffset(dir), sectorSize)
    for (let e = 0; e + 128 <= sector.length; e += 128) {
      const type = sector[e + 0x42]
      const nameBytes = readU16(sector, e + 0x40)
      // 1 storage, 2 stream, 5 root; the name is UTF-16LE with its terminating NUL counted
      if ((type === 1 || type === 2) && nameBytes >= 2 && nameBytes <= 64) names.push(utf16.decode(sector.subarray(e, e + nameBytes - 2)))
    }
    dir = nextSector(dir)
  }
  return names
}

/** What sniffFileType needs beyond the head, read only for the containers that need it. */
export function containerInfo(head: Uint8Array, read: ByteReader, size: number): ContainerInfo {
  if (isZip(head)) return { zipEntries: zipEntryNames(read, size) }
  if (isOle(head)) return { oleStreams: oleStreamNames(read, size) }
  return {}
}

export function bufferReader(bytes: Uint8Array): ByteReader {
  return (offset, length) => bytes.subarray(Math.max(0, offset), Math.max(0, offset + length))
}

/** sniffFileType for a whole file held in memory. */
export function sniffBytes(bytes: Uint8Array): FileType | null {
  const head = bytes.subarray(0, SNIFF_HEAD_BYTES)
  return sniffFileType(head, containerInfo(head, bufferReader(bytes), bytes.length))
}

// ---------------------------------------------------------------------------------------------
// File names. A name is only ever shown and offered back on download (the bytes are stored
// under their hash), but it is still cleaned: no directories, no control or bidi-override
// characters (a "‮fdp.exe" trick), no leading dots, a bounded length with its extension kept.

export const MAX_FILE_NAME_LENGTH = 120

/**
 * True when the name as sent carries a directory part: a "/" or "\", a drive ("C:"), or is
 * "." / "..". Browsers send the bare name, so such a name comes from a crafted or broken
 * client; uploads refuse it with a message instead of silently keeping the last segment.
 */
export function hasPathPart(name: string): boolean {
  const trimmed = name.trim()
  return /[\\/]/.test(name) || /^[a-zA-Z]:/.test(trimmed) || trimmed === '.' || trimmed === '..'
}

const RESERVED_WINDOWS_NAME = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i

/** A name safe to store and offer back, or null when nothing sensible remains. */
export function safeFileName(name: string): string | null {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? ''
  let clean = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '')
  if (!/[\p{L}\p{N}]/u.test(clean)) return null
  if (RESERVED_WINDOWS_NAME.test(clean)) clean = `_${clean}`
  const chars = Array.from(clean)
  if (chars.length <= MAX_FILE_NAME_LENGTH) return clean
  const extension = /\.[\p{L}\p{N}]{1,10}$/u.exec(clean)?.[0] ?? ''
  const stem = chars
    .slice(0, MAX_FILE_NAME_LENGTH - Array.from(extension).length)
    .join('')
    .replace(/[\s.]+$/, '')
  return `${stem}${extension}`
}

const TYPE_BY_MEDIA_TYPE = new Map(Object.values(FILE_TYPES).map((t) => [t.mediaType, t]))
// what reads as a file extension: ".html", ".exe", ".tar" (not ".1" in "Report 2025.1")
const EXTENSION_LIKE = /\.[A-Za-z][A-Za-z0-9]{0,7}$/

/**
 * The name a file is stored and offered under (issue 14, finding 7): safe (safeFileName: no
 * control or bidirectional characters, no path), and ending in an extension of the type its
 * content was found to be, so a PDF sent as "poly.html" is "poly.pdf" and cannot pose as a page
 * or a program. Applied when an attachment is saved and again on every read, for older rows.
 */
export function nameForType(name: string, mediaType: string): string {
  const type = TYPE_BY_MEDIA_TYPE.get(mediaType)
  const clean = safeFileName(name) ?? 'attachment'
  if (!type) return clean
  const extension = EXTENSION_LIKE.exec(clean)?.[0].toLowerCase()
  if (extension && type.extensions.includes(extension)) return clean
  const stem = extension ? clean.slice(0, -extension.length).replace(/[\s.]+$/, '') : clean
  return safeFileName(`${stem || 'attachment'}${type.extensions[0]}`) ?? `attachment${type.extensions[0]}`
}

/**
 * A Content-Disposition header offering `name` as a download (RFC 6266): an ASCII fallback for
 * old clients and the exact name in UTF-8 (RFC 8187).
 */
export function attachmentDisposition(name: string, fallbackStem = 'attachment'): string {
  const extension = /\.[A-Za-z0-9]{1,10}$/.exec(name)?.[0] ?? ''
  let fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_')
  if (!/[A-Za-z0-9]/.test(fallback.slice(0, fallback.length - extension.length))) fallback = `${fallbackStem}${extension}`
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
