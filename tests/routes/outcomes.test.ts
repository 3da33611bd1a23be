import ExcelJS from 'exceljs'
import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as viewAction, loader as viewLoader } from '~/routes/labs.$labId.outcomes.$outcomeId'
import { loader as listLoader } from '~/routes/labs.$labId.outcomes._index'
import { loader as csvLoader } from '~/routes/labs.$labId.outcomes.csv'
import { loader as xlsxLoader } from '~/routes/labs.$labId.outcomes.xlsx'
import { action as newAction, loader as newLoader } from '~/routes/labs.$labId.outcomes.new'
import { formatWan } from '~/domain/money'
import type { Db } from '~db/client.server'
import { auditLog, outcomes, validityPeriods } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
import { insertDeliverable, insertOutcome } from '~db/factories'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  outcome as answer,
  setupTestDb,
  signInAs,
  signInChief,
  TEST_CONTEXT,
  valuesOf,
  withVersion,
} from '../helpers'
import { pinClock } from '../clock'

// 成果登记 (issue 16, part 2). 2025-06-15 noon in Suzhou; the test labs are certified on
// 2025-06-01 (period 2025-06-01..2027-05-31).
let db: Db
let bureau: string

pinClock(new Date('2025-06-15T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureau = await signInChief(db)
})

const labCookie = (labId: number) => signInAs(db, { role: 'lab', labId })
const districtCookie = (districtCode: DistrictCode) => signInAs(db, { role: 'district', districtCode })
const ctx = (params: Record<string, number>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))

const patent = {
  form: 'algorithm',
  kind: 'patent',
  title: '一种城市交通流预测方法',
  occurredOn: '2025-06-10',
  partners: '苏州大学',
  value: '',
  description: '发明专利',
  patentNumber: 'ZL202510000001.X',
  patentStatus: 'granted',
}
const transfer = (value: string) => ({
  form: 'product',
  kind: 'transfer',
  title: `数据产品转让 ${value}`,
  occurredOn: '2025-06-12',
  counterpart: '苏州某科技有限公司',
  value,
})

const list = (labId: number, cookie: string, query = '') =>
  answer(() =>
    listLoader({ request: getRequest(`/labs/${labId}/outcomes${query}`, cookie), params: ctx({ labId }), context: TEST_CONTEXT }),
  )
const newPage = (labId: number, cookie: string) =>
  answer(() => newLoader({ request: getRequest(`/labs/${labId}/outcomes/new`, cookie), params: ctx({ labId }), context: TEST_CONTEXT }))
const create = (labId: number, fields: Record<string, string>, cookie: string) =>
  answer(() =>
    newAction({ request: formRequest(`/labs/${labId}/outcomes/new`, fields, cookie), params: ctx({ labId }), context: TEST_CONTEXT }),
  )
const view = (labId: number, outcomeId: number, cookie: string) =>
  answer(() =>
    viewLoader({
      request: getRequest(`/labs/${labId}/outcomes/${outcomeId}`, cookie),
      params: ctx({ labId, outcomeId }),
      context: TEST_CONTEXT,
    }),
  )
// posts with the row version the page shows now, unless the fields carry their own
const act = (labId: number, outcomeId: number, fields: Record<string, string>, cookie: string) =>
  answer(() =>
    viewAction({
      request: formRequest(`/labs/${labId}/outcomes/${outcomeId}`, withVersion(outcomes, outcomeId, fields), cookie),
      params: ctx({ labId, outcomeId }),
      context: TEST_CONTEXT,
    }),
  )

const rowOf = (id: number) => db.select().from(outcomes).where(eq(outcomes.id, id)).get()!
const auditOf = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'outcome'), eq(auditLog.entityId, String(id))))
    .orderBy(asc(auditLog.id))
    .all()
const idFrom = (location: string | null) => Number(/\/outcomes\/(\d+)/.exec(location ?? '')?.[1])
const periodOf = (labId: number) => db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!

