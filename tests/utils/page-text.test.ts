import { describe, expect, test } from 'vitest'
import { findEnglish, findRawKeys } from '../e2e/page-text'

// The crawl's detectors (tests/e2e/crawl.e2e.ts): what issue 19 found on screen is caught, and
// ordinary Chinese and English page text is not.

describe('findRawKeys', () => {
  test.each([
    ['活动记录 renewal：decide 王主任', 'renewal：decide'],
    ['review_assignment：review', 'review_assignment'],
    ['有效期：renewed', '：renewed'],
    ['数据安全事件（incident:2） ✕ 不合规', 'incident:2'],
    ['资源申请决定时限（request:10）', 'request:10'],
    ['年度成果（y1） ✕ 不合规 第1年', '（y1）'],
    ['登录 登录会话 #1 — 无字段变更', '#1'],
    ['The result: compliance.check.incident', 'compliance.check.incident'],
    ['任务指标完成情况（invention_patents）', 'invention_patents'],
  ])('%s is a raw key', (text, key) => {
    const found = findRawKeys(text)
    expect(found.length, JSON.stringify(found)).toBeGreaterThan(0)
    expect(found.some((f) => f.text.includes(key))).toBe(true)
  })

  test.each([
    '苏州市大数据创新应用实验室 · 姑苏区 · 有效期 2024-11-01 至 2027-10-31，剩余 30 天',
    '第1年年度报告 已逾期 12 天：请在 2026-12-31 前提交。',
    '联系人邮箱：wang.li@example.org，附件 年度报告-2026.docx（2.1 MB）',
    'Webhook 地址：https://oapi.dingtalk.com/robot/send?access_token=abc',
    'Renewal decided: renewed for three years. Next review 08:30, e.g. on Monday.',
    'Lab 12 of 40 · 3 requests awaiting a decision · Page 2 of 5',
    '时间 2026-12-05 08:30:00 · 文件 labs_2026.xlsx',
  ])('ordinary text has none: %s', (text) => {
    expect(findRawKeys(text)).toEqual([])
  })
})

describe('findEnglish', () => {
  test('English words on a Chinese page are found', () => {
    expect(findEnglish('状态 pending 已提交').map((f) => f.kind)).toEqual(['english'])
    expect(findEnglish('结果 sent 3 条，skipped 1 条')).toHaveLength(2)
  })

  test('allowed names, codes, grades, addresses, files and the data’s own names are not', () => {
    const text = [
      'Labcycle 导出 CSV、xlsx 或 Word 文件 报告.docx',
      '统一社会信用代码 91320585XB2HR3BKW6 证书编号 SZDSJ-2024-001',
      '重大（II级）事件 I–IV 级 算力（GPU卡时） 6,288',
      '联系人 someone@example.org 访问 http://localhost:3000/labs',
      '切换到 English · 苏州 Deep Vision 实验室',
    ].join('\n')
    expect(findEnglish(text, ['苏州 Deep Vision 实验室'])).toEqual([])
  })
})
