import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchChromium } from '../page-javascript'
import { baseUrl, chartsDrawn, dbQuery, DEMO_PASSWORD } from './browser'
import { axeViolations, NARROW, narrowFindings } from './page-checks'
import { findEnglish, findRawKeys } from './page-text'

// Every page each demo role can reach, in both languages (issue 19): breadth-first from the home
// page over same-origin links, a few instances per route pattern (fewer in English: PER_PATTERN). Each page is checked for raw
// message keys and internal ids, English words in Chinese mode, and console or page errors
// (React's hydration errors among them); the first URL of each route pattern is also checked by
// axe-core (serious and critical violations; see `accessibility` for which roles and languages) and
// again at 390 px wide (nothing wider than the screen, no value broken over two lines). All
// findings are reported at once. The crawl only reads: it follows links, never submits a form, and
// sets the language by its cookie rather than through the switch (which would store the
// preference on the shared demo account).

type Locale = 'zh' | 'en'
type Visit = { role: string; locale: Locale; path: string }
type Finding = Visit & { what: string }
/** One check of a loaded page; adding a kind of check to the crawl is adding one of these. */
type PageCheck = (page: Page, visit: Visit, ctx: { dataWords: string[]; pattern: string; firstOfPattern: boolean }) => Promise<string[]>

// CRAWL_ROLES=expert,lab narrows a run while working on a fix
// applicant and edu: the certification round's accounts (issue 21), a confirmed applicant and a city department
const ROLES = process.env.CRAWL_ROLES?.split(',') ?? ['bureau', 'gusu', 'lab', 'lab2', 'expert', 'applicant', 'edu']
const LOCALES: Locale[] = ['zh', 'en']
// Distinct URLs per route pattern (ids and query shapes together), and per pattern and set of
// query keys. Chinese, the first language, reads a pattern's pages with different data; what
// English changes is the words, which a pattern's first page shows as well as its third, so
// English reads one page a pattern (the crawl's time is most of CI's browser run).
const PER_PATTERN: Record<Locale, number> = { zh: 3, en: 1 }
const PER_SHAPE: Record<Locale, number> = { zh: 2, en: 1 }
// lab2 is a second lab seen by its own account: the same pages as lab with another lab's data,
// which the Chinese crawl reads; in English it would repeat lab's words
const ZH_ONLY = new Set(['lab2'])

// Downloads and the things that are not pages to read: sign-out, the language switch, message
// scripts. (Print views are pages and are crawled.)
const SKIP = [
  /[./](csv|xlsx|docx|pdf|zip)$/,
  /^\/attachments\//,
  /^\/labs\/export$/,
  /^\/imports\/[^/]+\/file$/,
  /^\/imports\/(export|templates)\//,
  /^\/messages\//,
  /^\/logout$/,
  /^\/language$/,
  // the read API (issue 20): JSON, and its docs page, a programmers' reference whose parameter
  // names, code and curl examples are English in either language (tests/api/docs-page.test.ts)
  /^\/api\//,
]

const textChecks: PageCheck = async (page, visit, { dataWords }) => {
  const text = await page.evaluate(() => {
    // code, keyboard keys and what the page marks translate="no" (credit codes, job names, grade
    // codes, setting names) are literal by intent
    let all = document.body.innerText
    for (const el of document.body.querySelectorAll<HTMLElement>('code, kbd, samp, [translate="no"]')) {
      if (el.innerText) all = all.split(el.innerText).join(' ')
    }
    return all
  })
  const found = findRawKeys(text)
  if (visit.locale === 'zh') found.push(...findEnglish(text, dataWords))
  return found.map((f) => `${f.kind}: ${f.text}`)
}

// axe and the narrow pass run on the first URL of each route pattern only: a pattern's other URLs
// render the same components. axe takes about a second a page, most of the crawl's time, so it
// runs on each role's patterns in Chinese (the first language) and, in English, on each pattern
// once whichever role reaches it first (what English changes is text: accessible names that must
// contain the visible label). The narrow pass is cheap and runs per role in both languages.
// Together the crawl stays under about 5 minutes.
const axedInEnglish = new Set<string>()
const accessibility: PageCheck = async (page, visit, { firstOfPattern, pattern }) => {
  if (!firstOfPattern) return []
  if (visit.locale === 'en') {
    if (axedInEnglish.has(pattern)) return []
    axedInEnglish.add(pattern)
  }
  return axeViolations(page)
}

const narrowScreen: PageCheck = async (page, _visit, { firstOfPattern }) => {
  if (!firstOfPattern) return []
  const desktop = page.viewportSize()
  await page.setViewportSize(NARROW)
  // the charts follow their card by a ResizeObserver: a frame for it to fire and one to paint
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  const found = await narrowFindings(page)
  if (desktop) await page.setViewportSize(desktop)
  return found.map((f) => `${NARROW.width} px: ${f}`)
}

const CHECKS: PageCheck[] = [textChecks, accessibility, narrowScreen]

/** The route pattern of a path: ids and tokens become placeholders, so /labs/1 and /labs/2 are one. */
export function routePattern(pathname: string) {
  return pathname
    .split('/')
    .map((s) => (/^\d+$/.test(s) ? ':id' : /^[\w-]{20,}$/.test(s) && /\d/.test(s) ? ':token' : s))
    .join('/')
}

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

