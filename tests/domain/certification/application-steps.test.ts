import { describe, expect, test } from 'vitest'
import type { CertificationActor } from '~/domain/certification/actors'
import {
  allowedSteps,
  APPLICATION_STATUSES,
  APPLICATION_STEP_NAMES,
  APPLICATION_STEPS,
  canEditApplication,
  canSeeApplication,
  checkStep,
  isApplicationStep,
  onPublicList,
  onTime,
  readStepInput,
  REASONS_MAX,
  refusalMessage,
  stepAudiences,
  stepNeedsGrounds,
  stepNeedsReasons,
  type ApplicationStatus,
  type ApplicationStep,
  type ApplicationStepRefusal,
} from '~/domain/certification/application-steps'
import { en, zh } from '~/i18n/catalogs.server'
import { applicationFacts, ROUND } from './facts'

// The application: applicant 11's, sent to 姑苏区 (320508); experts 31 (assigned) and 32 (assigned,
// declared a conflict).
const ACTORS = {
  own_applicant: { role: 'applicant', applicantId: 11 },
  other_applicant: { role: 'applicant', applicantId: 12 },
  own_office: { role: 'office', office: { kind: 'district', districtCode: '320508' } },
  other_district: { role: 'office', office: { kind: 'district', districtCode: '320583' } },
  a_department: { role: 'office', office: { kind: 'department', departmentId: 1 } },
  bureau: { role: 'bureau' },
  assigned_expert: { role: 'expert', expertId: 31 },
  conflicted_expert: { role: 'expert', expertId: 32 },
  unassigned_expert: { role: 'expert', expertId: 33 },
} as const satisfies Record<string, CertificationActor>
type Who = keyof typeof ACTORS

// The steps restated apart from APPLICATION_STEPS, so a change to the table must be made
// here too. until: the latest instant it may be taken; after: the instant it waits for.
type Spec = { who: Who; from: ApplicationStatus[]; to: ApplicationStatus | 'same'; until?: 'apps' | 'recs'; after?: 'recs' }
const SPEC: Record<ApplicationStep, Spec> = {
  submit: { who: 'own_applicant', from: ['draft'], to: 'submitted', until: 'apps' },
  resubmit: { who: 'own_applicant', from: ['returned'], to: 'submitted', until: 'apps' },
  withdraw: { who: 'own_applicant', from: ['draft', 'submitted', 'returned', 'recommended'], to: 'withdrawn', until: 'apps' },
  return: { who: 'own_office', from: ['submitted'], to: 'returned', until: 'apps' },
  reject: { who: 'own_office', from: ['submitted'], to: 'rejected', until: 'recs' },
  recommend: { who: 'own_office', from: ['submitted'], to: 'recommended', until: 'recs' },
  withdraw_recommendation: { who: 'own_office', from: ['recommended'], to: 'submitted', until: 'recs' },
  start_review: { who: 'bureau', from: ['recommended'], to: 'under_review', after: 'recs' },
  score: { who: 'assigned_expert', from: ['under_review'], to: 'same' },
  shortlist: { who: 'bureau', from: ['under_review'], to: 'shortlisted' },
  not_shortlist: { who: 'bureau', from: ['under_review'], to: 'not_shortlisted' },
  publish: { who: 'bureau', from: ['shortlisted'], to: 'in_notice' },
  sustain_objection: { who: 'bureau', from: ['in_notice'], to: 'objection_sustained' },
  certify: { who: 'bureau', from: ['in_notice'], to: 'certified' },
}

// Before, exactly at and a second after each deadline (17:00 Beijing time = 09:00 UTC).
const TIMES = {
  'well before the applicants deadline': '2026-06-01T02:00:00.000Z',
  'at the applicants deadline, 17:00:00': ROUND.applicationsDueAt,
  'a second after the applicants deadline': '2026-06-30T09:00:01.000Z',
  'at the offices deadline, 17:00:00': ROUND.recommendationsDueAt,
  'a second after the offices deadline': '2026-07-10T09:00:01.000Z',
  'weeks after both deadlines': '2026-08-01T02:00:00.000Z',
} as const

