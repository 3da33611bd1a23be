import { describe, expect, test } from 'vitest'
import { checkWithSubject } from '~/components/compliance/check-subject'
import { translator } from '~/i18n'

// The dashboard's check column names what a check is about as a person would (issue 19): the
// year, the record's title, the indicator, never the stored key (`y1`, `incident:2`).

const zh = translator('zh')
const en = translator('en')
const row = (checkId: string, subject: string, reasonParams: Record<string, string | number> = {}) => ({ checkId, subject, reasonParams })

describe('a check with its subject', () => {
  test.each([
    [row('deliverable', 'y1', { year: 1 }), '年度成果（第1年）', 'Annual deliverable (year 1)'],
    [row('annual_report', 'y2', { year: 2 }), '年度报告（第2年）', 'Annual report (year 2)'],
    [
      row('incident', 'incident:2', { grade: 'II', title: '核心业务数据库遭未授权访问' }),
      '数据安全事件（核心业务数据库遭未授权访问）',
      'Data-security incident (核心业务数据库遭未授权访问)',
    ],
    [
      row('request_deadline', 'request:10', { title: '算力支持申请', date: '2026-11-01', days: 3 }),
      '资源申请决定时限（算力支持申请）',
      'Resource request decision deadline (算力支持申请)',
    ],
    [row('returned_filing', 'report:3', { period: 1, year: 2, date: '' }), '退回待修改（第2年）', 'Returned for changes (year 2)'],
    [row('renewal_decision', 'renewal:4', { end: '2026-10-01', days: 9 }), '续期决定', 'Renewal decision'],
    [
      row('plan_progress', 'invention_patents', { indicatorZh: '发明专利', indicatorEn: 'Invention patents' }),
      '任务指标完成情况（发明专利）',
      'Progress against the indicator plan (Invention patents)',
    ],
    [row('team_size', '', {}), '团队人数', 'Team size'],
  ])('%o reads %s', (r, chinese, english) => {
    expect(checkWithSubject(r, zh, 'zh')).toBe(chinese)
    expect(checkWithSubject(r, en, 'en')).toBe(english)
    expect(checkWithSubject(r, zh, 'zh')).not.toMatch(/[a-z_]+:\d|\(y\d|（y\d|[a-z]+_[a-z]+/)
  })
})
