import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'
import { cleanField } from './forms'
import type { FieldErrors } from './forms'

// A spreadsheet posted with a form (the application's roster import, issue 21): read into memory,
// since the reader judges its bytes (imports.server.ts recordsIn) and nothing of it is stored; the
// text fields come back cleaned as every form's do. The lab imports stage theirs (imports.new.tsx).

export type SpreadsheetUpload =
  | { ok: true; values: Record<string, string>; bytes: Uint8Array; fileName: string }
  | { ok: false; status: 400 | 413; errors: FieldErrors; values: Record<string, string> }

export async function readSpreadsheetUpload(request: Request, { maxBytes, field = 'file' }: { maxBytes: number; field?: string }) {
  const fail = (status: 400 | 413, key: 'imports.error.tooLarge' | 'imports.error.file' | 'attachments.error.malformed') =>
    ({ ok: false, status, errors: { [field]: { key } }, values: {} }) as const
  // the file, a few short fields and the multipart framing
  if (Number(request.headers.get('Content-Length') ?? 0) > maxBytes + 64 * 1024) return fail(413, 'imports.error.tooLarge')
  let form: FormData
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }))
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return fail(413, 'imports.error.tooLarge')
    return fail(400, 'attachments.error.malformed')
  }
  const values: Record<string, string> = {}
  for (const [k, v] of form.entries()) if (typeof v === 'string') values[k] = cleanField(k, v)
  const file = form.get(field)
  if (!(file instanceof File) || file.size === 0) return { ...fail(400, 'imports.error.file'), values }
  return { ok: true, values, bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name.slice(-200) } as const
}
