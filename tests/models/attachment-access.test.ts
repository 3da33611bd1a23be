import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { attachmentForDownload } from '~/models/attachments.server'
import type { Actor } from '~/domain/permissions'
import type { Db } from '~db/client.server'
import { attachments, renewals, resourceRequests, reviewAssignments, validityPeriods } from '~db/schema'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { insertRenewal, insertRequest, insertReviewAssignment } from '~db/factories'

// Who may download a file: those who see its lab, and what it is attached to. A draft is its
// lab's own, so its files are too; a renewal's files follow the renewal (an assigned expert reads
// them, though experts see no lab otherwise).
let db: Db
let lab: { id: number }
let actors: Record<'own' | 'bureau' | 'district' | 'otherDistrict' | 'expert', Actor>

beforeEach(async () => {
  db = setupTestDb()
  lab = makeLab(db, { districtCode: '320508' })
  const expert = await makeUser(db, { role: 'expert' })
  actors = {
    own: { id: 1, role: 'lab', districtCode: null, labId: lab.id },
    bureau: { id: 2, role: 'bureau', districtCode: null, labId: null },
    district: { id: 3, role: 'district', districtCode: '320508', labId: null },
    otherDistrict: { id: 4, role: 'district', districtCode: '320583', labId: null },
    expert: { id: expert.id, role: 'expert', districtCode: null, labId: null },
  }
})

const attach = (ownerType: string, ownerId: number) =>
  db
    .insert(attachments)
    .values({ labId: lab.id, ownerType, ownerId, sha256: 'a'.repeat(64), size: 10, mediaType: 'application/pdf', originalName: '证明.pdf' })
    .returning()
    .get().id
const readers = (id: number) =>
  (Object.keys(actors) as (keyof typeof actors)[]).filter((k) => attachmentForDownload({ id, actor: actors[k] }) !== null)

describe('attachment downloads follow what the file is attached to', () => {
  test('a draft request’s files are its lab’s own until it is submitted', () => {
    const request = insertRequest(db, {
      labId: lab.id,
      type: 'site',
      title: '场地',
      description: '路演',
      quantity: 100,
      unit: 'm2',
      neededBy: '2027-01-01',
      justification: '发布',
    })
    const file = attach('resource_request', request.id)
    expect(readers(file)).toEqual(['own'])
    db.update(resourceRequests).set({ status: 'submitted' }).where(eq(resourceRequests.id, request.id)).run()
    expect(readers(file)).toEqual(['own', 'bureau', 'district'])
  })

  test('a renewal’s files reach the expert assigned to it, and no other', () => {
    const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
    const renewal = insertRenewal(db, { labId: lab.id, periodId: period.id, status: 'draft' })
    const file = attach('renewal', renewal.id)
    expect(readers(file)).toEqual(['own'])
    db.update(renewals).set({ status: 'under_review' }).where(eq(renewals.id, renewal.id)).run()
    expect(readers(file)).toEqual(['own', 'bureau', 'district'])
    insertReviewAssignment(db, { renewalId: renewal.id, expertId: actors.expert.id, assignedAt: new Date().toISOString() })
    expect(readers(file)).toEqual(['own', 'bureau', 'district', 'expert'])
    db.update(reviewAssignments).set({ status: 'conflict' }).run()
    expect(readers(file)).toEqual(['own', 'bureau', 'district'])
  })

  test('files of something without drafts (a security plan document) follow the lab', () => {
    expect(readers(attach('security_plan', 1))).toEqual(['own', 'bureau', 'district'])
  })
})
