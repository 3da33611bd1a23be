import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { makeUscc } from '~/domain/uscc'
import { startAppServer, type AppServer } from '../app-server'
import { client, dbQuery, signIn, type Client } from './http'

// The standing "hostile input" test (issue 14). Every action of the production build is found
// without a hand list: the build names the routes that have an action, and crawling the pages as
// the bureau, a district, two labs and an expert collects each <form method="post"> with its
// fields and intents. Every form then gets bad submissions (bodies that are no form, missing,
// repeated and over-long fields, control and bidi characters, markup, SQL, impossible dates,
// negative and huge numbers, ids of another lab) and every answer must be below 500, a refusal
// must say why on the page, a refused submission must leave the business tables as they were,
// what was accepted must be stored clean and shown escaped, and the database must stay sound.

// and the certification round's accounts (issue 21): a confirmed applicant and 市教育局's office
const USERS = ['bureau', 'gusu', 'lab', 'lab2', 'expert', 'applicant', 'edu'] as const
type UserName = (typeof USERS)[number] | 'anonymous'

// Written by reading pages, signing in and out and by refusals themselves (failed sign-ins are
// audited and throttled); not business data.
const BOOKKEEPING = new Set([
  'sessions',
  'login_throttle',
  'audit_log',
  'lab_checks',
  'compliance_stale',
  'compliance_history',
  'job_runs',
  'job_locks',
  '__drizzle_migrations',
])
const MB_STRING = 'x'.repeat(1024 * 1024)
const CONTROL = 'A\u0000B\u202ec\u0007d\u001b[31m\r\ne\tf\u2066g\u2069'
const MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>'
const SQL = "'; DROP TABLE labs;--"
const UNWANTED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/
const STACK_TRACE = /\n\s+at [^\n]*:\d+:\d+|node_modules\//
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

type ActionRoute = { id: string; pattern: RegExp; statics: number }
type Field = { name: string; type: string; value: string; options: string[] }
type FormSpec = {
  user: UserName
  page: string
  action: string
  multipart: boolean
  fields: Field[]
  button: [string, string] | null
  routeId: string
}
type Body =
  | { kind: 'fields'; entries: [string, string][]; files?: { name: string; bytes: Buffer }[] }
  | { kind: 'raw'; body: BodyInit; type?: string }
type Failure = { what: string; status: number; detail: string }

let server: AppServer
let snapshot: Database.Database
const clients = {} as Record<UserName, Client>
const failures: Failure[] = []
const tried = { submissions: 0, refused: 0, accepted: 0, pages: 0, forms: 0, cookies: 0 }

beforeAll(async () => {
  server = await startAppServer()
  snapshot = new Database(path.join(server.dataDir, 'labcycle.db'), { readonly: true })
  for (const user of USERS) clients[user] = await signIn(server.baseUrl, user)
  clients.anonymous = client(server.baseUrl)
})

afterAll(async () => {
  if (process.env.HOSTILE_LOG && server) fs.writeFileSync(process.env.HOSTILE_LOG, server.output())
  snapshot?.close()
  await server?.stop()
})

// ---- what the build says has an action -------------------------------------------------------

function actionRoutes(): ActionRoute[] {
  const script = `const m = await import(${JSON.stringify(path.resolve('build/index.js'))});
    const all = m.assets.routes; const full = (r) => r.parentId && all[r.parentId] ? [full(all[r.parentId]), r.path].filter(Boolean).join('/') : (r.path ?? '');
    console.log(JSON.stringify(Object.values(all).filter((r) => r.hasAction).map((r) => ({ id: r.id, path: full(r) }))))`
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
  if (out.status !== 0) throw new Error(out.stderr)
  return (JSON.parse(out.stdout) as { id: string; path: string }[])
    .map(({ id, path: p }) => {
      const segments = p.split('/').filter(Boolean)
      const regex = segments.map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')
      return { id, pattern: new RegExp(`^/${regex}/?$`), statics: segments.filter((s) => !s.startsWith(':')).length }
    })
    .sort((a, b) => b.statics - a.statics)
}

