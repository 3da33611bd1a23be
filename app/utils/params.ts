// A positive integer id from a route param, or 404: /labs/abc is a page that does not exist.
export function idParam(value: string | undefined): number {
  const id = Number(value)
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response('Not found', { status: 404 })
  return id
}
