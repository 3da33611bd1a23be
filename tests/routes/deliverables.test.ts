import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as viewAction, loader as viewLoader } from '~/routes/labs.$labId.deliverables.$deliverableId'
import { loader as listLoader } from '~/routes/labs.$labId.deliverables._index'
import { action as newAction, loader as newLoader } from '~/routes/labs.$labId.deliverables.new'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { auditLog, deliverables, filingEvents, validityPeriods } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  outcome,
  setupTestDb,
  signInAs,
  signInChief,
  TEST_CONTEXT,
  valuesOf,
  withVersion,
} from '../helpers'
import { pinClock } from '../clock'
import { formatWan } from '~/domain/money'
import { insertPeriod } from '~db/factories'

// 2025-06-15 noon in Suzhou; the test labs are certified on 2025-06-01 (period 2025-06-01..2027-05-31).
let db: Db
let bureau: string

pinClock(new Date('2025-06-15T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureau = await signInChief(db)
})

const labCookie = (labId: number) => signInAs(db, { role: 'lab', labId })
const districtCookie = (districtCode: DistrictCode) => signInAs(db, { role: 'district', districtCode })

const filing = {
  type: 'project',
  forms: ['scenario', 'product'],
  title: '城市运行数据中台',
  summary: '面向城市运行的多源数据融合平台。',
  completedOn: '2025-06-10',
  transferStatus: 'transferred',
  transferPartner: '苏州某科技有限公司',
  transferValue: '120.5',
}

const ctx = (params: Record<string, number>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))
const list = (labId: number, cookie: string, query = '') =>
  outcome(() =>
    listLoader({
      request: getRequest(`/labs/${labId}/deliverables${query}`, cookie),
      params: ctx({ labId }),
      context: TEST_CONTEXT,
    }),
  )
const newPage = (labId: number, cookie: string) =>
  outcome(() =>
    newLoader({ request: getRequest(`/labs/${labId}/deliverables/new`, cookie), params: ctx({ labId }), context: TEST_CONTEXT }),
  )
const create = (labId: number, fields: Record<string, string | string[]>, cookie: string) =>
  outcome(() =>
    newAction({
      request: formRequest(`/labs/${labId}/deliverables/new`, fields, cookie),
      params: ctx({ labId }),
      context: TEST_CONTEXT,
    }),
  )
const view = (labId: number, deliverableId: number, cookie: string) =>
  outcome(() =>
    viewLoader({
      request: getRequest(`/labs/${labId}/deliverables/${deliverableId}`, cookie),
      params: ctx({ labId, deliverableId }),
      context: TEST_CONTEXT,
    }),
  )
const act = (labId: number, deliverableId: number, fields: Record<string, string | string[]>, cookie: string) =>
  outcome(() =>
    viewAction({
      request: formRequest(`/labs/${labId}/deliverables/${deliverableId}`, withVersion(deliverables, deliverableId, fields), cookie),
      params: ctx({ labId, deliverableId }),
      context: TEST_CONTEXT,
    }),
  )

const rowOf = (id: number) => db.select().from(deliverables).where(eq(deliverables.id, id)).get()!
const threadOf = (id: number) =>
  db
    .select()
    .from(filingEvents)
    .where(and(eq(filingEvents.filingKind, 'deliverable'), eq(filingEvents.filingId, id)))
    .orderBy(asc(filingEvents.id))
    .all()
const auditOf = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'deliverable'), eq(auditLog.entityId, String(id))))
    .orderBy(asc(auditLog.id))
    .all()
const idFrom = (location: string | null) => Number(/\/deliverables\/(\d+)/.exec(location ?? '')?.[1])

async function draftFor(labId: number, cookie: string, fields: Record<string, string | string[]> = filing) {
  const r = await create(labId, fields, cookie)
  expect(r.status).toBe(302)
  return idFrom(r.location)
}

