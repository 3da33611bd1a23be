import { beforeEach, expect, test } from 'vitest'
import { recordAudit } from '~/models/audit.server'
import { loader as labLoader } from '~/routes/labs.$labId._index'
import { loader as homeLoader } from '~/routes/_index'
import type { Db } from '~db/client.server'
import { pinClock } from '../clock'
import { getRequest, makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT } from '../helpers'

// Issue 14, found 9: the applicant lab never learns who reviewed its renewal, nor when each
// expert was assigned or scored; only the bureau does. The lab's timeline read the expert
// review's audit rows (assign, review) and named the expert with the times.
pinClock(new Date('2026-11-20T02:00:00Z'))
let db: Db
let labId: number
let cookies: Record<'bureau' | 'district' | 'lab', string>

beforeEach(async () => {
  db = setupTestDb()
  labId = makeLab(db, { startDate: '2024-12-01' }).id
  const expert = await makeUser(db, { role: 'expert', username: 'expert-wang' })
  cookies = {
    bureau: signIn(await makeUser(db, { role: 'bureau' })),
    district: signIn(await makeUser(db, { role: 'district', districtCode: '320508' })),
    lab: signIn(await makeUser(db, { role: 'lab', labId })),
  }
  const actor = { id: expert.id, displayName: '王专家', ip: '' }
  recordAudit(db, {
    actor: { id: 1, displayName: '市局', ip: '' },
    action: 'assign',
    entityType: 'review_assignment',
    entityId: 7,
    labId,
    after: { expertId: expert.id, expertName: '王专家' },
  })
  recordAudit(db, { actor, action: 'review', entityType: 'review_assignment', entityId: 7, labId, after: { totalScore: 81.5 } })
})

type Page = { timeline: { events: { id: string; actor?: unknown; text?: unknown }[] } }
const timelineOf = async (cookie: string) => {
  const page = await outcome(() =>
    labLoader({ request: getRequest(`/labs/${labId}`, cookie), params: { labId: String(labId) }, context: TEST_CONTEXT }),
  )
  return JSON.stringify((page.body as Page).timeline.events)
}

test('the lab and its district do not see the expert review on the lab’s timeline', async () => {
  for (const who of ['lab', 'district'] as const) {
    const events = await timelineOf(cookies[who])
    expect(events, who).not.toContain('王专家')
    expect(events, who).not.toContain('review_assignment')
  }
})

test('the lab’s home page does not list the expert review among its recent notices', async () => {
  const home = await outcome(() => homeLoader({ request: getRequest('/', cookies.lab), params: {}, context: TEST_CONTEXT }))
  expect(JSON.stringify(home.body)).not.toContain('王专家')
})

test('the bureau still reads who reviewed and when', async () => {
  expect(await timelineOf(cookies.bureau)).toContain('王专家')
})