function expected(
  step: ApplicationStep,
  who: Who,
  status: ApplicationStatus,
  at: string,
): { ok: boolean; reason?: ApplicationStepRefusal } {
  const rule = SPEC[step]
  if (who !== rule.who) return { ok: false, reason: 'not_allowed_for_role' }
  if (!rule.from.includes(status)) return { ok: false, reason: 'wrong_status' }
  if (rule.until === 'apps' && at > ROUND.applicationsDueAt) return { ok: false, reason: 'applications_closed' }
  if (rule.until === 'recs' && at > ROUND.recommendationsDueAt) return { ok: false, reason: 'recommendations_closed' }
  if (rule.after === 'recs' && at <= ROUND.recommendationsDueAt) return { ok: false, reason: 'recommendations_open' }
  return { ok: true }
}

describe('every step × every role × every status, before and after each deadline', () => {
  test('the spec names every step of the table, and only those', () => {
    expect(Object.keys(SPEC).sort()).toEqual([...APPLICATION_STEP_NAMES].sort())
  })

  for (const step of APPLICATION_STEP_NAMES) {
    test(`${step}: only ${SPEC[step].who}, only from ${SPEC[step].from.join('/')}, only in time`, () => {
      let allowed = 0
      for (const who of Object.keys(ACTORS) as Who[])
        for (const status of APPLICATION_STATUSES)
          for (const [when, at] of Object.entries(TIMES)) {
            const got = checkStep(ACTORS[who], applicationFacts({ status }), step, new Date(at))
            const want = expected(step, who, status, at)
            const label = `${step} by ${who} on ${status} ${when}`
            if (want.ok) {
              allowed++
              expect(got, label).toEqual({ ok: true, to: SPEC[step].to === 'same' ? status : SPEC[step].to })
            } else expect(got, label).toEqual({ ok: false, reason: want.reason })
          }
      // every step is possible for someone at some time: the table has no dead row
      expect(allowed).toBeGreaterThan(0)
    })
  }
})

describe('deadlines', () => {
  test('a submission at 17:00:00 Beijing time is on time and one at 17:00:01 is late', () => {
    const draft = applicationFacts()
    expect(checkStep(ACTORS.own_applicant, draft, 'submit', new Date('2026-06-30T09:00:00.000Z'))).toEqual({ ok: true, to: 'submitted' })
    expect(checkStep(ACTORS.own_applicant, draft, 'submit', new Date('2026-06-30T09:00:01.000Z'))).toEqual({
      ok: false,
      reason: 'applications_closed',
    })
    expect(onTime(new Date('2026-06-30T08:59:59.999Z'), ROUND.applicationsDueAt)).toBe(true)
    expect(onTime(new Date('2026-06-30T09:00:00.001Z'), ROUND.applicationsDueAt)).toBe(false)
  })

  test('a returned application can be corrected and resubmitted before the deadline, not after it', () => {
    const returned = applicationFacts({ status: 'returned' })
    expect(canEditApplication(ACTORS.own_applicant, returned, new Date(TIMES['well before the applicants deadline']))).toBe(true)
    expect(checkStep(ACTORS.own_applicant, returned, 'resubmit', new Date(TIMES['well before the applicants deadline'])).ok).toBe(true)
    expect(canEditApplication(ACTORS.own_applicant, returned, new Date(TIMES['a second after the applicants deadline']))).toBe(false)
    expect(checkStep(ACTORS.own_applicant, returned, 'resubmit', new Date(TIMES['a second after the applicants deadline']))).toEqual({
      ok: false,
      reason: 'applications_closed',
    })
  })

  test('after the applicants deadline the office can no longer return, only reject or recommend', () => {
    const between = new Date(TIMES['a second after the applicants deadline'])
    expect(allowedSteps(applicationFacts({ status: 'submitted' }), ACTORS.own_office, between)).toEqual(['reject', 'recommend'])
  })
})

