// Demo deliverables and annual reports: most labs keep up, some are late, a few were returned.
// Planned from each lab's periods relative to today, with their review threads, so the demo
// ledger, checks and queues tell a believable story. Own PRNG stream: adding filings does not
// change the rest of the demo.
import type { Direction, FilingStatus, DeliverableForm, DeliverableType, TransferStatus } from './schema/enums'
import { addDays, diffDays, type IsoDate } from '~/domain/dates'
import { validityYears } from '~/domain/validity'
import { createRng, type Rng } from './seed-rng'

const FILINGS_SEED = 20250131

export interface FilingEventPlan {
  action: 'create' | 'submit' | 'district_opinion' | 'return' | 'accept' | 'resubmit'
  from: FilingStatus | null
  to: FilingStatus
  by: 'lab' | 'district' | 'bureau'
  comment: string
  grade: string | null
  at: string
}

export interface PlannedDeliverable {
  type: DeliverableType
  forms: DeliverableForm[]
  title: string
  summary: string
  completedOn: IsoDate
  transferStatus: TransferStatus
  transferPartner: string
  // whole yuan
  transferValueYuan: number | null
  status: FilingStatus
  grade: string | null
  submittedAt: string | null
  districtOpinionAt: string | null
  decidedAt: string | null
  createdAt: string
  events: FilingEventPlan[]
}

export interface PlannedReport {
  periodSequence: number
  validityYear: 1 | 2
  content: Record<string, unknown>
  status: FilingStatus
  grade: string | null
  submittedAt: string | null
  districtOpinionAt: string | null
  decidedAt: string | null
  createdAt: string
  events: FilingEventPlan[]
}

type LabForFilings = {
  name: string
  direction: Direction
  scenarios: string
  periods: { sequence: number; startDate: IsoDate; endDate: IsoDate }[]
}

// 10:00–17:59 Asia/Shanghai on a day, as an instant
function at(rng: Rng, day: IsoDate): string {
  return new Date(`${day}T${String(rng.int(2, 9)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`).toISOString()
}

const minDate = (a: IsoDate, b: IsoDate) => (a < b ? a : b)
const dayBetween = (rng: Rng, from: IsoDate, to: IsoDate): IsoDate => addDays(from, rng.int(0, Math.max(0, diffDays(from, to))))

const TITLES: Record<DeliverableType, (scenario: string) => string> = {
  report: (s) => `${s}数据应用分析报告`,
  project: (s) => `${s}智能化平台建设项目`,
  case: (s) => `${s}大数据创新应用案例`,
}
const FORMS: DeliverableForm[] = ['scenario', 'algorithm', 'data', 'product']
const RETURN_COMMENTS = [
  '请补充成果应用成效的量化数据和第三方证明材料。',
  '成果完成时间与附件中的验收日期不一致，请核实后重新提交。',
  '请说明成果与实验室申报方向的关系，并补充用户单位意见。',
]
const OPINIONS = ['经核实，该成果已在辖区内试点应用，建议通过。', '材料基本齐全，同意报送市局审核。']

/** A filing's history from creation to `outcome`, never later than the day before `today`. */
function history(
  rng: Rng,
  { ready, today, outcome }: { ready: IsoDate; today: IsoDate; outcome: 'draft' | 'submitted' | 'returned' | 'accepted' },
) {
  const last = addDays(today, -1)
  const created = minDate(ready, last)
  const events: FilingEventPlan[] = [
    { action: 'create', from: null, to: 'draft', by: 'lab', comment: '', grade: null, at: at(rng, created) },
  ]
  const result = {
    status: 'draft' as FilingStatus,
    createdAt: events[0].at,
    submittedAt: null as string | null,
    districtOpinionAt: null as string | null,
    decidedAt: null as string | null,
    events,
  }
  if (outcome === 'draft') return result
  const submitted = minDate(addDays(created, rng.int(1, 10)), last)
  result.submittedAt = at(rng, submitted)
  result.status = 'submitted'
  events.push({ action: 'submit', from: 'draft', to: 'submitted', by: 'lab', comment: '', grade: null, at: result.submittedAt })
  if (outcome === 'submitted') return result
  const decided = minDate(addDays(submitted, rng.int(4, 20)), last)
  if (rng.chance(0.4)) {
    result.districtOpinionAt = at(rng, minDate(addDays(submitted, 2), decided))
    events.push({
      action: 'district_opinion',
      from: 'submitted',
      to: 'submitted',
      by: 'district',
      comment: rng.pick(OPINIONS),
      grade: null,
      at: result.districtOpinionAt,
    })
  }
  result.decidedAt = at(rng, decided)
  result.status = outcome
  events.push(
    outcome === 'returned'
      ? {
          action: 'return',
          from: 'submitted',
          to: 'returned',
          by: 'bureau',
          comment: rng.pick(RETURN_COMMENTS),
          grade: null,
          at: result.decidedAt,
        }
      : { action: 'accept', from: 'submitted', to: 'accepted', by: 'bureau', comment: '同意。', grade: null, at: result.decidedAt },
  )
  return result
}

