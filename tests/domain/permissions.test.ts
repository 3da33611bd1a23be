import { describe, expect, test } from 'vitest'
import type { Role } from '~db/schema/enums'
import { ROLES } from '~db/schema/enums'
import { can, canManageApplicant, isConfirmedApplicant, type Actor, type Capability } from '~/domain/permissions'

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
  // 申报单位 (issue 21): the offices confirm the applicants naming them; an applicant account applies
  'applicant:manage': ['bureau', 'district', 'department'],
  'application:apply': ['applicant'],
  'registration:view': ['applicant'],
  // the certification applications (issue 21): an applicant's own, the offices' and the bureau's scope
  'application:view': ['bureau', 'district', 'applicant', 'department'],
  'application:read': ['bureau', 'district', 'expert', 'applicant', 'department'],
} as const satisfies Record<Capability, readonly Role[]>

const actorOf = (role: Role): Actor => ({
  id: 1,
  role,
  districtCode: role === 'district' ? '320508' : null,
  labId: role === 'lab' ? 7 : null,
  departmentId: role === 'department' ? 3 : null,
  applicantId: role === 'applicant' ? 5 : null,
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

describe('applicants (issue 21)', () => {
  const gusu = { officeDistrictCode: '320508', officeDepartmentId: null }
  const education = { officeDistrictCode: null, officeDepartmentId: 3 }
  test("a district office manages the applicants naming its district, never another district's or a department's", () => {
    expect(canManageApplicant(actorOf('district'), gusu)).toBe(true)
    expect(canManageApplicant(actorOf('district'), { ...gusu, officeDistrictCode: '320505' })).toBe(false)
    expect(canManageApplicant(actorOf('district'), education)).toBe(false)
  })
  test('a department manages only those naming it; the bureau every one; nobody else any', () => {
    expect(canManageApplicant(actorOf('department'), education)).toBe(true)
    expect(canManageApplicant(actorOf('department'), { ...education, officeDepartmentId: 4 })).toBe(false)
    expect(canManageApplicant(actorOf('department'), gusu)).toBe(false)
    expect(canManageApplicant(actorOf('bureau'), education)).toBe(true)
    for (const role of ['lab', 'expert', 'applicant'] as const) expect(canManageApplicant(actorOf(role), gusu)).toBe(false)
  })
  test('only a confirmed applicant of its own organisation may apply', () => {
    const me = actorOf('applicant')
    expect(isConfirmedApplicant(me, { id: 5, status: 'confirmed' })).toBe(true)
    expect(isConfirmedApplicant(me, { id: 5, status: 'pending' })).toBe(false)
    expect(isConfirmedApplicant(me, { id: 5, status: 'refused' })).toBe(false)
    expect(isConfirmedApplicant(me, { id: 6, status: 'confirmed' })).toBe(false)
    expect(isConfirmedApplicant(actorOf('bureau'), { id: 5, status: 'confirmed' })).toBe(false)
  })
  test('an applicant or department account bound to nothing holds neither capability', () => {
    expect(can({ ...actorOf('applicant'), applicantId: null }, 'application:apply')).toBe(false)
    expect(can({ ...actorOf('department'), departmentId: null }, 'applicant:manage')).toBe(false)
  })
})
