import { and, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { titleText } from '~/domain/mail'
import { noticeKindsFor } from '~/domain/notice-kinds'
import { REQUEST_STEP_NAMES, type RequestStep } from '~/domain/request-workflow'
import { translator } from '~/i18n'
import { deliverMail, smtpTransport } from '~/models/mail.server'
import { saveMailPreferences } from '~/models/reminders.server'
import { notifyRequestStep } from '~/models/request-notices.server'
import { addRequestComment, createRequest, takeRequestStep, type RequestUser } from '~/models/resource-requests.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { inboxItems, labs, mailOutbox, notices, requestEvents, requestTypeRules, resourceRequests, users } from '~db/schema'
import { REQUEST_STATUSES, type RequestStatus } from '~db/schema/enums'
import type { ResourceRequest } from '~db/schema/requests'
import { insertRequest } from '~db/factories'
import { currentVersion, makeLab, makeUser, setupTestDb } from '../helpers'
import { expectedStep, type Who } from '../request-spec'
import { decodeSubject, startSmtp } from '../smtp'

// Issue 15: every step of a resource request tells the side that acts next or whose request it
// is, inbox and mail, and nobody else: not the side that took the step, not another lab, not
// another district's office, not an expert, not the bureau when it is not its turn.
const NOW = new Date('2026-03-20T02:00:00Z')

let db: Db
let labA: { id: number; name: string }
let requestId: number
type Person = 'labA1' | 'labA2' | 'labB' | 'labC' | 'gusu' | 'kunshan' | 'bureau1' | 'bureau2' | 'expert'
let ids: Record<Person, number>
const SIDES: Record<'lab' | 'district' | 'bureau', Person[]> = {
  lab: ['labA1', 'labA2'],
  district: ['gusu'],
  bureau: ['bureau1', 'bureau2'],
}
const OUTSIDERS: Person[] = ['labB', 'labC', 'kunshan', 'expert']

beforeAll(async () => {
  setClock(NOW)
  db = setupTestDb()
  labA = makeLab(db, { districtCode: '320508', name: '姑苏数据实验室' })
  // another lab in the same district, and one in another district
  const labB = makeLab(db, { districtCode: '320508' })
  const labC = makeLab(db, { districtCode: '320583' })
  const person = async (key: Person, spec: Parameters<typeof makeUser>[1]) => {
    const u = await makeUser(db, { ...spec, username: key })
    db.update(users)
      .set({ email: `${key}@example.org`, displayName: key })
      .where(eq(users.id, u.id))
      .run()
    return u.id
  }
  ids = {
    labA1: await person('labA1', { role: 'lab', labId: labA.id }),
    labA2: await person('labA2', { role: 'lab', labId: labA.id }),
    labB: await person('labB', { role: 'lab', labId: labB.id }),
    labC: await person('labC', { role: 'lab', labId: labC.id }),
    gusu: await person('gusu', { role: 'district', districtCode: '320508' }),
    kunshan: await person('kunshan', { role: 'district', districtCode: '320583' }),
    bureau1: await person('bureau1', { role: 'bureau' }),
    bureau2: await person('bureau2', { role: 'bureau' }),
    expert: await person('expert', { role: 'expert' }),
  }
  // labA2 reads English
  db.update(users).set({ locale: 'en' }).where(eq(users.id, ids.labA2)).run()
  requestId = insertRequest(db, {
    labId: labA.id,
    type: 'computing',
    title: '大模型训练算力',
    description: '用于城市治理大模型的微调训练。',
    quantity: 1000,
    unit: 'gpu_hours',
    neededBy: '2026-06-30',
    justification: '支撑年度成果。',
  }).id
})

afterAll(() => setClock(undefined))

// the acting accounts: the lab's first account, the lab's district office, the bureau's first account
const ACTING: Record<Extract<Who, 'own_lab' | 'lab_district' | 'bureau'>, () => RequestUser> = {
  own_lab: () => ({ id: ids.labA1, role: 'lab', districtCode: null, labId: labA.id, displayName: 'labA1' }),
  lab_district: () => ({ id: ids.gusu, role: 'district', districtCode: '320508', labId: null, displayName: 'gusu' }),
  bureau: () => ({ id: ids.bureau1, role: 'bureau', districtCode: null, labId: null, displayName: 'bureau1' }),
}
type Acting = keyof typeof ACTING

// a request that reached the bureau and was decided, so every step's inputs are valid from every status
const FIXTURE = {
  submittedOn: '2026-03-02',
  deadline: '2026-03-16',
  decidedOn: '2026-03-10',
  districtOpinion: null,
  grantedQuantity: null,
  deliveredQuantity: null,
  deliveryNote: null,
}
const INPUT = {
  comment: '请补充算力使用计划',
  opinion: 'support',
  grantedQuantity: '400',
  fulfilledOn: '2026-03-19',
  deliveryNote: '已分配',
}

/**
 * Who is told, restated from the issue independently of app/domain/request-notices.ts: a
 * submission goes to whoever acts on it next (the district when its opinion is asked, else the
 * bureau); the district's opinion to the bureau; a withdrawal to the office that was waiting; the
 * bureau closing the file to the lab (the lab closing it tells nobody); every other step to the lab.
 */
function expectedSide(step: RequestStep, from: RequestStatus, opinionRequired: boolean, who: Acting): keyof typeof SIDES | null {
  switch (step) {
    case 'submit':
    case 'resubmit':
      return opinionRequired ? 'district' : 'bureau'
    case 'district_opinion':
      return 'bureau'
    case 'withdraw':
      if (from === 'submitted') return opinionRequired ? 'district' : 'bureau'
      return from === 'district_reviewed' || from === 'accepted' ? 'bureau' : null
    case 'close':
      return who === 'bureau' ? 'lab' : null
    default:
      return 'lab'
  }
}

const TITLE_KEY: Record<RequestStep, string> = {
  submit: 'notices.request.submitted.',
  resubmit: 'notices.request.resubmitted.',
  district_opinion: 'notices.request.opinionGiven',
  return: 'notices.request.returned',
  accept: 'notices.request.accepted',
  approve: 'notices.request.approved',
  partly_approve: 'notices.request.partlyApproved',
  reject: 'notices.request.rejected',
  fulfil: 'notices.request.fulfilled',
  close: 'notices.request.closed',
  withdraw: 'notices.request.withdrawn',
}

const cases = REQUEST_STEP_NAMES.flatMap((step) =>
  (Object.keys(ACTING) as Acting[]).flatMap((who) =>
    REQUEST_STATUSES.flatMap((from) =>
      [false, true].flatMap((opinionRequired) =>
        expectedStep(step, who, from, opinionRequired) ? [{ step, who, from, opinionRequired }] : [],
      ),
    ),
  ),
)

const latestEvent = () =>
  db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId)).orderBy(desc(requestEvents.id)).get()!
