import { beforeAll, describe, expect, test } from 'vitest'
import { registryHref, TILE_LINKS } from '~/components/charts/registry-links'
import { addMonths, shanghaiDate, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { labStatus, type LatestPeriod } from '~/domain/validity'
import { markLabsStale } from '~/models/compliance-freshness.server'
import { ATTENTION_PAGE_SIZE, dashboardData, DASHBOARD_MONTHS, type DashboardData } from '~/models/dashboard.server'
import { listLabs } from '~/models/labs.server'
import { setDb } from '~/utils/db.server'
import { parseRegistryParams } from '~/models/lab-registry'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { settings } from '~db/schema'
import { DIRECTIONS, LAB_STATUSES, type DistrictCode, type LabStatus } from '~db/schema/enums'
import { seedDemo } from '~db/seed'

// Pinned, as in seed.test.ts, so the demo data's statuses do not depend on the day the tests run.
const NOW = new Date('2026-11-28T02:00:00Z')
const TODAY = shanghaiDate(NOW)
const GUSU: DistrictCode = '320508'

let db: Db
let bureau: Actor
let gusu: Actor

beforeAll(async () => {
  db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now: NOW })
  setDb(db)
  const idOf = (username: string) => raw<{ id: number }>('SELECT id FROM users WHERE username = ?', username)[0].id
  bureau = { id: idOf('bureau'), role: 'bureau', districtCode: null, labId: null }
  gusu = { id: idOf('gusu'), role: 'district', districtCode: GUSU, labId: null }
})

// ---------------------------------------------------------------------------------------------
// The expected numbers, written independently of the dashboard's queries: plain SQL over the
// tables, statuses from the pure rule in app/domain/validity.ts.

function raw<T>(query: string, ...params: unknown[]): T[] {
  return db.$client.prepare(query).all(...params) as T[]
}

type RawLab = { id: number; district: DistrictCode; direction: number; start: string | null; end: string | null; outcome: string | null }

function rawLabs(district?: DistrictCode): RawLab[] {
  return raw<RawLab>(
    `SELECT l.id, l.district_code AS district, l.direction, p.start_date AS start, p.end_date AS "end", p.outcome
       FROM labs l
       LEFT JOIN validity_periods p ON p.lab_id = l.id
        AND p.sequence = (SELECT max(q.sequence) FROM validity_periods q WHERE q.lab_id = l.id)
      WHERE @district IS NULL OR l.district_code = @district`,
    { district: district ?? null },
  )
}

function statusOf(lab: RawLab, windowDays = 90): LabStatus {
  const latest = lab.start ? ({ startDate: lab.start, endDate: lab.end, outcome: lab.outcome } as LatestPeriod) : null
  return labStatus({ latest, today: TODAY, windowDays })
}

function countWhere(rows: RawLab[], keep: (lab: RawLab, status: LabStatus) => boolean, windowDays = 90) {
  return rows.filter((l) => keep(l, statusOf(l, windowDays))).length
}

const month = (offset: number) => addMonths(`${TODAY.slice(0, 7)}-01` as IsoDate, offset).slice(0, 7)

function rawExpiriesIn(m: string, district?: DistrictCode) {
  return raw<{ n: number }>(
    `SELECT count(*) AS n FROM labs l
       JOIN validity_periods p ON p.lab_id = l.id
        AND p.sequence = (SELECT max(q.sequence) FROM validity_periods q WHERE q.lab_id = l.id)
      WHERE p.outcome IS NULL AND substr(p.end_date, 1, 7) = @month AND (@district IS NULL OR l.district_code = @district)`,
    { month: m, district: district ?? null },
  )[0].n
}

// Filled by the engine when the dashboard is computed; counted here without its queries. A lab
// fails on its own rows only: the bureau's (a request it decided late) are not the lab's standing.
function rawFailingLabs(district?: DistrictCode) {
  return raw<{ n: number }>(
    `SELECT count(DISTINCT c.lab_id) AS n FROM lab_checks c JOIN labs l ON l.id = c.lab_id
      WHERE c.result = 'failing' AND c.owner = 'lab' AND (@district IS NULL OR l.district_code = @district)`,
    { district: district ?? null },
  )[0].n
}