const routeOf = (routes: ActionRoute[], url: string) => routes.find((r) => r.pattern.test(new URL(url).pathname))?.id ?? null

// ---- crawling ---------------------------------------------------------------------------------

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
const attr = (attrs: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(attrs)
  return m ? decode(m[1]) : null
}

type FoundForm = Omit<FormSpec, 'user' | 'routeId' | 'button'> & { buttons: [string, string][] }

function formsOf(html: string, pageUrl: string): FoundForm[] {
  const forms: FoundForm[] = []
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const [, attrs, inner] = m
    if ((attr(attrs, 'method') ?? 'get').toLowerCase() !== 'post') continue
    const action = new URL(attr(attrs, 'action') ?? pageUrl, pageUrl).href
    const fields: Field[] = []
    for (const i of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const name = attr(i[1], 'name')
      const type = (attr(i[1], 'type') ?? 'text').toLowerCase()
      if (!name || type === 'submit' || type === 'button' || type === 'reset') continue
      if ((type === 'checkbox' || type === 'radio') && !/\schecked=""/.test(i[1])) {
        if (type === 'radio' && !fields.some((f) => f.name === name))
          fields.push({ name, type, value: attr(i[1], 'value') ?? 'on', options: [] })
        continue
      }
      fields.push({ name, type, value: attr(i[1], 'value') ?? (type === 'checkbox' ? 'on' : ''), options: [] })
    }
    for (const t of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const name = attr(t[1], 'name')
      if (name) fields.push({ name, type: 'textarea', value: decode(t[2]), options: [] })
    }
    for (const s of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(s[1], 'name')
      if (!name) continue
      const options = [...s[2].matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map((o) => attr(o[1], 'value') ?? decode(o[2]))
      const selected = [...s[2].matchAll(/<option\b([^>]*)>/gi)].find((o) => /\sselected=""/.test(o[1]))
      fields.push({ name, type: 'select', value: selected ? (attr(selected[1], 'value') ?? '') : (options.find(Boolean) ?? ''), options })
    }
    const buttons: [string, string][] = []
    for (const b of inner.matchAll(/<button\b([^>]*)>/gi)) {
      const name = attr(b[1], 'name')
      if (name && (attr(b[1], 'type') ?? 'submit') === 'submit') buttons.push([name, attr(b[1], 'value') ?? ''])
    }
    forms.push({ page: pageUrl, action, multipart: attr(attrs, 'enctype') === 'multipart/form-data', fields, buttons })
  }
  return forms
}

// pages that answered 200, by user: an action whose form a state hides is still posted to at its page
const visited: { user: UserName; url: string }[] = []

