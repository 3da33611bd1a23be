import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject } from 'vitest'
import { CHROMIUM, CHROMIUM_ARGS } from '../page-javascript'

export const DEMO_PASSWORD = 'labcycle-demo'

// Debian's Chromium, never a downloaded browser; quiet flags for a closed network.
export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-chromium-'))
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    args: [...CHROMIUM_ARGS, '--disable-sync'],
  })
  return {
    context,
    close: async () => {
      await context.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

// One browser for the test file it is called in (at its top level): launched before the file's
// tests, closed after them. `context()` is its context once they run.
export function browserForFile() {
  let launched: Awaited<ReturnType<typeof launch>> | undefined
  beforeAll(async () => {
    launched = await launch()
  })
  afterAll(async () => {
    await launched?.close()
  })
  const context = () => launched!.context
  return {
    context,
    // a new page with no session
    freshPage: async () => {
      await context().clearCookies()
      return context().newPage()
    },
    pageAs: (username: string) => signedInPage(context(), username),
  }
}

export function baseUrl() {
  return inject('baseUrl')
}

export async function signInAs(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl()}/login`)
  await page.fill('#username', username)
  await page.fill('#password', password)
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('main button[type=submit]')])
}

// The server's database, read-only: tests compare what the pages show with what was stored.
export function dbQuery<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(inject('dataDir'), 'labcycle.db'), { readonly: true })
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}

export const labIdOf = (username: string) => dbQuery<{ lab_id: number }>('SELECT lab_id FROM users WHERE username = ?', username)[0].lab_id

// One browser, one user at a time: signing in as another drops the previous session first.
export async function signedInPage(context: BrowserContext, username: string) {
  await context.clearCookies()
  const page = await context.newPage()
  await signInAs(page, username)
  return page
}

// Remix's forms submit through the router once the page is hydrated, and the router may change
// the URL before React has rendered the new page: wait for what the new page shows, not the URL.
export async function hydrated(page: Page) {
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(() => '__remixRouter' in window)
  await chartsDrawn(page)
}

// Charts are drawn in the browser after hydration, once recharts' chunk has loaded: until then
// each shows a placeholder marked data-chart-pending (app/components/charts/chart-parts.tsx).
export async function chartsDrawn(page: Page) {
  await page.waitForFunction(() => document.querySelector('[data-chart-pending]') === null)
}

export async function openPage(page: Page, pathname: string) {
  const res = await page.goto(`${baseUrl()}${pathname}`)
  expect(res?.status(), pathname).toBe(200)
  await hydrated(page)
}

/** Waits for the page's "saved" notice (role=status) carrying the message. */
export async function savedNotice(page: Page, message: string) {
  await page.getByRole('status').filter({ hasText: message }).waitFor()
}

/** Today (or `offsetDays` from it) in Suzhou, as the server counts days. */
export const shanghaiDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10)

/** Confirms the open second-look dialog (app/components/ui/confirm-submit.tsx) of an irreversible step. */
export async function confirmInDialog(page: Page) {
  await page.locator('dialog[open] [data-testid=confirm-ok]').click()
}