function rawAttentionCount(district?: DistrictCode, result?: string) {
  return raw<{ n: number }>(
    `SELECT count(*) AS n FROM lab_checks c JOIN labs l ON l.id = c.lab_id
      WHERE c.result IN ('failing', 'warning') AND (@district IS NULL OR l.district_code = @district)
        AND (@result IS NULL OR c.result = @result)`,
    { district: district ?? null, result: result ?? null },
  )[0].n
}

const sum = (rows: { n: number }[]) => rows.reduce((s, r) => s + r.n, 0)
const dash = (actor: Actor, query = '') => dashboardData({ actor, today: TODAY, search: new URLSearchParams(query) })

// Opens a dashboard link the way the registry page does and returns the number of rows it lists.
function registryTotal(actor: Actor, href: string, windowDays = 90) {
  const state = parseRegistryParams(new URL(href, 'http://x').searchParams)
  return listLabs({ actor, filter: state.filter, today: TODAY, windowDays, page: 1, pageSize: 20 }).total
}

// ---------------------------------------------------------------------------------------------

describe('the bureau dashboard on the demo data', () => {
  let data: DashboardData
  let all: RawLab[]
  beforeAll(() => {
    data = dash(bureau)
    all = rawLabs()
  })

  test('the tiles match counts taken straight from the tables', () => {
    expect(data.windowDays).toBe(90)
    expect(data.tiles.total).toBe(raw<{ n: number }>('SELECT count(*) AS n FROM labs')[0].n)
    expect(data.tiles.activeOnly).toBe(countWhere(all, (_, s) => s === 'active'))
    expect(data.tiles.renewed).toBe(countWhere(all, (_, s) => s === 'renewed'))
    expect(data.tiles.active).toBe(countWhere(all, (_, s) => s === 'active' || s === 'renewed'))
    expect(data.tiles.expiring).toBe(countWhere(all, (_, s) => s === 'expiring'))
    expect(data.tiles.expired).toBe(countWhere(all, (l, s) => s === 'expired' && l.outcome === null))
    expect(data.tiles.failing).toBe(rawFailingLabs())
    // the demo data has something in every tile, so none of these comparisons is 0 = 0
    for (const key of ['activeOnly', 'renewed', 'expiring', 'expired', 'failing'] as const) expect(data.tiles[key], key).toBeGreaterThan(0)
  })

  test('every tile links to a registry view whose total is the tile’s number', () => {
    for (const key of Object.keys(TILE_LINKS) as (keyof typeof TILE_LINKS)[]) {
      expect(registryTotal(bureau, TILE_LINKS[key]), key).toBe(data.tiles[key])
    }
  })

  test('labs by district and status match a raw count for every district and status', () => {
    for (const district of data.districts) {
      for (const status of LAB_STATUSES) {
        const shown = data.byDistrict.find((r) => r.districtCode === district && r.status === status)?.n ?? 0
        expect(shown, `${district} ${status}`).toBe(countWhere(all, (l, s) => l.district === district && s === status))
      }
    }
    expect(sum(data.byDistrict)).toBe(all.length)
  })

  test('labs by direction and status cover the 14 directions and match a raw count', () => {
    for (const direction of DIRECTIONS) {
      for (const status of LAB_STATUSES) {
        const shown = data.byDirection.find((r) => r.direction === direction && r.status === status)?.n ?? 0
        expect(shown, `${direction} ${status}`).toBe(countWhere(all, (l, s) => l.direction === direction && s === status))
      }
    }
    expect(new Set(data.byDirection.map((r) => r.direction)).size).toBe(DIRECTIONS.length)
    expect(sum(data.byDirection)).toBe(all.length)
  })

  test('expiries per month run from this month for 24 months and match a raw count', () => {
    expect(data.expiries.map((e) => e.month)).toEqual(Array.from({ length: DASHBOARD_MONTHS }, (_, i) => month(i)))
    for (const e of data.expiries) expect(e.n, e.month).toBe(rawExpiriesIn(e.month))
    expect(sum(data.expiries)).toBeGreaterThan(0)
  })

  test('every chart segment links to a registry view whose total is the segment’s value', () => {
    for (const r of data.byDistrict) expect(registryTotal(bureau, registryHref({ district: r.districtCode, status: r.status }))).toBe(r.n)
    for (const r of data.byDirection) expect(registryTotal(bureau, registryHref({ direction: r.direction, status: r.status }))).toBe(r.n)
    for (const e of data.expiries) expect(registryTotal(bureau, registryHref({ expires: e.month })), e.month).toBe(e.n)
  })

  test('the compliance share has one entry per month for the last 24 months, gaps where no history was recorded', () => {
    expect(data.complianceShare.map((m) => m.month)).toEqual(
      Array.from({ length: DASHBOARD_MONTHS }, (_, i) => month(i - DASHBOARD_MONTHS + 1)),
    )
    const history = raw<{ month: string; total: number; compliant: number }>(
      'SELECT month, count(*) AS total, sum(severity = 0) AS compliant FROM compliance_history GROUP BY month',
    )
    for (const m of data.complianceShare) {
      const h = history.find((r) => r.month === m.month)
      if (!h) expect(m.share, m.month).toBeNull()
      else
        expect(m, m.month).toMatchObject({ total: h.total, compliant: h.compliant, share: Math.round((1000 * h.compliant) / h.total) / 10 })
    }
    // this month is always recorded: the dashboard evaluates compliance before it reads
    expect(data.complianceShare.at(-1)?.share).not.toBeNull()
  })

  test('needs attention lists every failing and warning check, worst first, ten to a page', () => {
    const { attention } = data
    expect(attention.total).toBe(rawAttentionCount())
    expect(attention.total).toBeGreaterThan(ATTENTION_PAGE_SIZE)
    expect(attention.rows).toHaveLength(ATTENTION_PAGE_SIZE)
    expect(attention.page).toBe(1)
    const seen = []
    for (let page = 1; page <= Math.ceil(attention.total / ATTENTION_PAGE_SIZE); page++)
      seen.push(...dash(bureau, `attention=${page}`).attention.rows)
    expect(seen).toHaveLength(attention.total)
    const severity = { failing: 2, warning: 1, ok: 0 }
    const order = seen.map((r) => severity[r.result])
    expect(order).toEqual([...order].sort((a, b) => b - a))
    expect(seen.every((r) => r.result !== 'ok')).toBe(true)
    expect(new Set(seen.map((r) => `${r.labId}/${r.checkId}/${r.subject}`)).size).toBe(seen.length)
  })

  test('needs attention filters by result, check and district, and a page past the end shows the last page', () => {
    const failing = dash(bureau, 'result=failing').attention
    expect(failing.total).toBe(rawAttentionCount(undefined, 'failing'))
    expect(failing.rows.every((r) => r.result === 'failing')).toBe(true)
    expect(failing.filter).toEqual({ result: 'failing', check: null, district: null })

    const validity = dash(bureau, 'check=validity').attention
    expect(validity.total).toBe(
      raw<{ n: number }>("SELECT count(*) AS n FROM lab_checks WHERE check_id = 'validity' AND severity > 0")[0].n,
    )
    expect(validity.rows.every((r) => r.checkId === 'validity')).toBe(true)

    const kunshan = dash(bureau, 'district=320583').attention
    expect(kunshan.total).toBe(rawAttentionCount('320583'))
    expect(kunshan.rows.every((r) => r.districtCode === '320583')).toBe(true)

    const last = Math.ceil(data.attention.total / ATTENTION_PAGE_SIZE)
    const beyond = dash(bureau, 'attention=999').attention
    expect(beyond.page).toBe(last)
    expect(beyond.rows.length).toBeGreaterThan(0)
    // nonsense falls back to the defaults
    expect(dash(bureau, 'attention=-3&result=ok&check=nope').attention).toMatchObject({ page: 1, total: data.attention.total })
  })
})

