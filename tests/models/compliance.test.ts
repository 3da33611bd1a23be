import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { anniversary, shanghaiDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import {
  complianceShareByMonth,
  countLabsByWorstResult,
  ensureComplianceFresh,
  labChecksOf,
  needsAttention,
  refreshCompliance,
} from '~/models/compliance.server'
import { addViolation } from '~/models/eligibility.server'
import { listLabs } from '~/models/labs.server'
import { addMember, removeMember } from '~/models/team.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { complianceHistory, labChecks, labs, teamMembers, users } from '~db/schema'
import { seedComplianceHistory, seedDemo } from '~db/seed'
import { setupTestDb } from '../helpers'

// Pinned so the expectations do not depend on the day the tests run.
const NOW = new Date('2026-11-28T02:00:00Z')
const TODAY = shanghaiDate(NOW)
const BUREAU: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const GUSU: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }
const SYSTEM = { id: 1, displayName: 'test' }

let db: Db

beforeAll(async () => {
  db = setupTestDb()
  setClock(NOW)
  await seedDemo(db, { now: NOW })
  seedComplianceHistory({ now: NOW })
})

const registry = (actor: Actor, filter: Parameters<typeof listLabs>[0]['filter']) =>
  listLabs({ actor, filter, today: TODAY, windowDays: 90, page: 1, pageSize: null }).rows

describe('stored compliance results on the demo data', () => {
  test('every lab in force has each lab-wide check once and a deliverable check per started year; others have none', () => {
    const rows = db.select({ labId: labChecks.labId, checkId: labChecks.checkId }).from(labChecks).all()
    const all = registry(BUREAU, { sort: 'name', dir: 'asc' })
    const inForce = all.filter((l) => ['active', 'expiring', 'expired', 'renewed'].includes(l.status))
    expect(new Set(rows.map((r) => r.labId)).size).toBe(inForce.length)
    for (const lab of inForce) {
      const ids = rows.filter((r) => r.labId === lab.id).map((r) => r.checkId)
      for (const id of ['validity', 'team_size', 'team_qualified', 'joint_limit', 'eligibility'])
        expect(
          ids.filter((c) => c === id),
          `${lab.name} ${id}`,
        ).toHaveLength(1)
      const started = lab.startDate! <= TODAY ? (anniversary(lab.startDate!, 1) <= TODAY ? 2 : 1) : 0
      expect(ids.filter((c) => c === 'deliverable').length, lab.name).toBeLessThanOrEqual(2)
      if (lab.status !== 'renewed') expect(ids.filter((c) => c === 'deliverable').length, lab.name).toBe(started)
    }
    for (const lab of all.filter((l) => !inForce.includes(l))) expect(lab.compliance).toBeNull()
  })

  test('the validity check agrees with the status the registry shows for every lab', () => {
    const expected = { active: 'ok', renewed: 'ok', expiring: 'warning', expired: 'failing' } as Record<string, string>
    for (const lab of registry(BUREAU, { sort: 'name', dir: 'asc' })) {
      const validity = labChecksOf({ labId: lab.id, today: TODAY }).find((c) => c.checkId === 'validity')
      expect(validity?.result, lab.name).toBe(expected[lab.status])
    }
  })

  test('the failing count, the registry filter and an independent SQL count agree', () => {
    // the lab's own rows: a request the bureau decided late is not the lab's failure
    const independent = db.get<{ n: number }>(
      sql`SELECT count(DISTINCT lab_id) AS n FROM lab_checks WHERE result = 'failing' AND owner = 'lab'`,
    )!.n
    expect(independent).toBeGreaterThan(0)
    const withBureauRows = db.get<{ n: number }>(sql`SELECT count(DISTINCT lab_id) AS n FROM lab_checks WHERE result = 'failing'`)!.n
    expect(withBureauRows).toBeGreaterThan(independent)
    expect(countLabsByWorstResult({ actor: BUREAU, today: TODAY }).failing).toBe(independent)
    const filtered = registry(BUREAU, { compliance: 'failing', sort: 'name', dir: 'asc' })
    expect(filtered).toHaveLength(independent)
    expect(filtered.every((l) => l.compliance === 'failing')).toBe(true)
    const warningOnly = registry(BUREAU, { compliance: 'warning', sort: 'name', dir: 'asc' })
    expect(warningOnly.every((l) => l.compliance === 'warning')).toBe(true)
  })

  test('the demo host with a recent violation makes lab2’s eligibility check fail; the old one does not count', () => {
    const lab2 = db.select().from(users).where(eq(users.username, 'lab2')).get()!
    const eligibility = labChecksOf({ labId: lab2.labId!, today: TODAY }).find((c) => c.checkId === 'eligibility')!
    expect(eligibility.result).toBe('failing')
    expect(eligibility.fixPath).toBe(`/labs/${lab2.labId}#eligibility`)
    const failingEligibility = db
      .select()
      .from(labChecks)
      .where(and(eq(labChecks.checkId, 'eligibility'), eq(labChecks.result, 'failing')))
      .all()
    expect(failingEligibility.length).toBeGreaterThanOrEqual(1)
  })

  test('a district officer’s needs-attention rows and counts hold only its district', () => {
    const rows = needsAttention({ actor: GUSU, today: TODAY, filter: {}, page: 1, pageSize: 500 }).rows
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r.districtCode === '320508')).toBe(true)
    const independent = db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM lab_checks c JOIN labs l ON l.id = c.lab_id WHERE c.severity > 0 AND l.district_code = '320508'`,
    )!.n
    expect(rows).toHaveLength(independent)
  })

  test('needs attention lists failing before warnings, and the earliest date first within each', () => {
    const rows = needsAttention({ actor: BUREAU, today: TODAY, filter: {}, page: 1, pageSize: 500 }).rows
    const severities = rows.map((r) => (r.result === 'failing' ? 2 : 1))
    expect(severities).toEqual([...severities].sort((a, b) => b - a))
    const failingDates = rows.filter((r) => r.result === 'failing' && r.concernsDate).map((r) => r.concernsDate!)
    expect(failingDates).toEqual([...failingDates].sort())
  })

  test('history has a row per lab in force for the 24 past months and this one; the share is compliant / total', () => {
    const months = complianceShareByMonth({ actor: BUREAU, today: TODAY, fromMonth: '2024-11', toMonth: '2026-11' })
    expect(months.map((m) => m.month)).toContain('2026-11')
    expect(months.map((m) => m.month)).toContain('2024-11')
    const current = months.find((m) => m.month === '2026-11')!
    const ok = countLabsByWorstResult({ actor: BUREAU, today: TODAY })
    expect(current.total).toBe(ok.ok + ok.warning + ok.failing)
    expect(current.compliant).toBe(ok.ok)
    const raw = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM compliance_history WHERE month = '2025-06' AND severity = 0`)!.n
    expect(months.find((m) => m.month === '2025-06')!.compliant).toBe(raw)
  })
})

