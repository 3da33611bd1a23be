// Demo emergency plans, drills and incidents: most labs keep a reviewed plan and drill yearly;
// some plans are overdue for review, some labs have not drilled; a handful of incidents, one of
// them serious and still open, one reported late. Own PRNG stream, like the filings.
import type { IncidentGrade, IncidentStatus } from './schema/enums'
import { addDays, addMonths, type IsoDate } from '~/domain/dates'
import { DEFAULT_REPORT_HOURS, planReviewDate, reportDeadline } from '~/domain/security'
import { createRng, type Rng } from './seed-rng'

const SECURITY_SEED = 20260101

export interface PlannedPlan {
  version: string
  approvedOn: IsoDate
  scope: string
  responsiblePerson: string
  contact24h: string
  nextReviewOn: IsoDate
  acknowledged: boolean
}

export interface PlannedDrill {
  heldOn: IsoDate
  scenario: string
  participants: string
  findings: string
  followUp: string
  followUpClosedOn: IsoDate | null
}

export interface PlannedIncident {
  grade: IncidentGrade
  title: string
  discoveredAt: string
  reportedAt: string
  reportDeadline: string
  description: string
  dataAffected: string
  measures: string
  status: IncidentStatus
  closedAt: string | null
  steps: { at: string; from: IncidentStatus | null; to: IncidentStatus; note: string }[]
}

type LabForSecurity = { name: string; directorName: string; contactPhone: string; certifiedOn: IsoDate; inForce: boolean }

const SCENARIOS = [
  '数据库遭勒索软件加密',
  '合作方接口异常导出个人信息',
  '内部人员越权查询敏感数据',
  '云存储桶误设为公开访问',
  '数据中心断电导致服务中断',
]
const INCIDENTS: { grade: IncidentGrade; title: string; data: string }[] = [
  { grade: 'IV', title: '测试环境日志含未脱敏手机号', data: '约 300 条测试日志中的手机号' },
  { grade: 'IV', title: '接口限流失效导致短时数据拉取异常', data: '公开数据接口调用记录' },
  { grade: 'III', title: '合作单位账号被盗用批量下载数据', data: '约 2 万条企业经营数据' },
  { grade: 'II', title: '数据标注平台遭勒索软件攻击', data: '标注样本及部分原始影像' },
  { grade: 'IV', title: '运维人员误删备份快照', data: '一周备份快照（已从异地恢复）' },
]

const at = (rng: Rng, day: IsoDate) =>
  new Date(`${day}T${String(rng.int(0, 12)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`).toISOString()

// The demo's urgent incident (issue 15): reported in the night before the demo starts, still open,
// in a 姑苏区 lab without a demo account, so the bureau's and gusu's inboxes hold an urgent alert
// and the bureau's badge counts it. Fixed, not drawn, so the PRNG stream above is unchanged.
const URGENT_STORY = {
  grade: 'II' as const,
  title: '核心业务数据库遭未授权访问',
  data: '约 5 万条市民服务办件记录（含姓名、手机号）',
}

