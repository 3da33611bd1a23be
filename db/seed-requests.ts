// Demo resource requests: most labs in force asked for something in the last ten months. Most
// were decided within the ten working days, some late; a few wait for the bureau now, two of
// them past their deadline; one is returned to lab2 for information; the 'lab' account has one
// awaiting a decision, one awaiting its district's opinion and one delivered. Own PRNG stream,
// like the filings and security data.
import { createRequire } from 'node:module'
import type { DistrictOpinion, RequestAction, RequestStatus, ResourceType, ResourceUnit } from './schema/enums'
import { addWorkingDays, buildCalendar, parsePackageCalendar, type WorkCalendar } from '~/domain/calendar'
import { addDays, type IsoDate } from '~/domain/dates'
import { DEFAULT_DECISION_DAYS, decisionFacts, UNITS_BY_TYPE } from '~/domain/resource-requests'
import { createRng, type Rng } from './seed-rng'

const REQUESTS_SEED = 20260601

export type PlannedRequestEvent = {
  action: RequestAction
  from: RequestStatus | null
  to: RequestStatus
  at: string
  actor: 'lab' | 'district' | 'bureau'
  comment: string
}

export interface PlannedRequest {
  type: ResourceType
  title: string
  description: string
  quantity: number
  unit: ResourceUnit
  neededBy: IsoDate
  justification: string
  status: RequestStatus
  districtOpinionRequired: boolean
  districtOpinion: DistrictOpinion | null
  submittedAt: string | null
  submittedOn: IsoDate | null
  firstSubmittedAt: string | null
  decisionDays: number | null
  deadline: IsoDate | null
  deadlineEstimated: boolean
  returnedAt: string | null
  acceptedAt: string | null
  decidedAt: string | null
  decidedOn: IsoDate | null
  decisionWorkingDays: number | null
  decidedInTime: boolean | null
  grantedQuantity: number | null
  rejectionReason: string | null
  fulfilledOn: IsoDate | null
  deliveredQuantity: number | null
  deliveryNote: string | null
  closedAt: string | null
  createdAt: string
  events: PlannedRequestEvent[]
}

type LabForRequests = { name: string; inForce: boolean; certifiedOn: IsoDate }

// The bureau asks the district's opinion on scenario openings in the demo, so the district's
// accounts have a request to act on; every other type keeps the defaults.
export const DEMO_TYPE_RULES = [{ type: 'scenario', decisionDays: DEFAULT_DECISION_DAYS, districtOpinion: true }] as const
type Story = { awaiting: string; returned: string }

// What labs ask for, by type: a title, what for, and a quantity range in the type's first unit.
const ASKS: Record<ResourceType, { titles: string[]; min: number; max: number }> = {
  scenario: { titles: ['开放城市交通信号优化场景', '开放社区养老服务场景', '开放园区能耗管理场景'], min: 1, max: 3 },
  data_connection: { titles: ['对接市公共数据平台企业登记接口', '对接不动产登记数据接口', '对接医保结算数据接口'], min: 1, max: 6 },
  training: { titles: ['数据安全合规培训', '大模型应用开发培训', '数据要素流通交流会'], min: 10, max: 60 },
  data: { titles: ['申请开放气象与路网历史数据', '申请脱敏就诊记录样本', '申请企业用电数据'], min: 1, max: 8 },
  computing: { titles: ['大模型微调训练算力', '遥感影像解译推理算力', '交通仿真计算资源'], min: 500, max: 20000 },
  site: { titles: ['成果路演场地', '联合实验室办公场地', '数据标注工作区'], min: 50, max: 600 },
  equipment: { titles: ['边缘计算网关', '高性能存储阵列', '数据采集终端'], min: 1, max: 20 },
  funding: { titles: ['算力券配套资金', '场景验证专项补助', '数据治理项目资金统筹'], min: 10, max: 200 },
  transfer: { titles: ['成果转化优先推荐', '首版次应用推荐'], min: 1, max: 2 },
}
const TYPES = Object.keys(ASKS) as ResourceType[]

const requireFromHere = createRequire(import.meta.url)

/** China's official calendar as the package publishes it (the bureau has entered no corrections yet). */
export function packageWorkCalendar(): WorkCalendar {
  return buildCalendar({ packageCalendar: parsePackageCalendar(requireFromHere('chinese-days/dist/chinese-days.json')) })
}

const stampOf = (rng: Rng, day: IsoDate) =>
  new Date(`${day}T${String(rng.int(1, 9)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`).toISOString()

