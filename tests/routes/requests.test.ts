import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { action as viewAction, loader as viewLoader } from '~/routes/labs.$labId.requests.$requestId'
import { loader as listLoader } from '~/routes/labs.$labId.requests._index'
import { action as newAction, loader as newLoader } from '~/routes/labs.$labId.requests.new'
import { action as rulesAction, loader as rulesLoader } from '~/routes/settings_.requests'
import { loader as rootLoader } from '~/root'
import { labChecksOf, needsAttention, countLabsByWorstResult } from '~/models/compliance.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { REQUEST_STEP_NAMES, REQUEST_STEPS } from '~/domain/request-workflow'
import { attachments, auditLog, requestEvents, requestTypeRules, resourceRequests } from '~db/schema'
import type { DistrictCode, RequestStatus } from '~db/schema/enums'
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
  typeRuleVersion,
} from '../helpers'
import { pinClock } from '../clock'
import { REQUEST_SPEC, type Who as SpecWho } from '../request-spec'

// Friday 13 February 2026, 10:00 in Suzhou: the last working day before the Spring Festival
// (Saturday the 14th is a make-up working day; 15–23 February are off).
const FRIDAY_BEFORE_SPRING_FESTIVAL = new Date('2026-02-13T02:00:00Z')

let db: Db
let bureau: string

pinClock(FRIDAY_BEFORE_SPRING_FESTIVAL)
beforeEach(async () => {
  db = setupTestDb()
  bureau = await signInChief(db)
})

const at = (iso: string) => setClock(new Date(iso))
const labCookie = (labId: number) => signInAs(db, { role: 'lab', labId })
const districtCookie = (districtCode: DistrictCode) => signInAs(db, { role: 'district', districtCode })

const ask = {
  type: 'computing',
  title: '大模型训练算力',
  description: '用于城市治理大模型的微调训练。',
  quantity: '1,000',
  unit: 'gpu_hours',
  neededBy: '2026-04-30',
  justification: '支撑年度成果“城市治理大模型”。',
}

const params = (p: Record<string, number>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
const listPage = (labId: number, cookie: string) =>
  outcome(() => listLoader({ request: getRequest(`/labs/${labId}/requests`, cookie), params: params({ labId }), context: TEST_CONTEXT }))
const newPage = (labId: number, cookie: string) =>
  outcome(() => newLoader({ request: getRequest(`/labs/${labId}/requests/new`, cookie), params: params({ labId }), context: TEST_CONTEXT }))
const create = (labId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    newAction({ request: formRequest(`/labs/${labId}/requests/new`, fields, cookie), params: params({ labId }), context: TEST_CONTEXT }),
  )
const view = (labId: number, requestId: number, cookie: string) =>
  outcome(() =>
    viewLoader({
      request: getRequest(`/labs/${labId}/requests/${requestId}`, cookie),
      params: params({ labId, requestId }),
      context: TEST_CONTEXT,
    }),
  )
const act = (labId: number, requestId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    viewAction({
      request: formRequest(`/labs/${labId}/requests/${requestId}`, withVersion(resourceRequests, requestId, fields), cookie),
      params: params({ labId, requestId }),
      context: TEST_CONTEXT,
    }),
  )
const setRule = (fields: Record<string, string>, cookie = bureau) =>
  outcome(() =>
    rulesAction({
      request: formRequest('/settings/requests', { rowVersion: typeRuleVersion(fields.type ?? ''), ...fields }, cookie),
      params: {},
      context: TEST_CONTEXT,
    }),
  )

const rowOf = (id: number) => db.select().from(resourceRequests).where(eq(resourceRequests.id, id)).get()!
const threadOf = (id: number) => db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(asc(requestEvents.id)).all()
const auditOf = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'resource_request'), eq(auditLog.entityId, String(id))))
    .orderBy(asc(auditLog.id))
    .all()
const idFrom = (location: string | null) => Number(/\/requests\/(\d+)/.exec(location ?? '')?.[1])

