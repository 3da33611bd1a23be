import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import zlib from 'node:zlib'
import Database from 'better-sqlite3'
import { dbFileIn, openDb } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { buildProduction, startAppServer } from '../tests/app-server'
import { hasChromium, javascriptOfPage, launchChromium } from '../tests/page-javascript'
import { client, signIn, type Client } from '../tests/system/http'

// `npm run bench:http [-- --labs 5000] [--out file.json]` (issue 18): the production build served
// on a scale database (DATA_DIR made by `npm run seed:scale`, or one seeded into a temporary
// directory with --labs when DATA_DIR has none), measured from this separate process over
// loopback: per page serial p50/p95 and p50/p95 with 10 users in a closed loop, beside two
// floors of the same run (/healthz, and /login without a session); HTML bytes, compression and
// gzipped JavaScript; the server's memory after the run; the reminders and compliance jobs.
// Measures only: each row is marked against the issue's targets, nothing is tuned here.

const { values } = parseArgs({
  options: {
    labs: { type: 'string', default: '5000' },
    out: { type: 'string' },
    serial: { type: 'string', default: '30' },
    users: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '5' },
    only: { type: 'string' },
    // exports under 10 users too (off by default: one xlsx of every row can take seconds each)
    'export-users': { type: 'boolean', default: false },
    // pages only, without the compliance and reminders jobs (for a quick look at a few pages)
    'no-jobs': { type: 'boolean', default: false },
    // pages only, without the whole-register exports (they grow with the data by nature; at
    // 50,000 labs the register alone is some 1.9 million rows)
    'no-exports': { type: 'boolean', default: false },
  },
})
const SERIAL = Number(values.serial)
const USERS = Number(values.users)
const SECONDS = Number(values.seconds)
const TARGET = {
  serialP95Ms: 50,
  floorRatio: 3,
  htmlBytes: 150 * 1024,
  jsGzNoCharts: 150 * 1024,
  jsGzCharts: 250 * 1024,
  rssMb: 300,
  remindersMs: 5000,
}

const root = path.resolve(import.meta.dirname, '..')
process.chdir(root)

// the database: DATA_DIR's when it has one, else a temporary one seeded here
let dataDir = process.env.DATA_DIR
if (!dataDir || !fs.existsSync(dbFileIn(dataDir))) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-bench-http-'))
  console.log(`no database in DATA_DIR: seeding ${values.labs} labs into ${dataDir}`)
  const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed-scale.ts', '--labs', values.labs!], {
    stdio: 'inherit',
    env: { ...process.env, DATA_DIR: dataDir },
  })
  if (seeded.status !== 0) throw new Error('seed:scale failed')
}
const out = values.out ?? path.join(dataDir, 'bench-http.json')
// a database seeded before the latest migrations gets them first, as the server would on start,
// so that what is read below (a certification round, say) is there to read
{
  const db = openDb(dbFileIn(dataDir))
  runMigrations(db)
  db.$client.close()
}
const read = new Database(dbFileIn(dataDir), { readonly: true })
const one = <T>(sql: string) => read.prepare(sql).get() as T
const labCount = one<{ n: number }>('SELECT count(*) AS n FROM labs').n
const labId = one<{ id: number }>("SELECT id FROM labs WHERE district_code = '320508' ORDER BY id LIMIT 1 OFFSET 3").id
const ownLabId = one<{ lab_id: number }>("SELECT lab_id FROM users WHERE username = 'lab'").lab_id
const searchWord = one<{ name: string }>(`SELECT name FROM labs WHERE id = ${labId}`).name.slice(-5)
// a certification round (issue 21), where the data holds one (the scale data may hold none)
const roundId = one<{ id: number } | undefined>('SELECT id FROM certification_rounds ORDER BY id LIMIT 1')?.id
const applicationId = one<{ id: number } | undefined>("SELECT id FROM round_applications WHERE status <> 'draft' ORDER BY id LIMIT 1")?.id
read.close()

