import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { loader as docxLoader } from '~/routes/labs.$labId.reports.$reportId_.report[.docx]'
import type { Db } from '~db/client.server'
import { labs, validityPeriods } from '~db/schema'
import { insertAnnualReport, insertDeliverable, insertOutcome } from '~db/factories'
import { getRequest, makeCast, makeLab, makeOrg, outcome, setupTestDb, statusOf, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'
import { headingsOf, readDocx, tableRows } from '../docx'
import { insertCustomIndicator, insertPlan } from '../progress-fixtures'

// The annual report as an editable Word document (issue 17, part 3): what the print view shows,
// in a .docx that Word and WPS open. makeLab's period starts 2025-06-01: year 1 ended 2026-05-31;
// the clock stands on 2026-06-10. The lab's approved plan asks for 4 papers and 20 万元 of
// matched funding; one paper is verified.
pinClock(new Date('2026-06-10T04:00:00Z'))

const CONTENT = {
  progress: {
    summary: '按两年规划推进，完成年度目标。\n第二段：开放数据集上线。',
    targets: [{ target: '发布开放数据集', planned: '2 个', achieved: '3 个' }],
  },
  teamChanges: '新增两名数据工程师',
  security: '修订数据安全应急预案一次，未发生安全事件',
  resources: { requested: '算力 100 卡时', received: '算力 80 卡时' },
  funding: {
    income: [
      { source: '市级专项资金', amount: 50 },
      { source: '依托单位自筹', amount: 20.5 },
    ],
    expenditure: [{ item: '设备购置', amount: 30 }],
  },
  typicalCases: '城市交通信号优化案例',
  nextYearPlan: '扩大到三个区县的应用',
}

let db: Db
let labId: number
let otherLabId: number
let reportId: number
let draftId: number
let cookies: Record<'lab' | 'otherLab' | 'gusu' | 'huqiu' | 'bureau' | 'expert', string>

beforeEach(async () => {
  db = setupTestDb()
  const host = makeOrg(db, { name: '苏州某科技有限公司' }).id
  labId = makeLab(db, { districtCode: '320508', name: '城市数据实验室', hostOrgId: host, teamSize: 16 }).id
  otherLabId = makeLab(db, { districtCode: '320508' }).id
  const periodId = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!.id
  const money = `c${insertCustomIndicator(db, { nameZh: '配套资金', nameEn: 'Matched funding', unit: 'yuan' }).id}`
  insertPlan(db, { labId, periodId, targets: { papers: 4, [money]: 200_000 } })
  insertOutcome(db, { labId, periodId, occurredOn: '2025-09-01', kind: 'paper', verification: 'verified' })
  insertDeliverable(db, { labId, title: '交通信号优化算法', type: 'case', completedOn: '2025-11-01', status: 'accepted' })
  reportId = insertAnnualReport(db, {
    labId,
    periodId,
    validityYear: 1,
    content: CONTENT,
    status: 'submitted',
    submittedAt: '2026-06-05T02:00:00.000Z',
  }).id
  // a draft nobody has written in yet: every optional section empty
  draftId = insertAnnualReport(db, { labId, periodId, validityYear: 2, content: {}, status: 'draft' }).id
  cookies = (
    await makeCast(db, {
      lab: { role: 'lab', labId },
      otherLab: { role: 'lab', labId: otherLabId },
      gusu: { role: 'district', districtCode: '320508' },
      huqiu: { role: 'district', districtCode: '320505' },
      bureau: { role: 'bureau' },
      expert: { role: 'expert' },
    })
  ).cookies
})

const download = (cookie: string, { id = reportId, lab = labId, lang }: { id?: number; lab?: number; lang?: 'en' } = {}) =>
  docxLoader({
    request: getRequest(`/labs/${lab}/reports/${id}/report.docx`, lang ? `${cookie}; lc_lang=${lang}` : cookie),
    params: { labId: String(lab), reportId: String(id) },
    context: TEST_CONTEXT,
  }) as Promise<Response>

describe('the annual report as a Word document', () => {
  test('holds the print view’s header, sections, tables and the signature and seal lines', async () => {
    const doc = await readDocx(await download(cookies.lab))
    expect(doc.paragraphs[0]).toBe('苏州市大数据创新应用实验室年度报告')
    expect(doc.paragraphs[1]).toBe('第1期第1年')
    expect(doc.text).not.toContain('草稿，未提交')
    const rows = tableRows(doc.document)
    // the header table, as the print view's
    expect(rows.slice(0, 7)).toEqual([
      ['实验室名称', '城市数据实验室'],
      ['依托单位', '苏州某科技有限公司'],
      ['所属地区', '姑苏区'],
      ['实验室主任', expect.any(String)],
      ['报告年度', '2025-06-01 至 2026-05-31'],
      ['状态', '已提交'],
      ['提交时间', '2026-06-05 10:00:00'],
    ])
    // the eight sections and the attachments, as real Heading 1 paragraphs (Word's navigation pane)
    expect(headingsOf(doc.document, 'Heading1')).toEqual([
      '一、发展规划目标完成情况',
      '二、年度成果',
      '三、团队变化',
      '四、数据安全',
      '五、资源支持保障',
      '六、经费收支',
      '七、典型案例',
      '八、下一年度工作计划',
      '九、附件',
    ])
    expect(headingsOf(doc.document, 'Heading2')).toEqual(
      expect.arrayContaining([
        '目标完成情况',
        '任务指标完成情况（截至报告日）',
        '申请的资源支持',
        '获得的资源支持',
        '经费收入',
        '经费支出',
      ]),
    )
    // the texts, each line its own paragraph
    for (const line of [
      '按两年规划推进，完成年度目标。',
      '第二段：开放数据集上线。',
      '新增两名数据工程师',
      '修订数据安全应急预案一次，未发生安全事件',
      '算力 100 卡时',
      '算力 80 卡时',
      '城市交通信号优化案例',
      '扩大到三个区县的应用',
    ])
      expect(doc.paragraphs).toContain(line)
    // the targets, the deliverables of the year, the funding with its totals
    expect(rows).toContainEqual(['发布开放数据集', '2 个', '3 个'])
    expect(rows).toContainEqual(['交通信号优化算法', '案例', '2025-11-01', '已通过'])
    expect(rows).toContainEqual(['收入合计', '70.5'])
    expect(rows).toContainEqual(['支出合计', '30'])
    expect(doc.paragraphs).toContain('收支结余：40.5 万元')
    // 任务指标完成情况: the year and the period so far, per plan line
    expect(rows).toContainEqual(['指标', '目标', '本年度', '有效期累计', '完成比例'])
    // (two header rows: the merged cells continue down as empty ones, as Word stores them)
    expect(rows).toContainEqual(['', '', '完成', '已核实', '完成', '已核实', ''])
    expect(doc.document).toContain('<w:gridSpan w:val="2"/>')
    expect(doc.document).toContain('<w:vMerge w:val="restart"/>')
    expect(rows).toContainEqual(['论文 (项)', '4', '1', '1', '1', '1', '25%'])
    expect(rows.find((r) => r[0].startsWith('配套资金'))?.[1]).toBe('20')
    // the team against the thresholds, and the roster
    expect(doc.paragraphs).toContain('团队人数 16 / 至少 15 人 · 达标')
    expect(rows).toContainEqual(['成员0', '副高级', expect.any(String), expect.any(String)])
    expect(doc.paragraphs).toContain('暂无附件')
    // the signature and seal lines close the document
    expect(doc.paragraphs.slice(-3)).toEqual(['实验室主任（签字）：', '依托单位（盖章）：', '日期：'])
  })

  test('is A4 portrait with official margins, Chinese fonts, repeated table headers and page numbers', async () => {
    const doc = await readDocx(await download(cookies.lab))
    expect(doc.document.match(/<w:pgSz [^>]*>/)?.[0]).toBe('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>')
    // 37 / 35 / 28 / 26 mm
    expect(doc.document.match(/<w:pgMar [^>]*>/)?.[0]).toMatch(/w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/)
    // body 仿宋, headings 黑体, title and tables 宋体, each with a Latin font beside it
    expect(doc.styles).toContain('w:eastAsia="仿宋"')
    expect(doc.styles).toContain('w:eastAsia="黑体"')
    expect(doc.styles).toContain('w:eastAsia="宋体"')
    expect(doc.styles).toContain('w:ascii="Times New Roman"')
    expect(doc.styles).toMatch(/<w:style w:type="paragraph" w:styleId="Heading1">[\s\S]*?<w:outlineLvl w:val="0"\/>/)
    expect(doc.styles).toContain('w:eastAsia="zh-CN"')
    // the font table names each Chinese font's English name for Word to fall back on
    expect(doc.fontTable).toContain('<w:font w:name="仿宋"><w:altName w:val="FangSong"/>')
    expect(doc.fontTable).toContain('<w:font w:name="宋体"><w:altName w:val="SimSun"/>')
    // the header rows of every table repeat on each page; rows are not split across pages
    expect(doc.document).toContain('<w:tblHeader/>')
    expect(doc.document).toContain('<w:cantSplit/>')
    expect(doc.document).toContain('w:val="single"')
    // 第 N 页 共 M 页
    expect(doc.footer).toContain('第 ')
    expect(doc.footer).toMatch(/PAGE[\s\S]*NUMPAGES/)
  })

  test('downloads under a Chinese name with an ASCII fallback, and is never cached', async () => {
    const response = await download(cookies.gusu)
    const disposition = response.headers.get('Content-Disposition')!
    expect(disposition).toContain(`filename="annual-report-${labId}-p1-y1.docx"`)
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('年度报告-城市数据实验室-第1期第1年.docx')}`)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
  })

  test('a lab name no file system takes still gives a safe file name', async () => {
    db.update(labs).set({ name: '数据/治理:实验室*"甲"' }).where(eq(labs.id, labId)).run()
    const disposition = (await download(cookies.lab)).headers.get('Content-Disposition')!
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('年度报告-数据_治理_实验室_甲_-第1期第1年.docx')}`)
    expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.docx"; filename\*=UTF-8''[^\s"]+$/)
  })

  test('reads in English for a reader who chose English', async () => {
    const doc = await readDocx(await download(cookies.bureau, { lang: 'en' }))
    expect(doc.paragraphs[0]).toBe('Suzhou Big Data Innovation Application Laboratory — Annual Report')
    expect(headingsOf(doc.document, 'Heading1')[0]).toBe('1. Progress against the plan’s targets')
    expect(doc.paragraphs.slice(-3)).toEqual(['Lab director (signature):', 'Host organisation (seal):', 'Date:'])
    expect(doc.footer).toContain('Page ')
    expect(doc.text).toContain('城市数据实验室')
  })

  test('a draft with every optional section empty is still a whole document, marked as a draft on every page', async () => {
    const doc = await readDocx(await download(cookies.lab, { id: draftId }))
    expect(doc.paragraphs.slice(0, 3)).toEqual(['苏州市大数据创新应用实验室年度报告', '第1期第2年', '草稿，未提交'])
    expect(doc.header).toContain('草稿，未提交')
    expect(headingsOf(doc.document, 'Heading1')).toHaveLength(9)
    // the seven empty texts read 未填写, empty tables 无 (the funding tables keep their zero totals, as on paper)
    expect(doc.paragraphs.filter((p) => p === '未填写')).toHaveLength(7)
    expect(doc.paragraphs).toContain('无')
    expect(tableRows(doc.document)).toContainEqual(['收入合计', '0'])
    expect(doc.paragraphs.slice(-3)).toEqual(['实验室主任（签字）：', '依托单位（盖章）：', '日期：'])
  })

  test('the bureau and the lab’s district read a draft as the print view lets them', async () => {
    expect((await download(cookies.bureau, { id: draftId })).status).toBe(200)
    expect((await download(cookies.gusu, { id: draftId })).status).toBe(200)
  })
})

describe('who may download the Word report', () => {
  test.each(['otherLab', 'huqiu', 'expert'] as const)('%s gets 404, as for the print view', async (who) => {
    expect(await statusOf(() => download(cookies[who]))).toBe(404)
  })

  test('a report addressed through another lab’s URL is not found', async () => {
    expect(await statusOf(() => download(cookies.bureau, { lab: otherLabId }))).toBe(404)
  })

  test('a report id that is not a number is not found', async () => {
    const o = await outcome(() =>
      docxLoader({
        request: getRequest(`/labs/${labId}/reports/x/report.docx`, cookies.lab),
        params: { labId: String(labId), reportId: 'x' },
        context: TEST_CONTEXT,
      }),
    )
    expect(o.status).toBe(404)
  })

  test('without a session the reader is sent to sign in', async () => {
    const o = await outcome(() => download(''))
    expect(o.status).toBe(302)
    expect(o.location).toContain('/login')
  })
})