async function recorded(labId: number, cookie: string, fields: Record<string, string> = patent) {
  const r = await create(labId, fields, cookie)
  expect(r.status).toBe(302)
  return idFrom(r.location)
}

describe('the lab records and edits its outcomes', () => {
  test('a patent is recorded with its number and status, counts for the period its date falls in, and is audited', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    expect((await newPage(lab.id, own)).status).toBe(200)
    const r = await create(lab.id, patent, own)
    expect(r.status).toBe(302)
    const id = idFrom(r.location)
    expect(r.location).toBe(`/labs/${lab.id}/outcomes/${id}?saved=created`)
    expect(rowOf(id)).toMatchObject({
      labId: lab.id,
      periodId: periodOf(lab.id).id,
      validityYear: 1,
      kind: 'patent',
      patentNumber: 'ZL202510000001.X',
      patentStatus: 'granted',
      verification: 'unverified',
      valueYuan: null,
      rowVersion: 1,
    })
    expect(auditOf(id).map((a) => a.action)).toEqual(['create'])

    const listed = await list(lab.id, own)
    expect(listed.body).toMatchObject({ total: 1, canCreate: true, rows: [{ id, title: patent.title, verification: 'unverified' }] })
  })

  test('kind-specific fields of another kind are not kept', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await recorded(lab.id, own, { ...patent, kind: 'paper', awardLevel: 'national', counterpart: '某公司' })
    expect(rowOf(id)).toMatchObject({ kind: 'paper', patentNumber: '', patentStatus: null, awardLevel: null, counterpart: '' })
  })

  test('bad input is refused with 400, localised messages per field, and nothing typed is lost', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const typed = {
      form: 'scenario',
      kind: 'award',
      title: '',
      occurredOn: '2025-07-01',
      value: '1,000',
      partners: '合作方甲',
      awardLevel: '',
    }
    const r = await create(lab.id, typed, own)
    expect(r.status).toBe(400)
    expect(errorsOf(r)).toMatchObject({
      title: { key: 'form.required' },
    })
    expect(valuesOf(r)).toMatchObject(typed)
    // the title fixed, the remaining errors show: future date, money format, the award's level
    const again = await create(lab.id, { ...typed, title: '智慧城市奖' }, own)
    expect(again.status).toBe(400)
    expect(errorsOf(again)).toEqual({
      occurredOn: { key: 'outcomes.error.future' },
      value: { key: 'outcomes.error.valueFormat' },
      awardLevel: { key: 'form.required' },
    })
    expect(db.select().from(outcomes).all()).toHaveLength(0)
  })

  test('a date outside every validity period is refused with the reason, and a transfer needs its value', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const before = await create(lab.id, { ...patent, occurredOn: '2025-05-31' }, own)
    expect(before.status).toBe(400)
    expect(errorsOf(before).occurredOn).toMatchObject({ key: 'deliverables.noYear.before_first_period' })
    const noValue = await create(lab.id, transfer(''), own)
    expect(errorsOf(noValue)).toEqual({ value: { key: 'outcomes.error.transferValue' } })
    const unknownKind = await create(lab.id, { ...patent, kind: 'rumour' }, own)
    expect(unknownKind.status).toBe(400)
    expect(errorsOf(unknownKind).kind).toBeDefined()
  })

  test('values in 万元 are kept exactly: 0.1 and 0.2 万元 sum to exactly 3,000 yuan', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const a = await recorded(lab.id, own, transfer('0.1'))
    const b = await recorded(lab.id, own, transfer('0.2'))
    const c = await recorded(lab.id, own, transfer('123456.7891'))
    expect(rowOf(a).valueYuan).toBe(1000)
    expect(rowOf(b).valueYuan).toBe(2000)
    expect(rowOf(c).valueYuan).toBe(1_234_567_891)
    expect(rowOf(a).valueYuan! + rowOf(b).valueYuan!).toBe(3000)
    expect(formatWan(rowOf(a).valueYuan! + rowOf(b).valueYuan!)).toBe('0.3')
    // the page shows what was typed, not a float's digits
    const page = await view(lab.id, c, own)
    expect(page.body).toMatchObject({ outcome: { value: '123456.7891' } })
    const tooPrecise = await create(lab.id, transfer('0.00001'), own)
    expect(errorsOf(tooPrecise)).toEqual({ value: { key: 'outcomes.error.valueFormat' } })
    const tooLarge = await create(lab.id, transfer('1000001'), own)
    expect(errorsOf(tooLarge)).toEqual({ value: { key: 'outcomes.error.valueTooLarge' } })
  })

  test('the lab edits an outcome; an edit after the district check returns it to unverified', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const id = await recorded(lab.id, own)
    const gusu = await districtCookie('320508')
    expect((await act(lab.id, id, { intent: 'check', reason: '材料齐全' }, gusu)).status).toBe(302)
    expect(rowOf(id).verification).toBe('checked')

    const r = await act(lab.id, id, { ...patent, intent: 'update', patentStatus: 'applied' }, own)
    expect(r.status).toBe(302)
    expect(rowOf(id)).toMatchObject({ patentStatus: 'applied', verification: 'unverified', checkedBy: null, checkNote: '', rowVersion: 3 })
    expect(auditOf(id).map((a) => a.action)).toEqual(['create', 'check', 'update'])
  })

  test('an edit with bad input is refused with 400 and the row is unchanged', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await recorded(lab.id, own)
    const r = await act(lab.id, id, { ...patent, intent: 'update', patentNumber: '' }, own)
    expect(r.status).toBe(400)
    expect(errorsOf(r)).toEqual({ patentNumber: { key: 'form.required' } })
    expect(valuesOf(r)).toMatchObject({ patentNumber: '', title: patent.title })
    expect(rowOf(id)).toMatchObject({ patentNumber: patent.patentNumber, rowVersion: 1 })
  })

  test('a stale edit is refused with 409 and what the outcome is now', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await recorded(lab.id, own)
    const first = await act(lab.id, id, { ...patent, intent: 'update', title: '第一次修改', rowVersion: '1' }, own)
    expect(first.status).toBe(302)
    const second = await act(lab.id, id, { ...patent, intent: 'update', title: '第二次修改', rowVersion: '1' }, own)
    expect(second.status).toBe(409)
    expect(second.body).toMatchObject({ errors: { _form: { key: 'stale.changed' } }, stale: { status: 'unverified' } })
    expect(rowOf(id).title).toBe('第一次修改')
    expect(auditOf(id).map((a) => a.action)).toEqual(['create', 'update'])
  })
})

