// CSRF defence in depth next to SameSite=Lax cookies: every state-changing request must come
// from a page of this very site. Browsers send Origin on cross-origin and same-origin POSTs;
// older ones may send only Referer. A mutation with neither is refused.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The origin (scheme://host[:port]) the request was made to, or null when it has no usable host.
 * `protocol` is Express's req.protocol (X-Forwarded-Proto under TRUST_PROXY); `host` the Host
 * header, or X-Forwarded-Host when the proxy is trusted. A default port drops out, as in the
 * Origin header a browser sends.
 */
export function requestOrigin({ protocol, host }: { protocol: string; host: string | undefined }): string | null {
  const first = host?.split(',')[0]?.trim()
  if (!first || (protocol !== 'http' && protocol !== 'https')) return null
  try {
    const url = new URL(`${protocol}://${first}`)
    // a Host header is a host and a port, nothing more
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null
    return url.origin
  } catch {
    return null
  }
}

export function isSameOriginMutation({
  method,
  origin,
  referer,
  expectedOrigin,
}: {
  method: string
  origin: string | undefined
  referer: string | undefined
  /** requestOrigin(…) of this request */
  expectedOrigin: string | null
}): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true
  if (!expectedOrigin) return false
  const source = origin && origin !== 'null' ? origin : referer
  if (!source) return false
  try {
    // scheme, host and port: http://labs.example is not https://labs.example
    return new URL(source).origin === expectedOrigin
  } catch {
    return false
  }
}
