import type { MessageKey } from '~/i18n'
import { cleanField, cleanText } from './forms'

// The one way an action reads a form body (issue 14, finding 4). Browsers and Remix's <Form>
// post application/x-www-form-urlencoded or multipart/form-data in UTF-8; anything else (a
// text/plain or JSON body, another charset, a multipart body that does not parse, more than a
// form can hold) is refused here with 415, 400 or 413 as a thrown Response, which the root error
// boundary shows as a localised page (its body is the message key), and one line in the log
// instead of a stack trace. Every text value comes back cleaned (cleanField): no NUL, no other
// control or bidirectional formatting characters, newlines as "\n". File parts are dropped: the
// forms with attachments read their bodies through parseUploadForm (upload.server.ts).

// Far above any form without files (the longest text fields take a few thousand characters), so
// an over-long field still reaches its schema and gets the field's own message.
export const MAX_FORM_BYTES = 4 * 1024 * 1024

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

export type BodyRefusal = { status: 400 | 413 | 415; key: MessageKey; reason: string }

/** One line in the log for a body refused as unreadable, without a stack trace. */
export function logRefusedBody(request: Request, status: number, reason: string) {
  console.warn(`refused ${request.method} ${new URL(request.url).pathname}: ${status} ${reason}`)
}

/** Logs the refusal in one line and returns the Response an action throws. */
export function refusalOfBody(request: Request, refusal: BodyRefusal): Response {
  logRefusedBody(request, refusal.status, refusal.reason)
  return new Response(refusal.key, { status: refusal.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

/** The media type and charset of a Content-Type header, lower-cased. */
export function contentTypeOf(request: Request): { type: string; charset: string | null } {
  const header = request.headers.get('Content-Type') ?? ''
  const type = header.split(';')[0].trim().toLowerCase()
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header)?.[1].toLowerCase() ?? null
  return { type, charset }
}

/** Why a request's body cannot be a form, or null when it may be one. */
export function formBodyRefusal(request: Request): BodyRefusal | null {
  const { type, charset } = contentTypeOf(request)
  if (!type && !request.body) return null
  if (!FORM_TYPES.includes(type)) {
    return { status: 415, key: 'error.unsupportedMediaType', reason: `content type ${JSON.stringify(type || 'none').slice(0, 80)}` }
  }
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    return { status: 415, key: 'error.unsupportedMediaType', reason: `charset ${JSON.stringify(charset).slice(0, 40)}` }
  }
  const declared = Number(request.headers.get('Content-Length'))
  if (Number.isFinite(declared) && declared > MAX_FORM_BYTES) return tooLarge
  return null
}

const tooLarge: BodyRefusal = { status: 413, key: 'error.tooLarge', reason: 'body over the form limit' }
const unreadable = (reason: string): BodyRefusal => ({ status: 400, key: 'error.unreadableForm', reason })

export async function readForm(request: Request): Promise<FormData> {
  const refusal = formBodyRefusal(request)
  if (refusal) throw refusalOfBody(request, refusal)
  const form = new FormData()
  if (!request.body) return form
  const bytes = await readLimited(request.body, MAX_FORM_BYTES)
  if (!bytes) throw refusalOfBody(request, tooLarge)
  const { type } = contentTypeOf(request)
  let entries: [string, string][]
  try {
    entries =
      type === 'multipart/form-data' ? await multipartEntries(bytes, request.headers.get('Content-Type')!) : urlEncodedEntries(bytes)
  } catch (error) {
    throw refusalOfBody(request, unreadable(error instanceof Error ? error.message.slice(0, 120) : 'unreadable'))
  }
  for (const [name, value] of entries) form.append(cleanText(name), cleanField(name, value))
  return form
}

async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | null> {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks)
}

// URLSearchParams would turn a bad escape or bytes that are not UTF-8 (a form sent as GBK, say)
// into U+FFFD and store the damage; decodeURIComponent refuses them.
function urlEncodedEntries(bytes: Uint8Array): [string, string][] {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new Error('URL-encoded body not UTF-8')
  }
  const entries: [string, string][] = []
  for (const pair of text.split('&')) {
    if (!pair) continue
    const at = pair.indexOf('=')
    const [name, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)]
    try {
      entries.push([decodeURIComponent(name.replace(/\+/g, ' ')), decodeURIComponent(value.replace(/\+/g, ' '))])
    } catch {
      throw new Error('bad percent escape or not UTF-8')
    }
  }
  return entries
}

async function multipartEntries(bytes: Uint8Array, contentType: string): Promise<[string, string][]> {
  const parsed = await new Response(Buffer.from(bytes), { headers: { 'Content-Type': contentType } }).formData()
  const entries: [string, string][] = []
  for (const [name, value] of parsed.entries()) if (typeof value === 'string') entries.push([name, value])
  return entries
}
