import { and, asc, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { countMyAssignments, declareConflict, listMyAssignments, submitReview, type ReviewUser } from '~/models/expert-review.server'
import { findRenewal } from '~/models/renewal-access.server'
import {
  activeCriteria,
  addCriterion,
  allCriteria,
  moveCriterion,
  renameCriterion,
  setCriteriaWeights,
  setCriterionActive,
} from '~/models/review-criteria.server'
import {
  assignExpert,
  assignmentsOf,
  expertOptions,
  handleReviewIntent,
  reviewPanelData,
  unassignExpert,
} from '~/models/review-panel.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { auditLog, renewalEvents, renewals, reviewAssignments, reviewCriteria, reviewScores, users, validityPeriods } from '~db/schema'
import type { RenewalStatus } from '~db/schema/enums'
import { makeLab, makeOrg, makeUser, setupTestDb, currentVersion, criteriaVersions } from '../helpers'
import { insertRenewal } from '~db/factories'

// Expert review (issue 8, item 3): the bureau's criteria, assignments with 评审回避, and the
// expert's scores, straight through the models.
const AT = '2027-04-20T02:00:00.000Z'

let db: Db
let bureau: ReviewUser

const asUser = (u: {
  id: number
  role: ReviewUser['role']
  districtCode?: string | null
  labId?: number | null
  displayName: string
}): ReviewUser => ({
  id: u.id,
  role: u.role,
  districtCode: (u.districtCode ?? null) as ReviewUser['districtCode'],
  labId: u.labId ?? null,
  displayName: u.displayName,
})

async function makeExpert(organisationId: number | null = null, active = true) {
  const u = await makeUser(db, { role: 'expert', active })
  if (organisationId !== null) db.update(users).set({ organisationId }).where(eq(users.id, u.id)).run()
  return asUser(u)
}

function makeRenewal({
  status = 'submitted',
  partnerOrgIds = [] as number[],
  hostOrgId,
}: { status?: RenewalStatus; partnerOrgIds?: number[]; hostOrgId?: number } = {}) {
  const lab = makeLab(db, { startDate: '2025-06-01', partnerOrgIds, hostOrgId })
  const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
  const renewal = insertRenewal(db, {
    labId: lab.id,
    periodId: period.id,
    status,
    summary: '两年工作总结',
    submittedAt: '2027-03-01T00:00:00.000Z',
  })
  return { lab, renewal }
}

const statusOf = (renewalId: number) => db.select({ s: renewals.status }).from(renewals).where(eq(renewals.id, renewalId)).get()!.s
const assignmentRows = (renewalId: number) => db.select().from(reviewAssignments).where(eq(reviewAssignments.renewalId, renewalId)).all()
const audits = (entityType: string) => db.select().from(auditLog).where(eq(auditLog.entityType, entityType)).orderBy(asc(auditLog.id)).all()
const events = (renewalId: number) =>
  db.select().from(renewalEvents).where(eq(renewalEvents.renewalId, renewalId)).orderBy(asc(renewalEvents.id)).all()

// every active criterion's id with a score, as the form sends them
const scoresFor = (values: (string | number)[]) => Object.fromEntries(activeCriteria().map((c, i) => [String(c.id), values[i]]))

beforeEach(async () => {
  setClock(new Date(AT))
  db = setupTestDb()
  bureau = asUser(await makeUser(db, { role: 'bureau' }))
})

afterEach(() => setClock(undefined))

async function assigned(options: Parameters<typeof makeRenewal>[0] = {}) {
  const { lab, renewal } = makeRenewal(options)
  const expert = await makeExpert(makeOrg(db).id)
  expect(
    assignExpert({
      by: bureau,
      labId: lab.id,
      renewalId: renewal.id,
      expertId: String(expert.id),
      version: currentVersion(renewals, renewal.id),
    }),
  ).toEqual({
    ok: true,
    changed: true,
  })
  const assignment = assignmentRows(renewal.id).find((a) => a.expertId === expert.id)!
  return { lab, renewal, expert, assignment }
}

describe('assigning experts', () => {
  test('the first assignment moves a submitted renewal to under review, with a thread entry and an audit row', async () => {
    const { lab, renewal } = makeRenewal()
    const expert = await makeExpert(makeOrg(db).id)
    const second = await makeExpert()
    expect(
      assignExpert({ by: bureau, labId: lab.id, renewalId: renewal.id, expertId: expert.id, version: currentVersion(renewals, renewal.id) })
        .ok,
    ).toBe(true)
    expect(statusOf(renewal.id)).toBe('under_review')
    expect(
      assignExpert({ by: bureau, labId: lab.id, renewalId: renewal.id, expertId: second.id, version: currentVersion(renewals, renewal.id) })
        .ok,
    ).toBe(true)
    expect(statusOf(renewal.id)).toBe('under_review')
    expect(events(renewal.id).map((e) => [e.action, e.fromStatus, e.toStatus, e.comment])).toEqual([
      ['assign_expert', 'submitted', 'under_review', expert.displayName],
      ['assign_expert', 'under_review', 'under_review', second.displayName],
    ])
    expect(audits('review_assignment').map((a) => [a.action, a.labId, a.actorUserId])).toEqual([
      ['assign_expert', lab.id, bureau.id],
      ['assign_expert', lab.id, bureau.id],
    ])
    expect(assignmentRows(renewal.id).map((a) => [a.expertId, a.status, a.assignedBy])).toEqual([
      [expert.id, 'assigned', bureau.id],
      [second.id, 'assigned', bureau.id],
    ])
  })

  test('an expert of the host organisation is refused, and nothing is written', async () => {
    const host = makeOrg(db)
    const { lab, renewal } = makeRenewal({ hostOrgId: host.id })
    const expert = await makeExpert(host.id)
    const result = assignExpert({
      by: bureau,
      labId: lab.id,
      renewalId: renewal.id,
      expertId: expert.id,
      version: currentVersion(renewals, renewal.id),
    })
    expect(result).toEqual({
      ok: false,
      error: 'invalid',
      errors: { expertId: { key: 'expertReview.error.hostConflict', vars: { org: host.name } } },
    })
    expect(assignmentRows(renewal.id)).toEqual([])
    expect(statusOf(renewal.id)).toBe('submitted')
    expect(events(renewal.id)).toEqual([])
    expect(audits('review_assignment')).toEqual([])
  })

  test('an expert of a partner organisation is refused', async () => {
    const partner = makeOrg(db)
    const { lab, renewal } = makeRenewal({ partnerOrgIds: [makeOrg(db).id, partner.id] })
    const expert = await makeExpert(partner.id)
    const result = assignExpert({
      by: bureau,
      labId: lab.id,
      renewalId: renewal.id,
      expertId: expert.id,
      version: currentVersion(renewals, renewal.id),
    })
    expect(result.ok === false && result.error === 'invalid' && result.errors.expertId?.key).toBe('expertReview.error.partnerConflict')
    expect(assignmentRows(renewal.id)).toEqual([])
  })

  test('the panel lists the conflicted expert disabled and the others free', async () => {
    const host = makeOrg(db)
    const { lab, renewal } = makeRenewal({ hostOrgId: host.id })
    const own = await makeExpert(host.id)
    const free = await makeExpert(null)
    const options = expertOptions({ labId: lab.id, hostOrgId: host.id, renewalId: renewal.id })
    expect(options.find((o) => o.id === own.id)).toMatchObject({ conflicted: true, assigned: false, organisationName: host.name })
    expect(options.find((o) => o.id === free.id)).toMatchObject({ conflicted: false, assigned: false, organisationName: null })
  })

  test('only an active expert account can be assigned, and only once', async () => {
    const { lab, renewal } = makeRenewal()
    const district = await makeUser(db, { role: 'district', districtCode: '320508' })
    const inactive = await makeExpert(null, false)
    for (const expertId of [district.id, inactive.id, 'abc', '', undefined, 99999]) {
      const result = assignExpert({
        by: bureau,
        labId: lab.id,
        renewalId: renewal.id,
        expertId,
        version: currentVersion(renewals, renewal.id),
      })
      expect(result.ok === false && result.error === 'invalid' && result.errors.expertId?.key).toBe('expertReview.error.expertInvalid')
    }
    const expert = await makeExpert()
    expect(
      assignExpert({ by: bureau, labId: lab.id, renewalId: renewal.id, expertId: expert.id, version: currentVersion(renewals, renewal.id) })
        .ok,
    ).toBe(true)
    const again = assignExpert({
      by: bureau,
      labId: lab.id,
      renewalId: renewal.id,
      expertId: expert.id,
      version: currentVersion(renewals, renewal.id),
    })
    expect(again.ok === false && again.error === 'invalid' && again.errors.expertId?.key).toBe('expertReview.error.alreadyAssigned')
    expect(assignmentRows(renewal.id)).toHaveLength(1)
  })

  test('a draft is out of sight and a decided renewal takes no more experts', async () => {
    const expert = await makeExpert()
    const draft = makeRenewal({ status: 'draft' })
    expect(
      assignExpert({
        by: bureau,
        labId: draft.lab.id,
        renewalId: draft.renewal.id,
        expertId: expert.id,
        version: currentVersion(renewals, draft.renewal.id),
      }),
    ).toEqual({
      ok: false,
      error: 'not_found',
    })
    const decided = makeRenewal({ status: 'decided' })
    const result = assignExpert({
      by: bureau,
      labId: decided.lab.id,
      renewalId: decided.renewal.id,
      expertId: expert.id,
      version: currentVersion(renewals, decided.renewal.id),
    })
    expect(result).toEqual({
      ok: false,
      error: 'conflict',
      errors: { _form: { key: 'expertReview.error.notAssignable', vars: undefined } },
    })
    expect(assignmentRows(decided.renewal.id)).toEqual([])
  })

  test('a district, the lab and an expert cannot assign; a renewal of another lab id is not found', async () => {
    const { lab, renewal } = makeRenewal()
    const expert = await makeExpert()
    const district = asUser(await makeUser(db, { role: 'district', districtCode: '320508' }))
    const otherDistrict = asUser(await makeUser(db, { role: 'district', districtCode: '320583' }))
    const labUser = asUser(await makeUser(db, { role: 'lab', labId: lab.id }))
    expect(
      assignExpert({
        by: district,
        labId: lab.id,
        renewalId: renewal.id,
        expertId: expert.id,
        version: currentVersion(renewals, renewal.id),
      }),
    ).toEqual({
      ok: false,
      error: 'forbidden',
    })
    expect(
      assignExpert({
        by: labUser,
        labId: lab.id,
        renewalId: renewal.id,
        expertId: expert.id,
        version: currentVersion(renewals, renewal.id),
      }),
    ).toEqual({
      ok: false,
      error: 'forbidden',
    })
    expect(
      assignExpert({
        by: otherDistrict,
        labId: lab.id,
        renewalId: renewal.id,
        expertId: expert.id,
        version: currentVersion(renewals, renewal.id),
      }),
    ).toEqual({
      ok: false,
      error: 'not_found',
    })
    expect(
      assignExpert({
        by: expert,
        labId: lab.id,
        renewalId: renewal.id,
        expertId: expert.id,
        version: currentVersion(renewals, renewal.id),
      }),
    ).toEqual({
      ok: false,
      error: 'not_found',
    })
    const other = makeRenewal()
    expect(
      assignExpert({
        by: bureau,
        labId: other.lab.id,
        renewalId: renewal.id,
        expertId: expert.id,
        version: currentVersion(renewals, renewal.id),
      }),
    ).toEqual({
      ok: false,
      error: 'not_found',
    })
    expect(assignmentRows(renewal.id)).toEqual([])
    expect(statusOf(renewal.id)).toBe('submitted')
  })

  test('the bureau removes an expert before the review, not after it, and never a declared conflict', async () => {
    const { lab, renewal, assignment, expert } = await assigned()
    const district = asUser(await makeUser(db, { role: 'district', districtCode: '320508' }))
    expect(
      handleReviewIntent({
        intent: 'unassignExpert',
        values: { assignmentId: String(assignment.id), rowVersion: currentVersion(renewals, renewal.id) },
        by: district,
        labId: lab.id,
        renewalId: renewal.id,
      }),
    ).toEqual({
      ok: false,
      error: 'forbidden',
    })
    expect(
      handleReviewIntent({
        intent: 'unassignExpert',
        values: { assignmentId: String(assignment.id), rowVersion: currentVersion(renewals, renewal.id) },
        by: bureau,
        labId: lab.id,
        renewalId: renewal.id,
      }).ok,
    ).toBe(true)
    expect(assignmentRows(renewal.id)).toEqual([])
    expect(events(renewal.id).at(-1)).toMatchObject({ action: 'unassign_expert', comment: expert.displayName, toStatus: 'under_review' })
    expect(audits('review_assignment').map((a) => a.action)).toEqual(['assign_expert', 'unassign_expert'])

    const reviewed = await assigned()
    expect(
      submitReview({
        by: reviewed.expert,
        assignmentId: reviewed.assignment.id,
        scores: scoresFor([80, 80, 80, 80, 80]),
        opinion: '好',
        version: currentVersion(reviewAssignments, reviewed.assignment.id),
      }).ok,
    ).toBe(true)
    const refused = unassignExpert({
      by: bureau,
      labId: reviewed.lab.id,
      renewalId: reviewed.renewal.id,
      assignmentId: reviewed.assignment.id,
      version: currentVersion(renewals, reviewed.renewal.id),
    })
    expect(refused.ok === false && refused.error === 'conflict' && refused.errors._form?.key).toBe('expertReview.error.alreadyReviewed')

    const declined = await assigned()
    expect(
      declareConflict({
        by: declined.expert,
        assignmentId: declined.assignment.id,
        note: '曾参与该实验室项目',
        version: currentVersion(reviewAssignments, declined.assignment.id),
      }).ok,
    ).toBe(true)
    const kept = unassignExpert({
      by: bureau,
      labId: declined.lab.id,
      renewalId: declined.renewal.id,
      assignmentId: declined.assignment.id,
      version: currentVersion(renewals, declined.renewal.id),
    })
    expect(kept.ok === false && kept.error === 'conflict' && kept.errors._form?.key).toBe('expertReview.error.conflictKept')
    expect(assignmentRows(declined.renewal.id)).toHaveLength(1)
    // an assignment of another renewal is not found through this one
    expect(
      unassignExpert({
        by: bureau,
        labId: lab.id,
        renewalId: renewal.id,
        assignmentId: declined.assignment.id,
        version: currentVersion(renewals, renewal.id),
      }),
    ).toEqual({
      ok: false,
      error: 'not_found',
    })
  })
})

describe("the bureau's panel", () => {
  test('the bureau gets the experts to choose from and the assign form; a district reads the reviews only', async () => {
    const { lab, renewal, expert } = await assigned()
    const other = await makeExpert(lab.hostOrgId)
    const district = asUser(await makeUser(db, { role: 'district', districtCode: '320508' }))
    const forBureau = reviewPanelData(bureau, findRenewal(bureau, lab.id, renewal.id)!)
    expect(forBureau).toMatchObject({ labId: lab.id, renewalId: renewal.id, canAssign: true, weightsOk: true, meanTotal: null })
    expect(forBureau.assignments.map((a) => [a.expertId, a.status])).toEqual([[expert.id, 'assigned']])
    expect(forBureau.experts.map((e) => [e.id, e.assigned, e.conflicted])).toEqual(
      expect.arrayContaining([
        [expert.id, true, false],
        [other.id, false, true],
      ]),
    )
    const forDistrict = reviewPanelData(district, findRenewal(district, lab.id, renewal.id)!)
    expect(forDistrict).toMatchObject({ canAssign: false, experts: [] })
    expect(forDistrict.assignments).toHaveLength(1)
  })
})

describe('what an expert sees', () => {
  test('an expert sees only renewals assigned to them, and loses one by declaring a conflict', async () => {
    const { lab, renewal, expert, assignment } = await assigned()
    const stranger = await makeExpert()
    expect(findRenewal(stranger, lab.id, renewal.id)).toBeNull()
    expect(findRenewal(expert, lab.id, renewal.id)?.assignment?.id).toBe(assignment.id)
    expect(listMyAssignments(expert).map((a) => a.renewalId)).toEqual([renewal.id])
    expect(listMyAssignments(stranger)).toEqual([])
    // the queue's count (its total and pages) is the rows it lists, the expert's alone
    expect(countMyAssignments(expert)).toBe(1)
    expect(countMyAssignments(stranger)).toBe(0)
    expect(countMyAssignments({ ...bureau, role: 'bureau' })).toBe(0)

    expect(
      declareConflict({ by: expert, assignmentId: assignment.id, note: '  ', version: currentVersion(reviewAssignments, assignment.id) }),
    ).toEqual({
      ok: false,
      error: 'invalid',
      errors: { conflictNote: { key: 'expertReview.error.noteRequired' } },
    })
    expect(
      declareConflict({
        by: stranger,
        assignmentId: assignment.id,
        note: '别人的',
        version: currentVersion(reviewAssignments, assignment.id),
      }),
    ).toEqual({ ok: false, error: 'not_found' })
    expect(assignmentRows(renewal.id)[0].status).toBe('assigned')

    expect(
      declareConflict({
        by: expert,
        assignmentId: assignment.id,
        note: '本人曾在依托单位任职',
        version: currentVersion(reviewAssignments, assignment.id),
      }).ok,
    ).toBe(true)
    expect(assignmentRows(renewal.id)[0]).toMatchObject({ status: 'conflict', conflictNote: '本人曾在依托单位任职' })
    expect(findRenewal(expert, lab.id, renewal.id)).toBeNull()
    expect(listMyAssignments(expert)).toEqual([])
    expect(countMyAssignments(expert)).toBe(0)
    expect(
      submitReview({
        by: expert,
        assignmentId: assignment.id,
        scores: scoresFor([1, 1, 1, 1, 1]),
        opinion: 'x',
        version: currentVersion(reviewAssignments, assignment.id),
      }),
    ).toEqual({
      ok: false,
      error: 'not_found',
    })
    expect(audits('review_assignment').at(-1)).toMatchObject({ action: 'declare_conflict', actorUserId: expert.id, labId: lab.id })
  })
})

describe('scoring', () => {
  test.each([
    ['a missing criterion', ['80', '90', '70', '60', ''], 'expertReview.error.scoreRequired'],
    ['101', ['80', '90', '70', '60', '101'], 'expertReview.error.scoreRange'],
    ['-1', ['80', '90', '70', '60', '-1'], 'expertReview.error.scoreRange'],
    ['2.5', ['80', '90', '70', '60', '2.5'], 'expertReview.error.scoreRange'],
    ['a word', ['80', '90', '70', '60', 'abc'], 'expertReview.error.scoreRange'],
  ])('%s is refused and nothing is stored', async (_name, values, key) => {
    const { renewal, expert, assignment } = await assigned()
    const last = activeCriteria().at(-1)!
    const result = submitReview({
      by: expert,
      assignmentId: assignment.id,
      scores: scoresFor(values),
      opinion: '意见',
      version: currentVersion(reviewAssignments, assignment.id),
    })
    expect(result.ok === false && result.error === 'invalid' && result.errors[`score-${last.id}`]?.key).toBe(key)
    expect(db.select().from(reviewScores).all()).toEqual([])
    expect(assignmentRows(renewal.id)[0]).toMatchObject({ status: 'assigned', totalScore: null, opinion: '' })
    expect(events(renewal.id).filter((e) => e.action === 'review')).toEqual([])
  })

  test('an opinion is required', async () => {
    const { expert, assignment } = await assigned()
    const result = submitReview({
      by: expert,
      assignmentId: assignment.id,
      scores: scoresFor([80, 80, 80, 80, 80]),
      opinion: ' ',
      version: currentVersion(reviewAssignments, assignment.id),
    })
    expect(result).toEqual({ ok: false, error: 'invalid', errors: { opinion: { key: 'expertReview.error.opinionRequired' } } })
  })

  test('the total weighs the scores by the criteria, the review is then final, and the panel shows the mean', async () => {
    const { lab, renewal, expert, assignment } = await assigned()
    // default weights 30, 20, 15, 15, 20
    expect(activeCriteria().map((c) => c.weight)).toEqual([30, 20, 15, 15, 20])
    expect(
      submitReview({
        by: expert,
        assignmentId: assignment.id,
        scores: scoresFor(['80', '90', '70', '60', '100']),
        opinion: ' 总体良好 ',
        version: currentVersion(reviewAssignments, assignment.id),
      }).ok,
    ).toBe(true)
    const row = assignmentRows(renewal.id)[0]
    expect(row).toMatchObject({ status: 'submitted', totalScore: 81.5, opinion: '总体良好', submittedAt: AT })
    expect(db.select().from(reviewScores).where(eq(reviewScores.assignmentId, assignment.id)).all()).toHaveLength(5)
    expect(events(renewal.id).at(-1)).toMatchObject({
      action: 'review',
      actorUserId: expert.id,
      fromStatus: 'under_review',
      toStatus: 'under_review',
    })
    expect(audits('review_assignment').at(-1)).toMatchObject({ action: 'review', actorUserId: expert.id })

    const again = submitReview({
      by: expert,
      assignmentId: assignment.id,
      scores: scoresFor([0, 0, 0, 0, 0]),
      opinion: '改',
      version: currentVersion(reviewAssignments, assignment.id),
    })
    expect(again.ok === false && again.error === 'conflict' && again.errors._form?.key).toBe('expertReview.error.alreadyReviewed')
    expect(assignmentRows(renewal.id)[0].totalScore).toBe(81.5)

    const second = await makeExpert()
    expect(
      assignExpert({ by: bureau, labId: lab.id, renewalId: renewal.id, expertId: second.id, version: currentVersion(renewals, renewal.id) })
        .ok,
    ).toBe(true)
    const secondId = assignmentRows(renewal.id).find((a) => a.expertId === second.id)!.id
    expect(
      submitReview({
        by: second,
        assignmentId: secondId,
        scores: scoresFor([70, 70, 70, 70, 70]),
        opinion: '合格',
        version: currentVersion(reviewAssignments, secondId),
      }).ok,
    ).toBe(true)
    const panel = assignmentsOf(renewal.id)
    expect(panel.meanTotal).toBe(75.8)
    expect(panel.assignments[0].scores.map((s) => s.score)).toEqual([80, 90, 70, 60, 100])
    expect(panel.assignments.map((a) => [a.expertName, a.status, a.totalScore])).toEqual([
      [expert.displayName, 'submitted', 81.5],
      [second.displayName, 'submitted', 70],
    ])
  })

  test("an expert cannot submit another expert's review, nor can the bureau, a district or the lab", async () => {
    const { lab, renewal, assignment } = await assigned()
    const other = await makeExpert()
    const district = asUser(await makeUser(db, { role: 'district', districtCode: '320508' }))
    const labUser = asUser(await makeUser(db, { role: 'lab', labId: lab.id }))
    for (const by of [other, bureau, district, labUser]) {
      expect(
        submitReview({
          by,
          assignmentId: assignment.id,
          scores: scoresFor([80, 80, 80, 80, 80]),
          opinion: '好',
          version: currentVersion(reviewAssignments, assignment.id),
        }),
      ).toEqual({
        ok: false,
        error: 'not_found',
      })
      expect(
        declareConflict({ by, assignmentId: assignment.id, note: '冲突', version: currentVersion(reviewAssignments, assignment.id) }),
      ).toEqual({ ok: false, error: 'not_found' })
    }
    expect(assignmentRows(renewal.id)[0].status).toBe('assigned')
  })

  test('a decided renewal takes no more reviews', async () => {
    const { renewal, expert, assignment } = await assigned()
    db.update(renewals).set({ status: 'decided' }).where(eq(renewals.id, renewal.id)).run()
    const result = submitReview({
      by: expert,
      assignmentId: assignment.id,
      scores: scoresFor([80, 80, 80, 80, 80]),
      opinion: '好',
      version: currentVersion(reviewAssignments, assignment.id),
    })
    expect(result.ok === false && result.error === 'conflict' && result.errors._form?.key).toBe('expertReview.error.renewalClosed')
  })

  test('an expert whose organisation has since joined the lab cannot submit', async () => {
    const { lab, expert, assignment } = await assigned()
    db.update(users).set({ organisationId: lab.hostOrgId }).where(eq(users.id, expert.id)).run()
    const result = submitReview({
      by: expert,
      assignmentId: assignment.id,
      scores: scoresFor([80, 80, 80, 80, 80]),
      opinion: '好',
      version: currentVersion(reviewAssignments, assignment.id),
    })
    expect(result.ok === false && result.error === 'conflict' && result.errors._form?.key).toBe('expertReview.error.ownOrganisation')
  })

  test('reviews wait while the active weights do not add up to 100', async () => {
    const { expert, assignment } = await assigned()
    expect(addCriterion({ by: bureau, labelZh: '社会效益', labelEn: 'Social benefit', weight: '10' }).ok).toBe(true)
    const result = submitReview({
      by: expert,
      assignmentId: assignment.id,
      scores: scoresFor([80, 80, 80, 80, 80, 80]),
      opinion: '好',
      version: currentVersion(reviewAssignments, assignment.id),
    })
    expect(result).toEqual({
      ok: false,
      error: 'conflict',
      errors: { _form: { key: 'expertReview.error.weightsNot100', vars: { sum: 110, total: 100 } } },
    })
    const weights = Object.fromEntries(activeCriteria().map((c, i) => [String(c.id), String([30, 20, 15, 15, 10, 10][i])]))
    expect(setCriteriaWeights({ by: bureau, weights, versions: criteriaVersions() }).ok).toBe(true)
    expect(
      submitReview({
        by: expert,
        assignmentId: assignment.id,
        scores: scoresFor([80, 80, 80, 80, 80, 80]),
        opinion: '好',
        version: currentVersion(reviewAssignments, assignment.id),
      }).ok,
    ).toBe(true)
  })
})

describe('criteria', () => {
  test('each change is audited and only the bureau makes it', async () => {
    const district = asUser(await makeUser(db, { role: 'district', districtCode: '320508' }))
    const expert = await makeExpert()
    const first = allCriteria()[0]
    for (const by of [district, expert]) {
      expect(addCriterion({ by, labelZh: '新', labelEn: 'New', weight: 10 })).toEqual({ ok: false, error: 'forbidden' })
      expect(
        renameCriterion({ by, id: first.id, labelZh: '改', labelEn: 'Changed', version: currentVersion(reviewCriteria, first.id) }),
      ).toEqual({ ok: false, error: 'forbidden' })
      expect(setCriterionActive({ by, id: first.id, active: false, version: currentVersion(reviewCriteria, first.id) })).toEqual({
        ok: false,
        error: 'forbidden',
      })
      expect(moveCriterion({ by, id: first.id, direction: 'down', version: currentVersion(reviewCriteria, first.id) })).toEqual({
        ok: false,
        error: 'forbidden',
      })
      expect(setCriteriaWeights({ by, weights: {}, versions: criteriaVersions() })).toEqual({ ok: false, error: 'forbidden' })
    }
    expect(audits('review_criterion')).toEqual([])

    expect(
      renameCriterion({
        by: bureau,
        id: first.id,
        labelZh: '年度成果',
        labelEn: 'Deliverables',
        version: currentVersion(reviewCriteria, first.id),
      }),
    ).toEqual({ ok: true, changed: true })
    expect(moveCriterion({ by: bureau, id: first.id, direction: 'down', version: currentVersion(reviewCriteria, first.id) }).ok).toBe(true)
    expect(allCriteria().map((c) => c.position)).toEqual([1, 2, 3, 4, 5])
    expect(allCriteria()[1].id).toBe(first.id)
    expect(setCriterionActive({ by: bureau, id: first.id, active: false, version: currentVersion(reviewCriteria, first.id) }).ok).toBe(true)
    const log = audits('review_criterion')
    expect(log.map((a) => [a.action, a.entityId, a.actorUserId])).toEqual([
      ['update', String(first.id), bureau.id],
      ['update', String(allCriteria()[0].id), bureau.id],
      ['update', String(first.id), bureau.id],
      ['update', String(first.id), bureau.id],
    ])
    expect(
      db
        .select()
        .from(reviewCriteria)
        .where(and(eq(reviewCriteria.id, first.id)))
        .get(),
    ).toMatchObject({ active: false, updatedBy: bureau.id, labelZh: '年度成果' })
  })

  test('weights must be whole numbers 1..100 adding up to 100; the last active criterion stays', () => {
    const ids = activeCriteria().map((c) => String(c.id))
    const off = setCriteriaWeights({ by: bureau, weights: Object.fromEntries(ids.map((id) => [id, '25'])), versions: criteriaVersions() })
    expect(off).toEqual({ ok: false, error: 'invalid', errors: { _form: { key: 'criteria.error.sum', vars: { sum: 125, total: 100 } } } })
    const bad = setCriteriaWeights({
      by: bureau,
      weights: { ...Object.fromEntries(ids.map((id) => [id, '20'])), [ids[0]]: '2.5' },
      versions: criteriaVersions(),
    })
    expect(bad.ok === false && bad.error === 'invalid' && bad.errors[`weight-${ids[0]}`]?.key).toBe('criteria.error.weight')
    expect(activeCriteria().map((c) => c.weight)).toEqual([30, 20, 15, 15, 20])
    expect(
      setCriteriaWeights({ by: bureau, weights: Object.fromEntries(ids.map((id) => [id, '20'])), versions: criteriaVersions() }),
    ).toEqual({
      ok: true,
      changed: true,
    })
    expect(activeCriteria().map((c) => c.weight)).toEqual([20, 20, 20, 20, 20])

    for (const c of allCriteria().slice(1))
      expect(setCriterionActive({ by: bureau, id: c.id, active: false, version: currentVersion(reviewCriteria, c.id) }).ok).toBe(true)
    const last = setCriterionActive({
      by: bureau,
      id: allCriteria()[0].id,
      active: false,
      version: currentVersion(reviewCriteria, allCriteria()[0].id),
    })
    expect(last.ok === false && last.error === 'invalid' && last.errors._form?.key).toBe('criteria.error.lastActive')
    const dup = addCriterion({ by: bureau, labelZh: allCriteria()[0].labelZh, labelEn: 'Other', weight: '10' })
    expect(dup.ok === false && dup.error === 'invalid' && dup.errors.labelZh?.key).toBe('criteria.error.duplicate')
    expect(renameCriterion({ by: bureau, id: 9999, labelZh: 'x', labelEn: 'y', version: currentVersion(reviewCriteria, 9999) })).toEqual({
      ok: false,
      error: 'not_found',
    })
  })
})