if (!fs.existsSync(path.join(root, 'build', 'index.js'))) {
  console.log('no production build: building')
  buildProduction()
}
const server = await startAppServer({ dataDir, env: { SEED_DEMO: 'false', SCHEDULER: 'off' } })
console.log(`server ${server.baseUrl} (pid ${server.process.pid}) on ${labCount} labs`)

// `afterWrite`: the bench commits a change to the database (a lab's focus text, from its own
// connection, as a job or an import would) before each request, so the page cannot answer from
// what it read before the last write (app/utils/read-memo.server.ts): its cost when data changes.
// `api`: a read API list (issue 20), asked with a bearer token (role 'api:<username>') and timed
// against a page's target, though it is JSON.
type Page = { name: string; role: string | null; url: string; html: boolean; afterWrite?: boolean; api?: boolean }
const page = (role: string | null, url: string, name = url, html = true): Page => ({ name, role, url, html })
const api = (username: string, url: string, name: string): Page => ({ name, role: `api:${username}`, url, html: false, api: true })

// A read API client: a token made by the command line, as a service account's is, sent as Bearer.
// Its rate limit (120 a minute) is far above what the serial timing asks of one token.
function apiClient(username: string): Client {
  const made = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/api-token.ts', '--username', username, '--name', 'bench', '--days', '1'],
    { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' },
  )
  if (made.status !== 0) throw new Error(`api-token for ${username} failed: ${made.stderr}`)
  const token = (JSON.parse(made.stdout) as { created: { token: string } }).created.token
  const base = client(server.baseUrl)
  return {
    ...base,
    get: (pathname, init = {}) => {
      const headers = new Headers(init.headers)
      headers.set('Authorization', `Bearer ${token}`)
      return base.get(pathname, { ...init, headers })
    },
  }
}

