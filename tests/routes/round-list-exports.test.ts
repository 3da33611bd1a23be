import { beforeEach, describe, expect, test } from 'vitest'
import { loader as applicantsCsv } from '~/routes/applicants[.csv]'
import { loader as applicantsXlsx } from '~/routes/applicants[.xlsx]'
import { loader as applicationsCsv } from '~/routes/applications[.csv]'
import { loader as applicationsXlsx } from '~/routes/applications[.xlsx]'
import type { Db } from '~db/client.server'
import { pinClock } from '../clock'
import { parseCsv } from '../csv'
import { getRequest, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, type RouteFunction } from '../helpers'
import { IN_ROUND, makeApplicant, makeApplication, makeDepartment, makeOffice, makeRound } from '../round-application-fixtures'
import { readWorkbook } from '../xlsx'

// The round's lists as files (issue 21 item 8): /applications and /applicants as CSV and workbook,
// with the list's filters, scoped as the list is; no list, no file (404).
pinClock(IN_ROUND)

let db: Db
let round: ReturnType<typeof makeRound>
let bureau: string
let gusu: string
let edu: string
beforeEach(async () => {
  db = setupTestDb()
  round = makeRound(db)
  const departmentId = makeDepartment(db).id
  bureau = signIn(await makeUser(db, { role: 'bureau' }))
  gusu = signIn(await makeOffice(db, { districtCode: '320508' }))
  edu = signIn(await makeOffice(db, { departmentId }))
  const inGusu = async () => (await makeApplicant(db, { districtCode: '320508' })).applicant
  const inWuzhong = (await makeApplicant(db, { districtCode: '320506' })).applicant
  makeApplication(db, { roundId: round.id, applicant: await inGusu(), status: 'recommended', labName: '姑苏甲' })
  makeApplication(db, { roundId: round.id, applicant: await inGusu(), status: 'submitted', labName: '姑苏乙' })
  makeApplication(db, { roundId: round.id, applicant: inWuzhong, status: 'submitted', direction: 5, labName: '吴中丙' })
  // a draft is the applicant's own: in no office's file
  makeApplication(db, { roundId: round.id, applicant: await inGusu(), status: 'draft', labName: '草稿实验室' })
})

const body = async (loader: RouteFunction, url: string, cookie: string) => {
  const response = (await loader({ request: getRequest(url, cookie), params: {}, context: TEST_CONTEXT })) as Response
  return { response, rows: parseCsv((await response.clone().text()).replace(/^\uFEFF/, '')) }
}
const statusOf = async (loader: RouteFunction, url: string, cookie: string) =>
  (await outcome(async () => loader({ request: getRequest(url, cookie), params: {}, context: TEST_CONTEXT }))).status