describe('verification', () => {
  test('the district checks its own district’s outcome, the bureau verifies it; the lab can no longer edit it', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const gusu = await districtCookie('320508')
    const id = await recorded(lab.id, own)

    expect((await view(lab.id, id, gusu)).body).toMatchObject({ steps: ['check'], canEdit: false })
    const checked = await act(lab.id, id, { intent: 'check', reason: '' }, gusu)
    expect(checked.status).toBe(302)
    expect(rowOf(id)).toMatchObject({ verification: 'checked', checkNote: '' })
    expect(rowOf(id).checkedAt).not.toBeNull()

    expect((await view(lab.id, id, bureau)).body).toMatchObject({ steps: ['verify', 'dispute'] })
    const verified = await act(lab.id, id, { intent: 'verify', reason: '与证书一致' }, bureau)
    expect(verified.status).toBe(302)
    expect(rowOf(id)).toMatchObject({ verification: 'verified', decisionReason: '与证书一致' })

    expect((await view(lab.id, id, own)).body).toMatchObject({ canEdit: false, steps: [] })
    const edit = await act(lab.id, id, { ...patent, intent: 'update', title: '改名' }, own)
    expect(edit.status).toBe(409)
    expect(errorsOf(edit)).toEqual({ _form: { key: 'outcomes.error.verifiedLocked' } })
    expect(rowOf(id).title).toBe(patent.title)
    expect(auditOf(id).map((a) => a.action)).toEqual(['create', 'check', 'verify'])
  })

  test('the bureau disputes with a reason; without one it is refused with 400', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const id = await recorded(lab.id, own)
    const bare = await act(lab.id, id, { intent: 'dispute', reason: '   ' }, bureau)
    expect(bare.status).toBe(400)
    expect(errorsOf(bare)).toEqual({ reason: { key: 'outcomes.error.reasonRequired' } })
    expect(rowOf(id).verification).toBe('unverified')

    const disputed = await act(lab.id, id, { intent: 'dispute', reason: '专利号与公告不符' }, bureau)
    expect(disputed.status).toBe(302)
    const row = rowOf(id)
    expect(row).toMatchObject({ verification: 'disputed', decisionReason: '专利号与公告不符' })
    expect(row.decidedBy).not.toBeNull()
    const audit = auditOf(id).at(-1)!
    expect(audit.action).toBe('dispute')
    // the district does not check a disputed outcome before the lab corrects it (409)
    const gusu = await districtCookie('320508')
    expect((await view(lab.id, id, gusu)).body).toMatchObject({ steps: [] })
    const check = await act(lab.id, id, { intent: 'check' }, gusu)
    expect(check.status).toBe(409)
    expect(errorsOf(check)).toEqual({ _form: { key: 'outcomes.error.wrongState' } })
    // the lab corrects it, which returns it to unverified, and the district checks it again
    expect((await view(lab.id, id, own)).body).toMatchObject({ canEdit: true })
    expect((await act(lab.id, id, { ...patent, intent: 'update', patentNumber: 'ZL202510000002.X' }, own)).status).toBe(302)
    expect(rowOf(id)).toMatchObject({ verification: 'unverified', decisionReason: '', decidedBy: null })
    expect((await act(lab.id, id, { intent: 'check' }, gusu)).status).toBe(302)
    expect(auditOf(id).map((a) => a.action)).toEqual(['create', 'dispute', 'update', 'check'])
  })

  test('the lab cannot verify its own outcome (403), nor the district (403), nor the bureau check (403)', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const gusu = await districtCookie('320508')
    const id = await recorded(lab.id, own)
    expect((await act(lab.id, id, { intent: 'verify' }, own)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'check' }, own)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'verify' }, gusu)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'check' }, bureau)).status).toBe(403)
    expect(rowOf(id).verification).toBe('unverified')
    expect(auditOf(id)).toHaveLength(1)
  })

  test('a step the state does not allow is 409, and a stale step is 409 with what the outcome is now', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await recorded(lab.id, own)
    expect((await act(lab.id, id, { intent: 'verify' }, bureau)).status).toBe(302)
    const again = await act(lab.id, id, { intent: 'verify' }, bureau)
    expect(again.status).toBe(409)
    expect(errorsOf(again)).toEqual({ _form: { key: 'outcomes.error.wrongState' } })
    const stale = await act(lab.id, id, { intent: 'dispute', reason: '旧页面', rowVersion: '1' }, bureau)
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({ stale: { status: 'verified' } })
    expect(rowOf(id).verification).toBe('verified')
  })

  test('neither the lab nor the bureau may record an outcome for a lab (403); another lab’s account gets 404', async () => {
    const lab = makeLab(db)
    const other = makeLab(db)
    const otherCookie = await labCookie(other.id)
    expect((await newPage(lab.id, bureau)).status).toBe(403)
    expect((await create(lab.id, patent, bureau)).status).toBe(403)
    expect((await newPage(lab.id, otherCookie)).status).toBe(404)
    expect((await create(lab.id, patent, otherCookie)).status).toBe(404)
    expect(db.select().from(outcomes).all()).toHaveLength(0)
  })
})