const PAGES: Page[] = [
  page('bureau', '/', '/ (bureau dashboard)'),
  { ...page('bureau', '/', '/ (bureau dashboard, after a write)'), afterWrite: true },
  page('gusu', '/', '/ (district dashboard, gusu)'),
  { ...page('gusu', '/', '/ (district dashboard, after a write)'), afterWrite: true },
  page('bureau', '/labs', '/labs (first page)'),
  page('bureau', '/labs?district=320583', '/labs (one district)'),
  page('bureau', '/labs?status=expiring', '/labs (status expiring)'),
  page('bureau', '/labs?sort=headcount&dir=desc', '/labs (sorted by team size)'),
  page('bureau', `/labs?q=${encodeURIComponent(searchWord)}`, '/labs (searched)'),
  page('gusu', '/labs', '/labs (district, gusu)'),
  page('bureau', `/labs/${labId}`, '/labs/:id'),
  page('lab', `/labs/${ownLabId}`, '/labs/:id (lab user, own lab)'),
  page('bureau', `/labs/${labId}/certificate`, '/labs/:id/certificate'),
  page('bureau', '/reviews'),
  page('bureau', '/requests'),
  page('gusu', '/requests', '/requests (gusu)'),
  page('bureau', '/renewals'),
  page('gusu', '/renewals', '/renewals (gusu)'),
  page('bureau', '/renewals?stage=rectifying', '/renewals (stage rectifying)'),
  page('gusu', '/renewals?stage=applied&sort=lab', '/renewals (gusu, applied, by lab)'),
  page('bureau', '/security'),
  page('bureau', '/inbox'),
  page('lab', '/inbox', '/inbox (lab user)'),
  page('bureau', '/audit'),
  page('bureau', '/outcomes'),
  page('bureau', '/outcomes/register'),
  page('bureau', '/evaluations'),
  page('bureau', '/imports'),
  page('bureau', '/rounds'),
  page('bureau', '/rounds/new'),
  ...(roundId ? [page('bureau', `/rounds/${roundId}`, '/rounds/:id')] : []),
  ...(roundId ? [page('bureau', `/rounds/${roundId}/review`, '/rounds/:id/review')] : []),
  // the round at a glance (issue 21 item 8): the bureau's every office, an office its own row
  ...(roundId ? [page('bureau', `/rounds/${roundId}/funnel`, '/rounds/:id/funnel')] : []),
  ...(roundId ? [page('gusu', `/rounds/${roundId}/funnel`, '/rounds/:id/funnel (gusu)')] : []),
  page('bureau', '/departments'),
  // 公示 (issue 21 item 6): read signed out, as the public reads it
  page(null, '/public/notices', '/public/notices (signed out)'),
  // 申报单位 (issue 21): the offices' confirmation list and the public registration form
  page('bureau', '/applicants'),
  page('gusu', '/applicants', '/applicants (gusu)'),
  page('bureau', '/applicants/new'),
  page(null, '/register', '/register (signed out)'),
  // certification applications (issue 21): the applicant's home, an office's list, one application
  page('applicant', '/applications', '/applications (applicant)'),
  page('gusu', '/applications', '/applications (gusu)'),
  page('bureau', '/applications', '/applications (bureau)'),
  ...(applicationId ? [page('bureau', `/applications/${applicationId}`, '/applications/:id')] : []),
  page('bureau', '/organisations'),
  page('bureau', '/users'),
  page('bureau', '/calendar'),
  page('bureau', '/help', '/help (bureau, with the first-run checklist)'),
  page('expert', '/assignments', '/assignments (expert)'),
  ...[
    api('bureau', '/api/v1/labs', '/api/v1/labs (first page)'),
    api('bureau', '/api/v1/labs?limit=200&sort=-end_date', '/api/v1/labs (200, by end date)'),
    api('bureau', `/api/v1/labs?q=${encodeURIComponent(searchWord)}`, '/api/v1/labs (searched)'),
    api('gusu', '/api/v1/labs', '/api/v1/labs (district, gusu)'),
    api('bureau', '/api/v1/dashboard', '/api/v1/dashboard'),
    api('bureau', '/api/v1/requests', '/api/v1/requests (first page)'),
    api('gusu', '/api/v1/requests?status=submitted', '/api/v1/requests (district, submitted)'),
    api('bureau', '/api/v1/renewals', '/api/v1/renewals (first page)'),
    api('gusu', '/api/v1/renewals?stage=decided', '/api/v1/renewals (district, decided)'),
    api('bureau', `/api/v1/labs/${labId}/obligations`, '/api/v1/labs/:id/obligations'),
    api('bureau', `/api/v1/labs/${labId}/filings`, '/api/v1/labs/:id/filings'),
    api('bureau', `/api/v1/labs/${labId}/incidents`, '/api/v1/labs/:id/incidents'),
    api('bureau', `/api/v1/labs/${labId}/outcomes`, '/api/v1/labs/:id/outcomes'),
    api('bureau', `/api/v1/labs/${labId}/compliance-history`, '/api/v1/labs/:id/compliance-history'),
  ],
  ...[
    '/labs/export',
    '/labs/export.xlsx',
    '/requests/csv',
    '/requests/xlsx',
    '/renewals/csv',
    '/renewals/xlsx',
    '/security/incidents/csv',
    '/security/incidents/xlsx',
    '/outcomes.xlsx',
    '/outcomes/register.csv',
    '/outcomes/register.xlsx',
    '/reviews.xlsx',
    '/audit.xlsx',
    '/dashboard.xlsx',
    '/evaluations.xlsx',
    '/organisations.xlsx',
    '/users.xlsx',
    '/imports.xlsx',
  ].map((url) => page('bureau', url, url, false)),
].filter((p) => (!values.only || p.name.includes(values.only)) && (p.html || p.api || !values['no-exports']))

const clients = new Map<string | null, Client>([[null, client(server.baseUrl)]])
for (const role of new Set(PAGES.map((p) => p.role))) if (role?.startsWith('api:')) clients.set(role, apiClient(role.slice(4)))
for (const role of new Set(PAGES.map((p) => p.role))) if (role && !clients.has(role)) clients.set(role, await signIn(server.baseUrl, role))

