import { describe, expect, test } from 'vitest'
import { REQUEST_STATUSES, type RequestStatus } from '~db/schema/enums'
import {
  availableRequestSteps,
  canCommentOnRequest,
  canCreateRequest,
  canEditRequest,
  canSeeRequest,
  checkRequestStep,
  REQUEST_STEP_NAMES,
  requestStepNeedsComment,
} from '~/domain/request-workflow'

import { ACTORS, expectedStep, lab, REQUEST_SPEC, type Who } from '../request-spec'

describe('the request transition table', () => {
  const cases = REQUEST_STEP_NAMES.flatMap((step) =>
    (Object.keys(ACTORS) as Who[]).flatMap((who) =>
      REQUEST_STATUSES.flatMap((from) => [false, true].map((opinionRequired) => ({ step, who, from, opinionRequired }))),
    ),
  )

  test.each(cases)('$step by $who from $from (district opinion asked: $opinionRequired)', ({ step, who, from, opinionRequired }) => {
    const result = checkRequestStep(ACTORS[who], { status: from, districtOpinionRequired: opinionRequired, lab }, step)
    const allowed = expectedStep(step, who, from, opinionRequired)
    if (allowed) expect(result).toEqual({ ok: true, to: allowed.to })
    else expect(result.ok).toBe(false)
  })

  test('every step of the spec is reachable, and the spec covers every step', () => {
    expect(Object.keys(REQUEST_SPEC).sort()).toEqual([...REQUEST_STEP_NAMES].sort())
  })

  test('a refusal says why: role, status, or the district not heard yet', () => {
    const submitted = { status: 'submitted' as const, districtOpinionRequired: true, lab }
    expect(checkRequestStep(ACTORS.lab_district, submitted, 'approve')).toEqual({ ok: false, reason: 'not_allowed_for_role' })
    expect(checkRequestStep(ACTORS.bureau, submitted, 'approve')).toEqual({ ok: false, reason: 'wrong_status' })
    expect(checkRequestStep(ACTORS.bureau, submitted, 'accept')).toEqual({ ok: false, reason: 'awaiting_district' })
    expect(checkRequestStep(ACTORS.lab_district, { ...submitted, districtOpinionRequired: false }, 'district_opinion')).toEqual({
      ok: false,
      reason: 'opinion_not_requested',
    })
  })

  test('the lab may withdraw until the bureau decides, never after', () => {
    const canWithdraw = (status: RequestStatus) =>
      checkRequestStep(ACTORS.own_lab, { status, districtOpinionRequired: false, lab }, 'withdraw').ok
    expect(REQUEST_STATUSES.filter(canWithdraw)).toEqual(['draft', 'submitted', 'district_reviewed', 'returned', 'accepted'])
  })

  test('the page offers the bureau the three decisions on an accepted request', () => {
    expect(availableRequestSteps(ACTORS.bureau, { status: 'accepted', districtOpinionRequired: false, lab })).toEqual([
      'return',
      'approve',
      'partly_approve',
      'reject',
    ])
    expect(availableRequestSteps(ACTORS.other_district, { status: 'submitted', districtOpinionRequired: true, lab })).toEqual([])
  })

  test('returns, rejections and district opinions must say why', () => {
    expect(REQUEST_STEP_NAMES.filter(requestStepNeedsComment).sort()).toEqual(['district_opinion', 'reject', 'return'])
  })
})

describe('who sees, edits and comments', () => {
  test('a draft is the lab’s own until it is submitted', () => {
    const draft = { status: 'draft' as const, lab }
    expect(canSeeRequest(ACTORS.own_lab, draft)).toBe(true)
    expect(canSeeRequest(ACTORS.bureau, draft)).toBe(false)
    expect(canSeeRequest(ACTORS.lab_district, draft)).toBe(false)
    const submitted = { status: 'submitted' as const, lab }
    expect(canSeeRequest(ACTORS.bureau, submitted)).toBe(true)
    expect(canSeeRequest(ACTORS.lab_district, submitted)).toBe(true)
    expect(canSeeRequest(ACTORS.other_district, submitted)).toBe(false)
    expect(canSeeRequest(ACTORS.other_lab, submitted)).toBe(false)
    expect(canSeeRequest(ACTORS.expert, submitted)).toBe(false)
  })

  test('only the lab edits, and only a draft or a request returned to it', () => {
    const editable = REQUEST_STATUSES.filter((status) => canEditRequest(ACTORS.own_lab, { status, lab }))
    expect(editable).toEqual(['draft', 'returned'])
    expect(canEditRequest(ACTORS.bureau, { status: 'draft', lab })).toBe(false)
    expect(canEditRequest(ACTORS.other_lab, { status: 'draft', lab })).toBe(false)
  })

  test('comments come from those who see a submitted request', () => {
    expect(canCommentOnRequest(ACTORS.own_lab, { status: 'draft', lab })).toBe(false)
    expect(canCommentOnRequest(ACTORS.lab_district, { status: 'closed', lab })).toBe(true)
    expect(canCommentOnRequest(ACTORS.other_district, { status: 'accepted', lab })).toBe(false)
  })

  test('only a lab’s own staff ask for support for it', () => {
    expect(canCreateRequest(ACTORS.own_lab, lab)).toBe(true)
    expect(canCreateRequest(ACTORS.other_lab, lab)).toBe(false)
    expect(canCreateRequest(ACTORS.bureau, lab)).toBe(false)
    expect(canCreateRequest(ACTORS.lab_district, lab)).toBe(false)
  })
})
