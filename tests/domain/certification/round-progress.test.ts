import { describe, expect, test } from 'vitest'
import type { ApplicationStatus } from '~/domain/certification/application-steps'
import { roundProgress } from '~/domain/certification/round-progress'

// A round's stage: its dates until the offices' deadline, then the earliest step its applications
// still wait on (issue 21). Deadlines at 17:00 Beijing time (09:00 UTC).
const round = { applicationsDueAt: '2026-06-10T09:00:00.000Z', recommendationsDueAt: '2026-06-24T09:00:00.000Z' }
const after = new Date('2026-07-01T02:00:00Z')
const at = (statuses: ApplicationStatus[]) => roundProgress(after, round, statuses)

describe('roundProgress', () => {
  test('the dates decide until the offices’ deadline, whatever the applications hold', () => {
    expect(roundProgress(new Date('2026-06-10T09:00:00Z'), round, ['certified'])).toBe('open')
    expect(roundProgress(new Date('2026-06-10T09:00:01Z'), round, ['submitted'])).toBe('recommending')
    expect(roundProgress(new Date('2026-06-24T09:00:00Z'), round, ['recommended'])).toBe('recommending')
    expect(roundProgress(new Date('2026-06-24T09:00:01Z'), round, ['recommended'])).toBe('reviewing')
  })

  test('after it, the earliest step still waiting decides', () => {
    expect(at(['under_review', 'shortlisted', 'rejected'])).toBe('reviewing')
    expect(at(['shortlisted', 'not_shortlisted', 'in_notice'])).toBe('shortlisted')
    expect(at(['in_notice', 'certified', 'objection_sustained'])).toBe('in_notice')
    expect(at(['certified', 'not_shortlisted', 'objection_sustained', 'withdrawn'])).toBe('certified')
  })

  test('a round with nobody left to certify is closed', () => {
    expect(at([])).toBe('closed')
    expect(at(['rejected', 'not_shortlisted', 'objection_sustained', 'submitted', 'draft'])).toBe('closed')
  })
})