const noticesOf = (eventId: number, channel: 'inbox' | 'email') =>
  db
    .select()
    .from(notices)
    .where(and(eq(notices.source, 'request'), eq(notices.sourceId, eventId), eq(notices.channel, channel)))
    .all()
const setRule = (districtOpinion: boolean) =>
  db
    .insert(requestTypeRules)
    .values({ type: 'computing', decisionDays: 10, districtOpinion, updatedAt: NOW.toISOString() })
    .onConflictDoUpdate({ target: requestTypeRules.type, set: { districtOpinion } })
    .run()
const put = (fields: Partial<ResourceRequest>) => db.update(resourceRequests).set(fields).where(eq(resourceRequests.id, requestId)).run()
const step = (who: Acting, name: RequestStep, input: Record<string, string> = INPUT) =>
  takeRequestStep({
    by: ACTING[who](),
    labId: labA.id,
    requestId,
    input: { ...input, rowVersion: currentVersion(resourceRequests, requestId), step: name },
  })
const sorted = (people: Person[]) => people.map((p) => ids[p]).sort((a, b) => a - b)
const inboxCount = (person: Person) => db.select().from(inboxItems).where(eq(inboxItems.userId, ids[person])).all().length

describe('every step × who takes it × from every status: who is told, by inbox and mail', () => {
  beforeEach(() => {
    db.delete(notices).run()
    db.delete(mailOutbox).run()
  })

  test('the cases cover every step of REQUEST_STEPS', () => {
    expect(new Set(cases.map((c) => c.step))).toEqual(new Set(REQUEST_STEP_NAMES))
    // figures for docs/reliability.md
    expect(cases.length).toBe(42)
  })

  test.each(cases)('$step by $who from $from (opinion asked: $opinionRequired)', ({ step: name, who, from, opinionRequired }) => {
    setRule(opinionRequired)
    put({ ...FIXTURE, status: from, districtOpinionRequired: opinionRequired })
    const result = step(who, name)
    expect(result.ok).toBe(true)
    const event = latestEvent()
    expect(event.action).toBe(name)
    const side = expectedSide(name, from, opinionRequired, who)
    const told = side ? SIDES[side] : []
    const inbox = noticesOf(event.id, 'inbox')
    expect(inbox.map((n) => n.recipientId).sort((a, b) => a! - b!)).toEqual(sorted(told))
    // everyone told has an address: each gets one mail, nobody else does
    const mail = noticesOf(event.id, 'email')
    expect(mail.map((n) => n.recipientId).sort((a, b) => a! - b!)).toEqual(sorted(told))
    const addresses = db.select({ to: mailOutbox.toAddress }).from(mailOutbox).all()
    expect(addresses.map((a) => a.to).sort()).toEqual(told.map((p) => `${p}@example.org`).sort())
    for (const n of [...inbox, ...mail]) {
      expect(n.link).toBe(`/labs/${labA.id}/requests/${requestId}`)
      expect(n.labId).toBe(labA.id)
      expect(n.title.key.startsWith(TITLE_KEY[name])).toBe(true)
      expect(n.title.params.lab).toBe('姑苏数据实验室')
    }
    if (name === 'submit' || name === 'resubmit') expect(inbox[0].title.key).toBe(`${TITLE_KEY[name]}${side}`)
  })

  test('in all of it the other lab, the other district office and the expert heard nothing', () => {
    for (const outsider of OUTSIDERS) expect(inboxCount(outsider)).toBe(0)
  })
})

