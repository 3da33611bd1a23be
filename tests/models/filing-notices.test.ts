import { asc, desc, eq, gt } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { noticeKindsFor } from '~/domain/notice-kinds'
import { deliveriesSettled, deliverSoon } from '~/models/deliver-soon.server'
import { notifyFilingStep, REASON_EXCERPT } from '~/models/filing-notices.server'
import { saveMailPreferences } from '~/models/reminders.server'
import { reviewQueue } from '~/models/review-queue.server'
import { action as deliverableAction } from '~/routes/labs.$labId.deliverables.$deliverableId'
import { action as reportAction } from '~/routes/labs.$labId.reports.$reportId'
import { forgetEnv } from '~/utils/env.server'
import type { Db } from '~db/client.server'
import { insertAnnualReport, insertDeliverable } from '~db/factories'
import { annualReports, deliverables, filingEvents, mailOutbox, notices, users, validityPeriods } from '~db/schema'
import type { FilingKind } from '~db/schema/enums'
import { formRequest, makeCast, makeLab, outcome, setupTestDb, TEST_CONTEXT, withVersion } from '../helpers'
import { pinClock } from '../clock'
import { decodeSubject, startSmtp } from '../smtp'

// Issue 15: every step of the filing workflow tells whoever acts next or whose filing it is, in
// scope only, through the one engine both kinds of filing share. makeLab's period starts
// 2025-06-01, so year 1 ended on 2026-05-31 and its report may be filed on the pinned day.
const DAY = '2026-06-10T04:00:00Z'
pinClock(new Date(DAY))

const COMPLETE: Record<string, string> = {
  'progress.summary': '按两年规划推进，完成年度目标',
  'progress.targets.0.target': '发布开放数据集',
  'progress.targets.0.planned': '2 个',
  'progress.targets.0.achieved': '3 个',
  teamChanges: '新增两名数据工程师',
  security: '修订数据安全应急预案一次，开展演练一次，未发生安全事件',
  'funding.income.0.source': '市级专项资金',
  'funding.income.0.amount': '50',
  'funding.expenditure.0.item': '设备购置',
  'funding.expenditure.0.amount': '30',
  typicalCases: '城市交通信号优化案例',
  nextYearPlan: '扩大到三个区县的应用',
}

const PEOPLE = ['labA', 'labB', 'neighbour', 'gusu', 'huqiu', 'bureau', 'expert'] as const
type Person = (typeof PEOPLE)[number]

let db: Db
let lab: ReturnType<typeof makeLab>
let cast: Awaited<ReturnType<typeof makeCast<Person>>>
const LONG_REASON = `请补充成果应用成效的量化数据和第三方证明材料，${'并核实附件中的验收日期与成果完成时间是否一致，'.repeat(5)}然后重新提交。`

beforeEach(async () => {
  db = setupTestDb()
  lab = makeLab(db, { name: '姑苏数据实验室', districtCode: '320508' })
  // another lab of the same district, and a lab of another district
  const neighbourLab = makeLab(db, { name: '隔壁实验室', districtCode: '320508' })
  makeLab(db, { name: '高新区实验室', districtCode: '320505' })
  cast = await makeCast(db, {
    labA: { role: 'lab', labId: lab.id },
    labB: { role: 'lab', labId: lab.id },
    neighbour: { role: 'lab', labId: neighbourLab.id },
    gusu: { role: 'district', districtCode: '320508' },
    huqiu: { role: 'district', districtCode: '320505' },
    bureau: { role: 'bureau' },
    expert: { role: 'expert' },
  })
  for (const who of PEOPLE)
    db.update(users)
      .set({ email: `${who}@example.org` })
      .where(eq(users.id, cast.users[who].id))
      .run()
})

const nameOf = (userId: number | null) => PEOPLE.find((p) => cast.users[p].id === userId) ?? `user ${userId}`
const lastNoticeId = () => db.select({ id: notices.id }).from(notices).orderBy(desc(notices.id)).limit(1).get()?.id ?? 0
const lastMailId = () => db.select({ id: mailOutbox.id }).from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(1).get()?.id ?? 0

type Told = {
  status: number
  inbox: Person[]
  mailed: Person[]
  notices: (typeof notices.$inferSelect)[]
  mails: (typeof mailOutbox.$inferSelect)[]
}