type Fetched = { ms: number; status: number; bytes: number; encoding: string | null; type: string; body: Buffer }
// a real change, committed: a write that leaves the row as it was does not count as one
const writer = new Database(dbFileIn(dataDir))
writer.pragma('busy_timeout = 2000')
const touchedFocus = (writer.prepare(`SELECT focus FROM labs WHERE id = ${labId}`).get() as { focus: string }).focus
let touches = 0
const touchLab = {
  run: () => writer.prepare(`UPDATE labs SET focus = ? WHERE id = ${labId}`).run(`${touchedFocus}${++touches % 2 ? '·' : ''}`),
}
async function fetchOnce(c: Client, url: string, afterWrite = false): Promise<Fetched> {
  if (afterWrite) touchLab.run()
  const t0 = performance.now()
  const res = await c.get(url, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } })
  const body = Buffer.from(await res.arrayBuffer())
  return {
    ms: performance.now() - t0,
    status: res.status,
    bytes: body.length,
    encoding: res.headers.get('content-encoding'),
    type: res.headers.get('content-type') ?? '',
    body,
  }
}
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b)
  return { n: s.length, p50: Number(quantile(s, 0.5).toFixed(1)), p95: Number(quantile(s, 0.95).toFixed(1)) }
}
async function serial(c: Client, url: string, repeats: number, warmups: number, afterWrite = false) {
  for (let i = 0; i < warmups; i++) await fetchOnce(c, url, afterWrite)
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) samples.push((await fetchOnce(c, url, afterWrite)).ms)
  return stats(samples)
}
async function concurrent(c: Client, url: string, afterWrite = false) {
  const end = performance.now() + SECONDS * 1000
  const samples: number[] = []
  let errors = 0
  await Promise.all(
    Array.from({ length: USERS }, async () => {
      while (performance.now() < end) {
        const r = await fetchOnce(c, url, afterWrite)
        if (r.status !== 200) errors++
        samples.push(r.ms)
      }
    }),
  )
  return { ...stats(samples), errors }
}

// The JavaScript a page loads. In Debian's Chromium when it is there (tests/page-javascript.ts):
// every script the page loads until the network is idle, with a fresh cache, as the browser
// tests count it, so the messages script and any dynamic import count too. Without a browser,
// from the HTML: its script src and modulepreload links, each gzipped once (which misses what
// the page loads later).
const browser = hasChromium() ? await launchChromium() : null
const jsGz = new Map<string, number>()
async function javascriptOf(html: string, p: Page) {
  if (browser) {
    const cookie = clients.get(p.role)!.cookie
    const [name, ...value] = cookie.split('=')
    const js = await javascriptOfPage(browser, `${server.baseUrl}${p.url}`, cookie ? { name, value: value.join('=') } : undefined)
    return { files: js.files, gzBytes: js.gzBytes, method: 'browser' as const }
  }
  const srcs = new Set<string>()
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) srcs.add(m[1])
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) srcs.add(m[1])
  for (const m of html.matchAll(/import\s*(?:[\w{}*,\s]+from\s*)?["']([^"']+\.js)["']/g)) srcs.add(m[1])
  let total = 0
  for (const src of srcs) {
    if (!jsGz.has(src)) {
      const r = await fetchOnce(clients.get(null)!, src.startsWith('http') ? new URL(src).pathname : src)
      jsGz.set(src, r.status === 200 ? zlib.gzipSync(r.body).length : 0)
    }
    total += jsGz.get(src)!
  }
  return { files: srcs.size, gzBytes: total, method: 'html' as const }
}

