import fs from 'node:fs'
import path from 'node:path'

// What the route files say about themselves, read from their source: which files exist, whether
// each has a loader and an action, and which `intent` values its action tells apart. The route
// matrix (route-matrix.ts) must have a row for each, so a new page or a new intent without a row
// fails the matrix test.
//
// The intents are written in a few ways in app/routes (looked at across the routes):
//   const Intent = z.enum(['save', 'submit', ...STEPS])      (STEPS local or imported)
//   z.object({ intent: z.literal('readAll') })               (inbox, jobs, outbox, account, reports)
//   switch (values.intent ?? 'addPeriod') { case 'x': ... }   (lab page, calendar, team, users)
//   if (values.intent !== 'report') ...                       (incidents)
//   if (isReviewIntent(values.intent)) ...                    (REVIEW_INTENTS in the same module)
// and the forms send them as <input name="intent" value="x"> or an `intent="x"` prop.

export const ROUTES_DIR = path.resolve(__dirname, '../../app/routes')

export type RouteFile = { file: string; hasLoader: boolean; hasAction: boolean; intents: string[] }

const LITERAL = /'([A-Za-z_]+)'/g
const literalsIn = (text: string) => [...text.matchAll(LITERAL)].map((m) => m[1])

/** The text between the brace at `open` and its match (naive: braces in strings are balanced here). */
function block(source: string, open: number): string {
  let depth = 0
  for (let i = open; i < source.length; i++) {
    if (source[i] === '{') depth++
    else if (source[i] === '}' && --depth === 0) return source.slice(open, i + 1)
  }
  return source.slice(open)
}

/** The body of `export async function action`, or '' when the module has none. */
function actionBody(source: string): string {
  const start = source.search(/export (async )?function action\b/)
  if (start < 0) return ''
  const open = source.indexOf('{\n', start)
  return block(source, open)
}

function importSpecifierOf(source: string, name: string): string | null {
  const re = new RegExp(`import\\s*(?:type\\s*)?\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from\\s*'([^']+)'`)
  return re.exec(source)?.[1] ?? null
}

async function importedValue(specifier: string, name: string): Promise<unknown> {
  const mod = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>
  return mod[name]
}

const valuesOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value && typeof value === 'object' ? Object.keys(value) : []

/** The values a spread `...NAME` in an intent list stands for. */
async function resolveList(source: string, name: string): Promise<string[]> {
  const local = new RegExp(`const ${name}\\b[^=]*=\\s*([^\\n]+)`).exec(source)
  if (local) {
    const keysOf = /Object\.keys\((\w+)\)/.exec(local[1])
    if (keysOf) return resolveList(source, keysOf[1])
    if (local[1].trimStart().startsWith('[')) return literalsIn(local[1])
  }
  const from = importSpecifierOf(source, name)
  if (!from) throw new Error(`cannot resolve ${name}`)
  return valuesOf(await importedValue(from, name))
}

export async function intentsOf(source: string): Promise<string[]> {
  const found = new Set<string>()
  const action = actionBody(source)
  if (!action) return []
  // const Intent = z.enum([...]) and lists of intents spread into it
  for (const m of source.matchAll(/const (\w*(?:Intent|INTENTS)\w*)\s*=\s*(?:z\.enum\()?\[([^\]]*)\]/g)) {
    for (const lit of literalsIn(m[2])) found.add(lit)
    for (const spread of m[2].matchAll(/\.\.\.\(?(\w+)/g)) for (const v of await resolveList(source, spread[1])) found.add(v)
  }
  // z.object({ intent: z.literal('x') })
  for (const m of source.matchAll(/intent:\s*z\.literal\('([A-Za-z_]+)'/g)) found.add(m[1])
  // switch (…intent…) { case 'x': … } in the action
  for (const m of action.matchAll(/switch \(([^)]*intent[^)]*\)?)\) \{/g)) {
    const body = block(action, (m.index ?? 0) + m[0].length - 1)
    for (const c of body.matchAll(/case '([A-Za-z_]+)':/g)) found.add(c[1])
    const fallback = /\?\?\s*'([A-Za-z_]+)'/.exec(m[1])
    if (fallback) found.add(fallback[1])
  }
  // values.intent !== 'x' in the action
  for (const m of action.matchAll(/\bintent\s*[!=]==\s*'([A-Za-z_]+)'/g)) found.add(m[1])
  // isXIntent(…) from a module that exports X_INTENTS
  for (const m of action.matchAll(/\bis(\w+)Intent\(/g)) {
    const from = importSpecifierOf(source, `is${m[1]}Intent`)
    const list = `${m[1].replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_INTENTS`
    if (from) for (const v of valuesOf(await importedValue(from, list))) found.add(v)
  }
  // what the page's forms send
  for (const m of source.matchAll(/name="intent" value="([A-Za-z_]+)"/g)) found.add(m[1])
  for (const m of source.matchAll(/\bintent="([A-Za-z_]+)"/g)) found.add(m[1])
  return [...found].sort()
}

export async function readRoutes(): Promise<RouteFile[]> {
  const files = fs
    .readdirSync(ROUTES_DIR)
    .filter((f) => /\.tsx?$/.test(f))
    .sort()
  const out: RouteFile[] = []
  for (const file of files) {
    const source = fs.readFileSync(path.join(ROUTES_DIR, file), 'utf8')
    out.push({
      file,
      hasLoader: /export (async )?function loader\b|export const loader\b/.test(source),
      hasAction: /export (async )?function action\b|export const action\b/.test(source),
      intents: await intentsOf(source),
    })
  }
  return out
}

/** The URL pattern of a Remix v2 flat-route file name, as a RegExp over the pathname. */
export function routePattern(file: string): RegExp {
  const name = file.replace(/\.tsx?$/, '')
  const segments: string[] = []
  let current = ''
  let bracket = false
  for (const ch of name) {
    if (ch === '[') bracket = true
    else if (ch === ']') bracket = false
    else if (ch === '.' && !bracket) {
      segments.push(current)
      current = ''
      continue
    }
    current += ch
  }
  segments.push(current)
  const parts = segments
    .filter((s) => s !== '_index' && !s.startsWith('_'))
    .map((s) => s.replace(/_$/, ''))
    .map((s) => (s.startsWith('$') ? '[^/]+' : s.replace(/\[([^\]]*)\]/g, '$1').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
  return new RegExp(`^/${parts.join('/')}$`)
}
