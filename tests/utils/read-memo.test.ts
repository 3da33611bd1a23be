import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { shanghaiDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { dashboardData } from '~/models/dashboard.server'
import { requestServiceStats } from '~/models/request-stats.server'
import { atomically, setDb } from '~/utils/db.server'
import { untilDataChanges } from '~/utils/read-memo.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { seedDemo } from '~db/seed'

// Figures kept until the database changes (issue 18): whatever writes, and from wherever, the
// next read sees it; nothing computed inside a transaction outlives it.

const NOW = new Date('2026-11-28T02:00:00Z')
const TODAY = shanghaiDate(NOW)

let dir: string
let db: Db
let other: Database.Database // a second connection to the same file: a job, a CLI import
let bureau: Actor

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-read-memo-'))
  const file = path.join(dir, 'labcycle.db')
  db = openDb(file)
  runMigrations(db)
  await seedDemo(db, { now: NOW })
  setDb(db)
  other = new Database(file)
  other.pragma('busy_timeout = 2000')
  bureau = { id: 1, role: 'bureau', districtCode: null, labId: null }
})

afterAll(() => {
  other.close()
  db.$client.close()
  setDb(undefined)
  fs.rmSync(dir, { recursive: true, force: true })
})

function counter() {
  let calls = 0
  return {
    compute: () => ++calls,
    get calls() {
      return calls
    },
  }
}

describe('untilDataChanges', () => {
  test('answers the same key from memory until something is written', () => {
    const c = counter()
    expect(untilDataChanges('k1', c.compute)).toBe(1)
    expect(untilDataChanges('k1', c.compute)).toBe(1)
    expect(c.calls).toBe(1)
    // another key is its own answer
    expect(untilDataChanges('k1 other', c.compute)).toBe(2)
  })

  test('a write on this connection, a trigger’s included, drops every answer', () => {
    const c = counter()
    untilDataChanges('k2', c.compute)
    db.$client.prepare('UPDATE labs SET focus = focus WHERE id = (SELECT min(id) FROM labs)').run()
    expect(untilDataChanges('k2', c.compute)).toBe(2)
  })

  test('a commit by another connection drops every answer', () => {
    const c = counter()
    untilDataChanges('k3', c.compute)
    other.prepare("UPDATE labs SET focus = focus || 'y' WHERE id = (SELECT min(id) FROM labs)").run()
    expect(untilDataChanges('k3', c.compute)).toBe(2)
    expect(untilDataChanges('k3', c.compute)).toBe(2)
  })

  test('inside a transaction nothing is reused or kept, and a rollback leaves no answer behind', () => {
    const c = counter()
    untilDataChanges('k4', c.compute)
    expect(() =>
      atomically(() => {
        db.$client.prepare("UPDATE labs SET focus = focus || 'x' WHERE id = (SELECT min(id) FROM labs)").run()
        expect(untilDataChanges('k4', c.compute)).toBe(2)
        expect(untilDataChanges('k4', c.compute)).toBe(3)
        throw new Error('roll back')
      }),
    ).toThrow('roll back')
    // computed afresh after the rollback, never the answer seen inside the transaction
    expect(untilDataChanges('k4', c.compute)).toBe(4)
    expect(untilDataChanges('k4', c.compute)).toBe(4)
  })

  test('each connection keeps its own answers', () => {
    const c = counter()
    untilDataChanges('k5', c.compute)
    const second = openDb(':memory:')
    setDb(second)
    try {
      expect(untilDataChanges('k5', c.compute)).toBe(2)
    } finally {
      setDb(db)
      second.$client.close()
    }
    expect(untilDataChanges('k5', c.compute)).toBe(1)
  })
})

describe('the dashboard shows every change at once', () => {
  test('a lab moved to another district by another process is counted there on the next view', () => {
    const inDistrict = (code: string) =>
      dashboardData({ actor: bureau, today: TODAY })
        .byDistrict.filter((r) => r.districtCode === code)
        .reduce((sum, r) => sum + r.n, 0)
    const lab = other.prepare("SELECT id, district_code AS district FROM labs WHERE district_code <> '320585' LIMIT 1").get() as {
      id: number
      district: string
    }
    const [from, to] = [inDistrict(lab.district), inDistrict('320585')]
    other.prepare("UPDATE labs SET district_code = '320585' WHERE id = ?").run(lab.id)
    expect([inDistrict(lab.district), inDistrict('320585')]).toEqual([from - 1, to + 1])
  })

  test('a request decided on this connection moves in the resource figures on the next view', () => {
    const before = requestServiceStats({ actor: bureau, today: TODAY })
    const open = db.$client.prepare("SELECT id FROM resource_requests WHERE status = 'submitted' LIMIT 1").get() as
      | { id: number }
      | undefined
    expect(open).toBeDefined()
    db.$client.prepare("UPDATE resource_requests SET status = 'withdrawn' WHERE id = ?").run(open!.id)
    const after = requestServiceStats({ actor: bureau, today: TODAY })
    expect(after.stages.open).toBe(before.stages.open - 1)
  })
})