function planDeliverable(
  rng: Rng,
  lab: LabForFilings,
  completedOn: IsoDate,
  today: IsoDate,
  outcome: 'submitted' | 'returned' | 'accepted',
): PlannedDeliverable {
  const type = rng.pick(['report', 'project', 'case'] as const)
  const scenario = rng.pick(lab.scenarios.split('、'))
  const transferStatus = rng.pick(['none', 'in_progress', 'transferred'] as const)
  const h = history(rng, { ready: addDays(completedOn, rng.int(1, 15)), today, outcome })
  return {
    type,
    forms: rng.shuffle(FORMS).slice(0, rng.int(1, 2)),
    title: TITLES[type](scenario),
    summary: `面向${scenario}场景，汇聚多源数据，形成可复用的分析模型和应用方案，已在合作单位试运行。`,
    completedOn,
    transferStatus,
    transferPartner: transferStatus === 'none' ? '' : `${scenario.slice(0, 4)}相关运营单位`,
    transferValueYuan: transferStatus === 'transferred' ? rng.int(5, 120) * 100_000 : null,
    grade: null,
    ...h,
  }
}

function reportContent(rng: Rng, lab: LabForFilings, year: number) {
  const datasets = rng.int(2, 5)
  return {
    progress: {
      summary: `第${year}年围绕${lab.scenarios}推进计划目标，完成数据汇聚与模型研发，主要指标按计划完成约${rng.int(80, 100)}%。`,
      targets: [
        { target: '开放或共享数据集', planned: `${datasets} 个`, achieved: `${datasets + rng.int(0, 2)} 个` },
        { target: '申请发明专利', planned: `${rng.int(1, 3)} 项`, achieved: `${rng.int(1, 3)} 项` },
      ],
    },
    security: `按数据安全应急预案开展演练${rng.int(1, 2)}次，全年未发生数据安全事件。`,
    resources: { requested: '申请算力支持与公共数据对接。', received: '获得市公共算力平台GPU时长支持，完成两类公共数据对接。' },
    teamChanges: `本年度新增成员${rng.int(0, 3)}人，离开${rng.int(0, 2)}人，团队结构保持稳定。`,
    typicalCases: `${lab.scenarios.split('、')[0]}应用案例在合作单位落地。`,
    nextYearPlan: '下一年度继续推进成果转化，拓展应用场景，完善数据安全管理。',
    funding: {
      income: [
        { source: '依托单位自筹', amount: rng.int(20, 80) * 10 },
        { source: '市、区专项资金', amount: rng.int(5, 30) * 10 },
      ],
      expenditure: [
        { item: '设备与算力', amount: rng.int(10, 40) * 10 },
        { item: '人员与研发', amount: rng.int(10, 50) * 10 },
      ],
    },
  }
}

export function planFilings({
  labs,
  today,
  story,
}: {
  labs: LabForFilings[]
  today: IsoDate
  story: { submittedNow: string; returnedNow: string }
}) {
  const rng = createRng(FILINGS_SEED)
  return labs.map((lab) => {
    const deliverables: PlannedDeliverable[] = []
    const reports: PlannedReport[] = []
    for (const period of lab.periods) {
      for (const year of validityYears(period)) {
        if (year.startDate > today) continue
        const closed = year.endDate < today
        if (closed) {
          // most labs delivered in every closed year; some did not (the checks flag them)
          if (rng.chance(0.85)) {
            deliverables.push(
              planDeliverable(rng, lab, dayBetween(rng, addDays(year.startDate, 60), addDays(year.endDate, -30)), today, 'accepted'),
            )
            if (rng.chance(0.3))
              deliverables.push(planDeliverable(rng, lab, dayBetween(rng, year.startDate, addDays(year.endDate, -10)), today, 'accepted'))
          }
          const due = addDays(year.endDate, 30)
          const filed =
            due < today
              ? rng.weighted([
                  ['accepted', 85],
                  ['returned', 5],
                  ['missing', 10],
                ] as const)
              : rng.chance(0.5)
                ? 'submitted'
                : 'missing'
          if (filed !== 'missing') {
            const h = history(rng, { ready: addDays(year.endDate, rng.int(3, 20)), today, outcome: filed })
            const grade =
              filed === 'accepted'
                ? rng.weighted([
                    ['excellent', 25],
                    ['good', 50],
                    ['pass', 22],
                    ['fail', 3],
                  ] as const)
                : null
            if (grade) h.events[h.events.length - 1].grade = grade
            reports.push({
              periodSequence: period.sequence,
              validityYear: year.year,
              content: reportContent(rng, lab, year.year),
              grade,
              ...h,
            })
          }
        } else {
          const outcome =
            lab.name === story.submittedNow
              ? 'submitted'
              : lab.name === story.returnedNow
                ? 'returned'
                : rng.weighted([
                    ['submitted', 40],
                    ['returned', 8],
                    ['none', 52],
                  ] as const)
          const lastDay = addDays(today, -20)
          if (outcome !== 'none' && lastDay > year.startDate)
            deliverables.push(planDeliverable(rng, lab, dayBetween(rng, year.startDate, lastDay), today, outcome))
        }
      }
    }
    return { name: lab.name, deliverables, reports }
  })
}