// The notices' text as each reader sees it, zh and en.
const textsOf = (eventId: number) =>
  noticesOf(eventId, 'inbox').map((n) => ({
    zh: titleText(translator('zh'), n.title),
    en: titleText(translator('en'), n.title),
  }))[0]

describe('what the notice says', () => {
  beforeEach(() => {
    setRule(false)
    put({ ...FIXTURE, status: 'accepted', districtOpinionRequired: false })
  })

  test('an approval tells the lab the quantity and unit granted, in each reader’s language', () => {
    expect(step('bureau', 'approve').ok).toBe(true)
    const event = latestEvent()
    expect(textsOf(event.id)).toEqual({
      zh: '姑苏数据实验室：资源申请“大模型训练算力”已批准，批准 1000 GPU卡时',
      en: '姑苏数据实验室: resource request “大模型训练算力” approved, 1000 GPU-hours granted',
    })
    const mails = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'labA2@example.org')).all()
    expect(mails.at(-1)!.subject).toContain('1000 GPU-hours granted')
    expect(mails.at(-1)!.body).toContain(`http://localhost:3000/labs/${labA.id}/requests/${requestId}`)
  })

  test('a partial approval says what was granted of what was asked', () => {
    expect(step('bureau', 'partly_approve').ok).toBe(true)
    expect(textsOf(latestEvent().id).zh).toBe('姑苏数据实验室：资源申请“大模型训练算力”部分批准，批准 400 GPU卡时（申请 1000 GPU卡时）')
  })

  test('a rejection gives the reason', () => {
    expect(step('bureau', 'reject', { comment: '本期算力已分配完毕' }).ok).toBe(true)
    expect(textsOf(latestEvent().id).zh).toBe('姑苏数据实验室：资源申请“大模型训练算力”未获批准，原因：本期算力已分配完毕')
  })

  test('a delivery says what arrived and asks the lab to confirm', () => {
    put({ status: 'approved', grantedQuantity: 1000 })
    const input = { fulfilledOn: '2026-03-19', deliveredQuantity: '1000', deliveryNote: '已在市算力平台开通账户' }
    expect(step('bureau', 'fulfil', input).ok).toBe(true)
    expect(textsOf(latestEvent().id).en).toBe(
      '姑苏数据实验室: resource request “大模型训练算力” delivered, 1000 GPU-hours (已在市算力平台开通账户); please confirm receipt',
    )
  })

  test('an acceptance gives the decision deadline', () => {
    put({ status: 'submitted', deadline: '2026-04-02' })
    expect(step('bureau', 'accept').ok).toBe(true)
    expect(textsOf(latestEvent().id).zh).toBe('姑苏数据实验室：资源申请“大模型训练算力”已受理，应于 2026-04-02 前作出决定')
  })

  test("the district's opinion reaches the bureau in its reader's words", () => {
    put({ status: 'submitted', districtOpinionRequired: true })
    expect(step('lab_district', 'district_opinion', { comment: '符合区产业方向', opinion: 'oppose' }).ok).toBe(true)
    expect(textsOf(latestEvent().id)).toEqual({
      zh: '姑苏数据实验室：资源申请“大模型训练算力”的区级意见为“不同意”，待受理',
      en: '姑苏数据实验室: district opinion on resource request “大模型训练算力”: Does not support; awaiting acceptance',
    })
  })

  test('a long return reason is cut to one short line in the title; the thread keeps it whole', () => {
    put({ status: 'submitted' })
    const written = `请补充以下材料：\n1. 算力使用计划；\n2. 数据安全管理措施；${'以及相关说明'.repeat(40)}`
    expect(step('bureau', 'return', { comment: written }).ok).toBe(true)
    const event = latestEvent()
    expect(event.comment).toBe(written)
    const reason = String(noticesOf(event.id, 'inbox')[0].title.params.reason)
    expect(Array.from(reason)).toHaveLength(60)
    expect(reason.startsWith('请补充以下材料： 1. 算力使用计划； 2. 数据安全管理措施；')).toBe(true)
    expect(reason.endsWith('…')).toBe(true)
    const mail = db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'labA1@example.org')).orderBy(desc(mailOutbox.id)).get()!
    expect(mail.subject).not.toContain('\n')
    expect(mail.subject).toContain('被退回补正，原因：请补充以下材料')
  })
})

