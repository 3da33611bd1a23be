import { describe, expect, test } from 'vitest'
import type { RecommendingOffice } from '~/domain/certification/actors'
import { APPLICATION_STATUSES, checkStep, type ApplicationStatus } from '~/domain/certification/application-steps'
import { checkRecommendation, holdsQuotaPlace, quotaLeft, quotaUse, recommendationsUsed } from '~/domain/certification/recommendation-quota'
import { applicationFacts, GUSU } from './facts'

const KUNSHAN: RecommendingOffice = { kind: 'district', districtCode: '320583' }
const EDUCATION: RecommendingOffice = { kind: 'department', departmentId: 4 }
const app = (status: ApplicationStatus, office: RecommendingOffice = GUSU) => ({ status, office })

describe('places used', () => {
  test('a recommendation holds its place through review, notice and certification, whatever the outcome', () => {
    const holding = APPLICATION_STATUSES.filter(holdsQuotaPlace)
    expect(holding).toEqual([
      'recommended',
      'under_review',
      'shortlisted',
      'not_shortlisted',
      'in_notice',
      'objection_sustained',
      'certified',
    ])
  })

  test('only the office’s own recommendations count', () => {
    const apps = [
      app('recommended'),
      app('certified'),
      app('recommended', KUNSHAN),
      app('recommended', EDUCATION),
      app('submitted'),
      app('rejected'),
    ]
    expect(recommendationsUsed(apps, GUSU)).toBe(2)
    expect(recommendationsUsed(apps, KUNSHAN)).toBe(1)
    expect(recommendationsUsed(apps, EDUCATION)).toBe(1)
    expect(recommendationsUsed(apps, { kind: 'department', departmentId: 5 })).toBe(0)
  })

  test('withdrawing a recommendation frees its place', () => {
    const before = [app('recommended'), app('recommended'), app('recommended')]
    expect(checkRecommendation(quotaUse({ applications: before, office: GUSU, quota: 3 }))).toEqual({
      ok: false,
      reason: 'quota_full',
      quota: 3,
      used: 3,
    })
    // the office takes one back (→ submitted), or the applicant withdraws (→ withdrawn)
    for (const after of ['submitted', 'withdrawn'] as const) {
      const apps = [app('recommended'), app('recommended'), app(after)]
      expect(checkRecommendation(quotaUse({ applications: apps, office: GUSU, quota: 3 }))).toEqual({ ok: true, leftAfter: 0 })
    }
  })
})

describe('the quota', () => {
  test('a district recommends its third but not a fourth; a department its second but not a third', () => {
    expect(checkRecommendation({ quota: 3, used: 2 })).toEqual({ ok: true, leftAfter: 0 })
    expect(checkRecommendation({ quota: 3, used: 3 }).ok).toBe(false)
    expect(checkRecommendation({ quota: 2, used: 1 })).toEqual({ ok: true, leftAfter: 0 })
    expect(checkRecommendation({ quota: 2, used: 2 }).ok).toBe(false)
  })

  test('a round override of 0 leaves no place; one lowered below what is used leaves 0, not a negative', () => {
    expect(quotaLeft({ quota: 0, used: 0 })).toBe(0)
    expect(checkRecommendation({ quota: 0, used: 0 }).ok).toBe(false)
    expect(quotaLeft({ quota: 1, used: 3 })).toBe(0)
    expect(quotaLeft({ quota: 5, used: 3 })).toBe(2)
  })

  test('the recommend step reads the same rule', () => {
    const at = new Date('2026-07-01T02:00:00.000Z')
    const submitted = applicationFacts({ status: 'submitted' })
    const office = { role: 'office', office: GUSU } as const
    expect(checkStep(office, { ...submitted, quota: { quota: 2, used: 1 } }, 'recommend', at).ok).toBe(true)
    expect(checkStep(office, { ...submitted, quota: { quota: 2, used: 2 } }, 'recommend', at)).toEqual({ ok: false, reason: 'quota_full' })
  })
})