async function crawl(user: UserName, routes: ActionRoute[], skipPaths: RegExp[], start = '/'): Promise<FormSpec[]> {
  const c = clients[user]
  const seen = new Set<string>()
  const perPattern = new Map<string, number>()
  const queue = [start]
  const forms: FormSpec[] = []
  while (queue.length && seen.size < 140) {
    const url = queue.shift()!
    if (seen.has(url)) continue
    seen.add(url)
    const res = await retried(() => c.get(url))
    tried.pages++
    expect.soft(res.status, `GET ${url} as ${user}`).toBeLessThan(500)
    const location = res.headers.get('Location')
    // an expert's start page is their assignments
    if (location?.startsWith('/') && !location.startsWith('/login') && !seen.has(location)) queue.push(location)
    if (res.status !== 200 || !(res.headers.get('Content-Type') ?? '').includes('text/html')) {
      await res.body?.cancel()
      continue
    }
    const html = await res.text()
    visited.push({ user, url })
    for (const f of formsOf(html, `${server.baseUrl}${url}`)) {
      const routeId = routeOf(routes, f.action)
      if (!routeId) continue
      const { buttons, ...rest } = f
      for (const button of buttons.length ? buttons : [null]) forms.push({ ...rest, user, routeId, button })
    }
    for (const m of html.matchAll(/<a\b[^>]*\shref="(\/[^"#]*)"/gi)) {
      const href = decode(m[1])
      if (/^\/(build|attachments|logout)\b|\.(csv|xlsx|docx)\b|\/(csv|xlsx|export|print)\b|_print|\/dossier/.test(href)) continue
      if (skipPaths.some((p) => p.test(href))) continue
      const key = href.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/:id')
      const n = perPattern.get(key) ?? 0
      if (n >= 2 || seen.has(href)) continue
      perPattern.set(key, n + 1)
      queue.push(href)
    }
  }
  return forms
}

// A reused keep-alive connection the server has just closed (idle for 5 s, or after an answer
// given before a large body was read) fails at once; the request never reached the server and
// is sent once more on a new connection, as browsers do.
async function retried(send: () => Promise<Response>): Promise<Response> {
  try {
    return await send()
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code
    if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error
    return send()
  }
}

// ---- the database as evidence -------------------------------------------------------------------

const tables = () =>
  (snapshot.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map(
    (t) => t.name,
  )
let lastVersion = -1
let lastHashes = new Map<string, string>()
function businessHashes(): Map<string, string> {
  const version = snapshot.pragma('data_version', { simple: true }) as number
  if (version === lastVersion) return lastHashes
  const hashes = new Map<string, string>()
  for (const table of tables()) {
    if (BOOKKEEPING.has(table)) continue
    const hash = createHash('sha1')
    for (const row of snapshot.prepare(`SELECT * FROM "${table}"`).iterate()) hash.update(JSON.stringify(row))
    hashes.set(table, hash.digest('hex'))
  }
  lastVersion = version
  lastHashes = hashes
  return hashes
}
const changedTables = (before: Map<string, string>, after: Map<string, string>) =>
  [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t))

// ---- sending ----------------------------------------------------------------------------------

function requestBody(body: Body): { body: BodyInit; headers: Record<string, string> } {
  if (body.kind === 'raw') return { body: body.body, headers: body.type ? { 'Content-Type': body.type } : {} }
  if (body.files) {
    const form = new FormData()
    for (const [k, v] of body.entries) form.append(k, v)
    for (const f of body.files) form.append('attachments', new File([new Uint8Array(f.bytes)], f.name, { type: 'application/pdf' }))
    return { body: form, headers: {} }
  }
  const params = new URLSearchParams()
  for (const [k, v] of body.entries) params.append(k, v)
  return { body: params, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }
}

async function submit(c: Client, url: string, body: Body, what: string) {
  const before = businessHashes()
  const { body: payload, headers } = requestBody(body)
  tried.submissions++
  let res: Response
  try {
    res = await retried(() => c.post(url.replace(server.baseUrl, ''), payload, { headers }))
  } catch (error) {
    failures.push({ what, status: 0, detail: `no answer: ${String((error as { cause?: unknown }).cause ?? error)}` })
    return 0
  }
  const text = await res.text()
  const after = businessHashes()
  const fail = (detail: string) => failures.push({ what, status: res.status, detail })
  if (res.status >= 500) fail(text.slice(0, 300))
  if (STACK_TRACE.test(text)) fail('the answer shows a stack trace')
  if (res.status >= 400 && res.status < 500) {
    tried.refused++
    const html = (res.headers.get('Content-Type') ?? '').includes('text/html')
    if (html && !/role="alert"|data-testid="error-message"/.test(text)) fail('a refusal without a message on the page')
    const changed = changedTables(before, after)
    if (changed.length) fail(`refused, yet changed ${changed.join(', ')}`)
  } else if (res.status < 400) {
    tried.accepted++
    if (text.includes('<script>alert(1)')) fail('markup rendered unescaped')
    const location = res.headers.get('Location')
    if (location?.startsWith('/') && !location.startsWith('/login')) {
      const page = await c.get(location)
      const shown = await page.text()
      if (page.status >= 500) fail(`the page after it, ${location}, answers ${page.status}`)
      if (shown.includes('<script>alert(1)')) fail(`markup rendered unescaped on ${location}`)
    }
  }
  return res.status
}

// ---- the bad submissions ------------------------------------------------------------------------

const TEXT_TYPES = new Set(['text', 'textarea', 'search', 'tel', 'url', 'email'])
const isText = (f: Field) => TEXT_TYPES.has(f.type)
const isNumberLike = (f: Field) => f.type === 'number' || /id$/i.test(f.name) || (f.type === 'hidden' && /^\d+$/.test(f.value))
const isDate = (f: Field) => f.type === 'date' || f.type === 'datetime-local' || f.type === 'month'

function plausible(f: Field): string {
  if (f.value) return f.value
  if (f.type === 'password') return ''
  if (f.type === 'date') return '2026-03-02'
  if (f.type === 'datetime-local') return '2026-03-02T10:00'
  if (f.type === 'month') return '2026-03'
  if (f.type === 'number') return '1'
  if (f.type === 'email') return 'hostile@example.org'
  if (f.type === 'select') return f.options.find(Boolean) ?? ''
  return '敌意测试 hostile'
}

function entriesOf(spec: FormSpec, change: (f: Field) => string | string[] | null = plausible): [string, string][] {
  const out: [string, string][] = []
  for (const f of spec.fields) {
    if (f.type === 'file') continue
    const v = change(f)
    if (v === null) continue
    for (const item of Array.isArray(v) ? v : [v]) out.push([f.name, item])
  }
  if (spec.button) out.push(spec.button)
  return out
}

function fieldVariants(spec: FormSpec, otherLab: FormSpec | undefined): [string, [string, string][]][] {
  const texts = spec.fields.filter(isText)
  const on = (pick: (f: Field) => boolean, value: string | ((f: Field) => string)) =>
    entriesOf(spec, (f) => (pick(f) ? (typeof value === 'string' ? value : value(f)) : plausible(f)))
  const variants: [string, [string, string][]][] = [
    ['missing fields', spec.button ? [spec.button] : []],
    ['repeated fields', entriesOf(spec, (f) => [plausible(f), f.type === 'password' ? '' : 'x'])],
    ['SQL in every field', on((f) => f.type !== 'password', SQL)],
  ]
  if (texts.length) {
    variants.push(
      ['a 1 MB string', on((f) => f === texts[0], MB_STRING)],
      ['control and bidi characters', on(isText, CONTROL)],
      ['markup and script', on(isText, MARKUP)],
    )
  }
  if (spec.fields.some(isDate)) {
    variants.push(
      [
        'an impossible date',
        on(isDate, (f) => (f.type === 'datetime-local' ? '2026-02-30T25:61' : f.type === 'month' ? '2026-13' : '2026-02-30')),
      ],
      ['a date in year 99999', on(isDate, '99999-12-31')],
    )
  }
  if (spec.fields.some(isNumberLike)) {
    for (const n of ['-1', '1e308', '99999999999999999999999', '1.5', 'NaN']) variants.push([`number ${n}`, on(isNumberLike, n)])
  }
  if (otherLab) {
    const theirs = new Map(otherLab.fields.map((f) => [f.name, f.value]))
    const swapped = on(
      (f) => /id$/i.test(f.name) && theirs.has(f.name) && theirs.get(f.name) !== f.value,
      (f) => theirs.get(f.name)!,
    )
    if (JSON.stringify(swapped) !== JSON.stringify(entriesOf(spec))) variants.push(["another lab's ids in the fields", swapped])
  }
  return variants
}

function bodyVariants(spec: FormSpec): [string, Body][] {
  const intent = spec.button ? `${spec.button[0]}=${spec.button[1]}` : 'intent=x'
  return [
    ['text/plain', { kind: 'raw', body: intent, type: 'text/plain' }],
    ['JSON', { kind: 'raw', body: JSON.stringify(Object.fromEntries(entriesOf(spec))), type: 'application/json' }],
    [
      'broken multipart',
      { kind: 'raw', body: `--XX\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave`, type: 'multipart/form-data; boundary=XX' },
    ],
    ['multipart without a boundary', { kind: 'raw', body: 'intent=x', type: 'multipart/form-data' }],
    [
      'Latin-1 charset',
      {
        kind: 'raw',
        body: Buffer.from(`${intent}&title=caf\xe9`, 'latin1'),
        type: 'application/x-www-form-urlencoded; charset=iso-8859-1',
      },
    ],
    ['GBK bytes as UTF-8', { kind: 'raw', body: `${intent}&title=%D6%D0%CE%C4`, type: 'application/x-www-form-urlencoded' }],
    ['no body, no content type', { kind: 'raw', body: '' }],
  ]
}

// The lab user's form with another lab's id in its URL: the other lab's own matching form, if any.
// One organisation in a CSV, uploaded but not applied: the preview page it opens has the apply form.
async function stagedImportPreview() {
  const code = makeUscc({ authority: '9', kind: '1', region: '320508', serial: 'MA1HKT2LX' })
  const form = new FormData()
  form.append('file', new File([`统一社会信用代码,单位名称,单位类型,所在区县\n${code},敌意输入测试单位,企业,姑苏区\n`], '单位.csv'))
  const uploaded = await clients.bureau.post('/imports/new?kind=organisations', form)
  expect(uploaded.status).toBe(302)
  return new URL(uploaded.headers.get('location')!, server.baseUrl).pathname
}

function withOtherLab(url: string, otherLabId: number) {
  return url.replace(/\/labs\/\d+/, `/labs/${otherLabId}`)
}

test('over HTTP: a body that is no form, a broken cookie and a silent refusal each get a page that says why', async () => {
  const plain = await client(server.baseUrl).post('/login', 'username=bureau', { headers: { 'Content-Type': 'text/plain' } })
  expect(plain.status).toBe(415)
  expect(await plain.text()).toContain('提交的格式不受支持')
  const badCookie = await fetch(`${server.baseUrl}/login`, { headers: { Cookie: 'lc_session=%E0%A4%A' } })
  expect(badCookie.status).toBe(200)
  expect(await badCookie.text()).toContain('name="password"')
  const labId = dbQuery<{ lab_id: number }>(server.dataDir, "SELECT lab_id FROM users WHERE username = 'lab'")[0].lab_id
  const tampered = await clients.lab.post(`/labs/${labId}/team`, { intent: 'remove', memberId: 'abc' })
  expect(tampered.status).toBe(400)
  expect(await tampered.text()).toMatch(/data-testid="refusal-notice">未保存：/)
  expect(server.output()).toContain('refused POST /login: 415 content type "text/plain"')
  expect(server.output()).toContain('ignored malformed cookie lc_session on GET /login')
})

test('every action refuses hostile input with a 4xx and a message, stores nothing half-way and keeps the database sound', async () => {
  const started = Date.now()
  const routes = actionRoutes()
  const userIds = dbQuery<{ id: number }>(
    server.dataDir,
    `SELECT id FROM users WHERE username IN (${USERS.map(() => '?').join(',')})`,
    ...USERS,
  ).map((u) => u.id)
  // the bureau's forms on our own accounts could sign them out or lock them; every other account is fair game
  const skip = userIds.map((id) => new RegExp(`^/users/${id}(\\b|$)`))
  const found: FormSpec[] = []
  for (const user of USERS) found.push(...(await crawl(user, routes, skip)))
  // the sign-in form, as one who is signed out sees it
  found.push(...(await crawl('anonymous', routes, [/./], '/login')))
  // and the applicants' registration form (issue 21), public too
  found.push(...(await crawl('anonymous', routes, [/./], '/register')))
  // an import's preview lives at a token only an upload hands out: stage one, then try its form
  found.push(...(await crawl('bureau', routes, [/./], await stagedImportPreview())))
  // 公示's objection forms (issue 21): the demo's notice is linked only from its renewal's page
  const [notice] = dbQuery<{ id: number }>(server.dataDir, 'SELECT id FROM public_notices ORDER BY id LIMIT 1')
  if (notice) found.push(...(await crawl('bureau', routes, [/./], `/notices/${notice.id}`)))

  // one form per user, route, intent and field set, at most six per route and user
  const unique = new Map<string, FormSpec>()
  const perRoute = new Map<string, number>()
  for (const f of found) {
    const key = `${f.user} ${f.routeId} ${f.button?.join('=')} ${f.fields.map((x) => x.name).join(',')}`
    const routeKey = `${f.user} ${f.routeId}`
    if (unique.has(key) || (perRoute.get(routeKey) ?? 0) >= 6) continue
    unique.set(key, f)
    perRoute.set(routeKey, (perRoute.get(routeKey) ?? 0) + 1)
  }
  const forms = [...unique.values()]
  tried.forms = forms.length
  const withForms = new Set(forms.map((f) => f.routeId))
  // an action whose form the demo data's state does not show (no failed mail, no unread
  // message) is posted to at its page's address, with no fields
  const pageOnly: string[] = []
  for (const route of routes) {
    if (withForms.has(route.id)) continue
    const page = visited.find((v) => routeOf(routes, `${server.baseUrl}${v.url}`) === route.id)
    if (!page) continue
    pageOnly.push(route.id)
    forms.push({
      user: page.user,
      page: page.url,
      action: `${server.baseUrl}${page.url}`,
      multipart: false,
      fields: [],
      button: null,
      routeId: route.id,
    })
  }
  const covered = new Set(forms.map((f) => f.routeId))
  const uncovered = routes.map((r) => r.id).filter((id) => !covered.has(id))
  if (process.env.HOSTILE_DEBUG) console.log(JSON.stringify({ pageOnly, visited: visited.map((v) => `${v.user} ${v.url}`) }, null, 1))
  expect(uncovered, 'actions neither a crawled form nor a crawled page reaches').toEqual([])

  const labIdOf = (user: string) =>
    dbQuery<{ lab_id: number }>(server.dataDir, 'SELECT lab_id FROM users WHERE username = ?', user)[0].lab_id
  const otherLabOf: Partial<Record<UserName, UserName>> = { lab: 'lab2', lab2: 'lab' }
  // last: the forms that sign out, sign in (and so count towards the sign-in throttle) or switch the language
  const last = (f: FormSpec) => ['routes/logout', 'routes/login', 'routes/language'].includes(f.routeId)
  const ordered = [...forms.filter((f) => !last(f)), ...forms.filter(last)]
  const bodyTried = new Set<string>()
  for (const spec of ordered) {
    const c = spec.routeId === 'routes/logout' ? await signIn(server.baseUrl, spec.user) : clients[spec.user]
    const label = (what: string) => `${spec.user} ${spec.routeId} ${spec.button?.join('=') ?? ''}: ${what}`
    if (!bodyTried.has(`${spec.user} ${spec.routeId}`)) {
      bodyTried.add(`${spec.user} ${spec.routeId}`)
      for (const [what, body] of bodyVariants(spec)) await submit(c, spec.action, body, label(what))
      const data = spec.action.replace(/(\?|$)/, '.data$1')
      await submit(c, data, { kind: 'raw', body: 'x', type: 'text/plain' }, label('text/plain as a Remix data request'))
    }
    const other = otherLabOf[spec.user]
    const theirs = other
      ? forms.find((f) => f.user === other && f.routeId === spec.routeId && f.button?.join() === spec.button?.join())
      : undefined
    for (const [what, entries] of fieldVariants(spec, theirs)) {
      await submit(c, spec.action, { kind: 'fields', entries }, label(what))
    }
    if (spec.multipart) {
      await submit(
        c,
        spec.action,
        { kind: 'fields', entries: entriesOf(spec), files: [{ name: `poly\u202egnp.html`, bytes: PDF }] },
        label('a PDF named poly<RLO>gnp.html'),
      )
    }
    if (other) {
      // the same form aimed at the other lab: out of scope is 404 and changes nothing
      const status = await submit(
        c,
        withOtherLab(spec.action, labIdOf(other)),
        { kind: 'fields', entries: entriesOf(spec) },
        label("another lab's URL"),
      )
      if (spec.action.includes('/labs/') && status < 400) failures.push({ what: label("another lab's URL"), status, detail: 'accepted' })
    }
  }
  // signed out
  const anonymous = client(server.baseUrl)
  for (const [what, body] of bodyVariants({
    user: 'lab',
    page: '/',
    action: '/login',
    multipart: false,
    fields: [],
    button: null,
    routeId: 'routes/login',
  })) {
    await submit(anonymous, '/login', body, `signed out /login: ${what}`)
    await submit(anonymous, '/language', body, `signed out /language: ${what}`)
  }
  for (const cookie of ['lc_session=%E0%A4%A', 'lc_session=%', 'lc_lang=%ZZ; lc_session=\u00ff']) {
    for (const page of ['/login', '/', '/labs']) {
      const res = await fetch(`${server.baseUrl}${page}`, { headers: { Cookie: cookie }, redirect: 'manual' })
      tried.cookies++
      await res.body?.cancel()
      if (res.status >= 500) failures.push({ what: `GET ${page} with cookie ${cookie}`, status: res.status, detail: '' })
    }
  }

  // what was accepted is stored clean
  const dirty: string[] = []
  for (const table of tables()) {
    for (const row of snapshot.prepare(`SELECT * FROM "${table}"`).iterate() as Iterable<Record<string, unknown>>) {
      for (const [column, value] of Object.entries(row))
        if (typeof value === 'string' && UNWANTED.test(value)) dirty.push(`${table}.${column}`)
    }
  }
  const names = snapshot.prepare('SELECT original_name AS name, media_type AS type FROM attachments').all() as {
    name: string
    type: string
  }[]
  const lyingNames = names.filter((n) => n.type === 'application/pdf' && !/\.pdf$/i.test(n.name)).map((n) => n.name)
  const integrity = dbQuery<{ integrity_check: string }>(server.dataDir, 'PRAGMA integrity_check')
  const elapsed = Math.round((Date.now() - started) / 1000)
  const traces = server.output().match(/\n\s+at [^\n]*:\d+:\d+/g) ?? []

  console.log(
    [
      `hostile input: ${tried.submissions} submissions (${tried.refused} refused, ${tried.accepted} accepted)`,
      `to ${forms.length} forms of ${covered.size} actions`,
      `(${pageOnly.length} reached only at their page's address: ${pageOnly.join(', ') || 'none'}),`,
      `${tried.cookies} page loads with broken cookies, after crawling ${tried.pages} pages as ${USERS.length} users and signed out, in ${elapsed} s`,
    ].join(' '),
  )
  if (process.env.HOSTILE_LOG) fs.writeFileSync(`${process.env.HOSTILE_LOG}.json`, JSON.stringify(failures, null, 1))
  expect(failures).toEqual([])
  expect([...new Set(dirty)], 'stored text with control or bidi characters').toEqual([])
  expect(lyingNames, 'PDFs stored under another extension').toEqual([])
  expect(integrity).toEqual([{ integrity_check: 'ok' }])
  expect(tables()).toContain('labs')
  expect(traces.slice(0, 3), 'stack traces in the server log').toEqual([])
  fs.writeFileSync(path.join(server.dataDir, 'hostile-summary.json'), JSON.stringify({ ...tried, elapsed }))
}, 600_000)
