import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { asc } from 'drizzle-orm'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterAll, afterEach, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { listPipeline } from '~/models/renewal-pipeline.server'
import { PIPELINE_SORTS, type PipelineFilter } from '~/models/renewal-pipeline-params'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { renewalPipelineRows } from '~db/schema'
import { setupTestDb } from '../helpers'
import { makeVariedPipeline, PIPELINE_TODAY as TODAY } from '../renewal-pipeline-fixtures'
import { migrationsUpTo } from './migrations-up-to'

// 0036 adds renewal_pipeline_rows (a district's or a direction's /renewals page read off its own
// rows) and fills it from the periods and renewals already there. An installation upgraded with
// its data must list the pages it listed before, and hold the same rows as one whose rows were
// written with the triggers in place.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-0036-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
afterEach(() => setDb(undefined))

const actors: Actor[] = [
  { id: 1, role: 'bureau', districtCode: null, labId: null },
  { id: 2, role: 'district', districtCode: '320508', labId: null },
]
const FILTERS: PipelineFilter[] = [{}, { districtCode: '320506' }, { direction: 2 }, { stage: 'decided', direction: 1 }]

const rowsOf = (db: Db) => db.select().from(renewalPipelineRows).orderBy(asc(renewalPipelineRows.periodId)).all()

test('upgrading fills the pipeline rows from the data already there: every page lists as before', async () => {
  const db = openDb(path.join(dir, 'app.sqlite'))
  migrate(db, { migrationsFolder: migrationsUpTo(dir, 35) })
  setDb(db)
  await makeVariedPipeline(db)
  // a page (read off the rows after 0036) as the whole pipeline sorted lists it (the CSV's query,
  // which reads the tables themselves)
  const pages = (pageSize: number | null) =>
    actors.flatMap((actor) =>
      FILTERS.flatMap((filter) =>
        PIPELINE_SORTS.flatMap((sort) =>
          (['asc', 'desc'] as const).map((dir) => ({
            who: actor.districtCode,
            filter,
            sort,
            dir,
            ids: listPipeline({ actor, today: TODAY, filter, sort, dir, page: 1, pageSize })
              .rows.slice(0, 5)
              .map((r) => r.periodId),
          })),
        ),
      ),
    )
  const before = pages(null)

  runMigrations(db)

  expect(pages(5)).toEqual(before)
  const upgraded = rowsOf(db)
  expect(new Set(upgraded.map((r) => r.kind))).toEqual(new Set(['open', 'decided']))

  // the same writes on a database that had the triggers all along
  const fresh = setupTestDb()
  await makeVariedPipeline(fresh)
  expect(upgraded).toEqual(rowsOf(fresh))
})
