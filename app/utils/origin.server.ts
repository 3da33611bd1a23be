// CSRF defence in depth next to SameSite=Lax cookies: every state-changing request must come
// from a page of this very site. Browsers send Origin on cross-origin and same-origin POSTs;
// older ones may send only Referer. A mutation with neither is refused.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isSameOriginMutation({
  method,
  origin,
  referer,
  host,
}: {
  method: string
  origin: string | undefined
  referer: string | undefined
  host: string | undefined
}): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true
  if (!host) return false
  const source = origin && origin !== 'null' ? origin : referer
  if (!source) return false
  try {
    return new URL(source).host === host
  } catch {
    return false
  }
}
