import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { unstable_parseMultipartFormData, type UploadHandlerPart } from '@remix-run/node'
import {
  bufferReader,
  containerInfo,
  hasPathPart,
  safeFileName,
  sniffFileType,
  SNIFF_HEAD_BYTES,
  type ByteReader,
} from '~/domain/file-types'
import type { MessageKey } from '~/i18n'
import { ruleSettings } from '~/models/settings.server'
import { atomically } from './db.server'
import { env } from './env.server'
import { logRefusedBody, readForm } from './form-body.server'
import { cleanField, cleanText, formValues, type FieldErrors } from './forms'

// Multipart uploads for forms with attachments (issue 4). Each file part is streamed to a temp
// file under DATA_DIR/tmp while it is hashed and counted, so memory stays bounded whatever is
// sent; a part past the size limit stops being written at once and is only drained, so the text
// fields after it still arrive and the page can be re-filled. The type is decided from the
// content (app/domain/file-types.ts). A staged file becomes an attachment through
// saveAttachment (app/models/attachments.server.ts), which moves it into the store; an action
// takes its form through withUploadForm, which removes whatever it did not save.

export type StagedFile = { tempPath: string; originalName: string; size: number; sha256: string; mediaType: string }

export type UploadValues = Record<string, string>

export type UploadResult =
  | { ok: true; form: FormData; values: UploadValues; files: StagedFile[] }
  | { ok: false; status: 400 | 413; errors: FieldErrors; values: UploadValues }

export type UploadOptions = {
  // the largest file accepted; defaults to the bureau's setting (ruleSettings().attachmentMaxMb)
  maxBytes?: number
  // the file input's name; file parts under other names are drained and ignored
  field?: string
  maxFiles?: number
}

export const MB = 1024 * 1024
const MAX_TEXT_FIELD_BYTES = 256 * 1024
const MAX_TEXT_TOTAL_BYTES = MB
const MAX_PART_HEADER_BYTES = 16 * 1024
const WRITE_BLOCK_BYTES = 256 * 1024

type FileError = { status: 400 | 413; key: MessageKey; vars?: Record<string, string | number> }

export function uploadTempDir() {
  return path.resolve(env().DATA_DIR, 'tmp')
}

export function attachmentLimitBytes() {
  return ruleSettings().attachmentMaxMb * MB
}

const megabytes = (bytes: number) => Math.round((bytes / MB) * 10) / 10
// names are echoed in messages; a crafted one should not flood the page
const shownName = (name: string) => (Array.from(name).length > 80 ? `${Array.from(name).slice(0, 79).join('')}…` : name)