async function draft(labId: number, cookie: string, fields: Record<string, string> = ask) {
  const r = await create(labId, fields, cookie)
  expect(r.status).toBe(302)
  return idFrom(r.location)
}

async function submitted(labId: number, cookie: string) {
  const id = await draft(labId, cookie)
  expect((await act(labId, id, { intent: 'submit' }, cookie)).status).toBe(302)
  return id
}

describe('a request from the lab to fulfilment', () => {
  test('the lab asks and submits, the bureau accepts, grants part of it, delivers, and the lab closes it', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)

    const created = await create(lab.id, ask, own)
    expect(created.status).toBe(302)
    const id = idFrom(created.location)
    expect(created.location).toBe(`/labs/${lab.id}/requests/${id}?saved=created`)
    expect(rowOf(id)).toMatchObject({ status: 'draft', quantity: 1000, unit: 'gpu_hours', type: 'computing', deadline: null })
    expect((await view(lab.id, id, own)).body).toMatchObject({ steps: ['submit', 'withdraw'], canEdit: true, canComment: false })

    // submitted on the Friday before the Spring Festival: ten working days end on 5 March
    expect(await act(lab.id, id, { intent: 'submit' }, own)).toMatchObject({
      status: 302,
      location: `/labs/${lab.id}/requests/${id}?saved=submit`,
    })
    expect(rowOf(id)).toMatchObject({
      status: 'submitted',
      submittedOn: '2026-02-13',
      decisionDays: 10,
      deadline: '2026-03-05',
      districtOpinionRequired: false,
    })
    expect((await view(lab.id, id, own)).body).toMatchObject({ steps: ['withdraw'], canEdit: false, canComment: true })
    expect((await view(lab.id, id, bureau)).body).toMatchObject({ steps: ['return', 'accept'] })

    at('2026-02-24T02:00:00Z')
    expect((await act(lab.id, id, { intent: 'accept', comment: '材料齐全' }, bureau)).status).toBe(302)
    expect(rowOf(id).status).toBe('accepted')

    // more than asked is refused, and nothing changes
    at('2026-03-05T08:00:00Z')
    const tooMuch = await act(lab.id, id, { intent: 'partly_approve', grantedQuantity: '1500' }, bureau)
    expect(tooMuch.status).toBe(400)
    expect(errorsOf(tooMuch).grantedQuantity).toEqual({ key: 'requests.error.grantedNotLess', vars: { asked: 1000 } })
    expect(valuesOf(tooMuch).grantedQuantity).toBe('1500')
    expect(rowOf(id).status).toBe('accepted')
    const asMuch = await act(lab.id, id, { intent: 'partly_approve', grantedQuantity: '1000' }, bureau)
    expect(errorsOf(asMuch).grantedQuantity?.key).toBe('requests.error.grantedNotLess')
    // nothing, a part of a hundredth, or not a number at all is not a quantity
    for (const grantedQuantity of ['', '0', '-5', '12.345', 'lots', '1500.001']) {
      const bad = await act(lab.id, id, { intent: 'partly_approve', grantedQuantity }, bureau)
      expect(bad.status, grantedQuantity).toBe(400)
      expect(errorsOf(bad).grantedQuantity?.key, grantedQuantity).toBe(grantedQuantity === '' ? 'form.required' : 'requests.error.quantity')
    }
    expect(rowOf(id).status).toBe('accepted')

    // decided on the deadline day itself: ten working days, in time
    expect((await act(lab.id, id, { intent: 'partly_approve', grantedQuantity: '600', comment: '本期算力紧张' }, bureau)).status).toBe(302)
    expect(rowOf(id)).toMatchObject({
      status: 'partly_approved',
      grantedQuantity: 600,
      decidedOn: '2026-03-05',
      decisionWorkingDays: 10,
      decidedInTime: true,
    })
    expect((await view(lab.id, id, own)).body).toMatchObject({ steps: [] })

    at('2026-03-10T02:00:00Z')
    const future = await act(lab.id, id, { intent: 'fulfil', fulfilledOn: '2026-03-11', deliveryNote: '已开通账号' }, bureau)
    expect(errorsOf(future).fulfilledOn?.key).toBe('requests.error.fulfilledInFuture')
    const beforeDecision = await act(lab.id, id, { intent: 'fulfil', fulfilledOn: '2026-03-01', deliveryNote: '已开通账号' }, bureau)
    expect(errorsOf(beforeDecision).fulfilledOn?.key).toBe('requests.error.fulfilledBeforeDecision')
    const noNote = await act(lab.id, id, { intent: 'fulfil', fulfilledOn: '2026-03-09' }, bureau)
    expect(errorsOf(noNote).deliveryNote?.key).toBe('form.required')
    expect(rowOf(id).status).toBe('partly_approved')
    expect(
      (
        await act(
          lab.id,
          id,
          { intent: 'fulfil', fulfilledOn: '2026-03-09', deliveredQuantity: '600', deliveryNote: '已在市算力平台开通 600 卡时' },
          bureau,
        )
      ).status,
    ).toBe(302)
    expect(rowOf(id)).toMatchObject({ status: 'fulfilled', fulfilledOn: '2026-03-09', deliveredQuantity: 600 })

    expect((await act(lab.id, id, { intent: 'close', comment: '已到位，谢谢' }, own)).status).toBe(302)
    expect(rowOf(id).status).toBe('closed')

    // every step is on the thread the lab reads, and in the audit log with before and after
    const page = await view(lab.id, id, own)
    const thread = page.body.thread as { action: string; toStatus: string; actorName: string; comment: string }[]
    expect(thread.map((e) => [e.action, e.toStatus])).toEqual([
      ['create', 'draft'],
      ['submit', 'submitted'],
      ['accept', 'accepted'],
      ['partly_approve', 'partly_approved'],
      ['fulfil', 'fulfilled'],
      ['close', 'closed'],
    ])
    expect(thread[3].comment).toBe('本期算力紧张')
    const audit = auditOf(id)
    expect(audit.map((a) => a.action)).toEqual(['create', 'submit', 'accept', 'partly_approve', 'fulfil', 'close'])
    expect(audit[3]).toMatchObject({
      before: expect.objectContaining({ status: 'accepted' }),
      after: expect.objectContaining({ status: 'partly_approved', grantedQuantity: 600 }),
    })
  })

  test('a decision after the deadline is recorded as late', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await submitted(lab.id, own)
    at('2026-03-06T02:00:00Z')
    await act(lab.id, id, { intent: 'accept' }, bureau)
    expect((await act(lab.id, id, { intent: 'approve' }, bureau)).status).toBe(302)
    expect(rowOf(id)).toMatchObject({ status: 'approved', grantedQuantity: 1000, decisionWorkingDays: 11, decidedInTime: false })
  })

  test('a request submitted on a make-up Saturday gets ten working days after it', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    at('2026-10-10T02:00:00Z')
    const id = await draft(lab.id, own, { ...ask, neededBy: '2026-12-31' })
    expect((await act(lab.id, id, { intent: 'submit' }, own)).status).toBe(302)
    expect(rowOf(id)).toMatchObject({ submittedOn: '2026-10-10', deadline: '2026-10-23' })
  })

  test('a rejection needs its reason', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await submitted(lab.id, own)
    await act(lab.id, id, { intent: 'accept' }, bureau)
    const bare = await act(lab.id, id, { intent: 'reject' }, bureau)
    expect(bare.status).toBe(400)
    expect(errorsOf(bare).comment?.key).toBe('requests.error.reasonRequired')
    expect((await act(lab.id, id, { intent: 'reject', comment: '不属于支持范围' }, bureau)).status).toBe(302)
    expect(rowOf(id)).toMatchObject({ status: 'rejected', rejectionReason: '不属于支持范围', grantedQuantity: null })
  })
})

