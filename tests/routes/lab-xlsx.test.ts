import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { loader as ledgerPage } from '~/routes/labs.$labId.obligations'
import { loader as ledgerXlsx } from '~/routes/labs.$labId.obligations[.xlsx]'
import { action as planAction } from '~/routes/labs.$labId.plan'
import { loader as planXlsx } from '~/routes/labs.$labId.plan[.xlsx]'
import type { Db } from '~db/client.server'
import { validityPeriods } from '~db/schema'
import { formRequest, getRequest, makeCast, makeLab, setupTestDb, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'
import { fetchXlsx } from '../xlsx'

// One lab's tables as workbooks (issue 17, part 2): the obligation ledger and the plan page.
// A 姑苏区 lab certified 2025-06-01; today 2026-03-10 (year 1).
let db: Db
let labId: number
let periodId: number
let cookies: Record<'bureau' | 'lab' | 'otherLab' | 'gusu' | 'wuzhong' | 'expert', string>

pinClock(new Date('2026-03-10T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  const otherLabId = makeLab(db, { districtCode: '320508', startDate: '2025-06-01' }).id
  periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  cookies = (
    await makeCast(db, {
      bureau: { role: 'bureau' },
      lab: { role: 'lab', labId },
      otherLab: { role: 'lab', labId: otherLabId },
      gusu: { role: 'district', districtCode: '320508' },
      wuzhong: { role: 'district', districtCode: '320506' },
      expert: { role: 'expert' },
    })
  ).cookies
})

const ledger = (cookie: string, id = labId) => fetchXlsx(ledgerXlsx, `/labs/${id}/obligations.xlsx`, cookie, { labId: String(id) })
const plan = (cookie: string, query = '', id = labId) => fetchXlsx(planXlsx, `/labs/${id}/plan.xlsx${query}`, cookie, { labId: String(id) })

describe('the obligation ledger', () => {
  test("holds the page's rows, due dates as dates, with the verdict", async () => {
    const shown = (await ledgerPage({
      request: getRequest(`/labs/${labId}/obligations`, cookies.bureau),
      params: { labId: String(labId) },
      context: TEST_CONTEXT,
    })) as {
      rows: { kind: string; validityYear: number; dueDate: string }[]
    }
    const got = await ledger(cookies.bureau)
    expect(got.status).toBe(200)
    const [sheet] = got.sheets
    expect(sheet!.text.slice(1).map((r) => r[5])).toEqual(shown.rows.map((r) => r.dueDate))
    expect(sheet!.text[0]!.slice(0, 6)).toEqual(['有效期', '年度', '义务', '年度起', '年度止', '期限'])
    const first = sheet!.cells[1]!
    expect(first[3]!.value).toEqual(new Date(Date.UTC(2025, 5, 1)))
    expect(first[5]!.value).toBeInstanceOf(Date)
    expect(first[5]!.numFmt).toBe('yyyy-mm-dd')
    // year 1's obligations are not yet due on 10 March 2026
    expect(sheet!.text[1]![9]).toBe('未到期')
  })

  test('is scoped like the page: its lab, its district and the bureau; others 404', async () => {
    expect((await ledger(cookies.lab)).status).toBe(200)
    expect((await ledger(cookies.gusu)).status).toBe(200)
    expect((await ledger(cookies.otherLab)).status).toBe(404)
    expect((await ledger(cookies.wuzhong)).status).toBe(404)
    expect((await ledger(cookies.expert)).status).toBe(404)
  })
})

describe('the plan page', () => {
  test('holds the targets, 万元 read in 万元 and counts as numbers, and the progress table', async () => {
    const post = (fields: Record<string, string>) =>
      planAction({
        request: formRequest(`/labs/${labId}/plan`, { periodId: String(periodId), ...fields }, cookies.lab),
        params: { labId: String(labId) },
        context: TEST_CONTEXT,
      })
    await post({ intent: 'save', rowVersion: '0', 'target.papers': '6', 'target.transfer_value': '1234.5678' })
    const got = await plan(cookies.bureau, `?period=${periodId}`)
    expect(got.status).toBe(200)
    expect(got.sheets.map((s) => s.name)).toEqual(['计划目标', '完成情况'])
    const targets = got.sheets[0]!
    const byName = Object.fromEntries(targets.cells.slice(1).map((r) => [r[2]!.text, r]))
    const money = Object.values(byName).find((r) => r[4]!.text === '万元')!
    expect(money[3]!.value).toBe(1234.5678)
    const papers = Object.values(byName).find((r) => r[3]!.value === 6)!
    expect(papers[1]!.text).toBe('草稿')
    expect(got.sheets[1]!.text[0]![0]).toBe('指标')
  })

  test('a plan not yet drafted gives empty sheets, and scope is the page’s', async () => {
    const got = await plan(cookies.lab)
    expect(got.status).toBe(200)
    expect(got.sheets[0]!.text).toHaveLength(1)
    expect((await plan(cookies.gusu)).status).toBe(200)
    expect((await plan(cookies.otherLab)).status).toBe(404)
    expect((await plan(cookies.wuzhong)).status).toBe(404)
    expect((await plan(cookies.bureau, '?period=99999')).status).toBe(404)
    expect((await plan(cookies.bureau, '?period=abc')).status).toBe(404)
  })
})