async function signedInContext(username: string, locale: Locale): Promise<BrowserContext> {
  // a person in Suzhou: the browser's time zone and language differ from the server's (UTC), so
  // anything rendered from the clock or Intl differently on each side shows as a hydration error
  const context = await browser.newContext({ timezoneId: 'Asia/Shanghai', locale: locale === 'zh' ? 'zh-CN' : 'en-GB' })
  const { hostname } = new URL(baseUrl())
  await context.addCookies([{ name: 'lc_lang', value: locale, domain: hostname, path: '/' }])
  const page = await context.newPage()
  await page.goto(`${baseUrl()}/login`)
  await page.fill('#username', username)
  await page.fill('#password', DEMO_PASSWORD)
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('main button[type=submit]')])
  await page.close()
  return context
}

// Hydrated and settled: the router exists, charts are drawn, and a frame and a task have passed
// so React's recoverable (hydration) errors, reported after its commit, have been raised.
async function settled(page: Page) {
  await page.waitForFunction(() => '__remixRouter' in window)
  await chartsDrawn(page)
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))))
}

async function crawlAs(role: string, locale: Locale, dataWords: string[]) {
  const context = await signedInContext(role, locale)
  const page = await context.newPage()
  const origin = new URL(baseUrl()).origin
  const findings: Finding[] = []
  let current: Visit = { role, locale, path: '/' }
  // React's production errors name their number (#418, #423, #425 for hydration); its link is noise
  const short = (text: string) => text.split('\n')[0].replace(/; visit https:\/\/react\S+ for the full message.*$/, '')
  page.on('pageerror', (error) => findings.push({ ...current, what: `page error: ${short(error.message)}` }))
  page.on('console', (message) => {
    if (message.type() === 'error') findings.push({ ...current, what: `console error: ${short(message.text())}` })
  })

  const seen = new Set<string>(['/'])
  const perPattern = new Map<string, number>()
  const perShape = new Map<string, number>()
  const checkedPatterns = new Set<string>()
  const checkTime = new Map<string, number>()
  const queue = ['/']
  const visited: string[] = []
  while (queue.length > 0) {
    const path = queue.shift()!
    current = { role, locale, path }
    visited.push(path)
    const res = await page.goto(`${origin}${path}`)
    if (res?.status() !== 200) {
      findings.push({ ...current, what: `status ${res?.status()}` })
      continue
    }
    await settled(page)
    const pattern = routePattern(new URL(page.url()).pathname)
    const firstOfPattern = !checkedPatterns.has(pattern)
    checkedPatterns.add(pattern)
    for (const check of CHECKS) {
      const t0 = Date.now()
      for (const what of await check(page, current, { dataWords, pattern, firstOfPattern })) findings.push({ ...current, what })
      checkTime.set(check.name, (checkTime.get(check.name) ?? 0) + Date.now() - t0)
    }
    const hrefs = await page.$$eval('a[href]:not([download])', (links) => links.map((a) => (a as HTMLAnchorElement).href))
    for (const href of hrefs) {
      const url = new URL(href)
      if (url.origin !== origin || SKIP.some((re) => re.test(url.pathname))) continue
      const target = url.pathname + url.search
      if (seen.has(target)) continue
      seen.add(target)
      const pattern = routePattern(url.pathname)
      const shape = `${pattern}?${[...new Set(url.searchParams.keys())].sort().join('&')}`
      if ((perPattern.get(pattern) ?? 0) >= PER_PATTERN[locale] || (perShape.get(shape) ?? 0) >= PER_SHAPE[locale]) continue
      perPattern.set(pattern, (perPattern.get(pattern) ?? 0) + 1)
      perShape.set(shape, (perShape.get(shape) ?? 0) + 1)
      queue.push(target)
    }
  }
  await context.close()
  return { visited, findings, checkTime }
}

test(
  'every page, for every demo role in both languages, shows no raw key, stray English, error, axe violation or overflow',
  { timeout: 600_000 },
  async () => {
    // data, not interface: names, and the outbox's mails, each written in its recipient's language
    // (an English-reading account's renewal decision shows in the bureau's Chinese outbox as sent)
    const dataWords = dbQuery<{ w: string }>(
      `SELECT name AS w FROM labs UNION SELECT name FROM organisations UNION SELECT display_name FROM users UNION SELECT username FROM users
       UNION SELECT subject FROM mail_outbox`,
    ).map((r) => r.w)
    const started = Date.now()
    const all: Finding[] = []
    const figures: string[] = []
    // two crawls at a time: each mostly waits on the server or the browser, so a second one fills
    // the gaps (one browser, a context per role and language)
    const crawls = ROLES.flatMap((role) =>
      LOCALES.filter((locale) => locale === 'zh' || !ZH_ONLY.has(role)).map((locale) => ({ role, locale })),
    )
    const crawlNext = async (): Promise<void> => {
      const next = crawls.shift()
      if (!next) return
      const t0 = Date.now()
      const { visited, findings, checkTime } = await crawlAs(next.role, next.locale, dataWords)
      const checks = [...checkTime].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}`).join(', ')
      figures.push(`${next.role}/${next.locale}: ${visited.length} pages in ${((Date.now() - t0) / 1000).toFixed(1)} s (${checks})`)
      expect(visited.length, `${next.role}/${next.locale} reached too few pages`).toBeGreaterThan(3)
      all.push(...findings)
      return crawlNext()
    }
    await Promise.all([crawlNext(), crawlNext()])
    console.log(`crawl: ${figures.join('; ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`)
    // one line per finding, the same finding on several pages once with its pages
    const grouped = new Map<string, string[]>()
    for (const f of all) {
      const key = `[${f.role}/${f.locale}] ${f.what}`
      grouped.set(key, [...(grouped.get(key) ?? []), f.path])
    }
    const report = [...grouped].map(
      ([key, paths]) => `${key}  — ${[...new Set(paths)].slice(0, 3).join(' ')}${paths.length > 3 ? ` (+${paths.length - 3})` : ''}`,
    )
    expect(report, report.join('\n')).toEqual([])
  },
)