describe('district opinion, returns and withdrawal', () => {
  test('when the bureau asks for it, the lab’s district gives its opinion before the bureau accepts', async () => {
    expect((await setRule({ type: 'computing', decisionDays: '15', districtOpinion: 'on' })).status).toBe(302)
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const gusu = await districtCookie('320508')
    const kunshan = await districtCookie('320583')
    const id = await submitted(lab.id, own)
    expect(rowOf(id)).toMatchObject({ districtOpinionRequired: true, decisionDays: 15 })

    const early = await act(lab.id, id, { intent: 'accept' }, bureau)
    expect(early.status).toBe(409)
    expect(errorsOf(early)._form?.key).toBe('requests.error.awaitingDistrict')
    expect((await act(lab.id, id, { intent: 'district_opinion', opinion: 'support', comment: '同意' }, kunshan)).status).toBe(404)
    const noComment = await act(lab.id, id, { intent: 'district_opinion', opinion: 'support' }, gusu)
    expect(errorsOf(noComment).comment?.key).toBe('requests.error.commentRequired')
    const noOpinion = await act(lab.id, id, { intent: 'district_opinion', comment: '同意' }, gusu)
    expect(errorsOf(noOpinion).opinion?.key).toBe('requests.error.opinionRequired')
    expect(rowOf(id).status).toBe('submitted')

    expect((await act(lab.id, id, { intent: 'district_opinion', opinion: 'support', comment: '区里同意支持' }, gusu)).status).toBe(302)
    expect(rowOf(id)).toMatchObject({ status: 'district_reviewed', districtOpinion: 'support' })
    expect((await act(lab.id, id, { intent: 'accept' }, bureau)).status).toBe(302)
  })

  test('a district is not asked when the bureau does not ask for its opinion', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const id = await submitted(lab.id, await labCookie(lab.id))
    const r = await act(lab.id, id, { intent: 'district_opinion', opinion: 'support', comment: '同意' }, await districtCookie('320508'))
    expect(r.status).toBe(409)
    expect(errorsOf(r)._form?.key).toBe('requests.error.opinionNotRequested')
  })

  test('a request returned for information warns the lab, and resubmitting starts a new deadline', async () => {
    const lab = makeLab(db, { secured: true })
    const own = await labCookie(lab.id)
    const id = await submitted(lab.id, own)
    at('2026-02-24T02:00:00Z')
    expect((await act(lab.id, id, { intent: 'return' }, bureau)).status).toBe(400)
    expect((await act(lab.id, id, { intent: 'return', comment: '请补充测算依据' }, bureau)).status).toBe(302)
    expect(labChecksOf({ labId: lab.id, today: '2026-02-24' }).filter((c) => c.checkId === 'request_returned')).toMatchObject([
      { result: 'warning', subject: `request:${id}`, owner: 'lab', fixPath: `/labs/${lab.id}/requests/${id}` },
    ])

    // the lab edits what it asks and resubmits: the bureau's ten working days start again
    // (26, 27 Feb, the make-up Saturday 28 Feb, 2–6 March, 9 and 10 March)
    expect((await view(lab.id, id, own)).body).toMatchObject({ canEdit: true, steps: ['resubmit', 'withdraw'] })
    expect((await act(lab.id, id, { intent: 'update', ...ask, quantity: '800' }, own)).status).toBe(302)
    at('2026-02-25T02:00:00Z')
    expect((await act(lab.id, id, { intent: 'resubmit', comment: '已补充' }, own)).status).toBe(302)
    expect(rowOf(id)).toMatchObject({ status: 'submitted', quantity: 800, submittedOn: '2026-02-25', deadline: '2026-03-10' })
    expect(rowOf(id).firstSubmittedAt).toBe('2026-02-13T02:00:00.000Z')
    expect(labChecksOf({ labId: lab.id, today: '2026-02-25' }).some((c) => c.checkId === 'request_returned')).toBe(false)
  })

  test('the lab may withdraw until the decision, never after', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const first = await submitted(lab.id, own)
    await act(lab.id, first, { intent: 'accept' }, bureau)
    expect((await act(lab.id, first, { intent: 'withdraw' }, own)).status).toBe(302)
    expect(rowOf(first).status).toBe('withdrawn')

    const second = await submitted(lab.id, own)
    await act(lab.id, second, { intent: 'accept' }, bureau)
    await act(lab.id, second, { intent: 'approve' }, bureau)
    const late = await act(lab.id, second, { intent: 'withdraw' }, own)
    expect(late.status).toBe(409)
    expect(errorsOf(late)._form?.key).toBe('requests.error.wrongStatus')
    expect(rowOf(second).status).toBe('approved')
  })
})