describe('scope', () => {
  test('another lab and another district get 404 on the list, the outcome and every intent', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const id = await recorded(lab.id, own)
    const other = await labCookie(makeLab(db).id)
    const wujiang = await districtCookie('320509')
    for (const cookie of [other, wujiang]) {
      expect((await list(lab.id, cookie)).status).toBe(404)
      expect((await view(lab.id, id, cookie)).status).toBe(404)
      for (const intent of ['update', 'check', 'verify', 'dispute', 'removeAttachment'])
        expect((await act(lab.id, id, { ...patent, intent, reason: '越权' }, cookie)).status).toBe(404)
    }
    expect(rowOf(id)).toMatchObject({ verification: 'unverified', title: patent.title, rowVersion: 1 })
  })

  test('an outcome id under another lab’s URL is 404, even for the bureau', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await recorded(lab.id, own)
    const other = makeLab(db)
    expect((await view(other.id, id, bureau)).status).toBe(404)
    expect((await act(other.id, id, { intent: 'verify' }, bureau)).status).toBe(404)
  })
})

describe('the register lists outcomes and accepted deliverables', () => {
  test('an accepted deliverable is listed once, as coming from the annual deliverable; drafts and superseded ones are not', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const accepted = insertDeliverable(db, {
      labId: lab.id,
      completedOn: '2025-06-05',
      status: 'accepted',
      forms: ['data'],
      title: '数据集',
    })
    insertDeliverable(db, { labId: lab.id, completedOn: '2025-06-06', status: 'draft', title: '草稿' })
    insertDeliverable(db, { labId: lab.id, completedOn: '2025-06-07', status: 'superseded', title: '旧版' })
    await recorded(lab.id, own)

    const page = await list(lab.id, own)
    const from = page.body.fromDeliverables as { id: number; title: string }[]
    expect(from.map((d) => d.id)).toEqual([accepted.id])
    expect(page.body.total).toBe(1)
    // not copied into the register
    expect(db.select().from(outcomes).all()).toHaveLength(1)
    // it follows the form filter; a kind or verification filter leaves it out (it has neither)
    expect(((await list(lab.id, own, '?form=data')).body.fromDeliverables as unknown[]).length).toBe(1)
    expect(((await list(lab.id, own, '?form=product')).body.fromDeliverables as unknown[]).length).toBe(0)
    expect(((await list(lab.id, own, '?kind=patent')).body.fromDeliverables as unknown[]).length).toBe(0)
  })

  test('filters by form, kind, period and verification, and pages in SQL', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const periodId = periodOf(lab.id).id
    for (let i = 0; i < 25; i++)
      insertOutcome(db, { labId: lab.id, periodId, occurredOn: `2025-06-${String(1 + (i % 14)).padStart(2, '0')}` })
    insertOutcome(db, { labId: lab.id, periodId, occurredOn: '2025-06-14', kind: 'standard', form: 'data', verification: 'verified' })

    const first = await list(lab.id, own)
    expect(first.body).toMatchObject({ total: 26, page: 1, size: 20 })
    expect((first.body.rows as unknown[]).length).toBe(20)
    const second = await list(lab.id, own, '?page=2')
    expect((second.body.rows as unknown[]).length).toBe(6)
    expect((await list(lab.id, own, '?kind=standard')).body).toMatchObject({ total: 1, rows: [{ kind: 'standard' }] })
    expect((await list(lab.id, own, '?form=data')).body).toMatchObject({ total: 1 })
    expect((await list(lab.id, own, '?verification=verified')).body).toMatchObject({ total: 1 })
    expect((await list(lab.id, own, `?period=${periodId}`)).body).toMatchObject({ total: 26 })
    expect((await list(lab.id, own, `?period=${periodId + 999}`)).body).toMatchObject({ total: 0 })
    // a malformed filter means "all"
    expect((await list(lab.id, own, '?kind=rumour&page=x')).body).toMatchObject({ total: 26, page: 1 })
  })

  test('the district sees its own district’s register but may not record', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const gusu = await districtCookie('320508')
    const page = await list(lab.id, gusu)
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({ canCreate: false })
  })
})

