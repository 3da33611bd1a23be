// Shared facts for the certification rules' tests: one round of the guide's shape (applicants by
// 2026-06-30 17:00, offices by 2026-07-10 17:00, Beijing time) and an application to 姑苏区.
import type { ApplicationFacts } from '~/domain/certification/application-steps'

export const ROUND = {
  applicationsDueAt: '2026-06-30T09:00:00.000Z',
  recommendationsDueAt: '2026-07-10T09:00:00.000Z',
}

export const GUSU = { kind: 'district', districtCode: '320508' } as const

export function applicationFacts(overrides: Partial<ApplicationFacts> = {}): ApplicationFacts {
  return {
    status: 'draft',
    applicantId: 11,
    office: GUSU,
    round: ROUND,
    failingConditions: [],
    quota: { quota: 3, used: 0 },
    sealedLetter: true,
    experts: { assigned: [31, 32], conflicted: [32] },
    scoresComplete: true,
    notice: { lastDay: '2026-05-31' },
    openObjections: 0,
    ...overrides,
  }
}
