import { describe, expect, test } from 'vitest'
import { planInForce, summariseSecurityYear, type SummaryDrill, type SummaryIncident, type SummaryPlan } from '~/domain/security-summary'
import { translator } from '~/i18n'

// Validity year 1 of a lab certified on 2025-06-01: 2025-06-01 .. 2026-05-31.
const YEAR = { startDate: '2025-06-01', endDate: '2026-05-31' }
const zh = translator('zh')
const en = translator('en')

const plan = (over: Partial<SummaryPlan>): SummaryPlan => ({
  id: 1,
  version: 'V1.0',
  approvedOn: '2025-06-20',
  nextReviewOn: '2026-06-20',
  acknowledgedAt: '2025-06-25T02:00:00.000Z',
  ...over,
})
const drill = (over: Partial<SummaryDrill>): SummaryDrill => ({
  heldOn: '2025-10-10',
  scenario: '数据库遭勒索软件加密',
  participants: '实验室成员 12 人',
  findings: '',
  followUp: '',
  followUpClosedOn: null,
  ...over,
})
const incident = (over: Partial<SummaryIncident>): SummaryIncident => ({
  discoveredAt: '2025-11-02T03:00:00.000Z',
  grade: 'IV',
  title: '测试环境日志含未脱敏手机号',
  status: 'closed',
  ...over,
})

const summarise = (input: { plans?: SummaryPlan[]; drills?: SummaryDrill[]; incidents?: SummaryIncident[] }, t = zh, max = 10_000) =>
  summariseSecurityYear({ year: YEAR, plans: input.plans ?? [], drills: input.drills ?? [], incidents: input.incidents ?? [], t, max })

