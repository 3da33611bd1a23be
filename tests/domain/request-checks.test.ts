import { describe, expect, test } from 'vitest'
import { evaluateLab } from '~/domain/compliance/engine'
import type { LabFacts } from '~/domain/compliance/types'
import { DEFAULT_RULE_SETTINGS } from '~/domain/settings'
import { labFacts } from '../lab-facts'

// A lab in good standing on every other check, so only the requests decide its result.
function facts(requests: LabFacts['requests']): LabFacts {
  return labFacts({
    plan: { id: 1, version: 'V1.0', approvedOn: '2026-05-10', nextReviewOn: '2027-05-10' },
    lastDrillOn: '2026-09-01',
    requests,
  })
}

const evaluate = (f: LabFacts, today: string) => evaluateLab(f, { today, settings: DEFAULT_RULE_SETTINGS })
const requestRows = (f: LabFacts, today: string) =>
  evaluate(f, today)
    .checks.filter((c) => c.checkId.startsWith('request_'))
    .map((c) => ({ checkId: c.checkId, subject: c.subject, result: c.result, owner: c.owner ?? 'lab', concernsDate: c.concernsDate }))

describe('resource request checks', () => {
  test('a request returned for information warns the lab, dated the day it was returned (Shanghai)', () => {
    const f = facts([{ id: 8, title: '算力', status: 'returned', deadline: '2026-11-20', returnedAt: '2026-11-10T17:30:00.000Z' }])
    expect(requestRows(f, '2026-11-28')).toEqual([
      { checkId: 'request_returned', subject: 'request:8', result: 'warning', owner: 'lab', concernsDate: '2026-11-11' },
    ])
    expect(evaluate(f, '2026-11-28').worst).toBe('warning')
  })

  test('an undecided request fails the bureau’s deadline check from the day after its deadline', () => {
    const f = facts([{ id: 9, title: '场地', status: 'accepted', deadline: '2026-11-20', returnedAt: null }])
    expect(requestRows(f, '2026-11-20')).toEqual([])
    expect(requestRows(f, '2026-11-21')).toEqual([
      { checkId: 'request_deadline', subject: 'request:9', result: 'failing', owner: 'bureau', concernsDate: '2026-11-20' },
    ])
  })

  test('the bureau’s breach never counts against the lab', () => {
    const e = evaluate(facts([{ id: 9, title: '场地', status: 'submitted', deadline: '2026-11-20', returnedAt: null }]), '2026-12-01')
    const without = evaluate(facts([]), '2026-12-01')
    expect(e.checks.some((c) => c.checkId === 'request_deadline' && c.result === 'failing')).toBe(true)
    expect({ worst: e.worst, failing: e.failing, warnings: e.warnings }).toEqual({
      worst: without.worst,
      failing: without.failing,
      warnings: without.warnings,
    })
    expect(e.failing).toBe(0)
  })

  test('a request returned after its deadline waits for the lab, not the bureau', () => {
    const f = facts([{ id: 10, title: '数据', status: 'returned', deadline: '2026-11-01', returnedAt: '2026-11-02T02:00:00.000Z' }])
    expect(requestRows(f, '2026-11-28').map((r) => r.checkId)).toEqual(['request_returned'])
  })
})
