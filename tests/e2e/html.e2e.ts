import { describe, expect, test } from 'vitest'
import { baseUrl, DEMO_PASSWORD } from './browser'

// The served HTML itself, byte for byte: React 18.3's stream could leave NUL bytes where a
// Chinese character met its write buffer's end (app/entry.server.tsx drops them). Pages with
// long Chinese text cross that boundary many times.
async function signIn(username: string) {
  const response = await fetch(`${baseUrl()}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: baseUrl(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: DEMO_PASSWORD }),
  })
  const cookie = response.headers.get('set-cookie')?.split(';')[0]
  expect(cookie).toBeTruthy()
  return cookie!
}

describe('served HTML', () => {
  test('pages full of Chinese text carry no NUL bytes and keep every character', async () => {
    const cookie = await signIn('bureau')
    for (const path of ['/', '/labs?size=100', '/calendar?year=2026', '/settings', '/settings/robots', '/audit']) {
      const bytes = new Uint8Array(await (await fetch(`${baseUrl()}${path}`, { headers: { Cookie: cookie } })).arrayBuffer())
      expect(bytes.length, path).toBeGreaterThan(10_000)
      expect(bytes.includes(0), `${path} has a NUL byte`).toBe(false)
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
      expect(text, path).toContain('</html>')
    }
    const calendar = await (await fetch(`${baseUrl()}/calendar?year=2026`, { headers: { Cookie: cookie } })).text()
    expect(calendar).toContain('调休上班')
  })
})
