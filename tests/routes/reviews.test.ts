import { deliverables } from '~db/schema'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { createDeliverable, takeDeliverableStep } from '~/models/deliverables.server'
import { loader } from '~/routes/reviews'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import type { DistrictCode } from '~db/schema/enums'
import {
  getRequest,
  makeLab,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  signInChief,
  statusOf,
  TEST_CONTEXT,
  currentVersion,
} from '../helpers'

type QueueBody = { rows: { kind: string; id: number; labName: string; districtCode: string; waitingDays: number }[]; total: number }

let db: Db
let bureau: string
let clock = new Date('2026-03-02T02:00:00Z')

beforeEach(async () => {
  clock = new Date('2026-03-02T02:00:00Z')
  setClock(clock)
  db = setupTestDb()
  bureau = await signInChief(db)
})

afterEach(() => setClock(undefined))

// A lab in `district` files a deliverable and submits it on `day` (Asia/Shanghai, 10:00).
async function fileAndSubmit({ district, name, day }: { district: DistrictCode; name: string; day: string }) {
  const lab = makeLab(db, { districtCode: district, name, startDate: '2025-06-01' })
  const user = await makeUser(db, { role: 'lab', labId: lab.id })
  const labActor = (): Actor & { displayName: string } => ({
    id: user.id,
    role: 'lab',
    districtCode: null,
    labId: lab.id,
    displayName: '实验室',
  })
  setClock(new Date(`${day}T02:00:00Z`))
  const created = createDeliverable({
    by: labActor(),
    labId: lab.id,
    raw: { type: 'report', forms: ['data'], title: `${name}成果`, summary: '摘要', completedOn: '2025-12-01', transferStatus: 'none' },
  })
  if (!created.ok) throw new Error(JSON.stringify(created))
  const submitted = takeDeliverableStep({
    by: labActor(),
    labId: lab.id,
    deliverableId: created.deliverable.id,
    input: { rowVersion: currentVersion(deliverables, created.deliverable.id), step: 'submit' },
  })
  if (!submitted.ok) throw new Error(JSON.stringify(submitted))
  setClock(clock)
  return { lab, id: created.deliverable.id }
}

const queue = async (cookie: string, query = '') =>
  (await outcome(() => loader({ request: getRequest(`/reviews${query}`, cookie), params: {}, context: TEST_CONTEXT })))
    .body as unknown as QueueBody

describe('the review queue', () => {
  test('the bureau sees every submitted filing, oldest first, with how long it has waited', async () => {
    await fileAndSubmit({ district: '320508', name: '姑苏乙', day: '2026-02-20' })
    await fileAndSubmit({ district: '320506', name: '吴中甲', day: '2026-02-10' })
    const body = await queue(bureau)
    expect(body.rows.map((r) => [r.labName, r.waitingDays])).toEqual([
      ['吴中甲', 20],
      ['姑苏乙', 10],
    ])
    expect(body.total).toBe(2)
    expect((await queue(bureau, '?district=320506')).rows.map((r) => r.labName)).toEqual(['吴中甲'])
    expect((await queue(bureau, '?q=姑苏')).rows.map((r) => r.labName)).toEqual(['姑苏乙'])
  })

  test('a district sees its own labs’ filings until it has given its opinion; the bureau still sees them', async () => {
    const own = await fileAndSubmit({ district: '320508', name: '姑苏甲', day: '2026-02-20' })
    await fileAndSubmit({ district: '320506', name: '吴中甲', day: '2026-02-10' })
    const gusuUser = await makeUser(db, { role: 'district', districtCode: '320508' })
    const gusu = signIn(gusuUser)
    expect((await queue(gusu)).rows.map((r) => r.labName)).toEqual(['姑苏甲'])
    // a district filter in the URL does not widen its view
    expect((await queue(gusu, '?district=320506')).rows.map((r) => r.labName)).toEqual(['姑苏甲'])
    const opinion = takeDeliverableStep({
      by: { id: gusuUser.id, role: 'district', districtCode: '320508', labId: null, displayName: '姑苏区' },
      labId: own.lab.id,
      deliverableId: own.id,
      input: { rowVersion: currentVersion(deliverables, own.id), step: 'district_opinion', opinion: 'support', comment: '同意报送' },
    })
    expect(opinion.ok).toBe(true)
    expect((await queue(gusu)).rows).toEqual([])
    expect((await queue(bureau)).total).toBe(2)
  })

  test('drafts, returned and accepted filings are not in the queue', async () => {
    const { lab, id } = await fileAndSubmit({ district: '320508', name: '姑苏甲', day: '2026-02-20' })
    const chief = await makeUser(db, { role: 'bureau' })
    const returned = takeDeliverableStep({
      by: { id: chief.id, role: 'bureau', districtCode: null, labId: null, displayName: '市局' },
      labId: lab.id,
      deliverableId: id,
      input: { rowVersion: currentVersion(deliverables, id), step: 'return', comment: '请补充材料' },
    })
    expect(returned.ok).toBe(true)
    expect((await queue(bureau)).total).toBe(0)
  })

  test('labs and experts have no queue', async () => {
    const lab = makeLab(db)
    for (const user of [await makeUser(db, { role: 'lab', labId: lab.id }), await makeUser(db, { role: 'expert' })]) {
      expect(await statusOf(() => loader({ request: getRequest('/reviews', signIn(user)), params: {}, context: TEST_CONTEXT }))).toBe(404)
    }
  })
})