describe('a deliverable from draft to accepted, and a revision', () => {
  test('the lab files, the district comments, the bureau returns, the lab fixes, the bureau accepts, the lab revises', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const gusu = await districtCookie('320508')

    // the lab creates a draft
    const created = await create(lab.id, filing, own)
    expect(created.status).toBe(302)
    const id = idFrom(created.location)
    expect(created.location).toBe(`/labs/${lab.id}/deliverables/${id}?saved=created`)
    expect(rowOf(id)).toMatchObject({
      labId: lab.id,
      rootId: id,
      version: 1,
      status: 'draft',
      forms: ['scenario', 'product'],
      transferValueYuan: 1_205_000,
    })

    // it counts for period 1, year 1, whatever day it was filed
    const page = await view(lab.id, id, own)
    expect(page.body).toMatchObject({
      placement: { ok: true, sequence: 1, validityYear: 1 },
      steps: ['submit'],
      canEdit: true,
      canDelete: true,
    })

    // submitted
    expect(await act(lab.id, id, { intent: 'submit' }, own)).toMatchObject({
      status: 302,
      location: `/labs/${lab.id}/deliverables/${id}?saved=submit`,
    })
    expect(rowOf(id).status).toBe('submitted')
    expect(rowOf(id).submittedAt).toBe('2025-06-15T04:00:00.000Z')

    // the district of the lab gives its opinion: 推荐 or 不推荐 (required), reasons required for
    // 不推荐; a refused opinion keeps what was typed. The status stays
    expect((await view(lab.id, id, gusu)).body).toMatchObject({ steps: ['district_opinion'], canEdit: false })
    const noOpinion = await act(lab.id, id, { intent: 'district_opinion', comment: '材料齐全' }, gusu)
    expect(noOpinion.status).toBe(400)
    expect(errorsOf(noOpinion).opinion.key).toBe('filings.opinion.required')
    expect(valuesOf(noOpinion)).toMatchObject({ comment: '材料齐全' })
    const oddOpinion = await act(lab.id, id, { intent: 'district_opinion', opinion: 'maybe', comment: '' }, gusu)
    expect(errorsOf(oddOpinion).opinion.key).toBe('form.invalidChoice')
    const bareOppose = await act(lab.id, id, { intent: 'district_opinion', opinion: 'oppose', comment: '  ' }, gusu)
    expect(bareOppose.status).toBe(400)
    expect(errorsOf(bareOppose).comment.key).toBe('filings.opinion.reasonsRequired')
    expect(valuesOf(bareOppose)).toMatchObject({ opinion: 'oppose' })
    expect(rowOf(id)).toMatchObject({ districtOpinion: null, districtOpinionAt: null })
    const opposed = await act(lab.id, id, { intent: 'district_opinion', opinion: 'oppose', comment: '建议补充应用成效数据。' }, gusu)
    expect(opposed.status).toBe(302)
    expect(rowOf(id)).toMatchObject({ status: 'submitted', districtOpinion: 'oppose', districtOpinionAt: '2025-06-15T04:00:00.000Z' })
    // audited with before and after
    const opinionAudit = db.select().from(auditLog).where(eq(auditLog.action, 'district_opinion')).all().at(-1)!
    expect(opinionAudit.before).toMatchObject({ districtOpinion: null })
    expect(opinionAudit.after).toMatchObject({ districtOpinion: 'oppose' })
    // the bureau decides beside it: the page's thread carries the stance and its reasons
    const beside = (await view(lab.id, id, bureau)).body as {
      deliverable: { districtOpinion: string }
      thread: { action: string; districtOpinion: string | null; comment: string }[]
    }
    expect(beside.deliverable.districtOpinion).toBe('oppose')
    expect(beside.thread.at(-1)).toMatchObject({ action: 'district_opinion', districtOpinion: 'oppose', comment: '建议补充应用成效数据。' })

    // the bureau must say why it returns
    expect((await view(lab.id, id, bureau)).body).toMatchObject({ steps: ['return', 'accept'] })
    const bareReturn = await act(lab.id, id, { intent: 'return', comment: '' }, bureau)
    expect(bareReturn.status).toBe(400)
    expect(errorsOf(bareReturn).comment.key).toBe('deliverables.error.commentRequired')
    expect(rowOf(id).status).toBe('submitted')
    expect((await act(lab.id, id, { intent: 'return', comment: '请补充转化合同编号。' }, bureau)).status).toBe(302)
    expect(rowOf(id).status).toBe('returned')

    // the lab edits the returned filing (it stays returned) and resubmits
    const edited = await act(lab.id, id, { ...filing, intent: 'update', transferPartner: '苏州某科技有限公司（合同 HT-2025-018）' }, own)
    expect(edited).toMatchObject({ status: 302, location: `/labs/${lab.id}/deliverables/${id}?saved=updated` })
    expect(rowOf(id)).toMatchObject({ status: 'returned', transferPartner: '苏州某科技有限公司（合同 HT-2025-018）' })
    expect((await act(lab.id, id, { intent: 'resubmit' }, own)).status).toBe(302)
    // a resubmission awaits a fresh opinion: the earlier one stays in the thread only
    expect(rowOf(id)).toMatchObject({ status: 'submitted', districtOpinion: null, districtOpinionAt: null })

    // the bureau accepts with a grade
    expect((await act(lab.id, id, { intent: 'accept', grade: 'good', comment: '同意。' }, bureau)).status).toBe(302)
    expect(rowOf(id)).toMatchObject({ status: 'accepted', grade: 'good', decidedAt: '2025-06-15T04:00:00.000Z' })

    // accepted is locked: no edit, no resubmission
    const lockedEdit = await act(lab.id, id, { ...filing, intent: 'update', title: '改名' }, own)
    expect(lockedEdit.status).toBe(400)
    expect(errorsOf(lockedEdit)._form.key).toBe('deliverables.error.locked')
    expect(valuesOf(lockedEdit).title).toBe('改名')
    expect(rowOf(id).title).toBe(filing.title)
    expect((await act(lab.id, id, { intent: 'submit' }, own)).status).toBe(409)
    expect((await view(lab.id, id, own)).body).toMatchObject({ steps: ['revise'], canEdit: false, canDelete: false })

    // a revision is version 2, a draft; version 1 stays accepted and still counts
    const revised = await act(lab.id, id, { intent: 'revise', comment: '更新转化金额' }, own)
    expect(revised.status).toBe(302)
    const v2 = idFrom(revised.location)
    expect(v2).not.toBe(id)
    expect(rowOf(v2)).toMatchObject({
      rootId: id,
      version: 2,
      status: 'draft',
      title: filing.title,
      grade: null,
      submittedAt: null,
      decidedAt: null,
    })
    expect(rowOf(id).status).toBe('accepted')
    const listed = await list(lab.id, own)
    expect(listed.body.rows).toEqual([expect.objectContaining({ id: v2, version: 2, status: 'draft', acceptedVersion: 1 })])
    // version 1 cannot be revised twice; both versions are listed on either page
    expect((await view(lab.id, id, own)).body).toMatchObject({ steps: [] })
    expect((await act(lab.id, id, { intent: 'revise' }, own)).status).toBe(409)
    expect((await view(lab.id, v2, own)).body.versions).toEqual([
      expect.objectContaining({ id, version: 1, status: 'accepted' }),
      expect.objectContaining({ id: v2, version: 2, status: 'draft' }),
    ])

    // once version 2 is accepted, version 1 is superseded
    expect((await act(lab.id, v2, { ...filing, intent: 'update', transferValue: '150' }, own)).status).toBe(302)
    expect((await act(lab.id, v2, { intent: 'submit' }, own)).status).toBe(302)
    expect((await act(lab.id, v2, { intent: 'accept', grade: '' }, bureau)).status).toBe(302)
    expect(rowOf(v2)).toMatchObject({ status: 'accepted', grade: null, transferValueYuan: 1_500_000 })
    expect(rowOf(id).status).toBe('superseded')
    expect((await list(lab.id, own)).body.rows).toEqual([expect.objectContaining({ id: v2, status: 'accepted', acceptedVersion: null })])

    // the thread tells the story of version 1, with the comments, the grade and who acted
    expect(threadOf(id).map((e) => [e.action, e.fromStatus, e.toStatus, e.comment, e.grade])).toEqual([
      ['create', null, 'draft', '', null],
      ['submit', 'draft', 'submitted', '', null],
      ['district_opinion', 'submitted', 'submitted', '建议补充应用成效数据。', null],
      ['return', 'submitted', 'returned', '请补充转化合同编号。', null],
      ['resubmit', 'returned', 'submitted', '', null],
      ['accept', 'submitted', 'accepted', '同意。', 'good'],
    ])
    expect(threadOf(id)[3].actorName).toBe('chief 用户')
    expect(threadOf(v2).map((e) => e.action)).toEqual(['revise', 'submit', 'accept'])
    expect(threadOf(v2)[0]).toMatchObject({ fromStatus: 'accepted', toStatus: 'draft', comment: '更新转化金额' })
    expect((await view(lab.id, id, gusu)).body.thread).toHaveLength(6)

    // and the audit log has every change with before and after
    const audits = auditOf(id)
    expect(audits.map((a) => a.action)).toEqual([
      'create',
      'submit',
      'district_opinion',
      'return',
      'update',
      'resubmit',
      'accept',
      'supersede',
    ])
    expect(audits.every((a) => a.labId === lab.id)).toBe(true)
    expect(audits[3]).toMatchObject({
      before: expect.objectContaining({ status: 'submitted' }),
      after: expect.objectContaining({ status: 'returned' }),
    })
    expect(audits[4].before).toMatchObject({ transferPartner: '苏州某科技有限公司' })
    expect(audits[4].after).toMatchObject({ transferPartner: '苏州某科技有限公司（合同 HT-2025-018）' })
    expect(auditOf(v2)[0]).toMatchObject({
      action: 'revise',
      before: expect.objectContaining({ id, version: 1 }),
      after: expect.objectContaining({ id: v2, version: 2 }),
    })
  })
})

