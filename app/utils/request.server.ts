// What Express tells Remix about the request that Remix's Request does not carry.
export type AppLoadContext = {
  clientIp: string
  /** this response's Content-Security-Policy nonce, for the inline scripts the page renders */
  cspNonce: string
}

export function clientIpOf(context: unknown): string {
  const ip = (context as Partial<AppLoadContext> | undefined)?.clientIp
  return typeof ip === 'string' ? ip : ''
}

export function cspNonceOf(context: unknown): string {
  const nonce = (context as Partial<AppLoadContext> | undefined)?.cspNonce
  return typeof nonce === 'string' ? nonce : ''
}

// A same-site path only: never redirect a user to another host after sign-in or a switch.
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (typeof to !== 'string' || !to.startsWith('/')) return fallback
  // Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so '/\t/evil'
  // and '/\\evil' lead off-site; a path of ours never holds them (nor a bare space).
  if (/[\u0000-\u0020\u007f\\]/.test(to)) return fallback
  const base = 'http://labcycle.invalid'
  let url: URL
  try {
    url = new URL(to, base)
  } catch {
    return fallback
  }
  // what a browser will request, resolved: it must stay here, and not start a host ('//')
  const path = `${url.pathname}${url.search}${url.hash}`
  return url.origin === base && !path.startsWith('//') ? path : fallback
}
