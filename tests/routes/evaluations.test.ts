import ExcelJS from 'exceljs'
import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { DEFAULT_ROUND_SETTINGS } from '~/domain/evaluation'
import { publishedGradeCounts } from '~/models/evaluations.server'
import { action as roundAction, loader as roundLoader } from '~/routes/evaluations.$roundId'
import { action as listAction, loader as listLoader } from '~/routes/evaluations._index'
import { loader as labLoader } from '~/routes/labs.$labId.evaluation'
import { loader as xlsxLoader } from '~/routes/evaluations.$roundId[.xlsx]'
import type { Db } from '~db/client.server'
import { insertAnnualReport, insertDrill, insertIncident, insertSecurityPlan } from '~db/factories'
import { auditLog, evaluationResults, evaluationRounds, inboxItems, notices, users, validityPeriods } from '~db/schema'
import { pinClock } from '../clock'
import { errorsOf, formRequest, getRequest, makeCast, makeLab, outcome, setupTestDb, TEST_CONTEXT, valuesOf } from '../helpers'

// 年度评估 (issue 16, part 5) through its pages. Today is 2026-03-10; the 2025 round covers three
// labs: A (姑苏区, certified 2024-01-01, its 2025 report accepted 优秀, a current plan and a drill),
// B (姑苏区, certified 2025-06-01: no report owed in 2025) and C (吴中区, certified 2024-01-01, its
// 2025 report never filed, a grade II incident reported late).
let db: Db
let labA: number
let labB: number
let labC: number
let cookies: Record<'bureau' | 'gusu' | 'wuzhong' | 'labA' | 'labB' | 'expert', string>

pinClock(new Date('2026-03-10T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  labA = makeLab(db, { districtCode: '320508', startDate: '2024-01-01', name: '甲实验室' }).id
  labB = makeLab(db, { districtCode: '320508', startDate: '2025-06-01', name: '乙实验室' }).id
  labC = makeLab(db, { districtCode: '320506', startDate: '2024-01-01', name: '丙实验室' }).id
  const periodA = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labA)).get()!.id
  insertAnnualReport(db, { labId: labA, periodId: periodA, validityYear: 2, status: 'accepted', grade: 'excellent' })
  insertSecurityPlan(db, { labId: labA, approvedOn: '2024-01-10' })
  insertDrill(db, { labId: labA, heldOn: '2025-05-01' })
  insertIncident(db, {
    labId: labC,
    grade: 'II',
    discoveredAt: '2025-07-01T02:00:00.000Z',
    reportDeadline: '2025-07-01T03:00:00.000Z',
    reportedAt: '2025-07-01T09:00:00.000Z',
  })
  cookies = (
    await makeCast(db, {
      bureau: { role: 'bureau' },
      gusu: { role: 'district', districtCode: '320508' },
      wuzhong: { role: 'district', districtCode: '320506' },
      labA: { role: 'lab', labId: labA },
      labB: { role: 'lab', labId: labB },
      expert: { role: 'expert' },
    })
  ).cookies
})

const defaults = (year = '2025') => ({
  intent: 'open',
  year,
  ...Object.fromEntries(Object.entries(DEFAULT_ROUND_SETTINGS).map(([k, v]) => [k, String(v)])),
})
const open = (cookie: string, fields: Record<string, string> = defaults()) =>
  outcome(() => listAction({ request: formRequest('/evaluations', fields, cookie), params: {}, context: TEST_CONTEXT }))
const list = (cookie: string) =>
  outcome(() => listLoader({ request: getRequest('/evaluations', cookie), params: {}, context: TEST_CONTEXT }))
const roundPage = (cookie: string, id: number, query = '') =>
  outcome(() =>
    roundLoader({ request: getRequest(`/evaluations/${id}${query}`, cookie), params: { roundId: String(id) }, context: TEST_CONTEXT }),
  )
const post = (cookie: string, id: number, fields: Record<string, string>) =>
  outcome(() =>
    roundAction({ request: formRequest(`/evaluations/${id}`, fields, cookie), params: { roundId: String(id) }, context: TEST_CONTEXT }),
  )
const labPage = (cookie: string, id: number) =>
  outcome(() => labLoader({ request: getRequest(`/labs/${id}/evaluation`, cookie), params: { labId: String(id) }, context: TEST_CONTEXT }))

