import { describe, expect, test } from 'vitest'
import { composeEventMail, titleText } from '~/domain/mail'
import { composeWeeklySummary, summaryMonday, weeklySummaryTitle, type WeeklySummary } from '~/domain/weekly-summary'
import { translator } from '~/i18n'

// The weekly summary's words (issue 15 item 5), from numbers to text in each language.

const lab = (labId: number, labName: string, districtCode: '320508' | '320505' = '320508') => ({ labId, labName, districtCode })

const summary = (over: Partial<WeeklySummary> = {}): WeeklySummary => ({
  week: '2026-12-07',
  today: '2026-12-07',
  scope: { kind: 'bureau' },
  windowDays: 90,
  expiring: { total: 12, items: Array.from({ length: 10 }, (_, i) => ({ ...lab(i + 1, `到期实验室${i + 1}`), endDate: '2027-01-31' })) },
  failing: { total: 1, items: [{ ...lab(20, '未通过实验室', '320505'), checks: 3 }] },
  lateFilings: {
    total: 2,
    items: [
      { ...lab(21, '逾期实验室'), kind: 'annual_report', year: 1, dueDate: '2026-09-30', state: 'awaiting', link: '/labs/21/reports' },
      { ...lab(21, '逾期实验室'), kind: 'deliverable', year: 1, dueDate: '2026-10-31', state: 'missing', link: '/labs/21/deliverables' },
    ],
  },
  incidents: {
    total: 1,
    late: 1,
    items: [{ ...lab(22, '事件实验室'), incidentId: 5, title: '数据泄露', grade: 'II', discoveredOn: '2026-12-01', late: 'report' }],
  },
  requests: { total: 0, items: [] },
  byDistrict: [
    { districtCode: '320508', expiring: 12, failing: 0, lateFilings: 2, incidents: 1, lateIncidents: 1, requests: 0 },
    { districtCode: '320505', expiring: 0, failing: 1, lateFilings: 0, incidents: 0, lateIncidents: 0, requests: 0 },
  ],
  ...over,
})

describe('the week a summary is for', () => {
  test.each([
    ['2026-12-07', '2026-12-07'], // a Monday is its own week
    ['2026-12-08', '2026-12-07'], // Tuesday's catch-up is Monday's week
    ['2026-12-13', '2026-12-07'], // Sunday still belongs to it
    ['2026-12-14', '2026-12-14'], // the next Monday starts a new week
    ['2027-01-01', '2026-12-28'], // across a year end
    ['2028-03-01', '2028-02-28'], // across 29 February
  ])('%s falls in the week of %s', (day, monday) => {
    expect(summaryMonday(day)).toBe(monday)
  })
})