describe('the district’s opinion in the queue (issue 19 item 7)', () => {
  type OpinionBody = { rows: { labName: string; opinion: string }[]; total: number }
  const opinions = async (cookie: string, query = '') =>
    ((await queue(cookie, query)) as unknown as OpinionBody).rows.map((r) => [r.labName, r.opinion])

  test('each filing says whether the opinion is awaited, given (推荐/不推荐) or not required; the filter and the count follow', async () => {
    const gusuA = await fileAndSubmit({ district: '320508', name: '姑苏甲', day: '2026-02-10' })
    await fileAndSubmit({ district: '320508', name: '姑苏乙', day: '2026-02-12' })
    // 吴中 has no office account: the bureau decides without an opinion
    await fileAndSubmit({ district: '320506', name: '吴中甲', day: '2026-02-14' })
    const gusuUser = await makeUser(db, { role: 'district', districtCode: '320508' })
    const opposed = takeDeliverableStep({
      by: { id: gusuUser.id, role: 'district', districtCode: '320508', labId: null, displayName: '姑苏区' },
      labId: gusuA.lab.id,
      deliverableId: gusuA.id,
      input: { rowVersion: currentVersion(deliverables, gusuA.id), step: 'district_opinion', opinion: 'oppose', comment: '缺少应用证明' },
    })
    expect(opposed.ok).toBe(true)
    expect(await opinions(bureau)).toEqual([
      ['姑苏甲', 'oppose'],
      ['姑苏乙', 'awaited'],
      ['吴中甲', 'not_required'],
    ])
    expect(await opinions(bureau, '?opinion=awaited')).toEqual([['姑苏乙', 'awaited']])
    expect(await opinions(bureau, '?opinion=not_required')).toEqual([['吴中甲', 'not_required']])
    expect((await queue(bureau, '?opinion=oppose')).total).toBe(1)
    // the district opens on what awaits its opinion, and may look at what it has said
    const gusu = signIn(gusuUser)
    expect(await opinions(gusu)).toEqual([['姑苏乙', 'awaited']])
    expect((await queue(gusu)).total).toBe(1)
    expect(await opinions(gusu, '?opinion=all')).toEqual([
      ['姑苏甲', 'oppose'],
      ['姑苏乙', 'awaited'],
    ])
    // an unknown filter value falls back to the default
    expect(await opinions(gusu, '?opinion=evil')).toEqual([['姑苏乙', 'awaited']])
  })

  test('sorts by waiting time, lab and submission, both ways; searches lab names and titles', async () => {
    await fileAndSubmit({ district: '320506', name: '乙实验室', day: '2026-02-10' })
    await fileAndSubmit({ district: '320506', name: '甲实验室', day: '2026-02-20' })
    await fileAndSubmit({ district: '320506', name: '丙实验室', day: '2026-02-15' })
    const labs = async (query: string) => (await queue(bureau, query)).rows.map((r) => r.labName)
    expect(await labs('')).toEqual(['乙实验室', '丙实验室', '甲实验室'])
    expect(await labs('?sort=submitted&dir=desc')).toEqual(['甲实验室', '丙实验室', '乙实验室'])
    expect(await labs('?sort=waiting')).toEqual(['甲实验室', '丙实验室', '乙实验室'])
    expect(await labs('?sort=waiting&dir=desc')).toEqual(['乙实验室', '丙实验室', '甲实验室'])
    const byName = ['乙实验室', '丙实验室', '甲实验室'].sort()
    expect(await labs('?sort=lab')).toEqual(byName)
    expect(await labs('?sort=lab&dir=desc')).toEqual([...byName].reverse())
    expect(await labs('?q=丙')).toEqual(['丙实验室'])
    expect(await labs('?q=甲实验室成果')).toEqual(['甲实验室'])
    // pages of one, read in turn, are the whole queue in order
    const paged = []
    for (const p of [1, 2, 3]) paged.push(...(await labs(`?sort=lab&size=20&page=${p}`)))
    expect(paged).toEqual(byName)
  })
})