describe('the CSV export', () => {
  const csv = async (labId: number, cookie: string, query = '') => {
    try {
      const res = (await csvLoader({
        request: getRequest(`/labs/${labId}/outcomes/csv${query}`, cookie),
        params: ctx({ labId }),
        context: TEST_CONTEXT,
      })) as Response
      return { status: res.status, text: await res.text() }
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, text: '' }
      throw thrown
    }
  }

  test('exports the filtered register with exact values in 万元, scoped like the list', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    await recorded(lab.id, own, transfer('0.1'))
    await recorded(lab.id, own, { ...transfer('123456.7891'), counterpart: '=HYPERLINK("x")' })
    await recorded(lab.id, own)
    const all = await csv(lab.id, bureau)
    expect(all.status).toBe(200)
    const lines = all.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toContain('金额（万元）')
    expect(all.text).toContain(',0.1,')
    expect(all.text).toContain(',123456.7891,')
    // a cell that would run as a formula is defused
    expect(all.text).toContain(`"'=HYPERLINK(""x"")"`)
    const patents = await csv(lab.id, own, '?kind=patent')
    expect(patents.text.trim().split('\r\n')).toHaveLength(2)
    expect(patents.text).toContain('ZL202510000001.X')
    expect((await csv(lab.id, await districtCookie('320508'))).status).toBe(200)
    expect((await csv(lab.id, await districtCookie('320509'))).status).toBe(404)
    expect((await csv(lab.id, await labCookie(makeLab(db).id))).status).toBe(404)
  })
})