export function planRequests({
  labs,
  today,
  story,
  calendar,
}: {
  labs: LabForRequests[]
  today: IsoDate
  story: Story
  calendar: WorkCalendar
}) {
  const rng = createRng(REQUESTS_SEED)
  const inForce = labs.filter((l) => l.inForce)
  // two labs whose open request is past the bureau's deadline
  const late = new Set(
    rng
      .shuffle(inForce.filter((l) => l.name !== story.awaiting && l.name !== story.returned))
      .slice(0, 2)
      .map((l) => l.name),
  )
  return labs.map((lab) => {
    if (!lab.inForce) return { name: lab.name, requests: [] as PlannedRequest[] }
    const requests: PlannedRequest[] = []
    const count = rng.weighted([
      [0, 15],
      [1, 40],
      [2, 30],
      [3, 15],
    ] as const)
    for (let i = 0; i < count; i++) {
      const daysAgo = rng.int(40, 300)
      const outcome = rng.weighted([
        ['fulfilled', 30],
        ['closed', 30],
        ['approved', 10],
        ['partly_approved', 10],
        ['rejected', 10],
        ['withdrawn', 5],
      ] as const)
      requests.push(planOne(rng, { calendar, today, submitted: addDays(today, -daysAgo), outcome }))
    }
    if (late.has(lab.name))
      requests.push(planOne(rng, { calendar, today, submitted: addDays(today, -rng.int(20, 30)), outcome: 'accepted' }))
    if (lab.name === story.awaiting) {
      requests.push(planOne(rng, { calendar, today, submitted: addDays(today, -60), outcome: 'fulfilled', type: 'computing' }))
      requests.push(planOne(rng, { calendar, today, submitted: addDays(today, -3), outcome: 'submitted', type: 'data' }))
      // a scenario opening waits for its district's opinion (DEMO_TYPE_RULES), from its own stream
      // so the other labs' requests stay as they were
      const opinionRng = createRng(REQUESTS_SEED + 1)
      const asked = planOne(opinionRng, { calendar, today, submitted: addDays(today, -1), outcome: 'submitted', type: 'scenario' })
      requests.push({ ...asked, districtOpinionRequired: true })
    }
    if (lab.name === story.returned)
      requests.push(planOne(rng, { calendar, today, submitted: addDays(today, -9), outcome: 'returned', type: 'site' }))
    return { name: lab.name, requests: requests.filter((r) => r.createdAt.slice(0, 10) >= lab.certifiedOn) }
  })
}

type Outcome = 'submitted' | 'accepted' | 'returned' | 'approved' | 'partly_approved' | 'rejected' | 'fulfilled' | 'closed' | 'withdrawn'

