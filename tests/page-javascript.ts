import fs from 'node:fs'
import zlib from 'node:zlib'
import { chromium, type Browser, type Response } from 'playwright-core'

// The JavaScript a page makes the browser load, as a person's first visit loads it: Debian's
// Chromium opens the page in a fresh context (nothing cached) and every script response until the
// network is idle is counted, gzipped once with zlib's default level: the module scripts and
// their modulepreloads, the messages script (app/i18n/messages-asset.server.ts), and anything a
// dynamic import() or a fetch of JavaScript brings. Used by the budget test
// (tests/e2e/bundle.e2e.ts) and by `npm run bench:http`.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const hasChromium = () => fs.existsSync(CHROMIUM)

// quiet flags for a closed network (the browser tests' launch in tests/e2e/browser.ts uses them too)
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
}

export type PageJavascript = { status: number; files: number; gzBytes: number; scripts: Array<{ url: string; gzBytes: number }> }

const isJavascript = (res: Response) =>
  res.request().resourceType() === 'script' || /javascript|ecmascript/.test(res.headers()['content-type'] ?? '')

/** Opens `url` (with the session cookie when given) and sums the gzipped JavaScript it loads. */
export async function javascriptOfPage(
  browser: Browser,
  url: string,
  sessionCookie?: { name: string; value: string },
): Promise<PageJavascript> {
  const context = await browser.newContext()
  try {
    if (sessionCookie) await context.addCookies([{ ...sessionCookie, url: new URL(url).origin }])
    const page = await context.newPage()
    const sizes = new Map<string, Promise<number>>()
    page.on('response', (res) => {
      if (isJavascript(res) && !sizes.has(res.url()))
        sizes.set(
          res.url(),
          res.body().then(
            (body) => zlib.gzipSync(body).length,
            () => 0,
          ),
        )
    })
    const res = await page.goto(url)
    await page.waitForLoadState('networkidle')
    // hydrated: every module the page needs has run (a page that never hydrates is counted as it stands)
    await page.waitForFunction(() => '__remixRouter' in window, undefined, { timeout: 10_000 }).catch(() => {})
    const scripts = await Promise.all([...sizes].map(async ([src, size]) => ({ url: new URL(src).pathname, gzBytes: await size })))
    return { status: res?.status() ?? 0, files: scripts.length, gzBytes: scripts.reduce((sum, s) => sum + s.gzBytes, 0), scripts }
  } finally {
    await context.close()
  }
}