describe('the bureau’s deadline', () => {
  test('an undecided request past its deadline is the bureau’s breach on the attention list, not the lab’s failure', async () => {
    const lab = makeLab(db, { secured: true })
    const id = await submitted(lab.id, await labCookie(lab.id))
    const before = countLabsByWorstResult({ actor: { id: 0, role: 'bureau', districtCode: null, labId: null }, today: '2026-03-05' })
    at('2026-03-06T02:00:00Z')
    const checks = labChecksOf({ labId: lab.id, today: '2026-03-06' }).filter((c) => c.checkId === 'request_deadline')
    expect(checks).toMatchObject([{ result: 'failing', owner: 'bureau', concernsDate: '2026-03-05' }])
    const bureauActor = { id: 0, role: 'bureau' as const, districtCode: null, labId: null }
    expect(countLabsByWorstResult({ actor: bureauActor, today: '2026-03-06' })).toEqual(before)
    const attention = needsAttention({
      actor: bureauActor,
      today: '2026-03-06',
      filter: { checkId: 'request_deadline' },
      page: 1,
      pageSize: 10,
    })
    expect(attention.rows).toMatchObject([{ labId: lab.id, subject: `request:${id}`, owner: 'bureau' }])
  })
})

describe('who may do what', () => {
  test('only the lab’s own staff ask; the bureau and the district are refused, another lab does not find it', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const other = makeLab(db)
    expect((await newPage(lab.id, bureau)).status).toBe(403)
    expect((await create(lab.id, ask, bureau)).status).toBe(403)
    expect((await create(lab.id, ask, await districtCookie('320508'))).status).toBe(403)
    expect((await create(lab.id, ask, await labCookie(other.id))).status).toBe(404)
    expect((await create(lab.id, ask, await signInAs(db, { role: 'expert' }))).status).toBe(404)
    expect(db.select().from(resourceRequests).all()).toEqual([])
  })

  test('a draft is the lab’s own: the bureau and the district do not see it', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const id = await draft(lab.id, own)
    expect((await view(lab.id, id, bureau)).status).toBe(404)
    expect((await view(lab.id, id, await districtCookie('320508'))).status).toBe(404)
    expect((await act(lab.id, id, { intent: 'accept' }, bureau)).status).toBe(404)
    expect(((await listPage(lab.id, bureau)).body.requests as unknown[]).length).toBe(0)
    expect(((await listPage(lab.id, own)).body.requests as unknown[]).length).toBe(1)
  })

  test('a lab cannot decide its own request, a district cannot decide at all, another lab or district does not find it', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const id = await submitted(lab.id, own)
    await act(lab.id, id, { intent: 'accept' }, bureau)
    expect((await act(lab.id, id, { intent: 'approve' }, own)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'approve' }, await districtCookie('320508'))).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'approve' }, await districtCookie('320583'))).status).toBe(404)
    const other = makeLab(db)
    expect((await act(lab.id, id, { intent: 'approve' }, await labCookie(other.id))).status).toBe(404)
    expect((await view(other.id, id, bureau)).status).toBe(404)
    expect((await act(lab.id, id, { intent: 'update', ...ask }, bureau)).status).toBe(403)
    expect(rowOf(id).status).toBe('accepted')
  })

  test('the lab’s district and the bureau comment on a submitted request; another district does not find it', async () => {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const id = await submitted(lab.id, own)
    expect((await act(lab.id, id, { intent: 'comment', comment: '场地何时可用？' }, await districtCookie('320508'))).status).toBe(302)
    expect((await act(lab.id, id, { intent: 'comment', comment: '  ' }, bureau)).status).toBe(400)
    expect((await act(lab.id, id, { intent: 'comment', comment: '你好' }, await districtCookie('320583'))).status).toBe(404)
    expect(threadOf(id).map((e) => [e.action, e.comment])).toEqual([
      ['create', ''],
      ['submit', ''],
      ['comment', '场地何时可用？'],
    ])
  })
})