const started = performance.now()
const floors = {
  healthz: { serial: await serial(clients.get(null)!, '/healthz', SERIAL, 3), users: await concurrent(clients.get(null)!, '/healthz') },
  login: { serial: await serial(clients.get(null)!, '/login', SERIAL, 3), users: await concurrent(clients.get(null)!, '/login') },
}
const floor = floors.login.users.p95
console.log(
  `floors: /healthz serial p95 ${floors.healthz.serial.p95} ms, 10 users p95 ${floors.healthz.users.p95} ms; /login ${floors.login.serial.p95} / ${floor} ms`,
)

const rows = []
for (const p of PAGES) {
  const c = clients.get(p.role)!
  const first = await fetchOnce(c, p.url)
  if (first.status !== 200) console.warn(`${p.name}: HTTP ${first.status}`)
  const html = p.html ? first.body.toString('utf8') : ''
  // a chart is drawn in the browser (ChartDrawing's placeholder, app/components/charts/chart-parts.tsx)
  const charts = p.html && /data-chart-pending|recharts/.test(html)
  const js = p.html ? await javascriptOf(html, p) : null
  const s = await serial(c, p.url, p.html ? SERIAL : 5, p.html ? 3 : 1, p.afterWrite)
  const u = p.html || values['export-users'] ? await concurrent(c, p.url, p.afterWrite) : null
  const ratio = u ? Number((u.p95 / floor).toFixed(1)) : null
  const row = {
    page: p.name,
    role: p.role,
    url: p.url,
    status: first.status,
    serial: s,
    users: u,
    ratioToFloor: ratio,
    bytes: first.bytes,
    contentEncoding: first.encoding,
    charts,
    js,
    met: {
      // a page's target; an export sends every row of a register (up to 32 MB), so it is timed only
      serialP95: p.html || p.api ? s.p95 <= TARGET.serialP95Ms : null,
      usersP95: ratio === null ? null : ratio <= TARGET.floorRatio,
      html: p.html ? first.bytes <= TARGET.htmlBytes : null,
      // the target is about text: an xlsx is a zip already and goes out as it is
      compressed: /^(text\/|application\/(json|javascript))/.test(first.type) ? first.encoding !== null : null,
      jsGz: js ? js.gzBytes <= (charts ? TARGET.jsGzCharts : TARGET.jsGzNoCharts) : null,
    },
  }
  rows.push(row)
  console.log(`${p.name}: serial p95 ${s.p95} ms, ${USERS} users p95 ${u?.p95 ?? '-'} ms (${ratio ?? '-'}x)`)
}
const benchMs = performance.now() - started
const memMb = (field: string) => {
  const status = fs.readFileSync(`/proc/${server.process.pid}/status`, 'utf8')
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024)
}
// Right after the last request, and once the server has been idle for SETTLE_MS, as an operator
// would see it: the server collects the garbage a download of every row leaves a second after
// the last download ends (app/utils/memory.server.ts). The target is judged on the settled figure.
const SETTLE_MS = 5000
const rssAtEndMb = memMb('VmRSS')
await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
const memory = { rssAtEndMb, rssMb: memMb('VmRSS'), peakRssMb: memMb('VmHWM'), settleMs: SETTLE_MS }
await browser?.close()
// the lab's text as it was before the bench touched it
writer.prepare(`UPDATE labs SET focus = ? WHERE id = ${labId}`).run(touchedFocus)
writer.close()
await server.stop()