describe('/applications.csv and .xlsx', () => {
  test('the bureau gets every submitted application of the round under Chinese headers, no draft', async () => {
    const { response, rows } = await body(applicationsCsv, `/applications.csv?round=${round.id}`, bureau)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toContain('applications-2027-03-01.csv')
    expect(rows[0]).toEqual(['申报编号', '申报单位', '实验室名称', '申报方向', '推荐单位', '提交时间', '状态'])
    expect(rows.slice(1).map((r) => r[2])).toEqual(['姑苏甲', '姑苏乙', '吴中丙'])
    expect(rows[1][4]).toBe('姑苏区')
    expect(rows[1][6]).toBe('已推荐')
  })

  test("the list's filters hold: status, the bureau's office filter, direction", async () => {
    const labs = async (query: string) => (await body(applicationsCsv, `/applications.csv?${query}`, bureau)).rows.slice(1).map((r) => r[2])
    expect(await labs('status=submitted')).toEqual(['姑苏乙', '吴中丙'])
    expect(await labs('office=district:320506')).toEqual(['吴中丙'])
    expect(await labs('direction=5')).toEqual(['吴中丙'])
    // a value the page never offers is ignored, as on the page
    expect(await labs('status=bogus&direction=99')).toEqual(['姑苏甲', '姑苏乙', '吴中丙'])
  })

  test('an office gets its own applicants only, whatever office it names; a department without any, none', async () => {
    expect((await body(applicationsCsv, '/applications.csv?office=district:320506', gusu)).rows.slice(1).map((r) => r[2])).toEqual([
      '姑苏甲',
      '姑苏乙',
    ])
    expect((await body(applicationsCsv, '/applications.csv', edu)).rows).toHaveLength(1)
  })

  test('an applicant, a lab and an expert get 404', async () => {
    for (const cookie of [
      signIn((await makeApplicant(db)).user),
      signIn(await makeUser(db, { role: 'lab' })),
      signIn(await makeUser(db, { role: 'expert' })),
    ]) {
      expect(await statusOf(applicationsCsv, '/applications.csv', cookie)).toBe(404)
      expect(await statusOf(applicationsXlsx, '/applications.xlsx', cookie)).toBe(404)
    }
  })

  test('the workbook holds the same rows, the number a number and the submission a Beijing time, in English for an English reader', async () => {
    const response = (await applicationsXlsx({
      request: getRequest('/applications.xlsx?sort=applicant', `${bureau}; lc_lang=en`),
      params: {},
      context: TEST_CONTEXT,
    })) as Response
    const [sheet] = await readWorkbook(response)
    expect(sheet.text[0]).toEqual(['No.', 'Applicant', 'Lab name', 'Direction', 'Recommending office', 'Submitted', 'Status'])
    expect(sheet.text).toHaveLength(4)
    expect(typeof sheet.cells[1][0].value).toBe('number')
    expect(sheet.text[1][5]).toBe('2027-03-02 10:00:00')
    expect(sheet.text.slice(1).map((r) => r[4])).toContain('Wuzhong District')
  })
})

describe('/applicants.csv and .xlsx', () => {
  test('the bureau gets every applicant; 姑苏区 its own; 市教育局 the ones naming it', async () => {
    const offices = async (cookie: string) => (await body(applicantsCsv, '/applicants.csv', cookie)).rows.slice(1).map((r) => r[3])
    const all = await offices(bureau)
    expect(all.filter((o) => o === '姑苏区')).toHaveLength(3)
    expect(all).toContain('吴中区')
    expect(await offices(gusu)).toEqual(['姑苏区', '姑苏区', '姑苏区'])
    expect(await offices(edu)).toEqual([])
  })

  test("the list's status filter holds, under Chinese headers", async () => {
    await makeApplicant(db, { districtCode: '320508', status: 'pending' })
    const { rows } = await body(applicantsCsv, '/applicants.csv?status=pending', bureau)
    expect(rows[0]).toEqual(['单位名称', '统一社会信用代码', '单位类型', '推荐单位', '联系人', '状态', '注册时间'])
    expect(rows.slice(1).map((r) => r[5])).toEqual(['待确认'])
  })

  test('the workbook keeps the credit code as text', async () => {
    const response = (await applicantsXlsx({
      request: getRequest('/applicants.xlsx', gusu),
      params: {},
      context: TEST_CONTEXT,
    })) as Response
    const [sheet] = await readWorkbook(response)
    expect(sheet.text).toHaveLength(4)
    expect(sheet.cells[1][1].numFmt).toBe('@')
    expect(sheet.text[1][1]).toMatch(/^91320508/)
  })

  test('an applicant, a lab and an expert get 404', async () => {
    for (const cookie of [
      signIn((await makeApplicant(db)).user),
      signIn(await makeUser(db, { role: 'lab' })),
      signIn(await makeUser(db, { role: 'expert' })),
    ]) {
      expect(await statusOf(applicantsCsv, '/applicants.csv', cookie)).toBe(404)
      expect(await statusOf(applicantsXlsx, '/applicants.xlsx', cookie)).toBe(404)
    }
  })
})
