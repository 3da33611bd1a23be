// Demo renewals (issue 8). Every period the seed already decided (renewed, not renewed, revoked)
// gets the renewal record behind its outcome: the lab's application and the bureau's decision with
// a grade and reasons. Of the labs whose period has just ended, one has applied and waits for the
// bureau (past the end: the bureau's breach), one is with the expert, one renews after
// rectification, and one never applied. Of the labs inside the window, one has applied and one
// has a draft; the rest, lab2 among them, have yet to start, so the browser test can apply.
import type { AssignmentStatus, RenewalAction, RenewalDecision, RenewalStatus } from './schema/enums'
import { addDays, type IsoDate } from '~/domain/dates'
import { isWindowOpen, rectificationDeadline } from '~/domain/renewals'

type Period = {
  sequence: number
  startDate: IsoDate
  endDate: IsoDate
  outcome: string | null
  outcomeDate?: IsoDate | null
  outcomeNote?: string
}
type LabForRenewals = { name: string; periods: Period[] }

export type PlannedAssignment = { status: AssignmentStatus; opinion: string; scores: number[] }
export interface PlannedRenewal {
  sequence: number
  status: RenewalStatus
  application: boolean
  submittedOn: IsoDate | null
  decision: RenewalDecision | null
  grade: string | null
  reasons: string
  decidedOn: IsoDate | null
  rectificationDeadline: IsoDate | null
  rectificationRequirements: string
  assignment: PlannedAssignment | null
  events: { action: RenewalAction; to: RenewalStatus; on: IsoDate; actor: 'lab' | 'bureau' | 'expert'; comment: string }[]
}

const APPLICATION = {
  summary: '两年来围绕认定方向开展数据治理与场景应用研究，每个有效年度均完成并通过年度成果审核，成果已在合作单位落地应用。',
  selfAssessment: '建设目标基本完成；成果转化仍需加强，团队结构有待优化。',
  planTargets: '下一期形成 5 项可复用成果，其中 2 项实现转化。',
  planIp: '申请发明专利 4 项，登记软件著作权 6 项，参与制定地方标准 1 项。',
  planFunding: '两年投入约 900 万元，依托单位自筹 70%。',
  planScenarios: '城市治理、交通出行、政务服务等场景。',
}
export const DEMO_APPLICATION = APPLICATION

const REASONS: Record<RenewalDecision, string> = {
  renew: '两个年度成果与年度报告齐全，团队满足认定条件，数据安全管理规范，准予续期两年。',
  renew_after_rectification: '年度成果齐全，但团队中高级职称或硕士以上科研人员不足 3 人，限期整改后复查。',
  not_renew: '第二年度未提交年度成果，团队人数低于 15 人且整改未到位，不予续期。',
  revoke: '发生较大（III级）数据安全事件，整改不到位，撤销实验室认定。',
}

const GRADE: Record<RenewalDecision, string | null> = { renew: 'good', renew_after_rectification: 'pass', not_renew: 'fail', revoke: null }

function decided(period: Period, decision: RenewalDecision, decidedOn: IsoDate, applied: boolean): PlannedRenewal {
  const submittedOn = applied ? addDays(decidedOn, -30) : null
  return {
    sequence: period.sequence,
    status: 'decided',
    application: applied,
    submittedOn,
    decision,
    grade: GRADE[decision],
    reasons: period.outcomeNote || REASONS[decision],
    decidedOn,
    rectificationDeadline: null,
    rectificationRequirements: '',
    assignment: null,
    events: [
      ...(submittedOn
        ? [
            { action: 'create' as const, to: 'draft' as const, on: addDays(submittedOn, -7), actor: 'lab' as const, comment: '' },
            { action: 'submit' as const, to: 'submitted' as const, on: submittedOn, actor: 'lab' as const, comment: '' },
          ]
        : []),
      { action: 'decide', to: 'decided', on: decidedOn, actor: 'bureau', comment: period.outcomeNote || REASONS[decision] },
    ],
  }
}

function open(period: Period, status: RenewalStatus, submittedOn: IsoDate | null, assignment: PlannedAssignment | null): PlannedRenewal {
  const events: PlannedRenewal['events'] = [
    { action: 'create', to: 'draft', on: addDays(submittedOn ?? period.endDate, -100), actor: 'lab', comment: '' },
  ]
  if (submittedOn) events.push({ action: 'submit', to: 'submitted', on: submittedOn, actor: 'lab', comment: '' })
  if (assignment) events.push({ action: 'assign_expert', to: 'under_review', on: addDays(submittedOn!, 3), actor: 'bureau', comment: '' })
  return {
    sequence: period.sequence,
    status,
    application: true,
    submittedOn,
    decision: null,
    grade: null,
    reasons: '',
    decidedOn: null,
    rectificationDeadline: null,
    rectificationRequirements: '',
    assignment,
    events,
  }
}

const OUTCOME_DECISION: Record<string, RenewalDecision> = { renewed: 'renew', not_renewed: 'not_renew', revoked: 'revoke' }

export function planRenewals({
  labs,
  today,
  skip,
  months,
  windowDays,
}: {
  labs: LabForRenewals[]
  today: IsoDate
  skip: readonly string[]
  months: number
  windowDays: number
}) {
  const out = new Map<string, PlannedRenewal[]>()
  const add = (name: string, r: PlannedRenewal) => out.set(name, [...(out.get(name) ?? []), r])
  // the record behind every decided period; a revocation mid-period had no application
  for (const lab of labs)
    for (const p of lab.periods)
      if (p.outcome && p.outcomeDate) add(lab.name, decided(p, OUTCOME_DECISION[p.outcome], p.outcomeDate, p.outcome !== 'revoked'))

  const latest = (lab: LabForRenewals) => lab.periods[lab.periods.length - 1]
  const candidates = labs.filter((l) => !skip.includes(l.name) && latest(l).outcome === null)
  const ended = candidates.filter((l) => latest(l).endDate < today).sort((a, b) => latest(a).endDate.localeCompare(latest(b).endDate))
  const inWindow = candidates
    .filter((l) => latest(l).endDate >= today && isWindowOpen(latest(l), today, windowDays))
    .sort((a, b) => latest(a).endDate.localeCompare(latest(b).endDate))
  const [waiting, reviewing, rectifying] = ended
  if (waiting) add(waiting.name, open(latest(waiting), 'submitted', addDays(latest(waiting).endDate, -40), null))
  if (reviewing)
    add(
      reviewing.name,
      open(latest(reviewing), 'under_review', addDays(latest(reviewing).endDate, -45), { status: 'assigned', opinion: '', scores: [] }),
    )
  if (rectifying) {
    const p = latest(rectifying)
    const decidedOn = addDays(p.endDate, 5)
    const r = decided(p, 'renew_after_rectification', decidedOn, true)
    add(rectifying.name, {
      ...r,
      status: 'rectifying',
      rectificationDeadline: rectificationDeadline(decidedOn, months),
      rectificationRequirements: '补充高级职称或硕士以上科研人员至 3 人以上，并提交人员聘用证明。',
      assignment: { status: 'submitted', opinion: '成果扎实，团队结构需加强。', scores: [85, 70, 60, 80, 75] },
    })
  }
  // the fourth ended lab never applied: it stays flagged for the bureau
  const [applied, drafting] = inWindow
  if (applied) add(applied.name, open(latest(applied), 'submitted', addDays(today, -5), null))
  if (drafting) add(drafting.name, { ...open(latest(drafting), 'draft', null, null), application: true })
  return out
}