// the jobs as `npm run jobs` runs them, on a copy so the measured database stays as it was
const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-bench-jobs-'))
if (!values['no-jobs']) await new Database(dbFileIn(dataDir), { readonly: true }).backup(dbFileIn(copyDir))
function job(name: string, extra: string[] = []) {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/jobs.ts', name, ...extra], {
    env: { ...process.env, DATA_DIR: copyDir },
    encoding: 'utf8',
  })
  const wallMs = Math.round(performance.now() - t0)
  let result: { status?: string; startedAt?: string; finishedAt?: string; summary?: unknown } = {}
  try {
    result = JSON.parse(r.stdout)
  } catch {
    console.warn(`${name}: ${r.stdout}\n${r.stderr}`)
  }
  const runMs = result.startedAt && result.finishedAt ? Date.parse(result.finishedAt) - Date.parse(result.startedAt) : null
  return { job: name, status: result.status, runMs, wallMs, summary: result.summary }
}
// A database fresh from seed:scale has never been reminded: today's run catches up on every step
// of years of history at once. The daily run is the next one, the day after at the jobs' own
// times (compliance 00:10, reminders 08:30): that is the run the 5 s target is about.
const shanghaiToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
const nextDayAt = (time: string) => new Date(Date.parse(`${shanghaiToday}T${time}+08:00`) + 86_400_000).toISOString()
const jobs = values['no-jobs']
  ? []
  : [
      { ...job('compliance'), run: 'today' },
      { ...job('reminders'), run: 'today, the first run on this database (catch-up)' },
      { ...job('compliance', ['--now', nextDayAt('00:10:00')]), run: 'the next day' },
      { ...job('reminders', ['--now', nextDayAt('08:30:00')]), run: 'the next day (the daily run)', daily: true },
    ]
fs.rmSync(copyDir, { recursive: true, force: true })

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`
const mark = (ok: boolean | null) => (ok === null ? '' : ok ? ' ✓' : ' ✗')
const table = [
  `bench:http on ${labCount} labs, ${new Date().toISOString()}, ${os.cpus().length} cores; floors (p95 serial / ${USERS} users): /healthz ${floors.healthz.serial.p95} / ${floors.healthz.users.p95} ms, /login ${floors.login.serial.p95} / ${floor} ms`,
  '',
  `| page | serial p50 / p95 | ${USERS} users p50 / p95 | × floor | bytes | encoding | JS gzipped (${browser ? 'all a browser loads' : 'HTML links only'}) |`,
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| \`${r.page}\`${r.status === 200 ? '' : ` (HTTP ${r.status})`} | ${r.serial.p50} / ${r.serial.p95} ms${mark(r.met.serialP95)} | ${r.users ? `${r.users.p50} / ${r.users.p95} ms` : 'not run'} | ${r.ratioToFloor === null ? '' : `${r.ratioToFloor}×`}${mark(r.met.usersP95)} | ${kb(r.bytes)}${mark(r.met.html)} | ${r.contentEncoding ?? 'none'}${mark(r.met.compressed)} | ${r.js ? `${kb(r.js.gzBytes)}${r.charts ? ' (charts)' : ''}${mark(r.met.jsGz)}` : ''} |`,
  ),
  '',
  `server memory after the run: RSS ${memory.rssMb} MB ${SETTLE_MS / 1000} s after the last request${mark(memory.rssMb <= TARGET.rssMb)} (${memory.rssAtEndMb} MB right after it, peak ${memory.peakRssMb} MB)`,
  ...jobs.map(
    (j) =>
      `job ${j.job}, ${j.run}: ${j.status}, run ${j.runMs ?? '?'} ms (process ${j.wallMs} ms)${'daily' in j ? mark(j.status === 'ok' && j.runMs !== null && j.runMs <= TARGET.remindersMs) : ''}; ${JSON.stringify(j.summary)}`,
  ),
  `pages measured in ${(benchMs / 1000).toFixed(0)} s (exports: 5 serial after 1 warm-up${values['export-users'] ? '' : ', not under load: --export-users'}); ✓ met, ✗ not met (a page's serial p95 ≤ ${TARGET.serialP95Ms} ms, exports timed only; ${USERS}-user p95 ≤ ${TARGET.floorRatio}× the /login floor; HTML ≤ 150 KB; text compressed; JS gz ≤ 150 KB, 250 KB with charts; RSS ≤ 300 MB; reminders ≤ 5 s)`,
].join('\n')
console.log(`\n${table}`)
fs.writeFileSync(
  out,
  JSON.stringify(
    { labs: labCount, at: new Date().toISOString(), targets: TARGET, floors, rows, memory, jobs, benchMs: Math.round(benchMs) },
    null,
    2,
  ),
)
console.log(`\nJSON: ${out}`)