describe('every intent of the request page, on the server, refuses whoever may not take it', () => {
  type Who = Exclude<SpecWho, 'lab_without_lab' | 'expert'>
  // the inputs every step would accept, so a refusal is about who asks, not what they typed
  const INPUT = { comment: '意见', opinion: 'support', grantedQuantity: '50', fulfilledOn: '2026-02-13', deliveryNote: '已提供' }

  async function setting() {
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const cookies: Record<Who, string> = {
      own_lab: own,
      other_lab: await labCookie(makeLab(db, { districtCode: '320508' }).id),
      lab_district: await districtCookie('320508'),
      other_district: await districtCookie('320583'),
      bureau,
    }
    return { lab, id: await draft(lab.id, own), cookies }
  }
  const put = (id: number, status: RequestStatus, districtOpinionRequired = false) =>
    db.update(resourceRequests).set({ status, districtOpinionRequired }).where(eq(resourceRequests.id, id)).run()
  // a draft is its own lab's alone; from submission on, its district and the bureau see it too
  const sees = (who: Who, status: RequestStatus) =>
    who === 'own_lab' || (status !== 'draft' && (who === 'bureau' || who === 'lab_district'))

  test('each workflow step, from each status it starts from: 403 for a role that does not take it, 404 for one that does not see it, and nothing changes', async () => {
    const { lab, id, cookies } = await setting()
    for (const step of REQUEST_STEP_NAMES)
      for (const from of REQUEST_STEPS[step].from)
        for (const opinion of [false, true])
          for (const who of Object.keys(cookies) as Who[]) {
            if (REQUEST_SPEC[step].some((a) => a.who === who)) continue
            put(id, from, opinion)
            const before = rowOf(id)
            const events = threadOf(id).length
            const r = await act(lab.id, id, { intent: step, ...INPUT }, cookies[who])
            const label = `${step} by ${who} from ${from} (opinion asked: ${opinion})`
            expect(r.status, label).toBe(sees(who, from) ? 403 : 404)
            expect(rowOf(id), label).toEqual(before)
            expect(threadOf(id).length, label).toBe(events)
          }
  })

  test('the pages: another lab, another district and an expert do not find the lab’s requests or the request; only the lab opens the form', async () => {
    const { lab, id, cookies } = await setting()
    put(id, 'submitted')
    const expert = await signInAs(db, { role: 'expert' })
    for (const cookie of [cookies.other_lab, cookies.other_district, expert]) {
      expect((await listPage(lab.id, cookie)).status).toBe(404)
      expect((await view(lab.id, id, cookie)).status).toBe(404)
    }
    expect((await newPage(lab.id, cookies.lab_district)).status).toBe(403)
    expect((await newPage(lab.id, cookies.other_lab)).status).toBe(404)
    expect(((await listPage(lab.id, cookies.lab_district)).body.requests as unknown[]).length).toBe(1)
  })

  test('editing, commenting and removing a file: the bureau and the district are refused, another lab or district does not find it', async () => {
    const { lab, id, cookies } = await setting()
    put(id, 'returned')
    const file = db
      .insert(attachments)
      .values({
        labId: lab.id,
        ownerType: 'resource_request',
        ownerId: id,
        sha256: 'a'.repeat(64),
        size: 3,
        mediaType: 'application/pdf',
        originalName: '预算.pdf',
      })
      .returning()
      .get()
    const before = rowOf(id)
    const expected: Record<'update' | 'removeAttachment' | 'comment', Partial<Record<Who, number>>> = {
      update: { bureau: 403, lab_district: 403, other_lab: 404, other_district: 404 },
      removeAttachment: { bureau: 403, lab_district: 403, other_lab: 404, other_district: 404 },
      comment: { other_lab: 404, other_district: 404 },
    }
    const fields = {
      update: { ...ask, title: '改过的标题' },
      removeAttachment: { attachmentId: String(file.id) },
      comment: { comment: '你好' },
    }
    for (const intent of ['update', 'removeAttachment', 'comment'] as const)
      for (const [who, status] of Object.entries(expected[intent]) as [Who, number][])
        expect((await act(lab.id, id, { intent, ...fields[intent] }, cookies[who])).status, `${intent} by ${who}`).toBe(status)
    // a draft has no audience: nobody but its lab finds it, and the lab itself has no one to tell
    put(id, 'draft')
    for (const who of ['bureau', 'lab_district', 'other_lab', 'other_district'] as const)
      expect((await act(lab.id, id, { intent: 'comment', comment: '你好' }, cookies[who])).status, `comment on a draft by ${who}`).toBe(404)
    expect((await act(lab.id, id, { intent: 'comment', comment: '你好' }, cookies.own_lab)).status).toBe(403)
    // put() wrote the status, so the row version moved on; nothing else changed
    expect(rowOf(id)).toEqual({ ...before, status: 'draft', rowVersion: before.rowVersion + 1 })
    expect(threadOf(id).map((e) => e.action)).toEqual(['create'])
    expect(
      db
        .select()
        .from(attachments)
        .all()
        .map((a) => a.id),
    ).toEqual([file.id])
  })
})