describe('once per step and recipient', () => {
  beforeEach(() => {
    setRule(false)
    put({ ...FIXTURE, status: 'submitted', districtOpinionRequired: false })
    db.delete(notices).run()
  })

  test('the same return posted twice (a double click) is refused the second time and tells the lab once', () => {
    const version = currentVersion(resourceRequests, requestId)
    const send = () =>
      takeRequestStep({ by: ACTING.bureau(), labId: labA.id, requestId, input: { comment: '请补充', rowVersion: version, step: 'return' } })
    expect(send().ok).toBe(true)
    expect(send()).toMatchObject({ ok: false, error: 'conflict' })
    expect(
      db
        .select()
        .from(notices)
        .where(eq(notices.recipientId, ids.labA1))
        .all()
        .map((n) => n.channel),
    ).toEqual(['inbox', 'email'])
  })

  test('telling a recorded step again (a rerun, a retried seed) adds nothing', () => {
    expect(step('bureau', 'return', { comment: '请补充' }).ok).toBe(true)
    const event = latestEvent()
    const request = db.select().from(resourceRequests).where(eq(resourceRequests.id, requestId)).get()!
    const lab = db.select().from(labs).where(eq(labs.id, labA.id)).get()!
    const again = db.transaction((tx) => notifyRequestStep(tx, { event, request, lab, actor: 'bureau' }))
    expect(again).toEqual({ sent: 0, outboxIds: [] })
    expect(noticesOf(event.id, 'inbox')).toHaveLength(2)
  })

  test('a request returned, resubmitted and returned again tells the lab of each return', () => {
    expect(step('bureau', 'return', { comment: '第一次退回' }).ok).toBe(true)
    expect(step('own_lab', 'resubmit', {}).ok).toBe(true)
    expect(step('bureau', 'return', { comment: '第二次退回' }).ok).toBe(true)
    const told = db
      .select()
      .from(notices)
      .where(and(eq(notices.recipientId, ids.labA1), eq(notices.channel, 'inbox')))
      .all()
    expect(told.map((n) => n.title.params.reason)).toEqual(['第一次退回', '第二次退回'])
  })

  test('a comment on the thread and a new draft tell nobody', async () => {
    expect(addRequestComment({ by: ACTING.bureau(), labId: labA.id, requestId, comment: '请关注' }).ok).toBe(true)
    setClock(new Date('2026-03-20T02:00:00Z'))
    const created = createRequest({
      by: ACTING.own_lab(),
      labId: labA.id,
      raw: {
        type: 'site',
        title: '路演场地',
        description: '成果发布会',
        quantity: '200',
        unit: 'm2',
        neededBy: '2026-06-30',
        justification: '发布年度成果',
      },
    })
    expect(created.ok).toBe(true)
    expect(db.select().from(notices).all()).toHaveLength(0)
  })
})