const round = () => db.select().from(evaluationRounds).get()!
const resultOf = (labId: number) => db.select().from(evaluationResults).where(eq(evaluationResults.labId, labId)).get()!
const audits = (entityType: string) => db.select().from(auditLog).where(eq(auditLog.entityType, entityType)).all()

async function opened() {
  const o = await open(cookies.bureau)
  expect(o.status).toBe(302)
  return round().id
}
const adjust = (id: number, labId: number, grade: string, reason: string, version?: string) =>
  post(cookies.bureau, id, {
    intent: 'adjust',
    resultId: String(resultOf(labId).id),
    grade,
    reason,
    rowVersion: version ?? String(resultOf(labId).rowVersion),
  })
const publish = (id: number, version = String(round().rowVersion)) => post(cookies.bureau, id, { intent: 'publish', rowVersion: version })

type RoundBody = { rows: { labId: number; finalGrade: string | null }[]; total: number; canManage: boolean }

describe('the bureau opens a round', () => {
  test('every lab in force in the year gets its components, audited with the frozen weights and caps', async () => {
    const o = await open(cookies.bureau)
    expect(o.location).toBe(`/evaluations/${round().id}?saved=open`)
    expect(round()).toMatchObject({ year: 2025, status: 'open', weightReport: 30, capExcellentPercent: 15, minPass: 60 })
    const a = resultOf(labA)
    const b = resultOf(labB)
    const c = resultOf(labC)
    // A: 优秀 report; B: nothing owed in 2025; C: its report overdue and never filed
    expect([a.scoreReport, b.scoreReport, c.scoreReport]).toEqual([100, null, 0])
    // A has a current plan and a drill; C a late grade II incident, no plan and no drill
    expect(a.scoreSecurity).toBe(100)
    expect(c.scoreSecurity).toBe(100 - 25 - 10 - 30 - 20)
    // nobody has an approved indicator plan: the plan does not apply
    expect([a.scorePlan, b.scorePlan, c.scorePlan]).toEqual([null, null, null])
    expect(a.finalGrade).toBe(a.proposedGrade)
    expect(audits('evaluation_round').map((x) => x.action)).toEqual(['open'])
    expect(audits('evaluation_round')[0].after).toMatchObject({ year: 2025, report: 30, plan: 30, labs: 3 })
  })

  test('a lab certified after the year is not in its round', async () => {
    makeLab(db, { startDate: '2026-02-01' })
    await opened()
    expect(db.select().from(evaluationResults).all()).toHaveLength(3)
  })

  test('the form is prefilled with the defaults and the year after the latest round', async () => {
    const before = await list(cookies.bureau)
    expect(before.body.defaults).toEqual({ year: 2025, settings: DEFAULT_ROUND_SETTINGS })
    await open(cookies.bureau, { ...defaults(), report: '40', plan: '20' })
    const after = await list(cookies.bureau)
    expect(after.body.defaults).toMatchObject({ year: 2026, settings: { report: 40, plan: 20 } })
    // this year taken too: the latest year without a round
    await open(cookies.bureau, defaults('2026'))
    expect(((await list(cookies.bureau)).body.defaults as { year: number }).year).toBe(2024)
  })

  test.each([
    [{ report: '29' }, '_form', 'evaluation.error.weightsSum'],
    [{ report: 'abc' }, 'report', 'evaluation.error.whole'],
    [{ report: '' }, 'report', 'form.required'],
    [{ minPass: '101' }, 'minPass', 'evaluation.error.range'],
    [{ capExcellentPercent: '80', capGoodPercent: '30' }, 'capGoodPercent', 'evaluation.error.capsSum'],
    [{ minExcellent: '70' }, 'minExcellent', 'evaluation.error.minOrder'],
    [{ year: '2027' }, 'year', 'evaluation.error.futureYear'],
    [{ year: '2019' }, 'year', 'evaluation.error.range'],
    [{ year: '2025.5' }, 'year', 'evaluation.error.whole'],
  ])('%j is refused with 400 (%s: %s), nothing stored and what was typed kept', async (change, field, key) => {
    const fields = { ...defaults(), ...change }
    const o = await open(cookies.bureau, fields)
    expect(o.status).toBe(400)
    expect(errorsOf(o)[field].key).toBe(key)
    expect(valuesOf(o)).toMatchObject(change)
    expect(db.select().from(evaluationRounds).all()).toHaveLength(0)
  })

  test('a second round for the same year is refused (409)', async () => {
    await opened()
    const o = await open(cookies.bureau)
    expect(o.status).toBe(409)
    expect(errorsOf(o)._form).toEqual({ key: 'evaluation.error.yearTaken', vars: { year: 2025 } })
    expect(db.select().from(evaluationRounds).all()).toHaveLength(1)
  })

  test('a district office and a lab may not open a round (403); an expert has no such page (404)', async () => {
    expect((await open(cookies.gusu)).status).toBe(403)
    expect((await open(cookies.labA)).status).toBe(403)
    expect((await open(cookies.expert)).status).toBe(404)
    expect(db.select().from(evaluationRounds).all()).toHaveLength(0)
  })
})