describe('a district officer’s dashboard', () => {
  let data: DashboardData
  let own: RawLab[]
  beforeAll(() => {
    data = dash(gusu)
    own = rawLabs(GUSU)
  })

  test('counts only the labs of its district', () => {
    expect(own.length).toBeGreaterThan(0)
    expect(own.length).toBeLessThan(rawLabs().length)
    expect(data.scope).toBe(GUSU)
    expect(data.districts).toEqual([GUSU])
    expect(data.tiles.total).toBe(own.length)
    expect(data.tiles.active).toBe(countWhere(own, (_, s) => s === 'active' || s === 'renewed'))
    expect(data.tiles.expiring).toBe(countWhere(own, (_, s) => s === 'expiring'))
    expect(data.tiles.expired).toBe(countWhere(own, (_, s) => s === 'expired'))
    expect(data.tiles.failing).toBe(rawFailingLabs(GUSU))
    expect(data.byDistrict.every((r) => r.districtCode === GUSU)).toBe(true)
    expect(sum(data.byDistrict)).toBe(own.length)
    expect(sum(data.byDirection)).toBe(own.length)
    for (const e of data.expiries) expect(e.n, e.month).toBe(rawExpiriesIn(e.month, GUSU))
    expect(data.complianceShare.at(-1)?.total).toBe(
      raw<{ n: number }>(
        'SELECT count(*) AS n FROM compliance_history h JOIN labs l ON l.id = h.lab_id WHERE h.month = ? AND l.district_code = ?',
        month(0),
        GUSU,
      )[0].n,
    )
  })

  test('its tiles and bars open registry views with the same totals', () => {
    for (const key of Object.keys(TILE_LINKS) as (keyof typeof TILE_LINKS)[])
      expect(registryTotal(gusu, TILE_LINKS[key]), key).toBe(data.tiles[key])
    for (const e of data.expiries) expect(registryTotal(gusu, registryHref({ expires: e.month })), e.month).toBe(e.n)
  })

  test('needs attention holds no lab of another district, even when asked for one', () => {
    expect(data.attention.total).toBe(rawAttentionCount(GUSU))
    expect(data.attention.total).toBeGreaterThan(0)
    const pages = Math.ceil(data.attention.total / ATTENTION_PAGE_SIZE)
    for (let page = 1; page <= pages; page++) {
      for (const row of dash(gusu, `attention=${page}`).attention.rows) expect(row.districtCode).toBe(GUSU)
    }
    const asked = dash(gusu, 'district=320583').attention
    expect(asked.total).toBe(data.attention.total)
    expect(asked.rows.every((r) => r.districtCode === GUSU)).toBe(true)
  })
})

