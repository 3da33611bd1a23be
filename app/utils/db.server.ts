import { dbFileIn, openDb, type Db } from '~db/client.server'
import { env } from './env.server'

// One connection per process, shared by server.ts and the Remix build (two module copies of
// this file exist, hence globalThis). Tests install their own database with setDb().
declare global {
  var __labcycleDb: Db | undefined
}

export function db(): Db {
  if (!globalThis.__labcycleDb) globalThis.__labcycleDb = openDb(dbFileIn(env().DATA_DIR))
  return globalThis.__labcycleDb
}

export function setDb(next: Db | undefined) {
  globalThis.__labcycleDb = next
}

export type { Db }

// One transaction around a whole action (a filing and its attachments, issue 14): the model
// functions' own transactions nest inside it as savepoints, so either everything the action
// wrote commits or nothing does. Work that must wait for the commit (deleting a stored file a
// removed row no longer needs) is queued with afterCommit and runs only once it has committed.
type Pending = { depth: number; queue: (() => void)[] }
declare global {
  var __labcycleAfterCommit: Pending | undefined
}
const pending = (): Pending => (globalThis.__labcycleAfterCommit ??= { depth: 0, queue: [] })

/** Runs `work` in one IMMEDIATE transaction (joined when one is already open), then what it queued. */
export function atomically<T>(work: () => T): T {
  const client = db().$client
  if (client.inTransaction) return work()
  const state = pending()
  state.depth++
  let result: T
  try {
    result = client.transaction(work).immediate()
  } catch (error) {
    state.queue = []
    throw error
  } finally {
    state.depth--
  }
  const queued = state.queue
  state.queue = []
  for (const run of queued) run()
  return result
}

/**
 * Runs `effect` now when no transaction is open, or after the transaction `atomically` opened
 * commits (dropped when it rolls back). Inside any other open transaction it is not run: what it
 * would clean up is left to the attachment sweep, never done before the commit.
 */
export function afterCommit(effect: () => void) {
  if (!db().$client.inTransaction) return effect()
  if (pending().depth > 0) pending().queue.push(effect)
}
