import { beforeEach, describe, expect, test } from 'vitest'
import { titleText } from '~/domain/mail'
import { isEventNotice } from '~/domain/reminders'
import { translator } from '~/i18n'
import { setClock } from '~/utils/clock.server'
import { action as inboxAction, loader as inboxLoader } from '~/routes/inbox'
import { action as viewAction, loader as viewLoader } from '~/routes/labs.$labId.requests.$requestId'
import { action as newAction } from '~/routes/labs.$labId.requests.new'
import { action as rulesAction } from '~/routes/settings_.requests'
import type { Db } from '~db/client.server'
import { resourceRequests } from '~db/schema'
import type { NoticeTitle } from '~db/schema/notifications'
import { pinClock } from '../clock'
import { formRequest, getRequest, makeCast, makeLab, outcome, setupTestDb, TEST_CONTEXT, typeRuleVersion, withVersion } from '../helpers'

// Issue 15 through the pages: a request's steps taken on its page reach the right inboxes, each
// notice opens the request's page, and nobody outside the request's scope hears of it.
pinClock(new Date('2026-03-20T02:00:00Z'))

let db: Db
let labId: number
let cast: Awaited<ReturnType<typeof makeCast<'lab' | 'otherLab' | 'gusu' | 'kunshan' | 'bureau' | 'expert'>>>

beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', name: '姑苏数据实验室' }).id
  const otherLabId = makeLab(db, { districtCode: '320508' }).id
  cast = await makeCast(db, {
    lab: { role: 'lab', labId },
    otherLab: { role: 'lab', labId: otherLabId },
    gusu: { role: 'district', districtCode: '320508' },
    kunshan: { role: 'district', districtCode: '320583' },
    bureau: { role: 'bureau' },
    expert: { role: 'expert' },
  })
})

