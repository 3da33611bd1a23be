// A positive integer id from a route param, or 404: /labs/abc is a page that does not exist.
export function idParam(value: string | undefined): number {
  const id = Number(value)
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response('Not found', { status: 404 })
  return id
}

/** A positive integer id from a form field (a number or its digits), or null: a chosen row's id. */
export function formId(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN
  return Number.isSafeInteger(n) && n > 0 ? n : null
}