describe('who may do what', () => {
  test('a lab cannot accept or return its own filing (403)', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await draftFor(lab.id, own)
    await act(lab.id, id, { intent: 'submit' }, own)
    expect((await act(lab.id, id, { intent: 'accept' }, own)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'return', comment: '自己退回' }, own)).status).toBe(403)
    expect(rowOf(id).status).toBe('submitted')
  })

  test('a lab cannot file for, read or act on another lab (404)', async () => {
    const lab = makeLab(db)
    const other = makeLab(db)
    const own = await labCookie(lab.id)
    const theirs = await draftFor(other.id, await labCookie(other.id))
    expect((await newPage(other.id, own)).status).toBe(404)
    expect((await create(other.id, filing, own)).status).toBe(404)
    expect((await list(other.id, own)).status).toBe(404)
    expect((await view(other.id, theirs, own)).status).toBe(404)
    expect((await act(other.id, theirs, { intent: 'submit' }, own)).status).toBe(404)
    // another lab's deliverable id under its own lab's URL does not exist either
    expect((await view(lab.id, theirs, own)).status).toBe(404)
    expect((await act(lab.id, theirs, { intent: 'submit' }, own)).status).toBe(404)
    expect(rowOf(theirs).status).toBe('draft')
    expect(db.select().from(deliverables).all()).toHaveLength(1)
  })

  test('a district sees its labs’ deliverables but not another district’s (404), and cannot decide (403)', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const id = await draftFor(lab.id, own)
    await act(lab.id, id, { intent: 'submit' }, own)
    const kunshan = await districtCookie('320583')
    expect((await list(lab.id, kunshan)).status).toBe(404)
    expect((await view(lab.id, id, kunshan)).status).toBe(404)
    expect((await act(lab.id, id, { intent: 'district_opinion', comment: '越权意见' }, kunshan)).status).toBe(404)
    const gusu = await districtCookie('320508')
    expect((await list(lab.id, gusu)).status).toBe(200)
    expect((await act(lab.id, id, { intent: 'accept', grade: 'excellent' }, gusu)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'return', comment: '退回' }, gusu)).status).toBe(403)
    expect((await newPage(lab.id, gusu)).status).toBe(403)
    expect(rowOf(id).status).toBe('submitted')
    expect(threadOf(id).map((e) => e.action)).toEqual(['create', 'submit'])
  })

  test('the bureau reviews but does not file: submitting, editing or creating is 403', async () => {
    const lab = makeLab(db)
    const id = await draftFor(lab.id, await labCookie(lab.id))
    expect((await act(lab.id, id, { intent: 'submit' }, bureau)).status).toBe(403)
    expect((await act(lab.id, id, { ...filing, intent: 'update' }, bureau)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'delete' }, bureau)).status).toBe(403)
    expect((await newPage(lab.id, bureau)).status).toBe(403)
    expect((await create(lab.id, filing, bureau)).status).toBe(403)
    expect((await view(lab.id, id, bureau)).body).toMatchObject({ steps: [], canEdit: false })
    expect(rowOf(id).status).toBe('draft')
  })

  test('only the own lab edits, deletes, resubmits or revises: the bureau and its district get 403, another lab or district 404', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const draft = await draftFor(lab.id, own)
    const returned = await draftFor(lab.id, own)
    const accepted = await draftFor(lab.id, own)
    db.update(deliverables).set({ status: 'returned' }).where(eq(deliverables.id, returned)).run()
    db.update(deliverables).set({ status: 'accepted' }).where(eq(deliverables.id, accepted)).run()
    const gusu = await districtCookie('320508')
    const kunshan = await districtCookie('320583')
    const stranger = await labCookie(makeLab(db, { districtCode: '320508' }).id)
    const attempts: [number, Record<string, string | string[]>][] = [
      [draft, { ...filing, intent: 'update', title: '被改了' }],
      [draft, { intent: 'delete' }],
      [returned, { intent: 'resubmit' }],
      [accepted, { intent: 'revise' }],
    ]
    for (const [id, fields] of attempts) {
      expect((await act(lab.id, id, fields, gusu)).status, `${fields.intent} by the district`).toBe(403)
      expect((await act(lab.id, id, fields, kunshan)).status, `${fields.intent} by another district`).toBe(404)
      expect((await act(lab.id, id, fields, stranger)).status, `${fields.intent} by another lab`).toBe(404)
    }
    expect((await act(lab.id, returned, { intent: 'resubmit' }, bureau)).status).toBe(403)
    expect((await act(lab.id, accepted, { intent: 'revise' }, bureau)).status).toBe(403)
    expect([rowOf(draft), rowOf(returned), rowOf(accepted)].map((r) => [r.status, r.title])).toEqual([
      ['draft', filing.title],
      ['returned', filing.title],
      ['accepted', filing.title],
    ])
    expect(db.select().from(deliverables).all()).toHaveLength(3)
    expect(threadOf(draft).map((e) => e.action)).toEqual(['create'])
  })

  test('the district opinion is the district’s: the bureau and the lab get 403', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const id = await draftFor(lab.id, own)
    await act(lab.id, id, { intent: 'submit' }, own)
    expect((await act(lab.id, id, { intent: 'district_opinion', comment: '市局代填' }, bureau)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'district_opinion', comment: '自评' }, own)).status).toBe(403)
    expect(threadOf(id).map((e) => e.action)).toEqual(['create', 'submit'])
  })

  test('an expert sees no lab’s deliverables', async () => {
    const lab = makeLab(db)
    const id = await draftFor(lab.id, await labCookie(lab.id))
    const expert = await signInAs(db, { role: 'expert' })
    expect((await list(lab.id, expert)).status).toBe(404)
    expect((await view(lab.id, id, expert)).status).toBe(404)
  })

  test('submitting an already submitted filing is a conflict with a message, and changes nothing', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await draftFor(lab.id, own)
    await act(lab.id, id, { intent: 'submit' }, own)
    const again = await act(lab.id, id, { intent: 'submit' }, own)
    expect(again.status).toBe(409)
    expect(errorsOf(again)._form.key).toBe('deliverables.error.wrongStatus')
    expect(again.body.intent).toBe('submit')
    expect(threadOf(id).map((e) => e.action)).toEqual(['create', 'submit'])
    // nor may the lab edit it while it is under review
    const edit = await act(lab.id, id, { ...filing, intent: 'update' }, own)
    expect(edit.status).toBe(400)
    expect(errorsOf(edit)._form.key).toBe('deliverables.error.underReview')
  })

  test('the bureau cannot accept a draft the lab has not submitted', async () => {
    const lab = makeLab(db)
    const id = await draftFor(lab.id, await labCookie(lab.id))
    expect((await act(lab.id, id, { intent: 'accept' }, bureau)).status).toBe(409)
    expect(rowOf(id).status).toBe('draft')
  })

  test('a grade outside the list is refused', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await draftFor(lab.id, own)
    await act(lab.id, id, { intent: 'submit' }, own)
    const r = await act(lab.id, id, { intent: 'accept', grade: 'A+' }, bureau)
    expect(r.status).toBe(400)
    expect(errorsOf(r).grade.key).toBe('form.invalidChoice')
    expect(rowOf(id).status).toBe('submitted')
  })

  test('an unknown intent is a 400', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await draftFor(lab.id, own)
    expect((await act(lab.id, id, { intent: 'approve' }, own)).status).toBe(400)
  })
})

