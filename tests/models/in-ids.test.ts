import Database from 'better-sqlite3'
import { inArray, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { integer, sqliteTable } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import { inIds } from '~/models/in-ids.server'

// The reminders run asks about every lab in force; at 50,000 labs one variable per id passed
// SQLite's limit of 32,766 and failed the whole run ("too many SQL variables").
const things = sqliteTable('things', { id: integer('id').primaryKey() })

function registry(n: number) {
  const client = new Database(':memory:')
  client.exec('CREATE TABLE things (id INTEGER PRIMARY KEY)')
  const insert = client.prepare('INSERT INTO things (id) VALUES (?)')
  client.transaction(() => {
    for (let id = 1; id <= n; id++) insert.run(id)
  })()
  return drizzle(client)
}

describe('inIds', () => {
  it('asks about 50,000 ids in one statement, where one variable per id fails', () => {
    const db = registry(60_000)
    const ids = Array.from({ length: 50_000 }, (_, i) => i * 2 + 1) // the odd ids up to 99,999
    expect(() => db.select().from(things).where(inArray(things.id, ids)).all()).toThrow(/too many SQL variables/)
    const rows = db
      .select({ n: sql<number>`count(*)` })
      .from(things)
      .where(inIds(things.id, ids))
      .get()
    expect(rows?.n).toBe(30_000) // the odd ids among 1..60,000
  })

  it('matches exactly the ids given: none, some, repeated', () => {
    const db = registry(10)
    const of = (ids: Iterable<number>) =>
      db
        .select()
        .from(things)
        .where(inIds(things.id, ids))
        .all()
        .map((r) => r.id)
    expect(of([])).toEqual([])
    expect(of(new Set([3, 7, 11]))).toEqual([3, 7])
    expect(of([5, 5, 2])).toEqual([2, 5])
  })
})
