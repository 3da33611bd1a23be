import type { AuditAction } from '~/domain/audit-vocabulary'
import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, test } from 'vitest'
import { loader as reviewsPage } from '~/routes/reviews'
import { loader as reviewsXlsx } from '~/routes/reviews[.xlsx]'
import { loader as orgsPage } from '~/routes/organisations._index'
import { loader as orgsXlsx } from '~/routes/organisations[.xlsx]'
import { loader as usersPage } from '~/routes/users._index'
import { loader as usersXlsx } from '~/routes/users[.xlsx]'
import { loader as auditPage } from '~/routes/audit'
import { loader as auditXlsx } from '~/routes/audit[.xlsx]'
import { loader as roundsPage } from '~/routes/evaluations._index'
import { loader as roundsXlsx } from '~/routes/evaluations[.xlsx]'
import { AUDIT_EXPORT_MAX, auditExport } from '~/models/list-exports.server'
import { recordAudit } from '~/models/audit.server'
import { translator } from '~/i18n'
import type { Db } from '~db/client.server'
import { auditLog, evaluationResults, evaluationRounds } from '~db/schema'
import { insertAnnualReport, insertDeliverable } from '~db/factories'
import { getRequest, makeCast, makeLab, makeOrg, setupTestDb, TEST_CONTEXT, type RouteFunction } from '../helpers'
import { pinClock } from '../clock'
import { fetchXlsx } from '../xlsx'

// The bureau's and the offices' other lists as workbooks (issue 17, part 2): the review queue,
// organisations, users, the audit log and the evaluation rounds. Each holds the rows the page's
// filters select (every page), scoped as the page is.
let db: Db
let cookies: Record<'bureau' | 'gusu' | 'lab' | 'expert', string>
let gusuLab: { id: number; name: string }
let wuzhongLab: { id: number; name: string }

pinClock(new Date('2026-03-20T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  gusuLab = makeLab(db, { districtCode: '320508', name: '姑苏实验室' })
  wuzhongLab = makeLab(db, { districtCode: '320506', name: '吴中实验室' })
  ;({ cookies } = await makeCast(db, {
    bureau: { role: 'bureau', username: 'chief' },
    gusu: { role: 'district', districtCode: '320508', username: 'gusu' },
    lab: { role: 'lab', labId: gusuLab.id, username: 'labuser' },
    expert: { role: 'expert', username: 'expert1' },
  }))
})

async function page(loader: RouteFunction, url: string, cookie: string) {
  return (await loader({ request: getRequest(url, cookie), params: {}, context: TEST_CONTEXT })) as Record<string, unknown>
}

const body = (rows: string[][]) => rows.slice(1)

describe('the review queue', () => {
  beforeEach(() => {
    insertDeliverable(db, {
      labId: gusuLab.id,
      completedOn: '2026-01-10',
      title: '=SUM(1,2)',
      status: 'submitted',
      submittedAt: '2026-03-09T16:30:00.000Z',
    })
    insertDeliverable(db, {
      labId: wuzhongLab.id,
      completedOn: '2026-01-10',
      title: '吴中成果',
      status: 'submitted',
      submittedAt: '2026-03-12T02:00:00.000Z',
    })
  })

  test("holds the page's rows for its filters, submission times as date-times and the wait in days", async () => {
    const shown = (await page(reviewsPage, '/reviews?size=100', cookies.bureau)).rows as { title: string; waitingDays: number }[]
    const got = await fetchXlsx(reviewsXlsx, '/reviews.xlsx?page=2', cookies.bureau)
    expect(got.status).toBe(200)
    const [sheet] = got.sheets
    expect(body(sheet!.text).map((r) => r[0])).toEqual(shown.map((r) => r.title))
    expect(body(sheet!.text).map((r) => Number(r[5]))).toEqual(shown.map((r) => r.waitingDays))
    // 16:30 UTC on 9 March is 00:30 on 10 March in Shanghai: ten days before the 20th
    const first = sheet!.cells[1]!
    expect(first[4]!.value).toEqual(new Date(Date.UTC(2026, 2, 10, 0, 30)))
    expect(first[5]!.value).toBe(10)
    expect(first[0]!.type).toBe(ExcelJS.ValueType.String)
    expect(first[0]!.value).toBe('=SUM(1,2)')
    const filtered = await fetchXlsx(reviewsXlsx, '/reviews.xlsx?district=320506', cookies.bureau)
    expect(body(filtered.sheets[0]!.text).map((r) => r[0])).toEqual(['吴中成果'])
  })

  test("a district's workbook holds its own labs' filings; labs and experts get 404", async () => {
    const got = await fetchXlsx(reviewsXlsx, '/reviews.xlsx?district=320506', cookies.gusu)
    expect(body(got.sheets[0]!.text).map((r) => r[0])).toEqual(['=SUM(1,2)'])
    expect((await fetchXlsx(reviewsXlsx, '/reviews.xlsx', cookies.lab)).status).toBe(404)
    expect((await fetchXlsx(reviewsXlsx, '/reviews.xlsx', cookies.expert)).status).toBe(404)
  })

  test('an annual report is named as on the page', async () => {
    insertAnnualReport(db, {
      labId: gusuLab.id,
      periodId: 1,
      validityYear: 1,
      status: 'submitted',
      submittedAt: '2026-03-15T02:00:00.000Z',
    })
    const got = await fetchXlsx(reviewsXlsx, '/reviews.xlsx?kind=annual_report', cookies.bureau)
    expect(body(got.sheets[0]!.text).map((r) => r.slice(0, 2))).toEqual([['第1期第1年年度报告', '年度报告']])
  })
})