describe('the filing form', () => {
  test('bad input is a 400 with every message, keeping what was typed', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const typed = { ...filing, forms: [], completedOn: '2025-06-16', transferPartner: '', transferValue: '-3', title: '草稿标题' }
    const r = await create(lab.id, typed, own)
    expect(r.status).toBe(400)
    expect(errorsOf(r)).toEqual({
      forms: { key: 'deliverables.error.formsRequired' },
      completedOn: { key: 'deliverables.error.completedInFuture', vars: { today: '2025-06-15' } },
      transferPartner: { key: 'deliverables.error.partnerRequired' },
      transferValue: { key: 'deliverables.error.valueNegative' },
    })
    expect(valuesOf(r)).toMatchObject({ title: '草稿标题', completedOn: '2025-06-16', transferValue: '-3', forms: [] })
    expect(db.select().from(deliverables).all()).toHaveLength(0)
  })

  test('a completion date before certification counts for no year and is refused with the reason', async () => {
    const lab = makeLab(db)
    const r = await create(lab.id, { ...filing, completedOn: '2025-05-31' }, await labCookie(lab.id))
    expect(r.status).toBe(400)
    expect(errorsOf(r).completedOn).toEqual({
      key: 'deliverables.noYear.before_first_period',
      vars: { previousEnd: '', nextStart: '2025-06-01' },
    })
  })

  test('the ticked forms come back ticked after an error', async () => {
    const lab = makeLab(db)
    const r = await create(lab.id, { ...filing, title: '' }, await labCookie(lab.id))
    expect(r.status).toBe(400)
    expect(valuesOf(r).forms).toEqual(['scenario', 'product'])
  })

  test('the form page is the own lab’s, with the years a date may fall in', async () => {
    const lab = makeLab(db)
    const r = await newPage(lab.id, await labCookie(lab.id))
    expect(r.status).toBe(200)
    expect(r.body.years).toEqual([
      { sequence: 1, year: 1, startDate: '2025-06-01', endDate: '2026-05-31' },
      { sequence: 1, year: 2, startDate: '2026-06-01', endDate: '2027-05-31' },
    ])
  })

  test('what no longer holds is caught at submission: a period corrected after the draft was saved', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await draftFor(lab.id, own)
    db.update(validityPeriods).set({ startDate: '2025-06-12', endDate: '2027-06-11' }).where(eq(validityPeriods.labId, lab.id)).run()
    const r = await act(lab.id, id, { intent: 'submit' }, own)
    expect(r.status).toBe(400)
    expect(errorsOf(r)._form.key).toBe('deliverables.error.fixBeforeSubmit')
    expect(errorsOf(r).completedOn.key).toBe('deliverables.noYear.before_first_period')
    expect(rowOf(id).status).toBe('draft')
  })

  test('a draft can be deleted; a submitted filing cannot', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const draft = await draftFor(lab.id, own)
    const filed = await draftFor(lab.id, own)
    await act(lab.id, filed, { intent: 'submit' }, own)
    expect(await act(lab.id, draft, { intent: 'delete' }, own)).toMatchObject({
      status: 302,
      location: `/labs/${lab.id}/deliverables?saved=deleted`,
    })
    expect(db.select().from(deliverables).where(eq(deliverables.id, draft)).get()).toBeUndefined()
    expect(auditOf(draft).map((a) => a.action)).toEqual(['create', 'delete'])
    expect(auditOf(draft)[1].before).toMatchObject({ id: draft, title: filing.title })
    expect((await act(lab.id, filed, { intent: 'delete' }, own)).status).toBe(409)
    expect(rowOf(filed).status).toBe('submitted')
  })
})

