import zlib from 'node:zlib'

// A zip archive written as it goes (issue 18), for the workbooks the exports stream: each entry is
// deflated in pieces with zlib's one-shot functions and the pieces joined. Every piece but the last
// ends with a sync flush (an empty stored block, byte-aligned, not final), so the pieces read as one
// deflate stream; a piece never refers back into another, which deflate allows (pigz writes its
// parallel blocks the same way). An entry whose start is only known once its end is written (a
// sheet's column widths come before its rows) is deflated rows first and its head put in front,
// the CRC-32 of the whole combined from the parts' (zlib's crc32_combine). No zip64: an entry or an
// archive of 4 GB or more is refused.

const POLY = 0xedb88320
const TABLE = (() => {
  const table = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? POLY ^ (c >>> 1) : c >>> 1
    table[n] = c
  }
  return table
})()

const nativeCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32

/** CRC-32 (the zip's, IEEE) of `data`, continuing from `crc`. Node's own from 20.15, else a table. */
export function crc32(data: Uint8Array, crc = 0): number {
  if (nativeCrc32) return nativeCrc32(data, crc)
  let c = ~crc
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)
  return ~c >>> 0
}

// a(x)·b(x) modulo the CRC polynomial, bit-reflected as CRC-32 keeps it (zlib's multmodp)
function multmodp(a: number, b: number): number {
  let m = 0x80000000
  let p = 0
  for (;;) {
    if (a & m) {
      p ^= b
      if ((a & (m - 1)) === 0) break
    }
    m >>>= 1
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1
  }
  return p >>> 0
}

// x^(2^k) modulo the polynomial, k = 0..31
const X2N = (() => {
  const table: number[] = []
  let p = 1 << 30 // x^1
  table.push(p)
  for (let n = 1; n < 32; n++) table.push((p = multmodp(p, p)))
  return table
})()

// x^(n·2^k) modulo the polynomial
function x2nmodp(n: number, k: number): number {
  let p = 0x80000000 // x^0
  while (n > 0) {
    if (n % 2) p = multmodp(X2N[k & 31]!, p)
    n = Math.floor(n / 2)
    k++
  }
  return p
}

/** The CRC-32 of A followed by B, from crc(A), crc(B) and B's length in bytes (zlib's crc32_combine). */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multmodp(x2nmodp(lengthB, 3), crcA) ^ crcB) >>> 0
}

/** An entry's data, deflated: its pieces in order, with the CRC-32 and size of what they inflate to. */
export type Deflated = { pieces: Buffer[]; crc: number; size: number }

const PIECE_CHARS = 256 * 1024

/** Deflates text written in parts, a piece per 256 K characters or so; `end()` gives the entry's data. */
export class DeflateWriter {
  private pieces: Buffer[] = []
  private pending: string[] = []
  private pendingChars = 0
  private crc = 0
  private size = 0

  write(text: string) {
    this.pending.push(text)
    this.pendingChars += text.length
    if (this.pendingChars >= PIECE_CHARS) this.flush(false)
  }

  private flush(final: boolean) {
    const raw = Buffer.from(this.pending.join(''), 'utf8')
    this.pending = []
    this.pendingChars = 0
    this.crc = crc32(raw, this.crc)
    this.size += raw.length
    this.pieces.push(zlib.deflateRawSync(raw, { finishFlush: final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH }))
  }

  /** The data so far as pieces that continue (not final): to be followed by more. */
  endOpen(): Deflated {
    if (this.pendingChars) this.flush(false)
    return { pieces: this.pieces, crc: this.crc, size: this.size }
  }

  end(): Deflated {
    this.flush(true)
    return { pieces: this.pieces, crc: this.crc, size: this.size }
  }
}

/** One entry's text deflated whole. */
export function deflateText(text: string): Deflated {
  const writer = new DeflateWriter()
  writer.write(text)
  return writer.end()
}

/** `head`, then `body` (deflated without a final piece), then `tail`: one entry. */
export function joinDeflated(head: string, body: Deflated, tail: string): Deflated {
  const first = new DeflateWriter()
  first.write(head)
  const h = first.endOpen()
  const last = deflateText(tail)
  const crc = crc32Combine(crc32Combine(h.crc, body.crc, body.size), last.crc, last.size)
  return { pieces: [...h.pieces, ...body.pieces, ...last.pieces], crc, size: h.size + body.size + last.size }
}

const LIMIT = 0xffffffff

// MS-DOS date and time (local to the archive: the wall clock in Shanghai, as the app shows times)
function dosDateTime(at: Date) {
  const d = new Date(at.getTime() + 8 * 3600 * 1000)
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2)
  const date = (Math.max(0, d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate()
  return { time, date }
}

type Written = { name: Buffer; crc: number; compressed: number; size: number; offset: number }

/**
 * Writes a zip archive entry by entry: `entry()` gives the bytes of one (its local header and its
 * deflated pieces), `end()` the central directory. The caller sends the bytes on as it gets them.
 */
export class ZipWriter {
  private written: Written[] = []
  private offset = 0
  private readonly stamp: { time: number; date: number }

  constructor(at: Date = new Date()) {
    this.stamp = dosDateTime(at)
  }

  *entry(path: string, data: Deflated): Generator<Buffer> {
    const name = Buffer.from(path, 'utf8')
    const compressed = data.pieces.reduce((n, p) => n + p.length, 0)
    if (data.size >= LIMIT || compressed >= LIMIT || this.offset >= LIMIT) throw new Error(`zip entry ${path} is too large (no zip64)`)
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt16LE(20, 4) // version needed: deflate
    header.writeUInt16LE(0x0800, 6) // names in UTF-8
    header.writeUInt16LE(8, 8) // deflated
    header.writeUInt16LE(this.stamp.time, 10)
    header.writeUInt16LE(this.stamp.date, 12)
    header.writeUInt32LE(data.crc >>> 0, 14)
    header.writeUInt32LE(compressed, 18)
    header.writeUInt32LE(data.size, 22)
    header.writeUInt16LE(name.length, 26)
    header.writeUInt16LE(0, 28)
    this.written.push({ name, crc: data.crc >>> 0, compressed, size: data.size, offset: this.offset })
    this.offset += header.length + name.length + compressed
    yield Buffer.concat([header, name])
    yield* data.pieces
  }

  end(): Buffer {
    const parts: Buffer[] = []
    let size = 0
    for (const w of this.written) {
      const h = Buffer.alloc(46)
      h.writeUInt32LE(0x02014b50, 0)
      h.writeUInt16LE(20, 4) // made by
      h.writeUInt16LE(20, 6) // needed
      h.writeUInt16LE(0x0800, 8)
      h.writeUInt16LE(8, 10)
      h.writeUInt16LE(this.stamp.time, 12)
      h.writeUInt16LE(this.stamp.date, 14)
      h.writeUInt32LE(w.crc, 16)
      h.writeUInt32LE(w.compressed, 20)
      h.writeUInt32LE(w.size, 24)
      h.writeUInt16LE(w.name.length, 28)
      // extra, comment, disk, internal and external attributes: none
      h.writeUInt32LE(w.offset, 42)
      parts.push(h, w.name)
      size += h.length + w.name.length
    }
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(this.written.length, 8)
    end.writeUInt16LE(this.written.length, 10)
    end.writeUInt32LE(size, 12)
    end.writeUInt32LE(this.offset, 16)
    parts.push(end)
    return Buffer.concat(parts)
  }
}
