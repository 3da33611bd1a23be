import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { labelText } from '~/components/timeline/label'
import { translator } from '~/i18n'
import { ensureComplianceFresh } from '~/models/compliance.server'
import { labTimeline } from '~/models/timeline.server'
import type { Db } from '~db/client.server'
import { auditLog } from '~db/schema'
import { makeLab, setupTestDb } from '../helpers'

// the bureau's view of the timeline: everything a lab's history holds
const BUREAU = { role: 'bureau' } as const

// A lab certified 2025-03-01 is valid until 2027-02-28: it enters the 90-day window on
// 2026-11-30 and expires on 2027-03-01. The daily evaluation records each change once.
let db: Db
let labId: number

beforeEach(() => {
  db = setupTestDb()
  labId = makeLab(db, { startDate: '2025-03-01', teamSize: 16 }).id
})

const transitions = () =>
  db
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityType, 'lab_status'))
    .all()
    .map((r) => [r.action, (r.before as { status: string }).status, (r.after as { status: string }).status])

describe('status transitions', () => {
  test('the day a lab becomes expiring, and the day it expires, are recorded once each', () => {
    ensureComplianceFresh('2026-11-29')
    expect(transitions()).toEqual([])
    ensureComplianceFresh('2026-11-30')
    ensureComplianceFresh('2026-12-01')
    expect(transitions()).toEqual([['expiring', 'active', 'expiring']])
    ensureComplianceFresh('2027-03-01')
    ensureComplianceFresh('2027-03-01')
    expect(transitions()).toEqual([
      ['expiring', 'active', 'expiring'],
      ['expired', 'expiring', 'expired'],
    ])
  })

  test('a lab first seen already expiring records nothing: there is no day it changed', () => {
    ensureComplianceFresh('2027-01-10')
    expect(transitions()).toEqual([])
  })

  test('the lab timeline says so in words, with the end date', () => {
    ensureComplianceFresh('2026-11-29')
    ensureComplianceFresh('2026-11-30')
    const t = translator('zh')
    const event = labTimeline({ labId, viewer: BUREAU, today: '2026-11-30' }).events.find((e) => e.id.startsWith('audit:'))!
    expect(labelText(t, event.label)).toBe('进入到期预警期（有效期至 2027-02-28）')
  })
})