describe('who may act', () => {
  const before = new Date(TIMES['well before the applicants deadline'])

  test('a city department reviews the applicants who chose it, and no district does', () => {
    const facts = applicationFacts({ status: 'submitted', office: { kind: 'department', departmentId: 1 } })
    expect(checkStep(ACTORS.a_department, facts, 'recommend', before)).toEqual({ ok: true, to: 'recommended' })
    expect(checkStep({ role: 'office', office: { kind: 'department', departmentId: 2 } }, facts, 'recommend', before)).toEqual({
      ok: false,
      reason: 'not_allowed_for_role',
    })
    expect(checkStep(ACTORS.own_office, facts, 'recommend', before)).toEqual({ ok: false, reason: 'not_allowed_for_role' })
  })

  test('an expert only scores, and not once a conflict is declared', () => {
    const facts = applicationFacts({ status: 'under_review' })
    const later = new Date(TIMES['weeks after both deadlines'])
    expect(allowedSteps(facts, ACTORS.assigned_expert, later)).toEqual(['score'])
    expect(allowedSteps(facts, ACTORS.conflicted_expert, later)).toEqual([])
    expect(allowedSteps(facts, ACTORS.unassigned_expert, later)).toEqual([])
  })

  test('only the applicant edits its own draft; nobody edits it once submitted', () => {
    expect(canEditApplication(ACTORS.own_applicant, applicationFacts(), before)).toBe(true)
    expect(canEditApplication(ACTORS.other_applicant, applicationFacts(), before)).toBe(false)
    expect(canEditApplication(ACTORS.own_office, applicationFacts(), before)).toBe(false)
    expect(canEditApplication(ACTORS.bureau, applicationFacts(), before)).toBe(false)
    expect(canEditApplication(ACTORS.own_applicant, applicationFacts({ status: 'submitted' }), before)).toBe(false)
  })

  test('the applicant offered its draft: submit or withdraw', () => {
    expect(allowedSteps(applicationFacts(), ACTORS.own_applicant, before)).toEqual(['submit', 'withdraw'])
  })
})

describe('guards', () => {
  const before = new Date(TIMES['well before the applicants deadline'])
  const later = new Date(TIMES['weeks after both deadlines'])

  test('a submission with a failing condition is refused and names the conditions', () => {
    const facts = applicationFacts({ failingConditions: ['team_size', 'attachments'] })
    expect(checkStep(ACTORS.own_applicant, facts, 'submit', before)).toEqual({
      ok: false,
      reason: 'conditions_unmet',
      failingConditions: ['team_size', 'attachments'],
    })
    expect(checkStep(ACTORS.own_applicant, { ...facts, status: 'returned' }, 'resubmit', before).ok).toBe(false)
  })

  test('a recommendation beyond the quota is refused; the last free place is taken', () => {
    const submitted = applicationFacts({ status: 'submitted' })
    expect(checkStep(ACTORS.own_office, { ...submitted, quota: { quota: 3, used: 2 } }, 'recommend', before).ok).toBe(true)
    expect(checkStep(ACTORS.own_office, { ...submitted, quota: { quota: 3, used: 3 } }, 'recommend', before)).toEqual({
      ok: false,
      reason: 'quota_full',
    })
    expect(checkStep(ACTORS.own_office, { ...submitted, quota: { quota: 0, used: 0 } }, 'recommend', before).ok).toBe(false)
  })

  test('a recommendation needs the sealed letter', () => {
    expect(checkStep(ACTORS.own_office, applicationFacts({ status: 'submitted', sealedLetter: false }), 'recommend', before)).toEqual({
      ok: false,
      reason: 'letter_missing',
    })
  })

  test('the bureau shortlists or not only once every expert without a conflict has scored', () => {
    const facts = applicationFacts({ status: 'under_review', scoresComplete: false })
    expect(checkStep(ACTORS.bureau, facts, 'shortlist', later)).toEqual({ ok: false, reason: 'scores_incomplete' })
    expect(checkStep(ACTORS.bureau, facts, 'not_shortlist', later)).toEqual({ ok: false, reason: 'scores_incomplete' })
  })

  test('certification waits for the day after the notice and for every objection decided', () => {
    const inNotice = applicationFacts({ status: 'in_notice', notice: { lastDay: '2026-08-20' } })
    // 2026-08-20 23:59 Beijing time is still the notice's last day
    expect(checkStep(ACTORS.bureau, inNotice, 'certify', new Date('2026-08-20T15:59:59.000Z'))).toEqual({
      ok: false,
      reason: 'notice_running',
    })
    expect(checkStep(ACTORS.bureau, inNotice, 'certify', new Date('2026-08-20T16:00:00.000Z'))).toEqual({ ok: true, to: 'certified' })
    expect(checkStep(ACTORS.bureau, { ...inNotice, openObjections: 1 }, 'certify', new Date('2026-08-21T02:00:00.000Z'))).toEqual({
      ok: false,
      reason: 'objections_open',
    })
    expect(checkStep(ACTORS.bureau, { ...inNotice, notice: null }, 'certify', later)).toEqual({ ok: false, reason: 'notice_running' })
    // a sustained objection does not wait for the notice's end
    expect(checkStep(ACTORS.bureau, { ...inNotice, openObjections: 1 }, 'sustain_objection', new Date('2026-08-15T02:00:00.000Z')).ok).toBe(
      true,
    )
  })
})