describe('the drafted security section of an annual report', () => {
  test('a year without records says so for the plan, the drills and the incidents', () => {
    expect(summarise({}).split('\n')).toEqual([
      '应急预案：本年度末尚未报备数据安全应急预案。',
      '应急演练：本年度未开展应急演练。',
      '数据安全事件：本年度未发现数据安全事件。',
    ])
  })

  test('the plan in force at the year’s end is named with its review date; versions approved in the year are listed', () => {
    const plans = [
      plan({ id: 1, version: 'V1.0', approvedOn: '2024-12-01', nextReviewOn: '2025-12-01' }),
      plan({ id: 2, version: 'V2.0', approvedOn: '2025-11-20', nextReviewOn: '2026-11-20' }),
      // approved after the year: not the year's plan
      plan({ id: 3, version: 'V3.0', approvedOn: '2026-06-01', nextReviewOn: '2027-06-01' }),
    ]
    const lines = summarise({ plans }).split('\n')
    expect(lines[0]).toBe('应急预案：年度末现行版本为 V2.0（2025-11-20 批准，已经市大数据局确认），下次复审日期 2026-11-20。')
    expect(lines[1]).toBe('本年度批准的预案版本：V2.0（2025-11-20）。')
  })

  test('a version awaiting the bureau is said to await it; a plan approved on the year’s last day counts', () => {
    const lines = summarise({ plans: [plan({ approvedOn: '2026-05-31', nextReviewOn: '2027-05-31', acknowledgedAt: null })] }).split('\n')
    expect(lines[0]).toContain('待市大数据局确认')
    expect(lines[1]).toBe('本年度批准的预案版本：V1.0（2026-05-31）。')
  })

  test.each([
    ['2025-05-31', false],
    ['2025-06-01', true],
    ['2026-05-31', true],
    ['2026-06-01', false],
  ])('a drill held on %s is in the year: %s', (heldOn, inYear) => {
    const text = summarise({ drills: [drill({ heldOn })] })
    expect(text.includes(heldOn)).toBe(inYear)
    expect(text.includes('本年度开展 1 次')).toBe(inYear)
  })

  test('drills are listed in date order with findings, follow-up and whether it was closed', () => {
    const drills = [
      drill({
        heldOn: '2026-03-01',
        scenario: '云存储桶误设为公开访问',
        findings: '权限审计缺失',
        followUp: '上线权限巡检',
        followUpClosedOn: null,
      }),
      drill({ heldOn: '2025-09-01', findings: '通讯录未更新', followUp: '更新通讯录', followUpClosedOn: '2025-09-20' }),
      drill({ heldOn: '2025-12-01', scenario: '数据中心断电' }),
    ]
    const lines = summarise({ drills }).split('\n')
    expect(lines.slice(1, 5)).toEqual([
      '应急演练：本年度开展 3 次。',
      '1. 2025-09-01，场景“数据库遭勒索软件加密”，参与人员：实验室成员 12 人；发现问题：通讯录未更新；整改措施：更新通讯录；已于 2025-09-20 完成整改',
      '2. 2025-12-01，场景“数据中心断电”，参与人员：实验室成员 12 人',
      '3. 2026-03-01，场景“云存储桶误设为公开访问”，参与人员：实验室成员 12 人；发现问题：权限审计缺失；整改措施：上线权限巡检；整改尚未完成',
    ])
  })

  test('incidents count by their Asia/Shanghai discovery day, with grade and status', () => {
    const incidents = [
      // 2025-06-01 00:30 in Shanghai: the year's first day
      incident({ discoveredAt: '2025-05-31T16:30:00.000Z', grade: 'III', title: '合作单位账号被盗用', status: 'contained' }),
      // 2025-05-31 23:59 in Shanghai: the year before
      incident({ discoveredAt: '2025-05-31T15:59:00.000Z', title: '上一年度的事件' }),
      // 2026-06-01 00:00 in Shanghai: the next year
      incident({ discoveredAt: '2026-05-31T16:00:00.000Z', title: '下一年度的事件' }),
      incident({}),
    ]
    const lines = summarise({ incidents }).split('\n')
    expect(lines.slice(-3)).toEqual([
      '数据安全事件：本年度发现 2 起。',
      '1. 2025-06-01 较大（III级）：合作单位账号被盗用（已控制）',
      '2. 2025-11-02 一般（IV级）：测试环境日志含未脱敏手机号（已结案）',
    ])
  })

  test('long free text is quoted, and the whole stays within the report field’s limit', () => {
    const drills = Array.from({ length: 40 }, (_, i) => drill({ heldOn: '2025-10-10', findings: '问'.repeat(500), followUp: `措施${i}` }))
    const lines = summarise({ drills }).split('\n')
    const findings = lines[2].split('；')[1]
    expect(Array.from(findings.replace('发现问题：', ''))).toHaveLength(120)
    expect(findings.endsWith('…')).toBe(true)
    const capped = summarise({ drills }, zh, 1000)
    expect(Array.from(capped)).toHaveLength(1000)
    expect(capped.endsWith('…')).toBe(true)
  })

  test('the wording comes from the catalogue, so another language reads naturally', () => {
    const text = summarise({ plans: [plan({})], drills: [drill({ followUp: 'update contacts', followUpClosedOn: '2025-10-20' })] }, en)
    expect(text.split('\n')).toEqual([
      'Emergency plan: version V1.0 in force at the end of the year (approved 2025-06-20, acknowledged by the bureau); next review 2026-06-20.',
      'Versions approved during the year: V1.0 (2025-06-20).',
      'Emergency drills: 1 held during the year.',
      '1. 2025-10-10, scenario “数据库遭勒索软件加密”, participants: 实验室成员 12 人; follow-up: update contacts; completed on 2025-10-20',
      'Data-security incidents: none discovered during the year.',
    ])
  })
})

describe('the plan in force on a day', () => {
  test('is the latest approved on or before it; the later entry wins a tie', () => {
    const plans = [
      plan({ id: 1, approvedOn: '2025-01-01' }),
      plan({ id: 4, approvedOn: '2025-03-01' }),
      plan({ id: 2, approvedOn: '2025-03-01' }),
    ]
    expect(planInForce(plans, '2024-12-31')).toBeNull()
    expect(planInForce(plans, '2025-02-28')?.id).toBe(1)
    expect(planInForce(plans, '2025-03-01')?.id).toBe(4)
  })
})