describe('the menu', () => {
  test('the bureau’s and the district’s menu counts what waits for their step; the lab’s links to its own requests', async () => {
    at('2026-03-02T02:00:00Z')
    expect((await setRule({ type: 'site', decisionDays: '10', districtOpinion: 'on' })).status).toBe(302)
    const lab = makeLab(db, { districtCode: '320508' })
    const own = await labCookie(lab.id)
    const gusu = await districtCookie('320508')
    const kunshan = await districtCookie('320583')
    const nav = async (cookie: string) =>
      (
        (await outcome(() => rootLoader({ request: getRequest('/', cookie), params: {}, context: TEST_CONTEXT }))).body as {
          nav: { links: { key: string; path: string; count: number }[] }
        }
      ).nav.links
        .filter((l) => l.key === 'nav.requests')
        .map(({ path, count }) => ({ requests: path, requestsAwaiting: count }))[0]
    await submitted(lab.id, own)
    const siteId = await draft(lab.id, own, { ...ask, type: 'site', unit: 'm2', quantity: '100' })
    await act(lab.id, siteId, { intent: 'submit' }, own)
    expect(await nav(bureau)).toMatchObject({ requests: '/requests', requestsAwaiting: 1 })
    expect((await nav(gusu)).requestsAwaiting).toBe(1)
    expect((await nav(kunshan)).requestsAwaiting).toBe(0)
    expect(await nav(own)).toMatchObject({ requests: `/labs/${lab.id}/requests`, requestsAwaiting: 0 })
  })
})

