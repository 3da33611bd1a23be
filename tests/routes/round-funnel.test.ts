import { beforeEach, describe, expect, test } from 'vitest'
import { loader as pageLoader } from '~/routes/rounds.$roundId_.funnel'
import { loader as csvLoader } from '~/routes/rounds.$roundId_.funnel[.csv]'
import { loader as xlsxLoader } from '~/routes/rounds.$roundId_.funnel[.xlsx]'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { DISTRICT_CODES } from '~db/schema/enums'
import { pinClock } from '../clock'
import { parseCsv } from '../csv'
import { getRequest, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT, type RouteFunction } from '../helpers'
import {
  IN_ROUND,
  RECOMMENDATIONS_DUE,
  makeApplicant,
  makeApplication,
  makeDepartment,
  makeOffice,
  makeRound,
} from '../round-application-fixtures'
import { readWorkbook } from '../xlsx'

// /rounds/:roundId/funnel and its CSV and workbook (issue 21 item 8) through their loaders with a
// real session: the bureau every office, an office itself only, everyone else 404, a bad query 400.
pinClock(IN_ROUND)

let db: Db
let round: ReturnType<typeof makeRound>
let bureau: string
let gusu: string
let edu: string
let departmentId: number
beforeEach(async () => {
  db = setupTestDb()
  round = makeRound(db)
  departmentId = makeDepartment(db).id
  bureau = signIn(await makeUser(db, { role: 'bureau' }))
  gusu = signIn(await makeOffice(db, { districtCode: '320508' }))
  edu = signIn(await makeOffice(db, { departmentId }))
  const inGusu = (await makeApplicant(db, { districtCode: '320508' })).applicant
  const inWuzhong = (await makeApplicant(db, { districtCode: '320506' })).applicant
  makeApplication(db, { roundId: round.id, applicant: inGusu, status: 'recommended', labName: '姑苏实验室' })
  makeApplication(db, { roundId: round.id, applicant: inWuzhong, status: 'submitted', direction: 5, labName: '吴中实验室' })
})

const url = (suffix = '', query = '') => `/rounds/${round.id}/funnel${suffix}${query}`
const call = (loader: RouteFunction, path: string, cookie: string, roundId = String(round.id)) =>
  outcome(async () => loader({ request: getRequest(path, cookie), params: { roundId }, context: TEST_CONTEXT }))
const download = async (loader: RouteFunction, path: string, cookie: string) =>
  (await loader({ request: getRequest(path, cookie), params: { roundId: String(round.id) }, context: TEST_CONTEXT })) as Response

type Body = { byOffice: { office: object; counts: { applied: number } }[]; late: { applicationId: number }[]; total: { applied: number } }

describe('the page', () => {
  test('the bureau sees every office with the counts, its page words sent along', async () => {
    const r = await call(pageLoader, url(), bureau)
    expect(r.status).toBe(200)
    const body = r.body as unknown as Body & { messages: Record<string, string> }
    expect(body.byOffice).toHaveLength(DISTRICT_CODES.length + 1)
    expect(body.total.applied).toBe(2)
    expect(body.messages['funnel.title']).toBe('本轮概况')
    expect(body.messages['rounds.stage.open']).toBeDefined()
  })

  test('another office sees only itself: 姑苏区 not 吴中区, the department its own empty row', async () => {
    const own = (await call(pageLoader, url(), gusu)).body as unknown as Body
    expect(own.byOffice).toEqual([expect.objectContaining({ office: { kind: 'district', districtCode: '320508' } })])
    expect(own.total.applied).toBe(1)
    const dept = (await call(pageLoader, url(), edu)).body as unknown as Body
    expect(dept.byOffice.map((r) => [r.office, r.counts.applied])).toEqual([[{ kind: 'department', departmentId }, 0]])
  })

  test('a lab, an expert and an applicant get 404, as does a round that does not exist', async () => {
    for (const cookie of [
      signIn(await makeUser(db, { role: 'lab' })),
      signIn(await makeUser(db, { role: 'expert' })),
      signIn((await makeApplicant(db)).user),
    ])
      expect((await call(pageLoader, url(), cookie)).status).toBe(404)
    expect((await call(pageLoader, url(), bureau, String(round.id + 50))).status).toBe(404)
    expect((await call(pageLoader, '/rounds/abc/funnel', bureau, 'abc')).status).toBe(404)
  })

  test('a bad sort is a 400, not a 500; out of scope it stays a 404', async () => {
    expect((await call(pageLoader, url('', '?sort=drop'), bureau)).status).toBe(400)
    expect((await call(pageLoader, url('', '?sort=applied&dir=sideways'), gusu)).status).toBe(400)
    expect((await call(pageLoader, url('', '?sort=drop'), signIn(await makeUser(db, { role: 'lab' })))).status).toBe(404)
    expect((await call(csvLoader, url('.csv', '?sort=drop'), bureau)).status).toBe(400)
    expect((await call(xlsxLoader, url('.xlsx', '?dir=up'), bureau)).status).toBe(400)
  })

  test('signed out, the page and its files send to the sign-in', async () => {
    for (const [loader, suffix] of [
      [pageLoader, ''],
      [csvLoader, '.csv'],
      [xlsxLoader, '.xlsx'],
    ] as const) {
      const r = await outcome(async () =>
        loader({ request: getRequest(url(suffix)), params: { roundId: String(round.id) }, context: TEST_CONTEXT }),
      )
      expect(r.status).toBe(302)
      expect(r.location).toMatch(/^\/login/)
    }
  })
})

