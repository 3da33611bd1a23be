import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { EventDelivery } from '~/models/event-notices.server'
import { notifyRenewalDecision, notifyRenewalSubmitted, notifyReviewAssigned, notifyReviewSubmitted } from '~/models/renewal-notices.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { inboxItems, notices, users } from '~db/schema'
import { makeLab, makeUser, setupTestDb } from '../helpers'

// Who hears of each renewal event (docs/decisions/013-notices.md), and who never does: a lab of
// the same district, another district's office, an expert not on the renewal.
const NOW = new Date('2026-12-04T02:00:00Z')
type Who = 'lab' | 'sameDistrictLab' | 'gusu' | 'huqiu' | 'bureau' | 'expert' | 'otherExpert'
let db: Db
let labId: number
let people: Record<Who, number>

beforeEach(async () => {
  setClock(NOW)
  db = setupTestDb()
  labId = makeLab(db, { districtCode: '320508', name: '姑苏续期实验室' }).id
  const neighbour = makeLab(db, { districtCode: '320508' }).id
  people = {
    lab: (await makeUser(db, { role: 'lab', labId })).id,
    sameDistrictLab: (await makeUser(db, { role: 'lab', labId: neighbour })).id,
    gusu: (await makeUser(db, { role: 'district', districtCode: '320508' })).id,
    huqiu: (await makeUser(db, { role: 'district', districtCode: '320505' })).id,
    bureau: (await makeUser(db, { role: 'bureau' })).id,
    expert: (await makeUser(db, { role: 'expert' })).id,
    otherExpert: (await makeUser(db, { role: 'expert' })).id,
  }
  for (const id of Object.values(people))
    db.update(users)
      .set({ email: `u${id}@example.org` })
      .where(eq(users.id, id))
      .run()
})

// who holds an inbox item, and the link of each
function told(): Partial<Record<Who, string[]>> {
  const byId = new Map(Object.entries(people).map(([who, id]) => [id, who as Who]))
  const out: Partial<Record<Who, string[]>> = {}
  for (const r of db
    .select({ userId: inboxItems.userId, link: notices.link })
    .from(inboxItems)
    .innerJoin(notices, eq(notices.id, inboxItems.noticeId))
    .all())
    (out[byId.get(r.userId)!] ??= []).push(r.link)
  return out
}

const tell = (run: (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => EventDelivery) => db.transaction(run)

describe('renewal events', () => {
  test('submitted: the bureau and the lab’s own district office', () => {
    const delivery = tell((tx) => notifyRenewalSubmitted(tx, { renewalId: 7, labId, eventId: 70, at: NOW }))
    expect(told()).toEqual({ bureau: [`/labs/${labId}/renewals/7`], gusu: [`/labs/${labId}/renewals/7`] })
    // and each by mail
    expect(delivery.outboxIds).toHaveLength(2)
  })

  test('an expert assigned: that expert alone, at the review page', () => {
    tell((tx) => notifyReviewAssigned(tx, { assignmentId: 3, renewalId: 7, labId, expertId: people.expert, at: NOW }))
    expect(told()).toEqual({ expert: [`/labs/${labId}/renewals/7/review`] })
  })

  test('a review in: the bureau alone (who reviews is the bureau’s)', () => {
    tell((tx) => notifyReviewSubmitted(tx, { assignmentId: 3, renewalId: 7, labId, totalScore: 82.5, at: NOW }))
    expect(told()).toEqual({ bureau: [`/labs/${labId}/renewals/7#review`] })
    expect(db.select({ title: notices.title }).from(notices).get()!.title.params.total).toBe(82.5)
  })

  test('decided: the lab, its district office and the bureau; never twice', () => {
    const decide = () =>
      tell((tx) => notifyRenewalDecision(tx, { renewalId: 7, labId, key: 'renewals.notice.renew', step: 0, day: '2026-12-04', at: NOW }))
    expect(decide().sent).toBe(3)
    expect(decide()).toEqual({ sent: 0, outboxIds: [] })
    const link = `/labs/${labId}/renewals/7`
    expect(told()).toEqual({ lab: [link], gusu: [link], bureau: [link] })
  })
})