describe('bad input', () => {
  test.each([
    [{ unit: 'm2' }, 'unit', 'requests.error.unit'],
    [{ quantity: '0' }, 'quantity', 'requests.error.quantity'],
    [{ quantity: '12.345' }, 'quantity', 'requests.error.quantity'],
    [{ quantity: 'lots' }, 'quantity', 'requests.error.quantity'],
    [{ neededBy: '2026-02-12' }, 'neededBy', 'requests.error.neededByPast'],
    [{ neededBy: '2026-02-30' }, 'neededBy', 'form.invalidDate'],
    [{ type: 'spaceship' }, 'type', 'form.invalidChoice'],
    [{ title: '' }, 'title', 'form.required'],
  ])('%o is refused with a message on %s, keeps what was typed and stores nothing', async (change, field, key) => {
    const lab = makeLab(db)
    const r = await create(lab.id, { ...ask, ...change }, await labCookie(lab.id))
    expect(r.status).toBe(400)
    expect(errorsOf(r)[field]?.key).toBe(key)
    expect(valuesOf(r)).toMatchObject({ ...ask, ...change })
    expect(db.select().from(resourceRequests).all()).toEqual([])
  })

  test('an unknown intent is a 400, not a 500', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const id = await draft(lab.id, own)
    const r = await act(lab.id, id, { intent: 'teleport' }, own)
    expect(r.status).toBe(400)
    expect(rowOf(id).status).toBe('draft')
  })

  test('a lab whose certification has ended cannot ask', async () => {
    const lab = makeLab(db, { startDate: '2023-01-01', endDate: '2024-12-31' })
    db.update((await import('~db/schema')).validityPeriods)
      .set({ outcome: 'not_renewed', outcomeDate: '2025-01-10' })
      .run()
    const r = await create(lab.id, ask, await labCookie(lab.id))
    expect(r.status).toBe(400)
    expect(errorsOf(r)._form?.key).toBe('requests.error.labNotInForce')
  })
})