export async function parseUploadForm(request: Request, options: UploadOptions = {}): Promise<UploadResult> {
  const maxBytes = options.maxBytes ?? attachmentLimitBytes()
  const field = options.field ?? 'attachments'
  const maxFiles = options.maxFiles ?? 10
  const contentType = request.headers.get('Content-Type') ?? ''
  const boundaryParam = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const boundary = boundaryParam ? (boundaryParam[1] ?? boundaryParam[2]) : null

  // A plain form post (say, a remove button) has no files: the same call serves it, and refuses
  // what is no form at all (text/plain, JSON) as every action does.
  if (!/^multipart\/form-data/i.test(contentType)) {
    const form = await readForm(request)
    return { ok: true, form, values: formValues(form), files: [] }
  }
  const fail = (error: FileError, values: UploadValues = {}): UploadResult => ({
    ok: false,
    status: error.status,
    errors: { [field]: { key: error.key, vars: error.vars } },
    values,
  })
  if (!boundary || !request.body) {
    logRefusedBody(request, 400, 'multipart without a boundary or a body')
    return fail({ status: 400, key: 'attachments.error.malformed' })
  }

  // Everything a well-formed form can carry; a larger body is refused before it is read.
  const requestLimit = maxBytes * maxFiles + MAX_TEXT_TOTAL_BYTES + MB
  const tooMuch: FileError = { status: 413, key: 'attachments.error.requestTooLarge', vars: { max: megabytes(requestLimit) } }
  const declared = Number(request.headers.get('Content-Length'))
  if (Number.isFinite(declared) && declared > requestLimit) return fail(tooMuch)

  const names = new PartNames(boundary, requestLimit)
  const files: StagedFile[] = []
  const text: [string, string][] = []
  let textBytes = 0
  let error: FileError | null = null
  const values = () => formValues(toForm(text))

  const handler = async (part: UploadHandlerPart): Promise<string | null> => {
    if (part.filename === undefined) {
      // a file input sends file parts only; a text part under its name carries nothing to keep
      if (part.name === field) return drain(part.data)
      const value = await readText(part.data, MAX_TEXT_FIELD_BYTES)
      textBytes += value === null ? Infinity : Buffer.byteLength(value)
      if (value === null || textBytes > MAX_TEXT_TOTAL_BYTES) {
        error ??= tooMuch
        return null
      }
      const clean = cleanField(part.name, value)
      text.push([cleanText(part.name), clean])
      return clean
    }
    // A file input left empty still sends a part, with an empty name and no bytes.
    if (part.filename === '' || part.name !== field || error) return drain(part.data)
    const original = names.original(part.filename)
    const refuse = (e: FileError) => {
      error = e
      return drain(part.data)
    }
    if (files.length >= maxFiles) return refuse({ status: 400, key: 'attachments.error.tooMany', vars: { max: maxFiles } })
    if (hasPathPart(original)) return refuse({ status: 400, key: 'attachments.error.path', vars: { name: shownName(original) } })
    const name = safeFileName(original)
    if (!name) return refuse({ status: 400, key: 'attachments.error.name', vars: { name: shownName(original) } })
    const staged = await stageStream(part.data, { name, maxBytes })
    if ('key' in staged) error = staged
    else files.push(staged)
    return null
  }

  let form: FormData
  try {
    form = await unstable_parseMultipartFormData(names.rewrite(request), handler)
  } catch (thrown) {
    discardStaged(files)
    // a failing disk is the server's problem, not a form error
    if (thrown instanceof Error && typeof (thrown as NodeJS.ErrnoException).code === 'string' && !names.overLimit) throw thrown
    logRefusedBody(
      request,
      names.overLimit ? 413 : 400,
      names.overLimit ? 'upload over the request limit' : 'multipart that does not parse',
    )
    return fail(names.overLimit ? tooMuch : { status: 400, key: 'attachments.error.malformed' }, values())
  }
  if (error) {
    discardStaged(files)
    return fail(error, values())
  }
  return { ok: true, form, values: formValues(form), files }
}

/**
 * The one way an action takes an upload form: parses it, runs `handle` with it, and afterwards
 * removes whatever staged files the handler did not save, whether it redirected, refused, threw
 * or threw a Response. Saving moves a file out of the staging directory (saveAttachments), so
 * what is left there after the handler is by definition unsaved.
 *
 * `handle` runs in one transaction (atomically): a filing and its attachments commit together or
 * not at all (issue 14), whether the process is killed or a write fails half-way. It is therefore
 * synchronous; the files are in the store, synced, before the rows pointing at them commit, and a
 * file placed by a transaction that never committed is removed by the sweep at start-up.
 */
export async function withUploadForm<T>(request: Request, handle: (upload: UploadResult) => T, options?: UploadOptions): Promise<T> {
  const upload = await parseUploadForm(request, options)
  try {
    return atomically(() => handle(upload))
  } finally {
    if (upload.ok) discardStaged(upload.files)
  }
}

export function discardStaged(files: readonly StagedFile[]) {
  for (const file of files) fs.rmSync(file.tempPath, { force: true })
}

function toForm(entries: [string, string][]) {
  const form = new FormData()
  for (const [k, v] of entries) form.append(k, v)
  return form
}

async function drain(data: AsyncIterable<Uint8Array>): Promise<null> {
  // the parser buffers whatever the handler leaves unread, so every part is read to its end
  for await (const _chunk of data);
  return null
}

async function readText(data: AsyncIterable<Uint8Array>, max: number): Promise<string | null> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of data) {
    size += chunk.byteLength
    if (size <= max) chunks.push(chunk)
  }
  return size > max ? null : Buffer.concat(chunks).toString('utf8')
}

function newTempPath() {
  const dir = uploadTempDir()
  fs.mkdirSync(dir, { recursive: true })
  return path.join(dir, `${randomUUID()}.upload`)
}

function fileReader(fd: number): ByteReader {
  return (offset, length) => {
    const buffer = Buffer.alloc(length)
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, length, offset))
  }
}