describe('composing the summary', () => {
  test('the inbox line carries the week and every count, in Chinese and English', () => {
    const title = weeklySummaryTitle(summary())
    expect(titleText(translator('zh'), title)).toBe(
      '2026-12-07 周汇总：12 家即将到期 · 1 家检查未通过 · 2 项逾期报送 · 1 起未关闭事件（1 起逾期）· 0 件资源申请超过决定时限',
    )
    expect(titleText(translator('en'), title)).toBe(
      'Week of 2026-12-07: 12 expiring · 1 failing a check · 2 late filings · 1 open incidents (1 late) · 0 requests past their deadline',
    )
  })

  test('each section has its count, its link, at most ten items and "and N more"', () => {
    const lines = composeWeeklySummary(translator('zh'), summary())
    const text = lines.map((l) => l.text)
    expect(lines).toContainEqual({ text: '【90 天内到期】12 家实验室', link: '/labs?status=expiring' })
    expect(text.filter((l) => l.includes('到期实验室'))).toHaveLength(10)
    expect(text).toContain('  ……另有 2 项，请打开上方链接查看')
    expect(lines).toContainEqual({ text: '  · 到期实验室1（姑苏区）：有效期 2027-01-31 届满（还有 55 天）', link: '/labs/1' })
    expect(lines).toContainEqual({
      text: '  · 逾期实验室（姑苏区）：第 1 有效年度的年度报告，截止 2026-09-30（已过 68 天），已报送，待审核',
      link: '/labs/21/reports',
    })
    expect(lines).toContainEqual({
      text: '  · 事件实验室（姑苏区）：“数据泄露”（II 级，2026-12-01 发现），报告逾期',
      link: '/labs/22/incidents/5',
    })
    // an empty section says so rather than vanishing
    const requests = text.indexOf('【超过决定时限的资源申请】0 件')
    expect(text[requests + 1]).toBe('  无')
    expect(text).toContain('  · 虎丘区（苏州高新区）：到期 0 · 未通过 1 · 逾期报送 0 · 事件 0（逾期 0）· 超时申请 0')
  })

  test('in English, with the same links', () => {
    const lines = composeWeeklySummary(translator('en'), summary())
    expect(lines[0].text).toBe('What needs attention across the city in the week of 2026-12-07 (as of 2026-12-07).')
    expect(lines).toContainEqual({ text: 'Expiring within 90 days: 12 labs', link: '/labs?status=expiring' })
    expect(lines).toContainEqual({ text: '  · 未通过实验室 (Huqiu District (Suzhou New District)): 3 checks failing', link: '/labs/20' })
    expect(lines.map((l) => l.text)).toContain('  … and 2 more: open the link above')
  })

  test("a district's summary names its district and has no per-district breakdown", () => {
    const lines = composeWeeklySummary(translator('zh'), summary({ scope: { kind: 'district', districtCode: '320508' }, byDistrict: [] }))
    expect(lines[0].text).toBe('以下是姑苏区实验室 2026-12-07 这一周需要关注的事项（数据截至 2026-12-07）。')
    expect(lines.map((l) => l.text)).not.toContain('【各区情况】')
    // its own labs are not tagged with the district it already is
    expect(lines).toContainEqual({ text: '  · 到期实验室1：有效期 2027-01-31 届满（还有 55 天）', link: '/labs/1' })
  })

  test('the mail carries every section with absolute links and the summary footer', () => {
    const s = summary()
    const { subject, body } = composeEventMail({
      locale: 'en',
      name: 'Chief',
      title: weeklySummaryTitle(s),
      link: '/',
      at: new Date('2026-12-07T00:00:00Z'),
      baseUrl: 'https://labs.example.org/',
      details: (t) => ({ lines: composeWeeklySummary(t, s), footer: t('notices.weekly.footer') }),
    })
    expect(subject).toBe(`[Labcycle] ${titleText(translator('en'), weeklySummaryTitle(s))}`)
    expect(body).toContain('Expiring within 90 days: 12 labs\n    https://labs.example.org/labs?status=expiring')
    expect(body).toContain('    https://labs.example.org/labs/22/incidents/5')
    expect(body).toContain('then neither the inbox nor mail receives it')
    expect(body).not.toContain('the inbox is not affected')
  })

  test('an event mail without details is the one line it always was', () => {
    const { body } = composeEventMail({
      locale: 'zh',
      name: '张三',
      title: { key: 'reminders.title.drill', params: { lab: '测试实验室' } },
      link: '/labs/1/security',
      at: new Date('2026-12-07T00:00:00Z'),
      baseUrl: 'http://localhost:3000',
    })
    expect(body.split('\n')).toEqual([
      '张三，您好：',
      '',
      '实验室全周期管理平台有一条与您相关的新消息（北京时间 2026-12-07 08:00）：',
      '',
      '- 测试实验室：数据安全应急演练',
      '  http://localhost:3000/labs/1/security',
      '',
      '请登录 Labcycle 查看并处理。您可在“我的账户”中按类别关闭邮件通知；站内消息不受影响。',
      '',
    ])
  })
})