// Takes one step through the filing's page (the route's action) and says who was told of it.
async function told(run: () => Promise<{ status: number }>): Promise<Told> {
  const [noticeMark, mailMark] = [lastNoticeId(), lastMailId()]
  const { status } = await run()
  const fresh = db.select().from(notices).where(gt(notices.id, noticeMark)).orderBy(asc(notices.id)).all()
  const mails = db.select().from(mailOutbox).where(gt(mailOutbox.id, mailMark)).orderBy(asc(mailOutbox.id)).all()
  const who = (channel: string) =>
    fresh
      .filter((n) => n.channel === channel)
      .map((n) => nameOf(n.recipientId) as Person)
      .sort()
  return { status, inbox: who('inbox'), mailed: who('email'), notices: fresh, mails }
}

// One filing of each kind, a draft of `lab`, and the way to take a step on it as someone.
type Filing = {
  kind: FilingKind
  id: number
  link: string
  step: (who: Person, fields: Record<string, string>) => Promise<{ status: number }>
}

function filingOf(kind: FilingKind, labId = lab.id): Filing {
  if (kind === 'deliverable') {
    const d = insertDeliverable(db, {
      labId,
      completedOn: '2025-10-01',
      title: '城市运行数据中台',
      summary: '面向城市运行的多源数据融合平台。',
      status: 'draft',
    })
    const link = `/labs/${labId}/deliverables/${d.id}`
    return {
      kind,
      id: d.id,
      link,
      step: (who, fields) =>
        outcome(() =>
          deliverableAction({
            request: formRequest(link, withVersion(deliverables, d.id, fields), cast.cookies[who]),
            params: { labId: String(labId), deliverableId: String(d.id) },
            context: TEST_CONTEXT,
          }),
        ),
    }
  }
  const periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  const r = insertAnnualReport(db, { labId, periodId, validityYear: 1, status: 'draft', createdAt: DAY, updatedAt: DAY })
  const link = `/labs/${labId}/reports/${r.id}`
  return {
    kind,
    id: r.id,
    link,
    step: (who, fields) =>
      outcome(() =>
        reportAction({
          // the report's page files (and refiles) with its content
          request: formRequest(
            link,
            withVersion(
              annualReports,
              r.id,
              fields.intent === 'submit' || fields.intent === 'resubmit' ? { ...COMPLETE, ...fields } : fields,
            ),
            cast.cookies[who],
          ),
          params: { labId: String(labId), reportId: String(r.id) },
          context: TEST_CONTEXT,
        }),
      ),
  }
}

const titleOf = (n: { title: { key: string; params: Record<string, string | number> } }) => n.title