function planOne(
  rng: Rng,
  {
    calendar,
    today,
    submitted,
    outcome,
    type: wanted,
  }: { calendar: WorkCalendar; today: IsoDate; submitted: IsoDate; outcome: Outcome; type?: ResourceType },
): PlannedRequest {
  const type = wanted ?? rng.pick(TYPES)
  const ask = ASKS[type]
  const unit = UNITS_BY_TYPE[type][0]
  const quantity = rng.int(ask.min, ask.max)
  const title = rng.pick(ask.titles)
  const submittedAt = stampOf(rng, submitted)
  const createdAt = new Date(Date.parse(submittedAt) - rng.int(1, 5) * 86_400_000).toISOString()
  const { date: deadline, estimated } = addWorkingDays(calendar, submitted, DEFAULT_DECISION_DAYS)
  const events: PlannedRequestEvent[] = [
    { action: 'create', from: null, to: 'draft', at: createdAt, actor: 'lab', comment: '' },
    { action: 'submit', from: 'draft', to: 'submitted', at: submittedAt, actor: 'lab', comment: '' },
  ]
  const base: PlannedRequest = {
    type,
    title,
    description: `${title}，用于实验室本年度成果的研发与验证。`,
    quantity,
    unit,
    neededBy: addDays(submitted, rng.int(30, 120)),
    justification: '与实验室研究方向一致，支撑年度成果落地，预期形成可复用的场景方案。',
    status: 'submitted',
    districtOpinionRequired: false,
    districtOpinion: null,
    submittedAt,
    submittedOn: submitted,
    firstSubmittedAt: submittedAt,
    decisionDays: DEFAULT_DECISION_DAYS,
    deadline,
    deadlineEstimated: estimated,
    returnedAt: null,
    acceptedAt: null,
    decidedAt: null,
    decidedOn: null,
    decisionWorkingDays: null,
    decidedInTime: null,
    grantedQuantity: null,
    rejectionReason: null,
    fulfilledOn: null,
    deliveredQuantity: null,
    deliveryNote: null,
    closedAt: null,
    createdAt,
    events,
  }
  if (outcome === 'submitted') return base
  const acceptedOn = addWorkingDays(calendar, submitted, rng.int(1, 3)).date
  const acceptedAt = stampOf(rng, acceptedOn)
  if (outcome === 'returned') {
    const returnedAt = stampOf(rng, acceptedOn)
    events.push({
      action: 'return',
      from: 'submitted',
      to: 'returned',
      at: returnedAt,
      actor: 'bureau',
      comment: '请补充场地使用计划和安全管理措施。',
    })
    return { ...base, status: 'returned', returnedAt }
  }
  events.push({ action: 'accept', from: 'submitted', to: 'accepted', at: acceptedAt, actor: 'bureau', comment: '' })
  if (outcome === 'accepted') return { ...base, status: 'accepted', acceptedAt }
  if (outcome === 'withdrawn') {
    events.push({
      action: 'withdraw',
      from: 'accepted',
      to: 'withdrawn',
      at: stampOf(rng, acceptedOn),
      actor: 'lab',
      comment: '需求已由依托单位自行解决。',
    })
    return { ...base, status: 'withdrawn', acceptedAt }
  }
  // most decisions within the ten working days, one in six later
  const took = rng.chance(0.17) ? rng.int(11, 18) : rng.int(3, 10)
  const decidedOn = addWorkingDays(calendar, submitted, took).date
  const decidedAt = stampOf(rng, decidedOn)
  const facts = decisionFacts(calendar, { submittedOn: submitted, deadline, decidedOn })
  // a part of one unit cannot be granted: such a request is approved or rejected whole
  const partly = quantity > 1 && (outcome === 'partly_approved' || rng.chance(0.25))
  const decision = outcome === 'rejected' ? 'rejected' : partly ? 'partly_approved' : 'approved'
  const part = Math.min(quantity - 1, Math.max(1, Math.floor((quantity * rng.int(30, 80)) / 100)))
  const granted = decision === 'approved' ? quantity : decision === 'partly_approved' ? part : null
  const decided = {
    ...base,
    acceptedAt,
    decidedAt,
    decidedOn,
    decisionWorkingDays: facts.workingDays,
    decidedInTime: facts.inTime,
    grantedQuantity: granted,
    rejectionReason: decision === 'rejected' ? '本期资源已分配完毕，建议下季度重新申请。' : null,
    status: decision as RequestStatus,
  }
  const action = decision === 'approved' ? 'approve' : decision === 'partly_approved' ? 'partly_approve' : 'reject'
  events.push({ action, from: 'accepted', to: decision, at: decidedAt, actor: 'bureau', comment: decided.rejectionReason ?? '' })
  if (decision === 'rejected' || outcome === 'approved' || outcome === 'partly_approved' || outcome === 'rejected') {
    if (decision === 'rejected' && outcome === 'closed') {
      const closedAt = stampOf(rng, addDays(decidedOn, 3))
      events.push({ action: 'close', from: 'rejected', to: 'closed', at: closedAt, actor: 'lab', comment: '' })
      return { ...decided, status: 'closed', closedAt }
    }
    return decided
  }
  const earliest = (a: IsoDate, b: IsoDate) => (a < b ? a : b)
  const fulfilledOn = earliest(addDays(decidedOn, rng.int(3, 25)), today)
  const note = '已按批准数量协调到位。'
  events.push({ action: 'fulfil', from: decision, to: 'fulfilled', at: stampOf(rng, fulfilledOn), actor: 'bureau', comment: '' })
  const fulfilled = {
    ...decided,
    status: 'fulfilled' as const,
    fulfilledOn,
    deliveredQuantity: decided.grantedQuantity,
    deliveryNote: note,
  }
  if (outcome === 'fulfilled') return fulfilled
  const closedAt = stampOf(rng, earliest(addDays(fulfilledOn, rng.int(1, 7)), today))
  events.push({ action: 'close', from: 'fulfilled', to: 'closed', at: closedAt, actor: 'lab', comment: '资源已到位。' })
  return { ...fulfilled, status: 'closed', closedAt }
}