describe('the Excel export', () => {
  const xlsx = async (labId: number, cookie: string, query = '') => {
    try {
      const res = (await xlsxLoader({
        request: getRequest(`/labs/${labId}/outcomes/xlsx${query}`, cookie),
        params: ctx({ labId }),
        context: TEST_CONTEXT,
      })) as Response
      const book = new ExcelJS.Workbook()
      await book.xlsx.load(await res.arrayBuffer())
      const sheet = book.worksheets[0]!
      const rows: string[][] = []
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
      return { status: res.status, rows, sheet }
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, rows: [], sheet: null }
      throw thrown
    }
  }

  test("holds the CSV's rows, 万元 as numbers and the date a date, with a frozen, filterable header, scoped like the list", async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    await recorded(lab.id, own, transfer('0.1'))
    await recorded(lab.id, own, { ...transfer('123456.7891'), counterpart: '=HYPERLINK("x")' })
    await recorded(lab.id, own)
    const all = await xlsx(lab.id, bureau)
    expect(all.status).toBe(200)
    expect(all.rows).toHaveLength(4)
    expect(all.rows[0]).toContain('金额（万元）')
    const values = all.rows.map((r) => r[all.rows[0]!.indexOf('金额（万元）')])
    expect(values).toEqual(expect.arrayContaining(['0.1', '123456.7891']))
    const column = all.rows[0]!.indexOf('金额（万元）') + 1
    const cells = [2, 3, 4].map((r) => all.sheet!.getRow(r).getCell(column))
    expect(cells.map((c) => c.value)).toEqual(expect.arrayContaining([0.1, 123456.7891]))
    expect(cells.find((c) => c.value === 0.1)!.numFmt).toBe('#,##0.00')
    expect(all.sheet!.getRow(2).getCell(all.rows[0]!.indexOf('日期') + 1).value).toBeInstanceOf(Date)
    // text, never a formula
    expect(all.rows.flat()).toContain('=HYPERLINK("x")')
    expect(all.sheet!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(all.sheet!.autoFilter).toBeTruthy()
    expect((await xlsx(lab.id, own, '?kind=patent')).rows).toHaveLength(2)
    expect((await xlsx(lab.id, await districtCookie('320508'))).status).toBe(200)
    expect((await xlsx(lab.id, await districtCookie('320509'))).status).toBe(404)
    expect((await xlsx(lab.id, await labCookie(makeLab(db).id))).status).toBe(404)
  })
})