describe('a decided period', () => {
  test('a revoked or not-renewed period no longer counts as an expiry in its month', () => {
    const before = dash(bureau).expiries
    const month = before.find((e) => e.n > 0)!.month
    const periods = raw<{ id: number; labId: number }>(
      `SELECT p.id, p.lab_id AS labId FROM validity_periods p
        WHERE p.outcome IS NULL AND substr(p.end_date, 1, 7) = ?
          AND p.sequence = (SELECT max(q.sequence) FROM validity_periods q WHERE q.lab_id = p.lab_id)
        ORDER BY p.id LIMIT 2`,
      month,
    )
    // as a decision does: the period's outcome, and its lab marked for re-evaluation (recordAudit
    // marks every audited change of a lab; the dashboard counts the stored evaluation)
    const setOutcome = (id: number, outcome: string | null) => {
      db.$client.prepare('UPDATE validity_periods SET outcome = ? WHERE id = ?').run(outcome, id)
      markLabsStale(
        db,
        periods.map((p) => p.labId),
      )
    }
    try {
      setOutcome(periods[0].id, 'revoked')
      if (periods[1]) setOutcome(periods[1].id, 'not_renewed')
      const after = dash(bureau).expiries
      expect(after.find((e) => e.month === month)!.n).toBe(before.find((e) => e.month === month)!.n - periods.length)
      expect(after.find((e) => e.month === month)!.n).toBe(rawExpiriesIn(month))
      expect(registryTotal(bureau, registryHref({ expires: month }))).toBe(after.find((e) => e.month === month)!.n)
    } finally {
      for (const p of periods) setOutcome(p.id, null)
    }
  })
})

describe('the expiry window setting', () => {
  test('the expiring tile follows the bureau’s window and still equals the registry’s total', () => {
    db.insert(settings).values({ key: 'expiryWindowDays', value: 30, updatedAt: NOW.toISOString() }).run()
    try {
      const data = dash(bureau)
      const all = rawLabs()
      expect(data.windowDays).toBe(30)
      expect(data.tiles.expiring).toBe(countWhere(all, (_, s) => s === 'expiring', 30))
      expect(data.tiles.expiring).toBeLessThan(countWhere(all, (_, s) => s === 'expiring', 90))
      expect(registryTotal(bureau, TILE_LINKS.expiring, 30)).toBe(data.tiles.expiring)
    } finally {
      db.delete(settings).run()
    }
  })
})
