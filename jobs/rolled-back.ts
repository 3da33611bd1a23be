import { db } from '~/utils/db.server'

class RolledBack extends Error {}

// Runs `work` inside a transaction that is always rolled back: the dry run of a job that writes
// takes exactly the code path of the real run, and nothing it wrote survives. better-sqlite3 turns
// the transactions `work` opens itself into savepoints inside this one.
export function inRolledBackTransaction<T>(work: () => T): T {
  let result: { value: T } | undefined
  try {
    db()
      .$client.transaction(() => {
        result = { value: work() }
        throw new RolledBack()
      })
      .immediate()
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error
  }
  return result!.value
}