describe('the exports', () => {
  test('the CSV holds the office rows, the direction rows and the total under Chinese headers', async () => {
    const response = await download(csvLoader, url('.csv', '?sort=applied&dir=desc'), bureau)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toContain(`round-2027-${round.id}-funnel.csv`)
    const rows = parseCsv((await response.text()).replace(/^\uFEFF/, ''))
    expect(rows[0]).toEqual(['统计口径', '推荐单位 / 申报方向', '已申报', '已推荐', '已进入评审', '入围', '已认定', '已用名额', '名额'])
    // sorted as asked: the two offices with an application first
    expect(rows.slice(1, 3).map((r) => r.slice(0, 3))).toEqual([
      ['按推荐单位', '姑苏区', '1'],
      ['按推荐单位', '吴中区', '1'],
    ])
    expect(rows[1].slice(7)).toEqual(['1', '3'])
    expect(rows.filter((r) => r[0] === '按申报方向').map((r) => r.slice(1, 3))).toEqual([
      [expect.any(String), '1'],
      [expect.any(String), '1'],
    ])
    expect(rows[rows.length - 1].slice(0, 4)).toEqual(['合计', '合计', '2', '1'])
  })

  test("an office's CSV holds only its own figures", async () => {
    const rows = parseCsv((await (await download(csvLoader, url('.csv'), gusu)).text()).replace(/^\uFEFF/, ''))
    expect(rows.filter((r) => r[0] === '按推荐单位').map((r) => r[1])).toEqual(['姑苏区'])
    expect(rows.flat()).not.toContain('吴中区')
  })

  test('the workbook has a sheet per table, in English for an English reader, the late items with their time', async () => {
    // a second past the offices' 17:00: 吴中区's submitted application is late (pinClock resets after)
    setClock(new Date(new Date(RECOMMENDATIONS_DUE).getTime() + 1000))
    const response = await download(xlsxLoader, url('.xlsx'), `${bureau}; lc_lang=en`)
    expect(response.headers.get('content-type')).toContain('spreadsheetml')
    const sheets = await readWorkbook(response)
    expect(sheets.map((s) => s.name)).toEqual(['By office', 'By direction', 'Late items'])
    expect(sheets[0].text[0]).toEqual([
      'Recommending office',
      'Applied',
      'Recommended',
      'Reviewed',
      'Shortlisted',
      'Certified',
      'Places used',
      'Quota',
    ])
    expect(sheets[0].text.find((r) => r[0] === 'Total')!.slice(1, 3)).toEqual(['2', '1'])
    expect(sheets[2].text.slice(1)).toEqual([
      [
        'Not decided by the office by its deadline',
        expect.stringMatching(/^申报单位/),
        '吴中实验室',
        expect.any(String),
        '2027-04-15 17:00:00',
      ],
    ])
  })
})
