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
