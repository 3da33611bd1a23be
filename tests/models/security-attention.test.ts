import fs from 'node:fs'
import { beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { SECURITY_CHECK_IDS, type SecurityCheckId } from '~/domain/incidents'
import type { Actor } from '~/domain/permissions'
import { ensureComplianceFresh, securitySeveritiesOf } from '~/models/compliance.server'
import { markLabsStale } from '~/models/compliance-freshness.server'
import { securityAttention } from '~/models/security-overview.server'
import { addDays, type IsoDate } from '~/domain/dates'
import { setClock } from '~/utils/clock.server'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { labChecks, labs as labsTable, labStanding } from '~db/schema'
import { DISTRICT_CODES, type DistrictCode } from '~db/schema/enums'
import { seedDemo } from '~db/seed'
import { eq, sql } from 'drizzle-orm'
import { createRng } from '~db/seed-rng'
import { makeLab, setupTestDb } from '../helpers'
import { pinClock } from '../clock'

// /security's labs needing attention page in two tiers read in name order (issue 18): those with
// a failing security check, then those with a warning only. Every page, under every check and
// district filter and for each scope, is the slice of the whole list ordered worst first, then
// by name and id, as the one grouped query read it before.

pinClock(new Date('2026-12-04T02:00:00Z'))
const TODAY = '2026-12-04'
const DISTRICTS: DistrictCode[] = ['320508', '320583']
let db: Db
let labs: { id: number; name: string; districtCode: DistrictCode }[]
let severities: Map<number, Partial<Record<SecurityCheckId, number>>>
const RESULTS = ['ok', 'warning', 'failing'] as const

describe('paging', () => {
  beforeEach(() => {
    db = setupTestDb()
    const rng = createRng(20261204)
    // names that tie and sort apart from their ids
    labs = Array.from({ length: 24 }, (_, i) => {
      const districtCode = DISTRICTS[i % 2]
      const name = `安全实验室${String.fromCharCode(65 + ((i * 7) % 9))}`
      return { ...makeLab(db, { districtCode, name }), name, districtCode }
    })
    ensureComplianceFresh(TODAY)
    // the stored results replaced by chosen ones (the day's evaluation is done, so they stay)
    db.delete(labChecks).run()
    severities = new Map()
    for (const lab of labs) {
      const checks: Partial<Record<SecurityCheckId, number>> = {}
      for (const check of SECURITY_CHECK_IDS) {
        const severity = rng.int(0, 2)
        checks[check] = severity
        db.insert(labChecks)
          .values({
            labId: lab.id,
            checkId: check,
            result: RESULTS[severity],
            severity,
            reasonKey: `compliance.${check}.x`,
            reasonParams: {},
            fixPath: '/',
            evaluatedOn: TODAY,
          })
          .run()
      }
      severities.set(lab.id, checks)
      // and what refreshCompliance stores beside them, which the page counts its labs from
      db.update(labStanding)
        .set({ securitySeverities: securitySeveritiesOf(SECURITY_CHECK_IDS.map((c) => ({ checkId: c, result: RESULTS[checks[c] ?? 0] }))) })
        .where(eq(labStanding.labId, lab.id))
        .run()
    }
  })

  function expected(actor: Actor, check: SecurityCheckId | undefined, districtCode: DistrictCode | undefined) {
    return labs
      .filter(
        (l) =>
          (actor.role === 'district' ? l.districtCode === actor.districtCode : true) && (!districtCode || l.districtCode === districtCode),
      )
      .map((l) => ({ l, worst: Math.max(0, ...(check ? [check] : SECURITY_CHECK_IDS).map((c) => severities.get(l.id)![c] ?? 0)) }))
      .filter((x) => x.worst > 0)
      .sort((a, b) => b.worst - a.worst || (a.l.name < b.l.name ? -1 : a.l.name > b.l.name ? 1 : 0) || a.l.id - b.l.id)
      .map((x) => x.l.id)
  }

  test('every page of every filter is its slice of the list ordered worst first, then by name', () => {
    const actors: Actor[] = [
      { id: 1, role: 'bureau', districtCode: null, labId: null },
      { id: 2, role: 'district', districtCode: '320583', labId: null },
    ]
    let spanning = 0
    for (const actor of actors)
      for (const check of [undefined, ...SECURITY_CHECK_IDS])
        for (const districtCode of [undefined, ...DISTRICTS])
          for (const pageSize of [1, 4, 7]) {
            const all = expected(actor, check, districtCode)
            for (let page = 1; page <= Math.ceil(all.length / pageSize) + 1; page++) {
              const got = securityAttention({ actor, today: TODAY, districtCode, check, page, pageSize })
              expect({ check, districtCode, pageSize, page, total: got.total, ids: got.rows.map((r) => r.labId) }).toEqual({
                check,
                districtCode,
                pageSize,
                page,
                total: all.length,
                ids: all.slice((page - 1) * pageSize, page * pageSize),
              })
              const worsts = new Set(
                got.rows.map((r) =>
                  Math.max(...r.checks.filter((c) => !check || c.checkId === check).map((c) => (c.result === 'failing' ? 2 : 1))),
                ),
              )
              if (worsts.size === 2) spanning++
            }
          }
    // pages that hold both tiers were among them
    expect(spanning).toBeGreaterThan(5)
  })
})

// The count of labs needing attention is summed from lab_security_tally (issue 18), kept on write
// from lab_standing.security_severities, which refreshCompliance stores with the checks. After
// each kind of write that changes it, the count of each tier must equal the two DISTINCT counts
// over every stored security check it replaced, for the city, each district and each check filter.
describe('the tallied count agrees with the stored checks', () => {
  const NOW = new Date('2026-12-04T02:00:00Z')
  let today: IsoDate = TODAY
  const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
  const districts: Actor[] = DISTRICT_CODES.map((code, i) => ({ id: 100 + i, role: 'district', districtCode: code, labId: null }))

  beforeAll(async () => {
    db = openDb(':memory:')
    runMigrations(db)
    await seedDemo(db, { now: NOW })
    setDb(db)
    setClock(NOW)
  })

  // The two counts as the page made them before: every failing (and every failing or warning)
  // security check of the scope, its labs counted once.
  function recounted(scope: DistrictCode | null, check: SecurityCheckId | undefined) {
    const ids = check ? [check] : [...SECURITY_CHECK_IDS]
    const labsWith = (severity: string) =>
      (
        db.$client
          .prepare(
            `SELECT count(DISTINCT c.lab_id) AS n FROM lab_checks c JOIN labs l ON l.id = c.lab_id
             WHERE c.check_id IN (${ids.map(() => '?').join(', ')}) AND ${severity} AND (? IS NULL OR l.district_code = ?)`,
          )
          .get(...ids, scope, scope) as { n: number }
      ).n
    const failing = labsWith('c.severity = 2')
    return { failing, warning: labsWith('c.severity > 0') - failing }
  }

  // the page's tiers: its total, and the lab at each side of the boundary between them
  function tiersOf(actor: Actor, districtCode: DistrictCode | undefined, check: SecurityCheckId | undefined) {
    const at = (page: number) => securityAttention({ actor, today, districtCode, check, page, pageSize: 1 })
    const worstOf = (row: ReturnType<typeof at>['rows'][number] | undefined) =>
      row && Math.max(...row.checks.filter((c) => !check || c.checkId === check).map((c) => (c.result === 'failing' ? 2 : 1)))
    const { total } = at(1)
    return { total, worst: (page: number) => worstOf(at(page).rows[0]) }
  }

  let counted = 0
  function expectAgreement() {
    ensureComplianceFresh(today)
    // each lab's stored severities are its stored security checks', and the tally is lab_standing's
    expect(
      db.$client
        .prepare(
          `SELECT count(*) AS n FROM lab_standing s WHERE s.security_severities IS NOT
             coalesce((SELECT max(c.severity) FROM lab_checks c WHERE c.lab_id = s.lab_id AND c.check_id = 'security_plan'), 0)
             | (coalesce((SELECT max(c.severity) FROM lab_checks c WHERE c.lab_id = s.lab_id AND c.check_id = 'drill'), 0) << 2)
             | (coalesce((SELECT max(c.severity) FROM lab_checks c WHERE c.lab_id = s.lab_id AND c.check_id = 'incident'), 0) << 4)
             | (coalesce((SELECT max(c.severity) FROM lab_checks c WHERE c.lab_id = s.lab_id AND c.check_id = 'incident_report'), 0) << 6)`,
        )
        .get(),
      'lab_standing.security_severities',
    ).toEqual({ n: 0 })
    expect(
      db.$client
        .prepare(
          `SELECT district_code, security_severities, n FROM lab_security_tally WHERE n <> 0
           EXCEPT SELECT l.district_code, s.security_severities, count(*) FROM lab_standing s JOIN labs l ON l.id = s.lab_id
             WHERE s.security_severities <> 0 GROUP BY 1, 2`,
        )
        .all(),
      'lab_security_tally',
    ).toEqual([])
    expect(db.$client.prepare('SELECT count(*) AS n FROM lab_security_tally WHERE n <> 0').get()).toEqual(
      db.$client
        .prepare(
          'SELECT count(*) AS n FROM (SELECT 1 FROM lab_standing s JOIN labs l ON l.id = s.lab_id WHERE s.security_severities <> 0 GROUP BY l.district_code, s.security_severities)',
        )
        .get(),
    )
    const cases: { actor: Actor; districtCode?: DistrictCode; scope: DistrictCode | null }[] = [
      { actor: bureau, scope: null },
      ...DISTRICT_CODES.map((d) => ({ actor: bureau, districtCode: d, scope: d })),
      ...districts.map((actor) => ({ actor, scope: actor.districtCode })),
    ]
    for (const { actor, districtCode, scope } of cases)
      for (const check of [undefined, ...SECURITY_CHECK_IDS]) {
        const want = recounted(scope, check)
        const got = tiersOf(actor, districtCode, check)
        expect({ actor: actor.id, districtCode, check, total: got.total }).toEqual({
          actor: actor.id,
          districtCode,
          check,
          total: want.failing + want.warning,
        })
        // the tiers split where the failing labs end
        if (want.failing > 0) expect(got.worst(want.failing)).toBe(2)
        if (want.warning > 0) expect(got.worst(want.failing + 1)).toBe(1)
        counted++
      }
  }

  // a lab of the demo data whose stored severities are `which`, and that can be deleted when asked
  function labWhere(where: string) {
    return db.$client
      .prepare(
        `SELECT s.lab_id AS id, l.district_code AS districtCode FROM lab_standing s JOIN labs l ON l.id = s.lab_id WHERE ${where} ORDER BY s.lab_id`,
      )
      .all() as {
      id: number
      districtCode: DistrictCode
    }[]
  }

  test('on the demo data, with labs in both tiers', () => {
    expectAgreement()
    const city = recounted(null, undefined)
    expect(city.failing).toBeGreaterThan(0)
    expect(city.warning).toBeGreaterThan(0)
  })

  test('the migration’s backfill stores what the refresh stored', () => {
    const statements = fs
      .readFileSync('db/migrations/0032_lab_security_tally.sql', 'utf8')
      .split('--> statement-breakpoint')
      .filter((st) => /^\s*(--.*\n\s*)*(UPDATE lab_standing|INSERT INTO lab_security_tally)/.test(st))
    expect(statements).toHaveLength(2)
    const stored = () => ({
      standing: db.$client.prepare('SELECT lab_id, security_severities FROM lab_standing ORDER BY lab_id').all(),
      tally: db.$client.prepare('SELECT * FROM lab_security_tally WHERE n <> 0 ORDER BY 1, 2').all(),
    })
    ensureComplianceFresh(today)
    const refreshed = stored()
    expect(refreshed.tally.length).toBeGreaterThan(1)
    let backfilled: ReturnType<typeof stored> | undefined
    try {
      db.transaction(() => {
        // as before the migration: no column to read, no tally, no trigger yet
        db.$client.exec('DROP TRIGGER lab_security_tally_update')
        db.$client.exec('UPDATE lab_standing SET security_severities = 0')
        db.$client.exec('DELETE FROM lab_security_tally')
        for (const st of statements) db.$client.exec(st)
        backfilled = stored()
        throw new Error('rollback')
      })
    } catch (e) {
      expect((e as Error).message).toBe('rollback')
    }
    expect(backfilled).toEqual(refreshed)
    expectAgreement()
  })

  test('after a check changes severity (a lab loses its security plans)', () => {
    const [lab] = labWhere(
      "EXISTS (SELECT 1 FROM lab_checks c WHERE c.lab_id = s.lab_id AND c.check_id = 'security_plan' AND c.severity = 0)",
    )
    expect(lab, 'a lab whose security plan check is ok').toBeDefined()
    const before = recounted(lab.districtCode, 'security_plan')
    db.transaction((tx) => {
      tx.run(sql`DELETE FROM security_plans WHERE lab_id = ${lab.id}`)
      markLabsStale(tx, [lab.id])
    })
    expectAgreement()
    expect(recounted(lab.districtCode, 'security_plan')).not.toEqual(before)
  })

  test('after a new day’s evaluation of every lab', () => {
    const before = db.$client.prepare('SELECT lab_id, security_severities FROM lab_standing ORDER BY lab_id').all()
    today = addDays(today, 200)
    setClock(new Date(`${today}T02:00:00Z`))
    expectAgreement()
    expect(db.$client.prepare('SELECT lab_id, security_severities FROM lab_standing ORDER BY lab_id').all()).not.toEqual(before)
  })

  test('after a lab moves to another district', () => {
    const [lab] = labWhere('s.security_severities <> 0')
    const to = DISTRICT_CODES.find((d) => d !== lab.districtCode)!
    const before = securityAttention({ actor: bureau, today, districtCode: to, page: 1, pageSize: 1 }).total
    db.update(labsTable).set({ districtCode: to }).where(eq(labsTable.id, lab.id)).run()
    expectAgreement()
    expect(securityAttention({ actor: bureau, today, districtCode: to, page: 1, pageSize: 1 }).total).toBe(before + 1)
  })

  test('after a lab is deleted', () => {
    const lab = labWhere('s.security_severities <> 0').find((l) => {
      try {
        db.transaction((tx) => {
          tx.delete(labsTable).where(eq(labsTable.id, l.id)).run()
          throw new Error('rollback')
        })
      } catch (e) {
        return (e as Error).message === 'rollback'
      }
      return false
    })
    expect(lab, 'a lab needing attention that can be deleted').toBeDefined()
    const before = securityAttention({ actor: bureau, today, page: 1, pageSize: 1 }).total
    db.delete(labsTable).where(eq(labsTable.id, lab!.id)).run()
    expectAgreement()
    expect(securityAttention({ actor: bureau, today, page: 1, pageSize: 1 }).total).toBe(before - 1)
    // every filter of every scope was compared after each write
    expect(counted).toBe(6 * (1 + 2 * DISTRICT_CODES.length) * 5)
  })
})