// Decides the type of a staged file and returns it, or removes the file and says why not.
function classify(tempPath: string, head: Uint8Array, meta: { name: string; size: number; sha256: string }): StagedFile | FileError {
  const fd = fs.openSync(tempPath, 'r')
  let type
  try {
    type = sniffFileType(head, containerInfo(head, fileReader(fd), meta.size))
  } finally {
    fs.closeSync(fd)
  }
  if (!type) {
    fs.rmSync(tempPath, { force: true })
    return { status: 400, key: 'attachments.error.type', vars: { name: shownName(meta.name) } }
  }
  return { tempPath, originalName: meta.name, size: meta.size, sha256: meta.sha256, mediaType: type.mediaType }
}

async function stageStream(
  data: AsyncIterable<Uint8Array>,
  { name, maxBytes }: { name: string; maxBytes: number },
): Promise<StagedFile | FileError> {
  const tempPath = newTempPath()
  const handle = await fs.promises.open(tempPath, 'wx', 0o600)
  const hash = createHash('sha256')
  const head: Buffer[] = []
  let headSize = 0
  let size = 0
  let pending: Uint8Array[] = []
  let pendingSize = 0
  let closed = false
  const flush = async () => {
    if (pendingSize) await handle.write(Buffer.concat(pending))
    pending = []
    pendingSize = 0
  }
  try {
    for await (const chunk of data) {
      size += chunk.byteLength
      if (closed) continue // past the limit: read on so the rest of the form arrives, keep nothing
      if (size > maxBytes) {
        closed = true
        await handle.close()
        fs.rmSync(tempPath, { force: true })
        continue
      }
      hash.update(chunk)
      if (headSize < SNIFF_HEAD_BYTES) {
        head.push(Buffer.from(chunk.subarray(0, SNIFF_HEAD_BYTES - headSize)))
        headSize += Math.min(chunk.byteLength, SNIFF_HEAD_BYTES - headSize)
      }
      pending.push(chunk)
      pendingSize += chunk.byteLength
      if (pendingSize >= WRITE_BLOCK_BYTES) await flush()
    }
    if (!closed) {
      await flush()
      await handle.sync()
      await handle.close()
      closed = true
    } else {
      return { status: 413, key: 'attachments.error.tooLarge', vars: { name: shownName(name), max: megabytes(maxBytes) } }
    }
  } catch (thrown) {
    if (!closed) await handle.close().catch(() => {})
    fs.rmSync(tempPath, { force: true })
    throw thrown
  }
  if (size === 0) {
    fs.rmSync(tempPath, { force: true })
    return { status: 400, key: 'attachments.error.empty', vars: { name: shownName(name) } }
  }
  return classify(tempPath, Buffer.concat(head), { name, size, sha256: hash.digest('hex') })
}

export type StageRefusal = { key: MessageKey; vars?: Record<string, string | number> }

