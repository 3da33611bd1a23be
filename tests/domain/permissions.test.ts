import { describe, expect, test } from 'vitest'
import type { Role } from '~db/schema/enums'
import { ROLES } from '~db/schema/enums'
import { can, type Actor, type Capability } from '~/domain/permissions'

// Who holds each capability, restated independently of can(): the bureau alone manages; the
// offices (bureau and districts) share the queues, the registry and the pipeline; labs read the
// calendar too and file their own lab's requests; experts hold only their assignments.
const HOLDERS = {
  'lab:create': ['bureau'],
  'lab:edit': ['bureau'],
  'period:manage': ['bureau'],
  'organisation:manage': ['bureau'],
  'user:manage': ['bureau'],
  'audit:view': ['bureau'],
  'settings:manage': ['bureau'],
  'calendar:manage': ['bureau'],
  'eligibility:manage': ['bureau'],
  'obligation:extend': ['bureau'],
  'security_plan:acknowledge': ['bureau'],
  'incident_alert:acknowledge': ['bureau'],
  'jobs:manage': ['bureau'],
  'mail:manage': ['bureau'],
  'registry:view': ['bureau', 'district'],
  'review:view': ['bureau', 'district'],
  'request:queue': ['bureau', 'district'],
  'renewal:pipeline': ['bureau', 'district'],
  'incident:view_all': ['bureau', 'district'],
  // each office its own chat robots (issue 15)
  'robot:manage': ['bureau', 'district'],
  'calendar:view': ['bureau', 'district', 'lab'],
  'lab:view': ['bureau', 'district', 'lab'],
  'request:file': ['lab'],
  'assignment:review': ['expert'],
  // a lab's indicator plan (issue 16)
  'indicator_plan:decide': ['bureau'],
  // the city outcomes dashboard (issue 16), each scoped to what it sees
  'outcome:dashboard': ['bureau', 'district', 'lab'],
  // the annual evaluation (issue 16): the offices read published rounds, the bureau runs them
  'evaluation:view': ['bureau', 'district'],
  'evaluation:manage': ['bureau'],
  // the spreadsheet import (issue 17): the bureau every kind, the offices and labs rosters in scope
  'import:manage': ['bureau'],
  'import:roster': ['bureau', 'district', 'lab'],
  // the certification rounds and city departments (issue 21)
  'round:manage': ['bureau'],
  // the certification applications (issue 21): an applicant's own, the offices' and the bureau's scope
  'application:view': ['bureau', 'district', 'applicant', 'department'],
} as const satisfies Record<Capability, readonly Role[]>

const actorOf = (role: Role): Actor => ({
  id: 1,
  role,
  districtCode: role === 'district' ? '320508' : null,
  labId: role === 'lab' ? 7 : null,
})

describe('who may do what', () => {
  test.each(Object.entries(HOLDERS))('%s belongs to %j', (capability, holders) => {
    expect(ROLES.filter((role) => can(actorOf(role), capability as Capability))).toEqual(holders)
  })
})

test('a lab account bound to no lab files no requests and has no outcomes dashboard', () => {
  expect(can({ ...actorOf('lab'), labId: null }, 'request:file')).toBe(false)
  expect(can({ ...actorOf('lab'), labId: null }, 'outcome:dashboard')).toBe(false)
})
