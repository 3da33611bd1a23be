import ExcelJS from 'exceljs'
import { eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { loader as renewalLoader } from '~/routes/labs.$labId.renewals.$renewalId'
import { loader as printLoader } from '~/routes/labs.$labId.renewals.$renewalId_.dossier'
import { loader as xlsxLoader } from '~/routes/labs.$labId.renewals.$renewalId_.dossier[.xlsx]'
import type { Db } from '~db/client.server'
import { insertRenewal } from '~db/factories'
import { evaluationResults, evaluationRounds, validityPeriods } from '~db/schema'
import type { EvaluationGrade, EvaluationStatus } from '~db/schema/enums'
import { pinClock } from '../clock'
import { getRequest, makeCast, makeLab, outcome, setupTestDb, TEST_CONTEXT } from '../helpers'

// The renewal dossier's annual evaluation section (issue 16, part 5): a lab certified 2024-03-15
// applies for renewal on 2026-02-10; its period touches 2024, 2025 and 2026. Published results of
// those years are listed on the page, the print and the .xlsx; an open round and a year outside
// the period are not.
let db: Db
let labId: number
let renewalId: number
let cookies: Record<'bureau' | 'lab', string>

pinClock(new Date('2026-02-10T04:00:00Z'))

function round(year: number, status: EvaluationStatus, grade: EvaluationGrade, reason = '') {
  const stamp = `${year + 1}-02-01T00:00:00.000Z`
  const r = db
    .insert(evaluationRounds)
    .values({
      year,
      status,
      weightReport: 30,
      weightPlan: 30,
      weightCompliance: 20,
      weightSecurity: 20,
      capExcellentPercent: 15,
      capGoodPercent: 30,
      minExcellent: 90,
      minGood: 80,
      minPass: 60,
      openedAt: stamp,
      computedAt: stamp,
      publishedAt: status === 'published' ? stamp : null,
    })
    .returning()
    .get()
  db.insert(evaluationResults)
    .values({
      roundId: r.id,
      labId,
      scoreReport: 80,
      scorePlan: null,
      scoreCompliance: 95,
      scoreSecurity: 100,
      score: 8857,
      rank: 1,
      proposedGrade: 'good',
      finalGrade: grade,
      adjustmentReason: reason,
      details: {},
    })
    .run()
}

beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { startDate: '2024-03-15', name: '城市数据实验室' }).id
  const periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  renewalId = insertRenewal(db, { labId, periodId, status: 'submitted', submittedAt: '2026-02-01T00:00:00.000Z' }).id
  cookies = (await makeCast(db, { bureau: { role: 'bureau' }, lab: { role: 'lab', labId } })).cookies
  round(2023, 'published', 'pass')
  round(2024, 'published', 'excellent', '承担市级重点场景')
  round(2025, 'open', 'fail')
})

const args = (path: string, cookie: string) => ({
  request: getRequest(`/labs/${labId}/renewals/${renewalId}${path}`, cookie),
  params: { labId: String(labId), renewalId: String(renewalId) },
  context: TEST_CONTEXT,
})

test('the dossier page and its print list the published results of the period’s years only', async () => {
  const page = await outcome(() => renewalLoader(args('', cookies.bureau)))
  expect((page.body.evaluations as { year: number; finalGrade: string }[]).map((e) => [e.year, e.finalGrade])).toEqual([
    [2024, 'excellent'],
  ])
  const print = await outcome(() => printLoader(args('/dossier', cookies.lab)))
  expect(print.body.evaluations).toEqual([expect.objectContaining({ year: 2024, adjustmentReason: '承担市级重点场景', score: 8857 })])
})

test('the .xlsx has an annual evaluation sheet with the scores, the grade and the reason', async () => {
  const response = (await xlsxLoader(args('/dossier.xlsx', cookies.bureau))) as Response
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(await response.arrayBuffer())
  const sheet = book.getWorksheet('年度评估')!
  const rows = Array.from({ length: sheet.rowCount }, (_, i) => (sheet.getRow(i + 1).values as unknown[]).slice(1))
  expect(rows[0]).toEqual(['年度', '年度报告', '任务指标', '合规', '数据安全', '建议得分', '最终等级', '调整理由'])
  expect(rows.slice(1)).toEqual([['2024', '80 ×30', '不适用 ×30', '95 ×20', '100 ×20', '88.57', '优秀', '承担市级重点场景']])
})