/** Stages bytes the server already holds (a generated file), with the same checks as an upload. */
export function stageBytes({ name, bytes }: { name: string; bytes: Uint8Array }): StagedFile | StageRefusal {
  if (hasPathPart(name)) return { key: 'attachments.error.path', vars: { name: shownName(name) } }
  const clean = safeFileName(name)
  if (!clean) return { key: 'attachments.error.name', vars: { name: shownName(name) } }
  if (bytes.byteLength === 0) return { key: 'attachments.error.empty', vars: { name: clean } }
  const head = bytes.subarray(0, SNIFF_HEAD_BYTES)
  const type = sniffFileType(head, containerInfo(head, bufferReader(bytes), bytes.byteLength))
  if (!type) return { key: 'attachments.error.type', vars: { name: clean } }
  const tempPath = newTempPath()
  const fd = fs.openSync(tempPath, 'wx', 0o600)
  try {
    fs.writeSync(fd, bytes)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  return { tempPath, originalName: clean, size: bytes.byteLength, sha256, mediaType: type.mediaType }
}

// ---------------------------------------------------------------------------------------------
// Remix's parser passes only the last segment of a part's file name to the handler (it splits on
// "/" and "\"), and its Content-Disposition reader breaks on a ";" or "=" inside a quoted name.
// To refuse a path in the name (issue 4) rather than silently drop it, and to accept any name a
// browser sends, the body passes through this rewriter on its way to the parser: each part's
// header block is parsed here, the name as sent is kept in `names`, and the parser sees its index
// instead ("filename=\"3\""). File bytes pass through untouched.

const CRLF2 = Buffer.from('\r\n\r\n')

class PartNames {
  private readonly names: string[] = []
  private readonly delimiter: Buffer
  overLimit = false

  constructor(
    private readonly boundary: string,
    private readonly limit: number,
  ) {
    this.delimiter = Buffer.from(`--${boundary}`)
  }

  original(placeholder: string): string {
    return this.names[Number(placeholder)] ?? placeholder
  }

  rewrite(request: Request): Request {
    const body = request.body!.pipeThrough(this.transform())
    // Remix reads the boundary naively (no quotes, no other parameters): hand it the plain form
    const headers = new Headers({ 'Content-Type': `multipart/form-data; boundary=${this.boundary}` })
    return new Request(request.url, { method: 'POST', headers, body, duplex: 'half' } as RequestInit)
  }

  private transform(): TransformStream<Uint8Array, Uint8Array> {
    const delimiter = this.delimiter
    let mode: 'body' | 'header' | 'epilogue' = 'body'
    let carry: Buffer = Buffer.alloc(0)
    let total = 0
    return new TransformStream({
      transform: (chunk, controller) => {
        total += chunk.byteLength
        if (total > this.limit) {
          this.overLimit = true
          controller.error(new Error('upload too large'))
          return
        }
        const buffer = carry.length ? Buffer.concat([carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        carry = Buffer.alloc(0)
        let pos = 0
        while (pos < buffer.length) {
          if (mode === 'epilogue') {
            controller.enqueue(buffer.subarray(pos))
            break
          }
          if (mode === 'body') {
            const at = buffer.indexOf(delimiter, pos)
            if (at < 0) {
              // the delimiter may straddle two chunks: hold back what could be its start
              const keep = Math.min(delimiter.length - 1, buffer.length - pos)
              if (buffer.length - keep > pos) controller.enqueue(buffer.subarray(pos, buffer.length - keep))
              carry = Buffer.from(buffer.subarray(buffer.length - keep))
              break
            }
            controller.enqueue(buffer.subarray(pos, at + delimiter.length))
            pos = at + delimiter.length
            mode = 'header'
            continue
          }
          const rest = buffer.subarray(pos)
          if (rest.length >= 2 && rest[0] === 0x2d && rest[1] === 0x2d) {
            mode = 'epilogue'
            continue
          }
          const end = rest.indexOf(CRLF2)
          if (end < 0) {
            if (rest.length > MAX_PART_HEADER_BYTES) {
              controller.error(new Error('multipart header too long'))
              return
            }
            carry = Buffer.from(rest)
            break
          }
          controller.enqueue(this.headerBlock(rest.subarray(0, end + CRLF2.length)))
          pos += end + CRLF2.length
          mode = 'body'
        }
      },
      flush: (controller) => {
        if (carry.length) controller.enqueue(carry)
      },
    })
  }

  // "\r\nContent-Disposition: form-data; name=…; filename=…\r\nContent-Type: …\r\n\r\n"
  private headerBlock(block: Buffer): Uint8Array {
    const lines = block.toString('utf8').split('\r\n').filter(Boolean)
    const disposition = lines.find((l) => /^content-disposition\s*:/i.test(l))
    if (!disposition) return block
    const params = dispositionParams(disposition.slice(disposition.indexOf(':') + 1))
    const name = (params.get('name') ?? '').replace(/["\r\n]/g, '_')
    let filename = params.get('filename')
    const extended = params.get('filename*')
    if (filename === undefined && extended !== undefined) filename = decodeExtended(extended)
    let out = `\r\nContent-Disposition: form-data; name="${name}"`
    if (filename !== undefined) {
      if (filename === '') out += '; filename=""'
      else out += `; filename="${this.names.push(filename) - 1}"`
    }
    const type = lines.find((l) => /^content-type\s*:/i.test(l))
    if (type) out += `\r\n${type}`
    return Buffer.from(`${out}\r\n\r\n`)
  }
}

// form-data; name="x"; filename="a;b=c.pdf". Browsers send the name's bytes as UTF-8 with only
// '"', CR and LF percent-encoded (HTML's multipart/form-data encoding), and no backslash
// escapes, so a quoted value ends at the next '"' and a backslash is part of the name.
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>()
  for (const m of value.matchAll(/;\s*([^\s=;]+)\s*=\s*(?:"([^"]*)"|([^;]*))/g)) {
    const raw = m[2] ?? m[3].trim()
    params.set(
      m[1].toLowerCase(),
      m[2] === undefined ? raw : raw.replace(/%(22|0A|0D)/gi, (_w, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    )
  }
  return params
}

function decodeExtended(value: string): string {
  const m = /^([\w-]+)'[^']*'(.*)$/.exec(value)
  if (!m || m[1].toLowerCase() !== 'utf-8') return value
  try {
    return decodeURIComponent(m[2])
  } catch {
    return value
  }
}
