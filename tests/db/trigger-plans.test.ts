import { expect, test } from 'vitest'
import { setupTestDb } from '../helpers'

// Every trigger runs on a write a person makes (a period, a renewal, a filing saved), so each of
// its statements must reach the rows of the one lab or record written by a key, never by reading
// a whole table or every row of a status. The 0036 pipeline triggers read a lab's decided
// renewals through renewals_status_decided_idx: every renewal or period write read all decided
// renewals in the city (120,000 at 50,000 labs) and seeding 50,000 labs took most of an hour
// more than it should (fixed in migration 0041).

type TriggerStatement = { trigger: string; statement: string }

// The statements of every trigger in the migrated schema, with NEW.x and OLD.x made constants so
// that SQLite plans them as it plans the trigger's body.
const db = setupTestDb()

function triggerStatements(): TriggerStatement[] {
  const triggers = db.$client.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as {
    name: string
    sql: string
  }[]
  return triggers.flatMap(({ name, sql }) =>
    sql
      .replace(/^[\s\S]*?\bBEGIN\b/i, '')
      .replace(/\bEND\s*;?\s*$/i, '')
      .split(/;\s*(?:\n|$)/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((statement) => ({ trigger: name, statement: statement.replace(/\b(?:NEW|OLD)\.`?\w+`?/g, '1') })),
  )
}

function planOf(statement: string): string[] {
  return (db.$client.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { detail: string }[]).map((r) => r.detail)
}

// A table read whole (not a constant row, a virtual table's own index or a subquery of constants
// such as the outcome marginals' list of dimensions), or searched only by a column of a few values.
function wholeReads(plan: string[]): string[] {
  return plan.filter(
    (line) =>
      (/^SCAN (?!CONSTANT ROW)(\w+)$/.test(line) && !/^SCAN m$/.test(line)) ||
      /USING (?:COVERING )?INDEX \w+ \((?:status|kind)=\?\)$/.test(line),
  )
}

const statements = triggerStatements()

test('the schema has triggers to check, the pipeline rows’ among them', () => {
  expect(statements.length).toBeGreaterThan(50)
  expect(statements.some((s) => s.trigger === 'renewal_pipeline_rows_renewal_update')).toBe(true)
})

test('no trigger statement reads a whole table or every row of a status', () => {
  const offenders = statements
    .map(({ trigger, statement }) => ({ trigger, reads: wholeReads(planOf(statement)) }))
    .filter((o) => o.reads.length > 0)
  expect(offenders).toEqual([])
})

test('a renewal’s write reads its lab’s decided renewals by the lab index', () => {
  const decidedPart = statements.find(
    (s) => s.trigger === 'renewal_pipeline_rows_renewal_update' && s.statement.startsWith('INSERT OR REPLACE'),
  )!
  const plan = planOf(decidedPart.statement)
  expect(plan.some((line) => /SEARCH r USING (?:COVERING )?INDEX renewals_lab_idx \(lab_id=\?\)/.test(line))).toBe(true)
})

test('the check would catch a statement that reads every decided renewal', () => {
  const plan = planOf(
    "SELECT r.id FROM labs l JOIN renewals r ON r.lab_id = l.id WHERE l.id IN (SELECT 1 UNION SELECT 2) AND r.status = 'decided'",
  )
  expect(wholeReads(plan)).not.toEqual([])
})
