import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { takeRequestStep, type RequestUser } from '~/models/resource-requests.server'
import { REQUEST_STEP_NAMES } from '~/domain/request-workflow'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { resourceRequests } from '~db/schema'
import { REQUEST_STATUSES } from '~db/schema/enums'
import { makeLab, makeUser, setupTestDb, currentVersion } from '../helpers'
import { expectedStep, type Who } from '../request-spec'
import { insertRequest } from '~db/factories'

// The transition table as the server enforces it: every step, from every status, by every kind
// of user, on a real database. Allowed steps change the request as the workflow says;
// refused ones answer 403 (wrong role), 404 (not theirs to see) or 409 (wrong status) and leave
// the request exactly as it was.
let db: Db
let labId: number
let otherLabId: number
let requestId: number
let userIds: number[]

beforeAll(async () => {
  setClock(new Date('2026-03-20T02:00:00Z'))
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508' }).id
  otherLabId = makeLab(db, { districtCode: '320508' }).id
  requestId = insertRequest(db, {
    labId,
    type: 'site',
    title: '路演场地',
    description: '成果发布会场地',
    quantity: 200,
    unit: 'm2',
    neededBy: '2026-06-30',
    justification: '发布年度成果',
  }).id
  // real accounts: the thread records who took each step
  userIds = []
  for (let i = 0; i < 5; i++) userIds.push((await makeUser(db, { role: 'bureau', username: `user${i}` })).id)
})

afterAll(() => setClock(undefined))

const USERS: Record<Exclude<Who, 'lab_without_lab' | 'expert'>, () => RequestUser> = {
  own_lab: () => ({ id: userIds[0], role: 'lab', districtCode: null, labId, displayName: '实验室' }),
  other_lab: () => ({ id: userIds[1], role: 'lab', districtCode: null, labId: otherLabId, displayName: '其他实验室' }),
  lab_district: () => ({ id: userIds[2], role: 'district', districtCode: '320508', labId: null, displayName: '姑苏区' }),
  other_district: () => ({ id: userIds[3], role: 'district', districtCode: '320583', labId: null, displayName: '昆山市' }),
  bureau: () => ({ id: userIds[4], role: 'bureau', districtCode: null, labId: null, displayName: '市局' }),
}

// a request that has reached the bureau and been decided, so every step's inputs are valid
const FIXTURE = { submittedOn: '2026-03-02', deadline: '2026-03-16', decidedOn: '2026-03-10', districtOpinion: null, grantedQuantity: null }
const INPUT = { comment: '意见', opinion: 'support', grantedQuantity: '50', fulfilledOn: '2026-03-19', deliveryNote: '已提供' }

const cases = REQUEST_STEP_NAMES.flatMap((step) => (Object.keys(USERS) as (keyof typeof USERS)[]).map((who) => ({ step, who })))

describe('every step from every status by every user, on the server', () => {
  test.each(cases)('$step by $who', ({ step, who }) => {
    for (const opinionRequired of [false, true])
      for (const status of REQUEST_STATUSES) {
        db.update(resourceRequests)
          .set({ ...FIXTURE, status, districtOpinionRequired: opinionRequired })
          .where(eq(resourceRequests.id, requestId))
          .run()
        const before = db.select().from(resourceRequests).where(eq(resourceRequests.id, requestId)).get()!
        const result = takeRequestStep({
          by: USERS[who](),
          labId,
          requestId,
          input: { rowVersion: currentVersion(resourceRequests, requestId), step, ...INPUT },
        })
        const allowed = expectedStep(step, who, status, opinionRequired)
        const after = db.select().from(resourceRequests).where(eq(resourceRequests.id, requestId)).get()!
        const label = `${step} by ${who} from ${status} (opinion asked: ${opinionRequired})`
        if (allowed) {
          expect(result.ok, label).toBe(true)
          expect(after.status, label).toBe(allowed.to)
        } else {
          expect(result.ok, label).toBe(false)
          // a draft is visible to its own lab only; the others do not find it
          const seen = who === 'own_lab' || (status !== 'draft' && (who === 'bureau' || who === 'lab_district'))
          const error = result.ok ? null : result.error
          expect(error, label).toBe(!seen ? 'not_found' : expectedRefusal(step, who, status))
          expect(after, label).toEqual(before)
        }
      }
  })
})

// 403 when the role never takes this step, 409 when it would but not from this status (or not yet)
function expectedRefusal(step: string, who: string, _status: string): 'forbidden' | 'conflict' {
  const roleTakesIt = REQUEST_STATUSES.some((s) => [false, true].some((o) => expectedStep(step as never, who as Who, s, o)))
  return roleTakesIt ? 'conflict' : 'forbidden'
}