describe('the list of a lab’s deliverables', () => {
  test('filters by status and by validity year, across a renewal', async () => {
    setClock(new Date('2027-08-01T04:00:00Z'))
    const lab = makeLab(db, { startDate: '2025-06-01' })
    insertPeriod(db, { labId: lab.id, sequence: 2, startDate: '2027-06-01', endDate: '2029-05-31' })
    const own = await labCookie(lab.id)
    const y11 = await draftFor(lab.id, own, { ...filing, title: 'A', completedOn: '2026-05-31' })
    const y12 = await draftFor(lab.id, own, { ...filing, title: 'B', completedOn: '2026-06-01' })
    const y21 = await draftFor(lab.id, own, { ...filing, title: 'C', completedOn: '2027-06-01' })
    await act(lab.id, y12, { intent: 'submit' }, own)

    const all = await list(lab.id, own)
    expect(all.status).toBe(200)
    expect((all.body.rows as { id: number }[]).map((r) => r.id)).toEqual([y21, y12, y11])
    expect(all.body.rows).toEqual([
      expect.objectContaining({ placement: { ok: true, periodId: expect.any(Number), sequence: 2, validityYear: 1 } }),
      expect.objectContaining({ placement: expect.objectContaining({ sequence: 1, validityYear: 2 }) }),
      expect.objectContaining({ placement: expect.objectContaining({ sequence: 1, validityYear: 1 }) }),
    ])
    expect(all.body).toMatchObject({ canCreate: true })
    expect(all.body.years).toHaveLength(4)

    const ids = async (query: string) => ((await list(lab.id, own, query)).body.rows as { id: number }[]).map((r) => r.id)
    expect(await ids('?status=submitted')).toEqual([y12])
    expect(await ids('?year=1-1')).toEqual([y11])
    expect(await ids('?year=2-1')).toEqual([y21])
    expect(await ids('?year=1-2&status=draft')).toEqual([])
    // a malformed filter shows everything rather than failing
    expect(await ids('?year=x&status=nope')).toHaveLength(3)
  })

  test('the bureau and the lab’s district read the list but cannot file', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    await draftFor(lab.id, await labCookie(lab.id))
    expect((await list(lab.id, bureau)).body).toMatchObject({ canCreate: false, rows: [expect.any(Object)] })
    expect((await list(lab.id, await districtCookie('320508'))).body).toMatchObject({ canCreate: false })
  })
})