describe('the round page', () => {
  test('the bureau sees every lab; filters and sorts run on the whole table', async () => {
    const id = await opened()
    const all = (await roundPage(cookies.bureau, id)).body as RoundBody
    expect(all.total).toBe(3)
    expect(all.canManage).toBe(true)
    const gusu = (await roundPage(cookies.bureau, id, '?district=320508')).body as RoundBody
    expect(gusu.rows.map((r) => r.labId).sort()).toEqual([labA, labB].sort())
    const byScore = (await roundPage(cookies.bureau, id, '?sort=score&dir=asc')).body as RoundBody
    expect(byScore.rows.at(-1)?.labId).toBe(labA)
    const bad = (await roundPage(cookies.bureau, id, '?sort=nope&page=-3&grade=zzz')).body as RoundBody
    expect(bad.total).toBe(3)
  })

  test('an open round does not exist for a district office, a lab or an expert', async () => {
    const id = await opened()
    for (const cookie of [cookies.gusu, cookies.labA, cookies.expert]) expect((await roundPage(cookie, id)).status).toBe(404)
    expect((await roundPage(cookies.bureau, 999)).status).toBe(404)
  })

  test('a lab opening /evaluations is sent to its own results; an expert gets 404', async () => {
    expect((await list(cookies.labA)).location).toBe(`/labs/${labA}/evaluation`)
    expect((await list(cookies.expert)).status).toBe(404)
  })
})

describe('adjusting a grade', () => {
  test('needs a reason; the change is audited before and after', async () => {
    const id = await opened()
    const refused = await adjust(id, labB, 'good', '  ')
    expect(refused.status).toBe(400)
    expect(errorsOf(refused).reason.key).toBe('evaluation.error.reasonRequired')
    expect(valuesOf(refused).grade).toBe('good')
    const before = resultOf(labB).finalGrade
    const o = await adjust(id, labB, 'good', '承担市级重点场景，贡献突出')
    expect(o.status).toBe(302)
    expect(resultOf(labB)).toMatchObject({ finalGrade: 'good', adjustmentReason: '承担市级重点场景，贡献突出' })
    const [audit] = audits('evaluation_result')
    expect(audit).toMatchObject({ action: 'adjust', labId: labB })
    expect(audit.before).toMatchObject({ finalGrade: before, adjustmentReason: '' })
    expect(audit.after).toMatchObject({ finalGrade: 'good', adjustmentReason: '承担市级重点场景，贡献突出' })
  })

  test('an unknown grade or a result of another round is refused', async () => {
    const id = await opened()
    expect(errorsOf(await adjust(id, labB, 'superb', '理由')).grade.key).toBe('form.invalidChoice')
    const o = await post(cookies.bureau, id, { intent: 'adjust', resultId: '99999', grade: 'good', reason: 'x', rowVersion: '1' })
    expect(o.status).toBe(404)
  })

  test('on a stale page it is refused with 409 and what the row is now; nothing is lost', async () => {
    const id = await opened()
    const seen = String(resultOf(labB).rowVersion)
    expect((await adjust(id, labB, 'good', '第一位', seen)).status).toBe(302)
    const late = await adjust(id, labB, 'fail', '第二位', seen)
    expect(late.status).toBe(409)
    expect(late.body.stale).toMatchObject({ status: 'good' })
    expect(valuesOf(late).reason).toBe('第二位')
    expect(resultOf(labB).finalGrade).toBe('good')
  })

  test('a district office cannot adjust, even its own labs (404: the open round is not its)', async () => {
    const id = await opened()
    const o = await post(cookies.gusu, id, {
      intent: 'adjust',
      resultId: String(resultOf(labA).id),
      grade: 'excellent',
      reason: 'x',
      rowVersion: '1',
    })
    expect(o.status).toBe(404)
    expect(audits('evaluation_result')).toHaveLength(0)
  })

  test('recomputing keeps an adjusted grade and follows the record for the rest', async () => {
    const id = await opened()
    await adjust(id, labB, 'fail', '年度内未完成整改')
    const periodC = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labC)).get()!.id
    insertAnnualReport(db, { labId: labC, periodId: periodC, validityYear: 2, status: 'accepted', grade: 'good' })
    const o = await post(cookies.bureau, id, { intent: 'recompute', rowVersion: String(round().rowVersion) })
    expect(o.status).toBe(302)
    expect(resultOf(labC).scoreReport).toBe(80)
    expect(resultOf(labB)).toMatchObject({ finalGrade: 'fail', adjustmentReason: '年度内未完成整改' })
    expect(audits('evaluation_round').map((a) => a.action)).toEqual(['open', 'recompute_proposals'])
    // the page that showed the round before the recompute is stale
    expect((await post(cookies.bureau, id, { intent: 'recompute', rowVersion: '1' })).status).toBe(409)
  })
})

