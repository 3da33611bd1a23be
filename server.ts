import fs from 'node:fs'
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import { count } from 'drizzle-orm'
import { dbFileIn, isBusyError, openDb, type Db } from './db/client.server'
import { runMigrations, schemaVersion } from './db/migrate'
import { users } from './db/schema'
import { seedComplianceHistory, seedDemo } from './db/seed'
import { seedDemoEvaluations } from './db/seed-evaluations'
import { seedDemoNotices } from './db/seed-notices'
import { shanghaiDate } from './app/domain/dates'
import { MESSAGES_PATH } from './app/i18n/messages-asset.server'
import { sweepAfterRestart } from './app/models/attachments.server'
import { ensureComplianceFresh } from './app/models/compliance.server'
import { today } from './app/utils/clock.server'
import { busyResponse, withBusyAsUnavailable } from './app/utils/busy.server'
import { compressText } from './app/utils/compression.server'
import { env } from './app/utils/env.server'
import { collectAfterDownloads } from './app/utils/memory.server'
import { setDb } from './app/utils/db.server'
import { isSameOriginMutation, requestOrigin } from './app/utils/origin.server'
import type { AppLoadContext } from './app/utils/request.server'
import { cspNonceOf, noStore, securityHeaders } from './app/utils/security-headers.server'
import { startScheduler } from './jobs/scheduler'
import { methodNotAllowed } from './app/api/problem.server'

const PAGE_METHODS = new Set(['GET', 'HEAD', 'POST'])

const APP_VERSION = (JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version

// Opens and migrates the database, seeding demo data into a new one (unless SEED_DEMO=false).
export async function prepareDatabase(): Promise<Db> {
  const { DATA_DIR, SEED_DEMO } = env()
  const file = dbFileIn(DATA_DIR)
  const db = openDb(file)
  runMigrations(db)
  const userCount = db.select({ n: count() }).from(users).get()?.n ?? 0
  const seeding = userCount === 0 && SEED_DEMO
  if (seeding) {
    const summary = await seedDemo(db, { now: new Date() })
    console.log(`Seeded demo data into ${file}: ${JSON.stringify(summary)}`)
  } else if (userCount === 0) {
    console.log('The database has no users. Create the first bureau account: npm run create-user -- --role bureau')
  }
  setDb(db)
  const swept = sweepAfterRestart(new Date(performance.timeOrigin))
  if (swept.staleUploads || swept.orphans)
    console.log(`Removed ${swept.staleUploads} unfinished upload(s) and ${swept.orphans} attachment file(s) no record uses`)
  if (seeding) {
    seedComplianceHistory({ now: new Date() })
    seedDemoEvaluations({ now: new Date() })
    await seedDemoNotices({ now: new Date() })
  }
  // today's compliance results before the first request asks for them
  ensureComplianceFresh(shanghaiDate(new Date()))
  return db
}

export function createApp({ db, build }: { db: Db; build: ServerBuild }) {
  const app = express()
  app.disable('x-powered-by')
  if (env().TRUST_PROXY) app.set('trust proxy', true)

  app.use(securityHeaders())
  // before the static files and Remix, so that both write through it (app/utils/compression.server.ts)
  app.use(compressText())
  // the garbage an export of every row leaves is collected once downloads are done (app/utils/memory.server.ts)
  app.use(collectAfterDownloads())

  app.get('/healthz', (_req, res) => {
    try {
      db.$client.prepare('SELECT 1').get()
      res.json({ status: 'ok', version: APP_VERSION, database: { ok: true }, schema: schemaVersion(db) })
    } catch (error) {
      res.status(503).json({ status: 'error', version: APP_VERSION, database: { ok: false, error: String(error) } })
    }
  })

  // The read API (issue 20) answers GET and HEAD only; any other method is a problem document
  // here, before the pages' method and same-origin checks, whose plain-text refusals a program
  // could not read, and before Remix would look for an action.
  app.use('/api/', (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    void methodNotAllowed(req.get('accept-language'))
      .text()
      .then((body) => res.status(405).set({ Allow: 'GET, HEAD', 'Content-Type': 'application/problem+json; charset=utf-8' }).send(body))
  })

  // Pages take GET and POST (a form). Any other method would reach a route's action as if it were
  // a post (Remix runs the action for every method but GET and HEAD): OPTIONS is answered here, the
  // rest refused.
  app.use((req, res, next) => {
    if (PAGE_METHODS.has(req.method)) return next()
    res.set('Allow', 'GET, HEAD, POST')
    if (req.method === 'OPTIONS') return res.status(204).end()
    res.status(405).type('text/plain; charset=utf-8').send('405 不支持的请求方法 (method not allowed)')
  })

  app.use((req, res, next) => {
    const forwardedHost = env().TRUST_PROXY ? req.get('x-forwarded-host') : undefined
    const ok = isSameOriginMutation({
      method: req.method,
      origin: req.get('origin'),
      referer: req.get('referer'),
      // req.protocol honours X-Forwarded-Proto under TRUST_PROXY, as the host honours X-Forwarded-Host
      expectedOrigin: requestOrigin({ protocol: req.protocol, host: forwardedHost ?? req.get('host') }),
    })
    if (ok) return next()
    res.status(403).type('text/plain; charset=utf-8').send('403 跨站请求被拒绝 (cross-site request refused)')
  })

  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }))
  app.use(express.static('public', { maxAge: '1h' }))
  // everything past the static files is a page, data or a download for whoever is signed in,
  // but the browser's messages, whose address names their content (app/i18n/messages-asset.server.ts)
  const pageNoStore = noStore()
  app.use((req, res, next) => (req.path.startsWith(MESSAGES_PATH) ? next() : pageNoStore(req, res, next)))
  // Once per request, before any loader or action reads them, the stored compliance results catch
  // up with the day and with what earlier writes marked stale (docs/decisions/002). Model readers
  // call it again; with nothing marked that costs three small reads.
  app.use((_req, _res, next) => {
    try {
      ensureComplianceFresh(today())
    } catch (error) {
      return next(error)
    }
    next()
  })
  app.all(
    '*',
    createRequestHandler({
      build: withBusyAsUnavailable(build, db.$client),
      getLoadContext: (req, res): AppLoadContext => ({ clientIp: req.ip ?? '', cspNonce: cspNonceOf(res) }),
    }),
  )
  // what the middleware above passes on; a loader's or action's busy error is answered inside Remix
  app.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!isBusyError(error) || res.headersSent) return next(error)
    const busy = busyResponse()
    void busy.text().then((text) => res.status(503).set(Object.fromEntries(busy.headers)).send(text))
  })
  return app
}

export async function startServer() {
  const { PORT, HOST } = env()
  const db = await prepareDatabase()
  const buildPath = path.resolve('build/index.js')
  const build = (await import(buildPath)) as ServerBuild
  const app = createApp({ db, build })
  const server = app.listen(PORT, HOST, () => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : PORT
    console.log(`Labcycle ${APP_VERSION} listening on http://localhost:${port}`)
  })
  const stopScheduler = env().SCHEDULER ? startScheduler() : async () => {}
  const shutdown = () => {
    void stopScheduler()
    server.close(() => {
      db.$client.close()
      process.exit(0)
    })
    setTimeout(() => process.exit(0), 5000).unref()
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)
  return server
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await startServer()
}