describe('transfer value kept exact', () => {
  test('0.1 and 0.2 万元 are kept as 1,000 and 2,000 yuan: they add up to 0.3 万元, through submission and revision', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const tenth = await draftFor(lab.id, own, { ...filing, title: '一', transferValue: '0.1' })
    const fifth = await draftFor(lab.id, own, { ...filing, title: '二', transferValue: '0.2' })
    // submission checks the stored filing again (read back as 万元 text): nothing drifts
    for (const id of [tenth, fifth]) expect((await act(lab.id, id, { intent: 'submit' }, own)).status).toBe(302)
    expect([rowOf(tenth).transferValueYuan, rowOf(fifth).transferValueYuan]).toEqual([1_000, 2_000])
    const sum = db.$client
      .prepare('SELECT SUM(transfer_value_yuan) AS yuan, typeof(SUM(transfer_value_yuan)) AS type FROM deliverables WHERE lab_id = ?')
      .get(lab.id)
    expect(sum).toEqual({ yuan: 3_000, type: 'integer' })
    expect(formatWan(3_000)).toBe('0.3')
    // the page shows the stored yuan; a revision carries them unchanged
    expect((await view(lab.id, tenth, own)).body.deliverable).toMatchObject({ transferValueYuan: 1_000 })
    expect((await act(lab.id, tenth, { intent: 'accept', grade: '' }, bureau)).status).toBe(302)
    const revised = await act(lab.id, tenth, { intent: 'revise' }, own)
    expect(rowOf(idFrom(revised.location)).transferValueYuan).toBe(1_000)
  })

  test('an amount with five decimals or beyond 100 亿元 is refused with the field message, nothing stored', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const fine = await create(lab.id, { ...filing, transferValue: '0.00001' }, own)
    expect(fine.status).toBe(400)
    expect(errorsOf(fine).transferValue.key).toBe('deliverables.error.valueFormat')
    const huge = await create(lab.id, { ...filing, transferValue: '1000000.0001' }, own)
    expect(huge.status).toBe(400)
    expect(errorsOf(huge).transferValue).toEqual({ key: 'deliverables.error.valueTooLarge', vars: { max: 1_000_000 } })
    expect(db.select().from(deliverables).all()).toHaveLength(0)
  })
})
