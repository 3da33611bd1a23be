// One factory per aggregate, shared by the tests (tests/helpers.ts), the demo seed (db/seed*.ts)
// and the benchmark's generated data (scripts/bench.ts): each writes one row with the fields the
// caller names and plausible defaults for the rest, and returns the row as stored. Callers that
// care about a field name it; a default is only there so a test need not spell out what it does
// not look at. Writes go through whatever handle is passed (the database or a transaction).
import { makeUscc } from '~/domain/uscc'
import { periodEndDate } from '~/domain/validity'
import type { Db } from './client.server'
import {
  annualReports,
  deliverables,
  drills,
  incidents,
  labPartners,
  labs,
  organisations,
  outcomes,
  renewals,
  resourceRequests,
  reviewAssignments,
  securityPlans,
  teamMembers,
  users,
  validityPeriods,
  violations,
} from './schema'

type Writer = Pick<Db, 'insert'>
type New<T extends { $inferInsert: unknown }> = T['$inferInsert']
// The fields a caller must name; every other column is optional.
type With<T extends { $inferInsert: unknown }, K extends keyof New<T>> = Partial<New<T>> & Pick<New<T>, K>

let serial = 0
const next = () => ++serial

export function insertOrganisation(db: Writer, fields: Partial<New<typeof organisations>> = {}) {
  const n = next()
  const districtCode = fields.districtCode ?? '320508'
  return db
    .insert(organisations)
    .values({
      name: `测试单位${n}`,
      creditCode: makeUscc({ authority: '9', kind: '1', region: districtCode, serial: String(100000000 + n).slice(-9) }),
      kind: 'enterprise',
      ...fields,
      districtCode,
    })
    .returning()
    .get()
}

export function insertLab(db: Writer, fields: With<typeof labs, 'hostOrgId'>) {
  const n = next()
  return db
    .insert(labs)
    .values({
      name: `测试实验室${n}`,
      direction: 1,
      districtCode: '320508',
      directorName: '张三',
      contactName: '李四',
      contactPhone: '13800000000',
      ...fields,
    })
    .returning()
    .get()
}

export function insertPartner(db: Writer, fields: New<typeof labPartners>) {
  return db.insert(labPartners).values(fields).returning().get()
}

/** A validity period; the end defaults to the certificate's two years (periodEndDate). */
export function insertPeriod(db: Writer, fields: With<typeof validityPeriods, 'labId' | 'sequence' | 'startDate'>) {
  return db
    .insert(validityPeriods)
    .values({ endDate: periodEndDate(fields.startDate), certificateNo: `T-${fields.labId}-${fields.sequence}`, ...fields })
    .returning()
    .get()
}

export function insertUser(db: Writer, fields: With<typeof users, 'username' | 'role' | 'passwordHash'>) {
  return db
    .insert(users)
    .values({ displayName: `${fields.username} 用户`, ...fields })
    .returning()
    .get()
}

export function insertTeamMember(db: Writer, fields: With<typeof teamMembers, 'labId'>) {
  const n = next()
  return db
    .insert(teamMembers)
    .values({ name: `成员${n}`, titleLevel: 'intermediate', degree: 'bachelor', role: 'researcher', ...fields })
    .returning()
    .get()
}

export function insertDeliverable(db: Writer, fields: With<typeof deliverables, 'labId' | 'completedOn'>) {
  const n = next()
  return db
    .insert(deliverables)
    .values({ type: 'report', forms: ['algorithm'], title: `年度成果${n}`, ...fields })
    .returning()
    .get()
}

// an outcome as recorded, without the model's checks (its period is the caller's to get right)
export function insertOutcome(db: Writer, fields: With<typeof outcomes, 'labId' | 'periodId' | 'occurredOn'>) {
  const n = next()
  return db
    .insert(outcomes)
    .values({ validityYear: 1, form: 'algorithm', kind: 'paper', title: `成果${n}`, ...fields })
    .returning()
    .get()
}

export function insertAnnualReport(db: Writer, fields: With<typeof annualReports, 'labId' | 'periodId' | 'validityYear'>) {
  return db
    .insert(annualReports)
    .values({ content: {}, ...fields })
    .returning()
    .get()
}

export function insertSecurityPlan(db: Writer, fields: With<typeof securityPlans, 'labId' | 'approvedOn'>) {
  return db
    .insert(securityPlans)
    .values({
      version: 'V1.0',
      scope: '实验室全部数据',
      responsiblePerson: '张三',
      contact24h: '13800000000',
      nextReviewOn: '2099-12-31',
      ...fields,
    })
    .returning()
    .get()
}

export function insertDrill(db: Writer, fields: With<typeof drills, 'labId' | 'heldOn'>) {
  return db
    .insert(drills)
    .values({ scenario: '数据泄露', participants: '全体成员', ...fields })
    .returning()
    .get()
}

export function insertIncident(db: Writer, fields: With<typeof incidents, 'labId' | 'grade' | 'discoveredAt' | 'reportDeadline'>) {
  const n = next()
  return db
    .insert(incidents)
    .values({ title: `安全事件${n}`, description: '事件经过', ...fields })
    .returning()
    .get()
}

export function insertRequest(db: Writer, fields: With<typeof resourceRequests, 'labId' | 'neededBy'>) {
  const n = next()
  return db
    .insert(resourceRequests)
    .values({
      type: 'computing',
      unit: 'gpu_hours',
      quantity: 100,
      title: `资源申请${n}`,
      description: '用途说明',
      justification: '申请理由',
      ...fields,
    })
    .returning()
    .get()
}

export function insertRenewal(db: Writer, fields: With<typeof renewals, 'labId' | 'periodId'>) {
  return db.insert(renewals).values(fields).returning().get()
}

export function insertReviewAssignment(db: Writer, fields: With<typeof reviewAssignments, 'renewalId' | 'expertId' | 'assignedAt'>) {
  return db.insert(reviewAssignments).values(fields).returning().get()
}

/** A violation on the eligibility record: of a host organisation (orgId) or of a lab (labId). */
export function insertViolation(db: Writer, fields: With<typeof violations, 'category' | 'occurredOn'>) {
  return db
    .insert(violations)
    .values({ source: '信用中国（江苏苏州）', ...fields })
    .returning()
    .get()
}
