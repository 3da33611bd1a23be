import { describe, expect, test } from 'vitest'
import { serverForSuite } from '../app-server'
import { client, DEMO_PASSWORD, signIn } from './http'

// The security headers as a browser receives them from the production server: a CSP whose nonce
// is on every script of the page, no caching of signed-in pages, HSTS and a Secure cookie only
// when the request came over HTTPS (through a trusted TLS proxy), and an Origin check that tells
// http:// from https://.

function cspOf(res: Response) {
  const header = res.headers.get('content-security-policy') ?? ''
  const directives = new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  )
  return { header, directives }
}

/** what a TLS-terminating proxy in front of the server adds to a browser's https request */
function viaTlsProxy(baseUrl: string) {
  return { 'X-Forwarded-Proto': 'https', Origin: baseUrl.replace('http://', 'https://') }
}

async function signInOver(baseUrl: string, headers: Record<string, string>) {
  return client(baseUrl).post('/login', { username: 'bureau', password: DEMO_PASSWORD }, { headers })
}

function sessionCookieOf(res: Response) {
  return res.headers.getSetCookie().find((c) => c.startsWith('lc_session=')) ?? null
}

describe('security headers behind a trusted TLS proxy (TRUST_PROXY=true)', () => {
  const server = serverForSuite({ env: { TRUST_PROXY: 'true' } })

  test('a signed-in page: every <script> carries the nonce its CSP names, and the nonce is new per response', async () => {
    const bureau = await signIn(server.baseUrl, 'bureau')
    const nonces: string[] = []
    for (const path of ['/', '/labs', '/renewals']) {
      const res = await bureau.get(path)
      expect(res.status).toBe(200)
      const { directives } = cspOf(res)
      const scriptSrc = directives.get('script-src') ?? []
      const nonceSource = scriptSrc.find((s) => s.startsWith("'nonce-"))
      expect(nonceSource, path).toBeDefined()
      const nonce = nonceSource!.slice("'nonce-".length, -1)
      expect(nonce.length).toBeGreaterThanOrEqual(16)
      nonces.push(nonce)
      expect(scriptSrc).not.toContain("'unsafe-inline'")
      expect(scriptSrc).not.toContain("'unsafe-eval'")
      const html = await res.text()
      const scripts = html.match(/<script\b[^>]*>/g) ?? []
      expect(scripts.length, path).toBeGreaterThanOrEqual(2)
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`)
    }
    expect(new Set(nonces).size).toBe(nonces.length)
  })

  test('the CSP forbids framing, plugins, <base> and posting forms elsewhere', async () => {
    const res = await client(server.baseUrl).get('/login')
    const { directives } = cspOf(res)
    expect(directives.get('frame-ancestors')).toEqual(["'none'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
    expect(directives.get('form-action')).toEqual(["'self'"])
    expect(directives.get('connect-src')).toEqual(["'self'"])
    expect(directives.get('img-src')).toEqual(["'self'", 'data:'])
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
    const permissions = res.headers.get('permissions-policy') ?? ''
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(permissions).toContain(`${feature}=()`)
  })

  test('signed-in pages, data and exports are never cached; the built assets are, for a year', async () => {
    const bureau = await signIn(server.baseUrl, 'bureau')
    const page = await bureau.get('/labs')
    expect(page.headers.get('cache-control')).toBe('no-store')
    const html = await page.text()
    const data = await bureau.get('/labs?_data=routes%2Flabs._index')
    expect(data.headers.get('cache-control')).toBe('no-store')
    const csv = await bureau.get('/labs/export')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('cache-control')).toMatch(/no-store/)
    const asset = html.match(/\/build\/[^"]+\.js/)![0]
    const js = await bureau.get(asset)
    expect(js.status).toBe(200)
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })

  test('over plain HTTP: no HSTS, no upgrade-insecure-requests, and the session cookie is not Secure', async () => {
    const res = await signInOver(server.baseUrl, { Origin: server.baseUrl })
    expect(res.status).toBe(302)
    expect(res.headers.get('strict-transport-security')).toBeNull()
    expect(cspOf(res).directives.has('upgrade-insecure-requests')).toBe(false)
    expect(sessionCookieOf(res)).not.toMatch(/;\s*Secure/i)
  })

  test('over HTTPS through the proxy: HSTS, upgrade-insecure-requests and a Secure session cookie', async () => {
    const res = await signInOver(server.baseUrl, viaTlsProxy(server.baseUrl))
    expect(res.status).toBe(302)
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains')
    expect(cspOf(res).directives.has('upgrade-insecure-requests')).toBe(true)
    expect(sessionCookieOf(res)).toMatch(/;\s*Secure/i)
    const cookie = sessionCookieOf(res)!.split(';')[0]
    const page = await client(server.baseUrl, cookie).get('/labs', { headers: { 'X-Forwarded-Proto': 'https' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('strict-transport-security')).toMatch(/^max-age=/)
  })

  test('the Origin check compares the scheme: a page at http:// cannot post to the https:// site', async () => {
    const res = await signInOver(server.baseUrl, { 'X-Forwarded-Proto': 'https', Origin: server.baseUrl })
    expect(res.status).toBe(403)
    expect(sessionCookieOf(res)).toBeNull()
    const otherPort = await signInOver(server.baseUrl, { Origin: server.baseUrl.replace(/:\d+$/, ':1') })
    expect(otherPort.status).toBe(403)
  })
})

describe('security headers without a trusted proxy (TRUST_PROXY unset)', () => {
  const server = serverForSuite()

  test('a forged X-Forwarded-Proto earns neither HSTS nor a Secure cookie, and its https Origin is refused', async () => {
    const forged = await signInOver(server.baseUrl, viaTlsProxy(server.baseUrl))
    expect(forged.status).toBe(403)
    const res = await signInOver(server.baseUrl, { 'X-Forwarded-Proto': 'https', Origin: server.baseUrl })
    expect(res.status).toBe(302)
    expect(res.headers.get('strict-transport-security')).toBeNull()
    expect(sessionCookieOf(res)).not.toMatch(/;\s*Secure/i)
  })
})

describe('methods a browser form never sends', () => {
  const server = serverForSuite()

  test('PUT, PATCH and DELETE answer 405 and OPTIONS 204, with the methods allowed, before any action runs', async () => {
    const bureau = await signIn(server.baseUrl, 'bureau')
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await bureau.post('/settings', { intent: 'save' }, { method })
      expect(res.status, method).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, HEAD, POST')
      expect(await res.text()).toContain('不支持的请求方法')
    }
    const options = await bureau.post('/settings', { intent: 'save' }, { method: 'OPTIONS' })
    expect(options.status).toBe(204)
    expect(options.headers.get('allow')).toBe('GET, HEAD, POST')
    // the same page still answers its own methods
    expect((await bureau.get('/settings')).status).toBe(200)
  })
})
