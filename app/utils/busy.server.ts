import type { ServerBuild } from '@remix-run/node'
import type Database from 'better-sqlite3'
import { isBusyError, waitUntilWritable } from '~db/client.server'

// A write that cannot get the database's write lock in time (another process holds it: a CLI
// job, a backup) is answered "busy, try again" (503, Retry-After) with nothing stored, instead of
// a server error after a frozen wait (issue 14). Two parts:
// - before an action runs, the server waits for the lock asynchronously, up to WRITE_WAIT_MS,
//   so the other requests and /healthz go on meanwhile; still held, the action does not run;
// - should another process take the lock between that check and the action's write, the write
//   waits the connection's short busy timeout (db/client.server.ts) and fails with SQLITE_BUSY,
//   its transaction rolled back.
// Remix catches what a loader or action throws and renders it as a 500 (handleError cannot
// change the status), so the build's loaders and actions are wrapped once, here, and both cases
// become a thrown 503 Response: the root ErrorBoundary shows the message in the person's
// language, for a document request and a fetch alike.

export const WRITE_WAIT_MS = 3000
export const RETRY_AFTER_SECONDS = 3

export function busyResponse() {
  return new Response('系统繁忙，请稍后重试 (Busy, please try again)', {
    status: 503,
    statusText: 'Service Unavailable',
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS), 'Content-Type': 'text/plain; charset=utf-8' },
  })
}

type Handler = (args: unknown) => unknown

function busyAsUnavailable(handler: Handler | undefined, waitForLock: (() => Promise<boolean>) | null): Handler | undefined {
  if (!handler) return handler
  return async (args) => {
    if (waitForLock && !(await waitForLock())) {
      console.warn('database busy: an action was answered 503 before it ran')
      throw busyResponse()
    }
    try {
      return await handler(args)
    } catch (error) {
      if (isBusyError(error)) {
        console.warn(`database busy: answered 503 (${(error as Error).message})`)
        throw busyResponse()
      }
      throw error
    }
  }
}

/**
 * The build with every route's loader and action answering a busy database with 503, and every
 * action waiting (asynchronously) for the write lock before it runs.
 */
export function withBusyAsUnavailable(build: ServerBuild, client: Database.Database): ServerBuild {
  const waitForLock = () => waitUntilWritable(client, { timeoutMs: WRITE_WAIT_MS })
  const routes: ServerBuild['routes'] = {}
  for (const [id, route] of Object.entries(build.routes)) {
    const module = route.module as unknown as Record<string, unknown>
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        loader: busyAsUnavailable(module.loader as Handler | undefined, null),
        action: busyAsUnavailable(module.action as Handler | undefined, waitForLock),
      } as typeof route.module,
    }
  }
  return { ...build, routes }
}