describe('the demo filings', () => {
  test('lab2’s deliverable was returned: a returned-filing warning links to it; every filing has a thread', () => {
    const lab2 = db.select().from(users).where(eq(users.username, 'lab2')).get()!
    const returned = labChecksOf({ labId: lab2.labId!, today: TODAY }).filter((c) => c.checkId === 'returned_filing')
    expect(returned).toHaveLength(1)
    expect(returned[0].fixPath).toMatch(new RegExp(`^/labs/${lab2.labId}/deliverables/\\d+$`))
    const withoutThread = db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM deliverables d WHERE NOT EXISTS (SELECT 1 FROM filing_events e WHERE e.filing_kind = 'deliverable' AND e.filing_id = d.id)`,
    )!.n
    expect(withoutThread).toBe(0)
  })

  test('every period has its ledger: two deliverables and two reports', () => {
    const perPeriod = db.all<{ n: number }>(
      sql`SELECT count(o.id) AS n FROM validity_periods p LEFT JOIN obligations o ON o.period_id = p.id GROUP BY p.id`,
    )
    expect(perPeriod.length).toBeGreaterThan(0)
    expect(perPeriod.every((r) => r.n === 4)).toBe(true)
  })
})

describe('keeping the results fresh', () => {
  test('a team change re-evaluates that lab at once', () => {
    const lab = registry(BUREAU, { sort: 'name', dir: 'asc' }).find((l) => l.status === 'active' && l.headcount === 15)
    expect(lab, 'the demo has an active lab with exactly 15 people').toBeDefined()
    const member = db
      .select()
      .from(teamMembers)
      .where(and(eq(teamMembers.labId, lab!.id), eq(teamMembers.active, true)))
      .get()!
    removeMember({ labId: lab!.id, memberId: member.id, actor: SYSTEM })
    expect(labChecksOf({ labId: lab!.id, today: TODAY }).find((c) => c.checkId === 'team_size')!.result).toBe('failing')
    addMember({
      labId: lab!.id,
      input: { name: '新成员', titleLevel: 'none', degree: 'bachelor', role: 'engineer', active: true },
      actor: SYSTEM,
    })
    expect(labChecksOf({ labId: lab!.id, today: TODAY }).find((c) => c.checkId === 'team_size')!.result).toBe('ok')
  })

  test('a host violation marks the results stale and the next reader sees every lab of that host fail', () => {
    const lab = registry(BUREAU, { compliance: 'ok', sort: 'name', dir: 'asc' })[0]!
    const host = db.select({ hostOrgId: labs.hostOrgId }).from(labs).where(eq(labs.id, lab.id)).get()!.hostOrgId
    addViolation({
      labId: lab.id,
      input: { subject: 'host', category: 'intellectual_property', occurredOn: '2026-10-01', source: '判决书', description: '' },
      actor: SYSTEM,
    })
    const hosted = db.select({ id: labs.id }).from(labs).where(eq(labs.hostOrgId, host)).all()
    for (const { id } of hosted) {
      const checks = labChecksOf({ labId: id, today: TODAY })
      if (checks.length) expect(checks.find((c) => c.checkId === 'eligibility')!.result).toBe('failing')
    }
  })

  test('a new day re-evaluates everything, and re-running the same day changes nothing', () => {
    const before = db.select().from(labChecks).all()
    ensureComplianceFresh(TODAY)
    expect(db.select().from(labChecks).all()).toEqual(before)
    refreshCompliance({ today: TODAY })
    expect(db.select().from(labChecks).all().length).toBe(before.length)
    ensureComplianceFresh('2026-11-29')
    expect(
      db
        .select()
        .from(labChecks)
        .all()
        .every((c) => c.evaluatedOn === '2026-11-29'),
    ).toBe(true)
    expect(db.select().from(complianceHistory).where(eq(complianceHistory.month, '2026-11')).all().length).toBeGreaterThan(0)
    ensureComplianceFresh(TODAY)
  })
})