describe('publishing', () => {
  test('is refused while the final grades exceed the caps, with the count and the cap', async () => {
    const id = await opened()
    // three labs: 15% of 3 is 0 labs in 优秀
    await adjust(id, labA, 'excellent', '年度表现突出')
    const o = await publish(id)
    expect(o.status).toBe(409)
    expect(errorsOf(o)._form).toEqual({ key: 'evaluation.error.capExcellent', vars: { count: 1, max: 0, percent: 15 } })
    expect(round().status).toBe('open')
    expect(((await roundPage(cookies.bureau, id)).body as { problems: unknown[] }).problems).toHaveLength(1)
    expect(db.select().from(notices).where(eq(notices.source, 'evaluation')).all()).toHaveLength(0)
  })

  test('locks the round, tells each lab its own grade and nobody else', async () => {
    const id = await opened()
    const o = await publish(id)
    expect(o.status).toBe(302)
    expect(round()).toMatchObject({ status: 'published' })
    expect(audits('evaluation_round').map((a) => a.action)).toEqual(['open', 'publish'])
    const told = db
      .select({ userId: inboxItems.userId, title: notices.title, labId: notices.labId })
      .from(notices)
      .innerJoin(inboxItems, eq(inboxItems.noticeId, notices.id))
      .where(eq(notices.source, 'evaluation'))
      .all()
    const labUsers = db.select().from(users).where(eq(users.role, 'lab')).all()
    expect(told.map((x) => x.userId).sort()).toEqual(labUsers.map((u) => u.id).sort())
    for (const u of labUsers) {
      const notice = told.find((x) => x.userId === u.id)!
      expect(notice.labId).toBe(u.labId)
      expect(notice.title).toEqual({
        key: `notices.evaluation.published.${resultOf(u.labId!).finalGrade}`,
        params: expect.objectContaining({ year: 2025 }),
      })
    }
    // locked
    expect((await adjust(id, labB, 'good', '发布后')).status).toBe(409)
    expect(errorsOf(await publish(id))._form.key).toBe('evaluation.error.published')
    expect((await post(cookies.bureau, id, { intent: 'recompute', rowVersion: String(round().rowVersion) })).status).toBe(409)
  })

  test('a stale publish is refused with 409', async () => {
    const id = await opened()
    await post(cookies.bureau, id, { intent: 'recompute', rowVersion: String(round().rowVersion) })
    expect((await publish(id, '1')).status).toBe(409)
    expect(round().status).toBe('open')
  })
})