export function planSecurity({
  labs,
  today,
  story = {},
}: {
  labs: LabForSecurity[]
  today: IsoDate
  // the lab given the demo's urgent incident
  story?: { urgentLab?: string }
}) {
  const rng = createRng(SECURITY_SEED)
  const incidentLabs = rng.shuffle(labs.filter((l) => l.inForce)).slice(0, INCIDENTS.length)
  return labs.map((lab) => {
    const plans: PlannedPlan[] = []
    const drills: PlannedDrill[] = []
    const incidents: PlannedIncident[] = []
    if (lab.inForce && rng.chance(0.9)) {
      let approvedOn = addDays(lab.certifiedOn, rng.int(10, 60))
      let version = 1
      // reviewed on time most years; a few plans are left overdue
      while (approvedOn <= today) {
        const nextReviewOn = planReviewDate({ approvedOn, months: 12 })
        plans.push({
          version: `V${version}.0`,
          approvedOn,
          scope: '实验室数据资源、算力平台及合作数据接口',
          responsiblePerson: lab.directorName,
          contact24h: lab.contactPhone,
          nextReviewOn,
          acknowledged: rng.chance(0.9),
        })
        if (nextReviewOn > today || rng.chance(0.15)) break
        approvedOn = addDays(nextReviewOn, -rng.int(0, 20))
        version++
      }
      for (let heldOn = addMonths(lab.certifiedOn, rng.int(3, 8)); heldOn < today; heldOn = addMonths(heldOn, rng.int(9, 14))) {
        if (rng.chance(0.15)) break
        const closed = rng.chance(0.8)
        drills.push({
          heldOn,
          scenario: rng.pick(SCENARIOS),
          participants: `实验室成员 ${rng.int(8, 20)} 人，依托单位信息中心 ${rng.int(1, 4)} 人`,
          findings: '应急联系人通讯录未及时更新；备份恢复耗时超过预期。',
          followUp: '更新通讯录，优化备份恢复流程并复测。',
          followUpClosedOn: closed ? addDays(heldOn, rng.int(7, 40)) : null,
        })
      }
    }
    const which = incidentLabs.indexOf(lab)
    if (which >= 0) {
      const spec = INCIDENTS[which]
      const discoveredOn = addDays(today, -rng.int(5, 200))
      const discoveredAt = at(rng, discoveredOn)
      const deadline = reportDeadline({ discoveredAt, hours: DEFAULT_REPORT_HOURS[spec.grade] })
      // the grade II incident was reported late
      const reportedAt = new Date(Date.parse(discoveredAt) + (spec.grade === 'II' ? 5 : 0.5) * 3_600_000).toISOString()
      // the grade III incident is still being handled; the others are closed
      const status: IncidentStatus = spec.grade === 'III' ? 'contained' : 'closed'
      const path: IncidentStatus[] = status === 'contained' ? ['contained'] : ['contained', 'resolved', 'closed']
      const steps: PlannedIncident['steps'] = [{ at: reportedAt, from: null, to: 'open', note: '事件登记并报告市大数据局' }]
      let when = Date.parse(reportedAt)
      for (const to of path) {
        when += rng.int(2, 72) * 3_600_000
        steps.push({
          at: new Date(Math.min(when, Date.parse(`${today}T00:00:00Z`))).toISOString(),
          from: steps[steps.length - 1].to,
          to,
          note: '',
        })
      }
      incidents.push({
        grade: spec.grade,
        title: spec.title,
        discoveredAt,
        reportedAt,
        reportDeadline: deadline,
        description: `${spec.title}，已按应急预案处置。`,
        dataAffected: spec.data,
        measures: '隔离受影响系统，重置相关账号口令，排查日志并通知相关方。',
        status,
        closedAt: status === 'closed' ? steps[steps.length - 1].at : null,
        steps,
      })
    }
    if (lab.name === story.urgentLab) incidents.push(urgentStoryIncident(today))
    return { name: lab.name, plans, drills, incidents }
  })
}

// Discovered at 01:20 Beijing time the day before `today`, reported 40 minutes later, contained since.
function urgentStoryIncident(today: IsoDate): PlannedIncident {
  const discoveredAt = new Date(`${addDays(today, -1)}T01:20:00+08:00`).toISOString()
  const reportedAt = new Date(Date.parse(discoveredAt) + 40 * 60_000).toISOString()
  const containedAt = new Date(Date.parse(discoveredAt) + 5 * 3_600_000).toISOString()
  return {
    grade: URGENT_STORY.grade,
    title: URGENT_STORY.title,
    discoveredAt,
    reportedAt,
    reportDeadline: reportDeadline({ discoveredAt, hours: DEFAULT_REPORT_HOURS[URGENT_STORY.grade] }),
    description: `${URGENT_STORY.title}：监测发现境外地址使用运维账号登录并执行批量查询。`,
    dataAffected: URGENT_STORY.data,
    measures: '封禁来源地址，停用并重置运维账号，保全日志，启动应急预案。',
    status: 'contained',
    closedAt: null,
    steps: [
      { at: reportedAt, from: null, to: 'open', note: '事件登记并报告市大数据局' },
      { at: containedAt, from: 'open', to: 'contained', note: '已封禁来源地址并停用相关账号' },
    ],
  }
}