describe('what a step carries', () => {
  test('a return and a sustained objection need reasons; a recommendation does not', () => {
    expect(readStepInput('return', { reasons: '  ' }).errors.reasons?.key).toBe('certification.input.reasonsRequired')
    expect(readStepInput('sustain_objection', {}).errors.reasons?.key).toBe('certification.input.reasonsRequired')
    expect(readStepInput('recommend', {}).errors).toEqual({})
    expect(readStepInput('return', { reasons: ' 缺少盖章页 ' })).toEqual({ reasons: '缺少盖章页', grounds: [], errors: {} })
  })

  test('a rejection needs reasons and at least one known ground, kept in the guide order', () => {
    expect(readStepInput('reject', { reasons: '材料造假' }).errors.grounds?.key).toBe('certification.input.groundsRequired')
    expect(readStepInput('reject', { reasons: '材料造假', grounds: ['forged'] }).errors.grounds?.key).toBe('form.invalidChoice')
    expect(readStepInput('reject', { reasons: '材料造假', grounds: ['not_valid', 'incomplete', 'not_valid'] })).toEqual({
      reasons: '材料造假',
      grounds: ['incomplete', 'not_valid'],
      errors: {},
    })
    // grounds sent with another step are dropped, not stored
    expect(readStepInput('return', { reasons: 'x', grounds: ['incomplete'] }).grounds).toEqual([])
  })

  test('reasons longer than the limit are refused with the limit', () => {
    expect(readStepInput('return', { reasons: 'x'.repeat(REASONS_MAX + 1) }).errors.reasons).toEqual({
      key: 'form.tooLong',
      vars: { max: REASONS_MAX },
    })
    expect(readStepInput('return', { reasons: 'x'.repeat(REASONS_MAX) }).errors).toEqual({})
  })

  test('every refusal has its message in both languages', () => {
    const reasons: ApplicationStepRefusal[] = [
      'not_allowed_for_role',
      'wrong_status',
      'applications_closed',
      'recommendations_closed',
      'recommendations_open',
      'conditions_unmet',
      'quota_full',
      'letter_missing',
      'scores_incomplete',
      'notice_running',
      'objections_open',
    ]
    for (const reason of reasons) {
      expect(zh[refusalMessage(reason)]).toMatch(/[\u4e00-\u9fff]/)
      expect(en[refusalMessage(reason)]).toMatch(/^[\x20-\x7e]+$/)
    }
  })
})

