// The guide's conditions on an applicant (二、申报条件, 三、认定标准, 一、申报要求), each a finding
// the form shows as the applicant types and the submit step checks again (application-steps.ts
// 'conditions_met'). Every rule is one the app already has: this file only applies them to an
// application's facts, and says which finding blocks a submission and which the office weighs.
import { DIRECTIONS, DISTRICT_CODES, ORG_KINDS, type ViolationCategory } from '~db/schema/enums'
import { ELIGIBILITY_LOOKBACK_YEARS, violationWindow } from '~/domain/compliance/eligibility-check'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import { jointLimitViolations, MAX_JOINT_APPLICATIONS, type JointLab } from '~/domain/joint-applications'
import { teamThresholds, type TeamMember } from '~/domain/team'
import { checkUscc } from '~/domain/uscc'
import type { MessageKey, MessageVars } from '~/i18n'
import type { RecommendingOffice } from './actors'

// Guide 四(一): "高校须以相关专业二级学院名义申报": a university itself is a kind the form may offer
// so that the applicant is told to apply through its college, never one that may submit.
export const APPLICANT_KINDS = [...ORG_KINDS, 'university'] as const
export type ApplicantKind = (typeof APPLICANT_KINDS)[number]

// Guide 三(一): the two-year plan has "技术攻关、知识产权、资金投入方式、成果场景化应用等实质内容".
export const PLAN_SECTIONS = ['technical_goals', 'intellectual_property', 'funding', 'application_scenarios'] as const
export type PlanSection = (typeof PLAN_SECTIONS)[number]

// What the applicant undertakes on the 申报表, each from the guide: the materials are true (四(二)
// the office checks 真实性); no violation in three years (一(一)); a data-security emergency
// mechanism and plan (一(四)3, 二(三)); site, funds and team for the lab (一(四)2).
export const APPLICATION_COMMITMENTS = ['truthful_materials', 'no_recent_violation', 'data_security_plan', 'resources_provided'] as const
export type ApplicationCommitment = (typeof APPLICATION_COMMITMENTS)[number]

export const CONDITION_IDS = [
  'host_kind',
  'registered_in_suzhou',
  'joint_limit',
  'team_size',
  'team_qualified',
  'no_recent_violation',
  'direction',
  'attachments',
  'plan_content',
  'plan_indicators',
  'commitments',
] as const
export type ConditionId = (typeof CONDITION_IDS)[number]

export type ConditionFacts = {
  host: { kind: ApplicantKind | null; creditCode: string }
  office: RecommendingOffice
  // the application as a lab (id 0) with its host and partners, and the labs that count against
  // the joint limit (existing labs, chosen by the model); an organisation not yet in the registry
  // takes a negative placeholder id: it is in no lab yet
  joint: { lab: JointLab; otherLabs: readonly JointLab[] }
  team: readonly TeamMember[]
  // the eligibility record (db/schema/eligibility.ts) of the host and of each partner
  violations: readonly { subject: 'host' | 'partner'; orgId: number; category: ViolationCategory; occurredOn: IsoDate }[]
  direction: number | null
  requiredAttachments: readonly string[]
  attachments: readonly string[]
  plan: { sections: Partial<Record<PlanSection, string>>; indicators: readonly { key: string; target: number | null }[] }
  commitments: readonly string[]
}

// ok: met. warning: shown to the applicant and the office, which weighs it in its 初审 (真实性、
// 有效性); it does not block a submission. failing: the submission is refused.
export type ConditionResult = 'ok' | 'warning' | 'failing'

export type ConditionFinding = {
  id: ConditionId
  result: ConditionResult
  key: MessageKey
  params: MessageVars
  // what the page lists under the message: the organisations, kinds or items concerned
  detail?: readonly (string | number)[]
}

const finding = (
  id: ConditionId,
  result: ConditionResult,
  key: MessageKey,
  params: MessageVars = {},
  detail?: readonly (string | number)[],
) => (detail ? { id, result, key, params, detail } : { id, result, key, params })

function hostKind({ host }: ConditionFacts): ConditionFinding {
  if (host.kind === null) return finding('host_kind', 'failing', 'certification.condition.host_kind.missing')
  if (host.kind === 'university') return finding('host_kind', 'failing', 'certification.condition.host_kind.university')
  return finding('host_kind', 'ok', 'certification.condition.host_kind.ok')
}

// Guide 一(一) 注册地…设在苏州市辖区内. The code's region is the registering authority's, so a code
// outside 3205xx (one issued by the province, say) warns rather than refuses (shared/domain.md),
// as does a district region other than the office's: guide 四(一) sends materials to the office
// of the district of registration.
function registeredInSuzhou({ host, office }: ConditionFacts): ConditionFinding {
  const code = checkUscc(host.creditCode)
  if (!code.ok) return finding('registered_in_suzhou', 'failing', `certification.condition.registered_in_suzhou.${code.error}`)
  if (!code.inSuzhou)
    return finding('registered_in_suzhou', 'warning', 'certification.condition.registered_in_suzhou.outside', { region: code.regionCode })
  if (office.kind === 'district' && isDistrictRegion(code.regionCode) && code.regionCode !== office.districtCode)
    return finding('registered_in_suzhou', 'warning', 'certification.condition.registered_in_suzhou.otherDistrict', {
      region: code.regionCode,
    })
  return finding('registered_in_suzhou', 'ok', 'certification.condition.registered_in_suzhou.ok', { region: code.regionCode })
}

const isDistrictRegion = (region: string) => (DISTRICT_CODES as readonly string[]).includes(region)