describe('organisations and users', () => {
  test("the organisations' workbook holds the page's rows in its sort, credit codes as text, counts as numbers", async () => {
    makeOrg(db, { districtCode: '320506', name: '=恶意单位' })
    const shown = (await page(orgsPage, '/organisations?sort=name&dir=desc&size=100', cookies.bureau)).rows as { name: string }[]
    const got = await fetchXlsx(orgsXlsx, '/organisations.xlsx?sort=name&dir=desc', cookies.bureau)
    const [sheet] = got.sheets
    expect(body(sheet!.text).map((r) => r[0])).toEqual(shown.map((r) => r.name))
    expect(sheet!.cells.slice(1).every((r) => r[1]!.type === ExcelJS.ValueType.String && r[4]!.type === ExcelJS.ValueType.Number)).toBe(
      true,
    )
    const kinds = await fetchXlsx(orgsXlsx, '/organisations.xlsx?district=320506', cookies.bureau)
    expect(body(kinds.sheets[0]!.text).map((r) => r[0])).toContain('=恶意单位')
    expect(body(kinds.sheets[0]!.text).every((r) => r[3] === '吴中区')).toBe(true)
  })

  test("the users' workbook holds the page's rows, last sign-in as a date-time, and no secret", async () => {
    const shown = (await page(usersPage, '/users?role=district&size=100', cookies.bureau)).rows as { username: string }[]
    const got = await fetchXlsx(usersXlsx, '/users.xlsx?role=district', cookies.bureau)
    const [sheet] = got.sheets
    expect(body(sheet!.text).map((r) => r[0])).toEqual(shown.map((r) => r.username))
    expect(body(sheet!.text)).toEqual([['gusu', expect.any(String), '区县大数据主管部门', '姑苏区', '启用', '从未登录']])
    const all = await fetchXlsx(usersXlsx, '/users.xlsx', cookies.bureau)
    expect(all.sheets[0]!.text[0]).toHaveLength(6)
    expect(JSON.stringify(all.sheets[0]!.text)).not.toMatch(/scrypt|\$2[aby]\$|argon/)
  })

  test('only the bureau has them', async () => {
    for (const cookie of [cookies.gusu, cookies.lab, cookies.expert]) {
      expect((await fetchXlsx(orgsXlsx, '/organisations.xlsx', cookie)).status).toBe(404)
      expect((await fetchXlsx(usersXlsx, '/users.xlsx', cookie)).status).toBe(404)
      expect((await fetchXlsx(auditXlsx, '/audit.xlsx', cookie)).status).toBe(404)
    }
  })
})