describe('the per-type rules page', () => {
  test('the bureau changes a type’s deadline; the change is audited and applies to later submissions only', async () => {
    const lab = makeLab(db)
    const own = await labCookie(lab.id)
    const earlier = await submitted(lab.id, own)
    expect(await setRule({ type: 'computing', decisionDays: '5' })).toMatchObject({
      status: 302,
      location: '/settings/requests?saved=computing',
    })
    expect(await setRule({ type: 'computing', decisionDays: '5' })).toMatchObject({ location: '/settings/requests?unchanged=computing' })
    const later = await submitted(lab.id, own)
    expect(rowOf(earlier).deadline).toBe('2026-03-05')
    expect(rowOf(later).deadline).toBe('2026-02-27')
    const audit = db.select().from(auditLog).where(eq(auditLog.entityType, 'request_type_rule')).all()
    expect(audit).toMatchObject([
      { entityId: 'computing', before: { decisionDays: 10, districtOpinion: false }, after: { decisionDays: 5, districtOpinion: false } },
    ])
    const page = await outcome(() => rulesLoader({ request: getRequest('/settings/requests', bureau), params: {}, context: TEST_CONTEXT }))
    expect((page.body.rows as { type: string; decisionDays: number }[]).find((r) => r.type === 'computing')?.decisionDays).toBe(5)
  })

  test.each(['0', '61', '2.5', 'ten', ''])('%j working days is refused with a message', async (days) => {
    const r = await setRule({ type: 'site', decisionDays: days })
    expect(r.status).toBe(400)
    expect(errorsOf(r).decisionDays?.key).toBe('requests.rules.error.days')
    expect(db.select().from(requestTypeRules).all()).toEqual([])
  })

  // like every bureau-only page, it does not exist for others (404, app/utils/auth.server.ts)
  test('only the bureau sets the rules', async () => {
    const lab = makeLab(db)
    for (const cookie of [await districtCookie('320508'), await labCookie(lab.id)]) {
      expect((await setRule({ type: 'site', decisionDays: '5' }, cookie)).status).toBe(404)
      expect(
        (await outcome(() => rulesLoader({ request: getRequest('/settings/requests', cookie), params: {}, context: TEST_CONTEXT }))).status,
      ).toBe(404)
    }
    expect(db.select().from(requestTypeRules).all()).toEqual([])
  })
})