type Item = { id: number; source: string; title: NoticeTitle; link: string; dueDate: string }
const inbox = async (who: keyof typeof cast.cookies) => {
  const o = await outcome(() => inboxLoader({ request: getRequest('/inbox', cast.cookies[who]), params: {}, context: TEST_CONTEXT }))
  expect(o.status).toBe(200)
  return (o.body.items as Item[]).map((i) => ({ ...i, zh: titleText(translator('zh'), i.title) }))
}
const params = (p: Record<string, number>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
const act = (requestId: number, fields: Record<string, string>, who: keyof typeof cast.cookies) =>
  outcome(() =>
    viewAction({
      request: formRequest(`/labs/${labId}/requests/${requestId}`, withVersion(resourceRequests, requestId, fields), cast.cookies[who]),
      params: params({ labId, requestId }),
      context: TEST_CONTEXT,
    }),
  )

async function submittedRequest() {
  const created = await outcome(() =>
    newAction({
      request: formRequest(
        `/labs/${labId}/requests/new`,
        {
          type: 'computing',
          title: '大模型训练算力',
          description: '用于城市治理大模型的微调训练。',
          quantity: '1,000',
          unit: 'gpu_hours',
          neededBy: '2026-06-30',
          justification: '支撑年度成果。',
        },
        cast.cookies.lab,
      ),
      params: params({ labId }),
      context: TEST_CONTEXT,
    }),
  )
  const id = Number(/\/requests\/(\d+)/.exec(created.location ?? '')?.[1])
  expect((await act(id, { intent: 'submit' }, 'lab')).status).toBe(302)
  return id
}

const quiet = async (...who: (keyof typeof cast.cookies)[]) => {
  for (const w of who) expect(await inbox(w), w).toEqual([])
}

describe('a request handled on its pages tells each side in turn', () => {
  test('with the district asked first: the district, then the bureau, then the lab, and nobody else', async () => {
    const rule = await outcome(() =>
      rulesAction({
        request: formRequest(
          '/settings/requests',
          { rowVersion: typeRuleVersion('computing'), type: 'computing', decisionDays: '10', districtOpinion: 'on' },
          cast.cookies.bureau,
        ),
        params: {},
        context: TEST_CONTEXT,
      }),
    )
    expect(rule.status).toBeLessThan(400)
    const id = await submittedRequest()
    const link = `/labs/${labId}/requests/${id}`

    // submitted: the district gives its opinion first; the bureau waits
    expect((await inbox('gusu')).map((i) => [i.zh, i.link, i.source, i.dueDate])).toEqual([
      ['姑苏数据实验室：资源申请“大模型训练算力”已提交，请出具区级意见', link, 'request', '2026-03-20'],
    ])
    await quiet('bureau', 'lab', 'otherLab', 'kunshan', 'expert')

    expect((await act(id, { intent: 'district_opinion', opinion: 'support', comment: '符合区产业方向' }, 'gusu')).status).toBe(302)
    expect((await inbox('bureau')).map((i) => i.zh)).toEqual(['姑苏数据实验室：资源申请“大模型训练算力”的区级意见为“同意支持”，待受理'])

    expect((await act(id, { intent: 'return', comment: '请补充算力使用计划' }, 'bureau')).status).toBe(302)
    const [returned] = await inbox('lab')
    expect(returned.zh).toBe('姑苏数据实验室：资源申请“大模型训练算力”被退回补正，原因：请补充算力使用计划')
    // the district and the bureau heard only of their own turn
    expect(await inbox('gusu')).toHaveLength(1)
    expect(await inbox('bureau')).toHaveLength(1)
    await quiet('otherLab', 'kunshan', 'expert')

    // the lab opens the notice and lands on the request's page, where it can act
    const opened = await outcome(() =>
      inboxAction({
        request: formRequest('/inbox', { intent: 'open', id: String(returned.id) }, cast.cookies.lab),
        params: {},
        context: TEST_CONTEXT,
      }),
    )
    expect(opened).toMatchObject({ status: 302, location: link })
    const page = await outcome(() =>
      viewLoader({ request: getRequest(link, cast.cookies.lab), params: params({ labId, requestId: id }), context: TEST_CONTEXT }),
    )
    expect(page.body).toMatchObject({ steps: ['resubmit', 'withdraw'] })
    // another person's notice does not exist for the bureau
    const foreign = await outcome(() =>
      inboxAction({
        request: formRequest('/inbox', { intent: 'open', id: String(returned.id) }, cast.cookies.bureau),
        params: {},
        context: TEST_CONTEXT,
      }),
    )
    expect(foreign.status).toBe(404)

    // resubmitted the next working day: the district is asked again
    setClock(new Date('2026-03-23T02:00:00Z'))
    expect((await act(id, { intent: 'resubmit' }, 'lab')).status).toBe(302)
    expect((await inbox('gusu')).map((i) => [i.zh, i.dueDate])[0]).toEqual([
      '姑苏数据实验室：资源申请“大模型训练算力”补正后重新提交，请出具区级意见',
      '2026-03-23',
    ])
  })

  test('without an opinion asked: the bureau hears of the submission, the lab of the decision and the delivery', async () => {
    const id = await submittedRequest()
    expect((await inbox('bureau')).map((i) => i.zh)).toEqual(['姑苏数据实验室：资源申请“大模型训练算力”已提交，待受理'])
    await quiet('gusu', 'lab', 'otherLab', 'kunshan', 'expert')

    expect((await act(id, { intent: 'accept' }, 'bureau')).status).toBe(302)
    expect((await act(id, { intent: 'partly_approve', grantedQuantity: '400' }, 'bureau')).status).toBe(302)
    expect(
      (await act(id, { intent: 'fulfil', fulfilledOn: '2026-03-20', deliveredQuantity: '400', deliveryNote: '已开通平台账户' }, 'bureau'))
        .status,
    ).toBe(302)
    expect((await inbox('lab')).map((i) => i.zh).sort()).toEqual(
      [
        '姑苏数据实验室：资源申请“大模型训练算力”已受理，应于 2026-04-03 前作出决定',
        '姑苏数据实验室：资源申请“大模型训练算力”部分批准，批准 400 GPU卡时（申请 1000 GPU卡时）',
        '姑苏数据实验室：资源申请“大模型训练算力”已交付 400 GPU卡时（已开通平台账户），请确认收到',
      ].sort(),
    )
    // the lab confirms receipt: the bureau has nothing left to do and is not told
    expect((await act(id, { intent: 'close' }, 'lab')).status).toBe(302)
    expect(await inbox('bureau')).toHaveLength(1)
    await quiet('gusu', 'otherLab', 'kunshan', 'expert')
  })

  test('a request notice shows the day it happened, not a countdown', () => {
    expect(isEventNotice('request')).toBe(true)
  })
})
