import { beforeEach, expect, test } from 'vitest'
import { SECURITY_CHECK_IDS, type SecurityCheckId } from '~/domain/incidents'
import type { Actor } from '~/domain/permissions'
import { ensureComplianceFresh } from '~/models/compliance.server'
import { securityAttention } from '~/models/security-overview.server'
import type { Db } from '~db/client.server'
import { labChecks } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
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
          result: (['ok', 'warning', 'failing'] as const)[severity],
          severity,
          reasonKey: `compliance.${check}.x`,
          reasonParams: {},
          fixPath: '/',
          evaluatedOn: TODAY,
        })
        .run()
    }
    severities.set(lab.id, checks)
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
