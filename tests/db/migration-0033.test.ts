import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { asc } from 'drizzle-orm'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterAll, afterEach, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { countPipelineStages, recountPipelineStages } from '~/models/renewal-pipeline.server'
import type { PipelineFilter } from '~/models/renewal-pipeline-params'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { renewalStageLabs, renewalStageTally } from '~db/schema'
import { setupTestDb } from '../helpers'
import { makeVariedPipeline, PIPELINE_TODAY as TODAY } from '../renewal-pipeline-fixtures'
import { migrationsUpTo } from './migrations-up-to'

// 0033 adds renewal_stage_labs and renewal_stage_tally (/renewals' stage tiles kept on write) and
// fills them from the periods and renewals already there. An installation upgraded with its data
// must show the tiles it showed before, and hold the same rows as one whose rows were written
// with the triggers in place.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-0033-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
afterEach(() => setDb(undefined))

const actors: Actor[] = [
  { id: 1, role: 'bureau', districtCode: null, labId: null },
  { id: 2, role: 'district', districtCode: '320508', labId: null },
]
const FILTERS: PipelineFilter[] = [{}, { districtCode: '320506' }, { direction: 2 }]
const DAYS = ['2026-06-14', TODAY, '2026-11-01']

function tables(db: Db) {
  return {
    labs: db.select().from(renewalStageLabs).orderBy(asc(renewalStageLabs.labId)).all(),
    tally: db
      .select()
      .from(renewalStageTally)
      .orderBy(renewalStageTally.kind, renewalStageTally.endDate, renewalStageTally.districtCode, renewalStageTally.direction)
      .all(),
  }
}

test('upgrading fills the stage tally from the pipeline already there: the tiles count as before', async () => {
  const db = openDb(path.join(dir, 'app.sqlite'))
  migrate(db, { migrationsFolder: migrationsUpTo(dir, 32) })
  setDb(db)
  await makeVariedPipeline(db)
  // what the tiles counted before 0033: the pipeline counted whole
  const tiles = (count: typeof countPipelineStages) =>
    actors.flatMap((actor) =>
      FILTERS.flatMap((filter) => DAYS.map((today) => ({ who: actor.districtCode, filter, today, ...count({ actor, today, filter }) }))),
    )
  const before = tiles(recountPipelineStages)

  runMigrations(db)

  expect(tiles(countPipelineStages)).toEqual(before)
  const upgraded = tables(db)
  expect(upgraded.labs.length).toBeGreaterThan(20)
  expect(new Set(upgraded.tally.map((t) => t.kind))).toEqual(new Set(['unapplied', 'submitted', 'under_review', 'rectifying', 'decided']))

  // the same writes on a database that had the triggers all along
  const fresh = setupTestDb()
  await makeVariedPipeline(fresh)
  expect(upgraded).toEqual(tables(fresh))
})