describe('who sees published results', () => {
  test('a lab sees only its own, and only once published', async () => {
    const id = await opened()
    expect((await labPage(cookies.labA, labA)).body.results).toEqual([])
    await publish(id)
    const own = (await labPage(cookies.labA, labA)).body.results as { year: number; finalGrade: string }[]
    expect(own).toEqual([expect.objectContaining({ year: 2025, finalGrade: resultOf(labA).finalGrade })])
    expect((await labPage(cookies.labA, labB)).status).toBe(404)
    expect((await roundPage(cookies.labA, id)).status).toBe(404)
  })

  test('a district office sees its own district’s labs of a published round; another district’s lab is 404', async () => {
    const id = await opened()
    await publish(id)
    const gusu = (await roundPage(cookies.gusu, id)).body as RoundBody
    expect(gusu.rows.map((r) => r.labId).sort()).toEqual([labA, labB].sort())
    expect(gusu.canManage).toBe(false)
    // a district filter naming another district shows nothing more
    expect(((await roundPage(cookies.gusu, id, '?district=320506')).body as RoundBody).total).toBe(0)
    expect(((await roundPage(cookies.wuzhong, id)).body as RoundBody).rows.map((r) => r.labId)).toEqual([labC])
    expect((await labPage(cookies.gusu, labC)).status).toBe(404)
    expect((await labPage(cookies.gusu, labA)).status).toBe(200)
    // the district may not change it
    expect((await post(cookies.gusu, id, { intent: 'publish', rowVersion: String(round().rowVersion) })).status).toBe(404)
  })

  test('the grade counts for the dashboard follow the scope', async () => {
    const id = await opened()
    expect(publishedGradeCounts({ actor: { id: 1, role: 'bureau', districtCode: null, labId: null }, year: 2025 })).toBeNull()
    await publish(id)
    const city = publishedGradeCounts({ actor: { id: 1, role: 'bureau', districtCode: null, labId: null }, year: 2025 })!
    const wuzhong = publishedGradeCounts({ actor: { id: 1, role: 'district', districtCode: '320506', labId: null }, year: 2025 })!
    const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0)
    expect(sum(city.counts)).toBe(3)
    expect(sum(wuzhong.counts)).toBe(1)
    // no year: the latest published round
    expect(publishedGradeCounts({ actor: { id: 1, role: 'bureau', districtCode: null, labId: null }, year: null })).toEqual(city)
    expect(publishedGradeCounts({ actor: { id: 1, role: 'bureau', districtCode: null, labId: null }, year: 2024 })).toBeNull()
    // a lab reads its own result on its page, never the counts
    expect(publishedGradeCounts({ actor: { id: 1, role: 'lab', districtCode: null, labId: 1 }, year: 2025 })).toBeNull()
    expect(publishedGradeCounts({ actor: { id: 1, role: 'expert', districtCode: null, labId: null }, year: 2025 })).toBeNull()
    expect(
      db
        .select()
        .from(evaluationResults)
        .where(and(eq(evaluationResults.roundId, id), eq(evaluationResults.labId, labC)))
        .get()?.finalGrade,
    ).toBeDefined()
  })
})

describe("the round's workbook", () => {
  const workbook = async (cookie: string, id: number, query = '') => {
    try {
      const res = (await xlsxLoader({
        request: getRequest(`/evaluations/${id}.xlsx${query}`, cookie),
        params: { roundId: String(id) },
        context: TEST_CONTEXT,
      })) as Response
      const book = new ExcelJS.Workbook()
      await book.xlsx.load(await res.arrayBuffer())
      const rows: string[][] = []
      book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
      return { status: res.status, rows }
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, rows: [] }
      throw thrown
    }
  }

  test('holds every row the filters select, scoped as the page is', async () => {
    const id = await opened()
    const all = await workbook(cookies.bureau, id)
    expect(all.status).toBe(200)
    expect(all.rows[0]).toEqual(expect.arrayContaining(['名次', '实验室', '最终等级', '调整理由']))
    // every lab of the round, by rank; the page's 25-row limit does not apply
    expect(
      all.rows
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['丙实验室', '乙实验室', '甲实验室'].sort())
    expect((await workbook(cookies.bureau, id, '?district=320506')).rows.slice(1).map((r) => r[1])).toEqual(['丙实验室'])
    // an open round is the bureau's alone
    expect((await workbook(cookies.gusu, id)).status).toBe(404)
    expect((await workbook(cookies.labA, id)).status).toBe(404)
    await publish(id)
    expect(
      (await workbook(cookies.gusu, id)).rows
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['乙实验室', '甲实验室'].sort())
    expect((await workbook(cookies.expert, id)).status).toBe(404)
    expect((await workbook(cookies.bureau, id + 99)).status).toBe(404)
  })
})