// Guide 一(二): "所有申报单位联合申报次数均不能超过3次", counted with app/domain/joint-applications.ts
function jointLimit({ joint }: ConditionFacts): ConditionFinding {
  const over = jointLimitViolations(joint)
  const params = { max: MAX_JOINT_APPLICATIONS }
  return over.length
    ? finding('joint_limit', 'failing', 'certification.condition.joint_limit.failing', { ...params, count: over.length }, over)
    : finding('joint_limit', 'ok', 'certification.condition.joint_limit.ok', params)
}

// Guide 三(二): "不少于15人，其中具有副高职称或硕士学位及以上的科研人员不少于3人" (app/domain/team.ts)
function teamFindings({ team }: ConditionFacts): ConditionFinding[] {
  const t = teamThresholds(team)
  return [
    finding('team_size', t.meetsHeadcount ? 'ok' : 'failing', `certification.condition.team_size.${t.meetsHeadcount ? 'ok' : 'failing'}`, {
      count: t.headcount,
      min: t.minHeadcount,
    }),
    finding(
      'team_qualified',
      t.meetsQualified ? 'ok' : 'failing',
      `certification.condition.team_qualified.${t.meetsQualified ? 'ok' : 'failing'}`,
      { count: t.qualifiedCount, min: t.minQualified },
    ),
  ]
}

// Guide 一(一) 近三年未发生数据安全、知识产权及违法失信等不良行为: the host's record decides, with
// the window the compliance check uses (a violation on D counts until D + 3 years − 1 day). The
// guide puts the condition on the 申报主体; a partner's violation is shown for the office to weigh.
function noRecentViolation({ violations }: ConditionFacts, today: IsoDate): ConditionFinding {
  const counting = violations.map((v) => ({ ...v, ...violationWindow(v.occurredOn, today) })).filter((v) => v.counting)
  const params = { years: ELIGIBILITY_LOOKBACK_YEARS }
  const host = counting.filter((v) => v.subject === 'host')
  const latest = (list: typeof counting) => list.reduce((a, b) => (b.clearsOn > a.clearsOn ? b : a))
  if (host.length)
    return finding('no_recent_violation', 'failing', 'certification.condition.no_recent_violation.host', {
      ...params,
      count: host.length,
      until: latest(host).clearsOn,
    })
  if (counting.length)
    return finding(
      'no_recent_violation',
      'warning',
      'certification.condition.no_recent_violation.partner',
      { ...params, count: counting.length },
      [...new Set(counting.map((v) => v.orgId))].sort((a, b) => a - b),
    )
  return finding('no_recent_violation', 'ok', 'certification.condition.no_recent_violation.ok', params)
}

// Guide 一(三): one of the 14 申报方向
function direction({ direction }: ConditionFacts): ConditionFinding {
  const ok = direction !== null && (DIRECTIONS as readonly number[]).includes(direction)
  return ok
    ? finding('direction', 'ok', 'certification.condition.direction.ok', { direction: direction ?? 0 })
    : finding('direction', 'failing', 'certification.condition.direction.missing')
}

// Guide 四(一): "加盖公章的PDF版本与可编辑word版本", and whatever else the round asks for
function attachments({ requiredAttachments, attachments }: ConditionFacts): ConditionFinding {
  const missing = requiredAttachments.filter((kind) => !attachments.includes(kind))
  return missing.length
    ? finding('attachments', 'failing', 'certification.condition.attachments.missing', { count: missing.length }, missing)
    : finding('attachments', 'ok', 'certification.condition.attachments.ok')
}

function planFindings({ plan }: ConditionFacts): ConditionFinding[] {
  const blank = PLAN_SECTIONS.filter((s) => !(plan.sections[s] ?? '').trim())
  // Guide 一(四)1: "提出建设目标、重点任务及期间计划完成的任务指标": at least one indicator with a
  // target (targets are parsed as typed by app/domain/indicators.ts parseTarget; 0 plans nothing)
  const targets = plan.indicators.filter((line) => line.target !== null && line.target > 0).length
  return [
    blank.length
      ? finding('plan_content', 'failing', 'certification.condition.plan_content.missing', { count: blank.length }, blank)
      : finding('plan_content', 'ok', 'certification.condition.plan_content.ok'),
    targets
      ? finding('plan_indicators', 'ok', 'certification.condition.plan_indicators.ok', { count: targets })
      : finding('plan_indicators', 'failing', 'certification.condition.plan_indicators.missing'),
  ]
}

function commitments({ commitments }: ConditionFacts): ConditionFinding {
  const unticked = APPLICATION_COMMITMENTS.filter((c) => !commitments.includes(c))
  return unticked.length
    ? finding('commitments', 'failing', 'certification.condition.commitments.missing', { count: unticked.length }, unticked)
    : finding('commitments', 'ok', 'certification.condition.commitments.ok')
}

/** Every condition's finding, in CONDITION_IDS order; `now` decides the three-year window (Shanghai day). */
export function checkConditions(facts: ConditionFacts, now: Date): ConditionFinding[] {
  return [
    hostKind(facts),
    registeredInSuzhou(facts),
    jointLimit(facts),
    ...teamFindings(facts),
    noRecentViolation(facts, shanghaiDate(now)),
    direction(facts),
    attachments(facts),
    ...planFindings(facts),
    commitments(facts),
  ]
}

/** The conditions that refuse a submission (ApplicationFacts.failingConditions). */
export function blockingConditions(findings: readonly ConditionFinding[]): ConditionId[] {
  return findings.filter((f) => f.result === 'failing').map((f) => f.id)
}