describe('the audit log', () => {
  const write = (n: number, fields: { action?: string; labId?: number; at?: Date } = {}) => {
    for (let i = 0; i < n; i++)
      recordAudit(db, {
        actor: { id: null, displayName: i === 0 ? '+张三' : '李四' },
        action: (fields.action ?? 'lab.update') as AuditAction,
        entityType: 'lab',
        entityId: i,
        labId: fields.labId ?? null,
        before: { name: 'a' },
        after: { name: `b${i}` },
        at: fields.at ?? new Date(Date.UTC(2026, 2, 1, 16, i)),
      })
  }

  test("holds the page's entries for the same filters, latest first, times in Beijing time", async () => {
    write(3, { labId: gusuLab.id })
    write(2, { action: 'lab.create', at: new Date(Date.UTC(2026, 1, 1)) })
    const shown = (await page(auditPage, `/audit?lab=${gusuLab.id}&from=2026-03-01`, cookies.bureau)).rows as { at: string }[]
    const got = await fetchXlsx(auditXlsx, `/audit.xlsx?lab=${gusuLab.id}&from=2026-03-01&page=3`, cookies.bureau)
    expect(got.sheets).toHaveLength(1)
    const [sheet] = got.sheets
    expect(body(sheet!.text).map((r) => r[0])).toEqual(shown.map((r) => r.at))
    expect(sheet!.cells[1]![0]!.value).toEqual(new Date(Date.UTC(2026, 2, 2, 0, 2)))
    expect(body(sheet!.text).map((r) => r[6])).toContain('name: a → b0')
    expect(sheet!.cells.slice(1).find((r) => r[1]!.value === '+张三')![1]!.type).toBe(ExcelJS.ValueType.String)
    expect(got.response!.headers.get('X-Export-Total')).toBe('3')
  })

  test('past the cap it holds the latest entries and a note sheet says how many were left out', async () => {
    write(5)
    const t = translator('zh')
    const capped = auditExport({ search: new URLSearchParams(), t, max: 3 })
    expect(capped.rows).toHaveLength(3)
    expect(capped.total).toBe(5)
    expect(capped.capped).toBe(true)
    // the latest three: minutes 4, 3, 2
    expect(capped.rows.map((r) => r[0])).toEqual(['2026-03-02 00:04:00', '2026-03-02 00:03:00', '2026-03-02 00:02:00'])
    const whole = await fetchXlsx(auditXlsx, '/audit.xlsx', cookies.bureau)
    expect(whole.sheets).toHaveLength(1)
    expect(auditExport({ search: new URLSearchParams(), t }).capped).toBe(false)
  })

  // 10,001 audit rows written and read back: about 7 s alone, past 20 s on a loaded machine
  test('the route cuts at 10,000 entries, says so on a note sheet and in X-Export-Total', { timeout: 90_000 }, async () => {
    const rows = Array.from({ length: AUDIT_EXPORT_MAX + 1 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      actorName: '李四',
      action: 'lab.update',
      entityType: 'lab',
      entityId: String(i),
    }))
    db.transaction((tx) => {
      for (let i = 0; i < rows.length; i += 500)
        tx.insert(auditLog)
          .values(rows.slice(i, i + 500))
          .run()
    })
    const got = await fetchXlsx(auditXlsx, '/audit.xlsx', cookies.bureau)
    expect(got.sheets.map((s) => s.name)).toEqual(['审计日志', '说明'])
    expect(got.sheets[0]!.text).toHaveLength(AUDIT_EXPORT_MAX + 1)
    // the oldest entry is the one left out
    expect(got.sheets[0]!.text.slice(1).some((r) => r[4] === '0')).toBe(false)
    // counts read as on every page (app/domain/numbers.ts groups from five digits)
    expect(AUDIT_EXPORT_MAX).toBe(10_000)
    expect(got.sheets[1]!.text[1]![0]).toContain('导出最近 10,000 条，共 10,001 条')
    expect(got.response!.headers.get('X-Export-Total')).toBe(String(AUDIT_EXPORT_MAX + 1))
  })
})

describe('the evaluation rounds', () => {
  beforeEach(() => {
    const round = (year: number, status: 'open' | 'published') =>
      db
        .insert(evaluationRounds)
        .values({
          year,
          status,
          weightReport: 25,
          weightPlan: 25,
          weightCompliance: 25,
          weightSecurity: 25,
          capExcellentPercent: 20,
          capGoodPercent: 40,
          minExcellent: 90,
          minGood: 75,
          minPass: 60,
          openedAt: `${year + 1}-01-05T02:00:00.000Z`,
          computedAt: `${year + 1}-01-05T02:00:00.000Z`,
          publishedAt: status === 'published' ? `${year + 1}-02-01T02:00:00.000Z` : null,
        })
        .returning()
        .get()
    const published = round(2024, 'published')
    round(2025, 'open')
    for (const [labId, grade] of [
      [gusuLab.id, 'excellent'],
      [wuzhongLab.id, 'good'],
    ] as const)
      db.insert(evaluationResults).values({ roundId: published.id, labId, rank: 1, finalGrade: grade, details: {} }).run()
  })

  test("the bureau's workbook has every round, years and grade counts as numbers", async () => {
    const shown = (await page(roundsPage, '/evaluations', cookies.bureau)).rounds as { year: number }[]
    const got = await fetchXlsx(roundsXlsx, '/evaluations.xlsx', cookies.bureau)
    const [sheet] = got.sheets
    expect(sheet!.cells.slice(1).map((r) => r[0]!.value)).toEqual(shown.map((r) => r.year))
    expect(sheet!.text[0]!.slice(0, 3)).toEqual(['年度', '状态', '优秀'])
    expect(body(sheet!.text)[1]!.slice(0, 6)).toEqual(['2024', '已发布', '1', '1', '0', '0'])
    expect(sheet!.cells[2]![9]!.value).toEqual(new Date(Date.UTC(2025, 1, 1, 10, 0)))
    expect(sheet!.cells[2]![9]!.numFmt).toBe('yyyy-mm-dd hh:mm')
  })

  test("a district's workbook has the published rounds with its own labs' grades; a lab and an expert get 404", async () => {
    const got = await fetchXlsx(roundsXlsx, '/evaluations.xlsx', cookies.gusu)
    expect(body(got.sheets[0]!.text).map((r) => r.slice(0, 6))).toEqual([['2024', '已发布', '1', '0', '0', '0']])
    expect((await fetchXlsx(roundsXlsx, '/evaluations.xlsx', cookies.lab)).status).toBe(404)
    expect((await fetchXlsx(roundsXlsx, '/evaluations.xlsx', cookies.expert)).status).toBe(404)
  })
})