describe.each<FilingKind>(['deliverable', 'annual_report'])('each step of a %s tells whose turn it is, and nobody else', (kind) => {
  const name = kind === 'deliverable' ? { title: '城市运行数据中台' } : { period: 1, year: 1 }

  test('submitted: the district office is asked for its opinion; not the lab, the bureau, another district or lab, or an expert', async () => {
    const f = filingOf(kind)
    const submitted = await told(() => f.step('labA', { intent: 'submit' }))
    expect(submitted.status).toBe(302)
    expect(submitted.inbox).toEqual(['gusu'])
    expect(submitted.mailed).toEqual(['gusu'])
    expect(submitted.notices.every((n) => n.source === 'filing' && n.link === f.link && n.audience === 'district')).toBe(true)
    expect(titleOf(submitted.notices[0])).toEqual({ key: `filingNotice.${kind}.submitted`, params: { lab: '姑苏数据实验室', ...name } })
    // keyed by the step's thread entry
    const event = db.select().from(filingEvents).where(eq(filingEvents.action, 'submit')).get()!
    expect(submitted.notices[0].sourceId).toBe(event.id)
    expect(submitted.mails.map((m) => [m.toAddress, m.channel])).toEqual([['gusu@example.org', 'email']])
    expect(submitted.mails[0].body).toContain(`http://localhost:3000${f.link}`)
    expect(submitted.mails[0].subject).toContain('请出具区级意见')
  })

  test('district opinion: the bureau decides next and the lab reads the opinion; the district itself and outsiders hear nothing', async () => {
    const f = filingOf(kind)
    await f.step('labA', { intent: 'submit' })
    const opinion = await told(() => f.step('gusu', { intent: 'district_opinion', opinion: 'support', comment: '经核实，建议通过。' }))
    expect(opinion.status).toBe(302)
    expect(opinion.inbox).toEqual(['bureau', 'labA', 'labB'])
    expect(opinion.mailed).toEqual(['bureau', 'labA', 'labB'])
    const bureauNotice = opinion.notices.find((n) => n.recipientId === cast.users.bureau.id)!
    expect(titleOf(bureauNotice).key).toBe(`filingNotice.${kind}.opinion`)
    const labNotice = opinion.notices.find((n) => n.recipientId === cast.users.labA.id)!
    expect(titleOf(labNotice).key).toBe(`filingNotice.${kind}.opinionToLab`)
    expect(opinion.notices.every((n) => n.link === f.link)).toBe(true)
  })

  test('returned: every account of the lab, with the reason (an excerpt of a long one); nobody else', async () => {
    const f = filingOf(kind)
    await f.step('labA', { intent: 'submit' })
    const returned = await told(() => f.step('bureau', { intent: 'return', comment: LONG_REASON }))
    expect(returned.status).toBe(302)
    expect(returned.inbox).toEqual(['labA', 'labB'])
    expect(returned.mailed).toEqual(['labA', 'labB'])
    const { key, params } = titleOf(returned.notices[0])
    expect(key).toBe(`filingNotice.${kind}.returned`)
    const excerpt = `${LONG_REASON.slice(0, REASON_EXCERPT)}…`
    expect(params.reason).toBe(excerpt)
    for (const mail of returned.mails) {
      expect(mail.body).toContain(`原因：${excerpt}`)
      expect(mail.body).toContain(`http://localhost:3000${f.link}`)
    }
  })

  test('a short reason is told whole', async () => {
    const f = filingOf(kind)
    await f.step('labA', { intent: 'submit' })
    const returned = await told(() => f.step('bureau', { intent: 'return', comment: '请补充经费支出明细。' }))
    expect(titleOf(returned.notices[0]).params.reason).toBe('请补充经费支出明细。')
    expect(returned.mails[0].subject).toContain('被退回，原因：请补充经费支出明细。')
  })

  test('resubmitted: the district is asked again (its queue lists the filing again); the bureau is not told yet', async () => {
    const f = filingOf(kind)
    await f.step('labA', { intent: 'submit' })
    await f.step('gusu', { intent: 'district_opinion', opinion: 'support', comment: '同意报送。' })
    await f.step('bureau', { intent: 'return', comment: '请补充材料。' })
    const resubmitted = await told(() => f.step('labB', { intent: kind === 'deliverable' ? 'resubmit' : 'submit' }))
    expect(resubmitted.status).toBe(302)
    expect(resubmitted.inbox).toEqual(['gusu'])
    expect(titleOf(resubmitted.notices[0]).key).toBe(`filingNotice.${kind}.resubmitted`)
    const table = kind === 'deliverable' ? deliverables : annualReports
    expect(db.select({ at: table.districtOpinionAt }).from(table).where(eq(table.id, f.id)).get()).toEqual({ at: null })
    const gusu = { id: cast.users.gusu.id, role: 'district' as const, districtCode: '320508' as const, labId: null }
    expect(reviewQueue({ actor: gusu, filter: {}, page: 1, pageSize: 10 }).rows.map((r) => [r.kind, r.id])).toEqual([[kind, f.id]])
  })

  test('accepted: every account of the lab, with the grade in the reader’s language; nobody else', async () => {
    const f = filingOf(kind)
    db.update(users).set({ locale: 'en' }).where(eq(users.id, cast.users.labB.id)).run()
    await f.step('labA', { intent: 'submit' })
    const accepted = await told(() => f.step('bureau', { intent: 'accept', grade: 'good' }))
    expect(accepted.status).toBe(302)
    expect(accepted.inbox).toEqual(['labA', 'labB'])
    expect(accepted.mailed).toEqual(['labA', 'labB'])
    expect(titleOf(accepted.notices[0])).toEqual({
      key: `filingNotice.${kind}.acceptedGraded`,
      params: { lab: '姑苏数据实验室', ...name, grade: '良好', gradeEn: 'Good' },
    })
    const [zh, en] = [
      accepted.mails.find((m) => m.toAddress === 'labA@example.org')!,
      accepted.mails.find((m) => m.toAddress === 'labB@example.org')!,
    ]
    expect(zh.subject).toContain('评定等级：良好')
    expect(en.subject).toContain('grade: Good')
  })
})