describe('mail preferences', () => {
  test("a lab account that turned request mail off still finds the notice in its inbox; its colleague's mail still goes", () => {
    setRule(false)
    put({ ...FIXTURE, status: 'accepted', districtOpinionRequired: false })
    // only the request kind turned off
    const others = noticeKindsFor('lab').filter((k) => k !== 'request')
    saveMailPreferences({ db, userId: ids.labA1, kinds: noticeKindsFor('lab'), mailed: new Set(others), at: NOW })
    try {
      expect(step('bureau', 'approve').ok).toBe(true)
      const event = latestEvent()
      expect(
        noticesOf(event.id, 'inbox')
          .map((n) => n.recipientId)
          .sort(),
      ).toEqual(sorted(['labA1', 'labA2']))
      expect(noticesOf(event.id, 'email').map((n) => n.recipientId)).toEqual([ids.labA2])
    } finally {
      saveMailPreferences({ db, userId: ids.labA1, kinds: noticeKindsFor('lab'), mailed: new Set(noticeKindsFor('lab')), at: NOW })
    }
  })
})

describe('through a real SMTP server', () => {
  test('the decided mail reaches the lab with what was granted and the link to the request', async () => {
    setRule(false)
    put({ ...FIXTURE, status: 'accepted', districtOpinionRequired: false })
    db.delete(mailOutbox).run()
    const smtp = await startSmtp()
    try {
      expect(step('bureau', 'partly_approve').ok).toBe(true)
      const result = await deliverMail({ db, now: NOW, transport: smtpTransport(smtp.url), from: 'labcycle@example.org' })
      expect(result).toMatchObject({ mailed: 2, failed: 0 })
      const toLab = smtp.received.find((m) => m.to[0] === 'labA1@example.org')!
      expect(decodeSubject(toLab.raw)).toBe(
        '【Labcycle】姑苏数据实验室：资源申请“大模型训练算力”部分批准，批准 400 GPU卡时（申请 1000 GPU卡时）',
      )
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['labA1@example.org', 'labA2@example.org'])
    } finally {
      await smtp.stop()
    }
  })
})