describe('who is told, and who sees', () => {
  test('each step tells whose turn comes next or whose application it is; a draft withdrawn tells nobody', () => {
    const told = Object.fromEntries(APPLICATION_STEP_NAMES.map((step) => [step, stepAudiences(step, APPLICATION_STEPS[step].from[0])]))
    expect(told).toEqual({
      submit: ['own_office'],
      resubmit: ['own_office'],
      withdraw: [],
      return: ['own_applicant'],
      reject: ['own_applicant'],
      recommend: ['own_applicant'],
      withdraw_recommendation: ['own_applicant'],
      start_review: ['own_applicant', 'own_office'],
      score: ['bureau'],
      shortlist: ['own_applicant', 'own_office'],
      not_shortlist: ['own_applicant', 'own_office'],
      publish: ['own_applicant', 'own_office'],
      sustain_objection: ['own_applicant', 'own_office'],
      certify: ['own_applicant', 'own_office'],
    })
    expect(stepAudiences('withdraw', 'submitted')).toEqual(['own_office'])
    expect(stepAudiences('withdraw', 'recommended')).toEqual(['own_office'])
  })

  test('a draft is the applicant’s own; the office and the bureau see what was submitted', () => {
    const draft = { ...applicationFacts(), submitted: false }
    expect(canSeeApplication(ACTORS.own_applicant, draft)).toBe(true)
    for (const who of ['own_office', 'bureau', 'other_applicant', 'other_district', 'a_department', 'assigned_expert'] as const)
      expect(canSeeApplication(ACTORS[who], draft), who).toBe(false)
    // a draft withdrawn was never submitted; an application withdrawn after submission was
    expect(canSeeApplication(ACTORS.own_office, { ...draft, status: 'withdrawn' })).toBe(false)
    expect(canSeeApplication(ACTORS.own_office, { ...draft, status: 'withdrawn', submitted: true })).toBe(true)
    const submitted = { ...applicationFacts({ status: 'submitted' }), submitted: true }
    expect(canSeeApplication(ACTORS.own_office, submitted)).toBe(true)
    expect(canSeeApplication(ACTORS.bureau, submitted)).toBe(true)
    expect(canSeeApplication(ACTORS.other_district, submitted)).toBe(false)
    expect(canSeeApplication(ACTORS.other_applicant, submitted)).toBe(false)
  })

  test('an expert sees its assignment from the review on, and never with a declared conflict', () => {
    const recommended = { ...applicationFacts({ status: 'recommended' }), submitted: true }
    const reviewing = { ...recommended, status: 'under_review' as const }
    expect(canSeeApplication(ACTORS.assigned_expert, recommended)).toBe(false)
    expect(canSeeApplication(ACTORS.assigned_expert, reviewing)).toBe(true)
    expect(canSeeApplication(ACTORS.assigned_expert, { ...reviewing, status: 'certified' })).toBe(true)
    expect(canSeeApplication(ACTORS.conflicted_expert, reviewing)).toBe(false)
    expect(canSeeApplication(ACTORS.unassigned_expert, reviewing)).toBe(false)
  })

  test('the public list holds what is in notice or certified; a sustained objection leaves it', () => {
    expect(APPLICATION_STATUSES.filter(onPublicList)).toEqual(['in_notice', 'certified'])
  })

  test('a form names a step of the table, never an inherited name', () => {
    expect(APPLICATION_STEP_NAMES.every(isApplicationStep)).toBe(true)
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'approve', ''])
      expect(isApplicationStep(name), name).toBe(false)
  })

  test('the steps that carry reasons and grounds', () => {
    expect(APPLICATION_STEP_NAMES.filter(stepNeedsReasons)).toEqual(['return', 'reject', 'sustain_objection'])
    expect(APPLICATION_STEP_NAMES.filter(stepNeedsGrounds)).toEqual(['reject'])
  })
})