describe('the bureau is told when it is its turn', () => {
  test('a deliverable accepted without a grade says so without one', async () => {
    const f = filingOf('deliverable')
    await f.step('labA', { intent: 'submit' })
    const accepted = await told(() => f.step('bureau', { intent: 'accept' }))
    expect(titleOf(accepted.notices[0]).key).toBe('filingNotice.deliverable.accepted')
  })

  test.each<FilingKind>(['deliverable', 'annual_report'])(
    'a %s of a district without an office account goes straight to the bureau, and only to it',
    async (kind) => {
      const wuzhong = makeLab(db, { name: '吴中实验室', districtCode: '320506' })
      const { users: own, cookies } = await makeCast(db, { wz: { role: 'lab', labId: wuzhong.id } })
      cast.cookies.labA = cookies.wz
      const f = filingOf(kind, wuzhong.id)
      const submitted = await told(() => f.step('labA', { intent: 'submit' }))
      expect(submitted.status).toBe(302)
      expect(submitted.inbox).toEqual(['bureau'])
      expect(titleOf(submitted.notices[0]).key).toBe(`filingNotice.${kind}.submittedToBureau`)
      expect(submitted.notices.some((n) => n.recipientId === own.wz.id)).toBe(false)
    },
  )

  test('an inactive district account does not count as the office: the bureau is told', async () => {
    db.update(users).set({ active: false }).where(eq(users.id, cast.users.gusu.id)).run()
    const f = filingOf('annual_report')
    const submitted = await told(() => f.step('labA', { intent: 'submit' }))
    expect(submitted.inbox).toEqual(['bureau'])
  })
})

describe('told once, never twice', () => {
  test('a step repeated from a stale page is refused and tells nobody again', async () => {
    const f = filingOf('deliverable')
    const seen = withVersion(deliverables, f.id, { intent: 'submit' })
    await f.step('labA', { intent: 'submit' })
    const again = await told(() =>
      outcome(() =>
        deliverableAction({
          request: formRequest(f.link, seen, cast.cookies.labB),
          params: { labId: String(lab.id), deliverableId: String(f.id) },
          context: TEST_CONTEXT,
        }),
      ),
    )
    expect(again.status).toBe(409)
    expect(again.notices).toEqual([])
    expect(again.mails).toEqual([])
  })

  test('telling a recorded step again (a retry after a crash) adds nothing on any channel', async () => {
    const f = filingOf('annual_report')
    await f.step('labA', { intent: 'submit' })
    await f.step('bureau', { intent: 'return', comment: '请补充材料。' })
    const before = { notices: db.select().from(notices).all().length, mails: db.select().from(mailOutbox).all().length }
    for (const event of db.select().from(filingEvents).all()) {
      expect(db.transaction((tx) => notifyFilingStep(tx, event))).toEqual({ sent: 0, outboxIds: [] })
    }
    expect({ notices: db.select().from(notices).all().length, mails: db.select().from(mailOutbox).all().length }).toEqual(before)
  })

  test('a refused step (a return without a reason) tells nobody', async () => {
    const f = filingOf('annual_report')
    await f.step('labA', { intent: 'submit' })
    const refused = await told(() => f.step('bureau', { intent: 'return', comment: ' ' }))
    expect(refused.status).toBe(400)
    expect(refused.notices).toEqual([])
  })

  test('a draft created or a deliverable revised tells nobody', async () => {
    const f = filingOf('deliverable')
    await f.step('labA', { intent: 'submit' })
    await f.step('bureau', { intent: 'accept' })
    const revised = await told(() => f.step('labA', { intent: 'revise' }))
    expect(revised.status).toBe(302)
    expect(revised.notices).toEqual([])
  })
})

describe('mail preferences', () => {
  test('turning filing notices off under 我的账户 stops the mail, never the inbox', async () => {
    saveMailPreferences({
      db,
      userId: cast.users.labA.id,
      kinds: noticeKindsFor('lab'),
      mailed: new Set(noticeKindsFor('lab').filter((k) => k !== 'filing')),
      at: new Date(DAY),
    })
    const f = filingOf('deliverable')
    await f.step('labA', { intent: 'submit' })
    const returned = await told(() => f.step('bureau', { intent: 'return', comment: '请补充材料。' }))
    expect(returned.inbox).toEqual(['labA', 'labB'])
    expect(returned.mailed).toEqual(['labB'])
  })

  test('the mail goes out through SMTP with the filing’s link', async () => {
    const smtp = await startSmtp()
    process.env.SMTP_URL = smtp.url
    forgetEnv()
    try {
      const f = filingOf('annual_report')
      const submitted = await told(() => f.step('labA', { intent: 'submit' }))
      deliverSoon(
        submitted.mails.map((m) => m.id),
        new Date(DAY),
      )
      await deliveriesSettled()
      expect(smtp.received.map((m) => m.to[0])).toEqual(['gusu@example.org'])
      expect(decodeSubject(smtp.received[0].raw)).toBe('【Labcycle】姑苏数据实验室：第1期第1年年度报告已报送，请出具区级意见')
      const body = Buffer.from(smtp.received[0].raw.split('\r\n\r\n')[1], 'base64').toString('utf8')
      expect(body).toContain(`http://localhost:3000/labs/${lab.id}/reports/${f.id}`)
    } finally {
      delete process.env.SMTP_URL
      forgetEnv()
      await smtp.stop()
    }
  })
})
