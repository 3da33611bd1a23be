import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { loader as certificateLoader } from '~/routes/labs.$labId.certificate'
import { loader as announcementLoader } from '~/routes/labs.certificates[.docx]'
import type { Db } from '~db/client.server'
import { users, validityPeriods } from '~db/schema'
import { insertPeriod } from '~db/factories'
import { getRequest, makeCast, makeLab, makeOrg, outcome, setupTestDb, TEST_CONTEXT } from '../helpers'
import { readDocx, tableRows } from '../docx'

// The A4 certificate of a lab's current period and the announcement list of a certification day
// (授牌, issue 21 item 7). Lab A (姑苏) carries 苏数创〔2026〕002号 and B (姑苏) 001号, both
// certified on 2026-03-02; C (吴中) has a period without a number.

let db: Db
let labA: number
let labB: number
let labC: number
let cookies: Record<'bureau' | 'gusu' | 'wuzhong' | 'labA' | 'labB' | 'expert', string>
let userIds: Record<'bureau', number>

const numbered = (labId: number, certificateNo: string) =>
  db.update(validityPeriods).set({ certificateNo }).where(eq(validityPeriods.labId, labId)).run()

beforeEach(async () => {
  db = setupTestDb()
  labA = makeLab(db, {
    districtCode: '320508',
    name: '城市数据实验室',
    hostOrgId: makeOrg(db, { name: '苏州某科技有限公司' }).id,
    startDate: '2026-03-02',
    direction: 3,
  }).id
  labB = makeLab(db, { districtCode: '320508', name: '园区算力实验室', startDate: '2026-03-02' }).id
  labC = makeLab(db, { districtCode: '320506', startDate: '2026-03-02' }).id
  numbered(labA, '苏数创〔2026〕002号')
  numbered(labB, '苏数创〔2026〕001号')
  numbered(labC, '')
  const cast = await makeCast(db, {
    bureau: { role: 'bureau' },
    gusu: { role: 'district', districtCode: '320508' },
    wuzhong: { role: 'district', districtCode: '320506' },
    labA: { role: 'lab', labId: labA },
    labB: { role: 'lab', labId: labB },
    expert: { role: 'expert' },
  })
  cookies = cast.cookies
  userIds = { bureau: cast.users.bureau.id }
})

const certificate = (labId: number, cookie: string) =>
  outcome(() =>
    certificateLoader({
      request: getRequest(`/labs/${labId}/certificate`, cookie),
      params: { labId: String(labId) },
      context: TEST_CONTEXT,
    }),
  )

describe('the certificate page', () => {
  test('the bureau, the lab’s district and the lab itself see its certificate', async () => {
    for (const who of ['bureau', 'gusu', 'labA'] as const) {
      const r = await certificate(labA, cookies[who])
      expect(r.status, who).toBe(200)
      expect(r.body.certificate).toEqual({
        labId: labA,
        labName: '城市数据实验室',
        hostName: '苏州某科技有限公司',
        certificateNo: '苏数创〔2026〕002号',
        startDate: '2026-03-02',
        endDate: '2028-03-01',
      })
    }
  })

  test('another district, another lab and an expert get 404', async () => {
    for (const who of ['wuzhong', 'labB', 'expert'] as const) expect((await certificate(labA, cookies[who])).status, who).toBe(404)
  })

  test('a lab whose current period has no number has no certificate (404)', async () => {
    expect((await certificate(labC, cookies.bureau)).status).toBe(404)
  })

  test('the current period is the latest: a renewed period without a number has no certificate yet', async () => {
    insertPeriod(db, { labId: labA, sequence: 2, startDate: '2028-03-02', certificateNo: '' })
    expect((await certificate(labA, cookies.bureau)).status).toBe(404)
  })

  test('the page’s words come with its data, in the reader’s language', async () => {
    const zh = await certificate(labA, cookies.bureau)
    expect((zh.body.messages as Record<string, string>)['certificate.heading']).toBe('苏州市大数据创新应用实验室')
    db.update(users).set({ locale: 'en' }).where(eq(users.id, userIds.bureau)).run()
    const en = await certificate(labA, cookies.bureau)
    expect((en.body.messages as Record<string, string>)['certificate.heading']).toBe('Suzhou Big Data Innovation Application Laboratory')
  })
})

const announcement = async (on: string, cookie: string) => {
  const request = getRequest(`/labs/certificates.docx?on=${on}`, cookie)
  try {
    return (await announcementLoader({ request, params: {}, context: TEST_CONTEXT })) as Response
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

describe('the announcement list', () => {
  test('lists the labs certified that day in certificate order, as Word', async () => {
    const r = await announcement('2026-03-02', cookies.bureau)
    const doc = await readDocx(r)
    expect(doc.text).toContain('苏州市大数据创新应用实验室认定名单')
    expect(doc.text).toContain('认定日期：2026年3月2日')
    const rows = tableRows(doc.document)
    expect(rows[0]).toEqual(['序号', '证书编号', '实验室名称', '依托单位', '所在地区', '申报方向', '有效期'])
    expect(rows.slice(1).map((row) => row.slice(0, 3))).toEqual([
      ['1', '苏数创〔2026〕001号', '园区算力实验室'],
      ['2', '苏数创〔2026〕002号', '城市数据实验室'],
    ])
    expect(rows[2].slice(3)).toEqual(['苏州某科技有限公司', '姑苏区', '数据治理体系深化', '2026年3月2日至2028年3月1日'])
  })

  test('a day without certifications gives the empty note; a bad day is 400', async () => {
    const doc = await readDocx(await announcement('2026-03-03', cookies.bureau))
    expect(doc.text).toContain('该日期没有认定的实验室')
    expect((await announcement('2026-3-2', cookies.bureau)).status).toBe(400)
  })

  test('only the bureau: offices, labs and experts get 404', async () => {
    for (const who of ['gusu', 'labA', 'expert'] as const) expect((await announcement('2026-03-02', cookies[who])).status, who).toBe(404)
  })
})
