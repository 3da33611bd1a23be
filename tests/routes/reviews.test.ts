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
