import { asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { addDays, shanghaiDate, type IsoDate } from '~/domain/dates'
import { countJointApplications, MAX_JOINT_APPLICATIONS, type JointLab } from '~/domain/joint-applications'
import { teamThresholds } from '~/domain/team'
import { checkUscc } from '~/domain/uscc'
import { labStatus, periodEndDate } from '~/domain/validity'
import { verifyPassword } from '~/utils/password.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { appMeta, auditLog, labPartners, labs, organisations, teamMembers, users, validityPeriods } from '~db/schema'
import { DIRECTIONS, DISTRICT_CODES, type LabStatus } from '~db/schema/enums'
import { DEMO_PASSWORD, DEMO_USERNAMES, seedDemo } from '~db/seed'

// Pinned so the expectations below do not depend on the day the tests run.
const NOW = new Date('2026-11-28T02:00:00Z')
const TODAY = shanghaiDate(NOW)

async function seededDb(now: Date = NOW): Promise<Db> {
  const db = openDb(':memory:')
  runMigrations(db)
  await seedDemo(db, { now })
  return db
}

function periodsByLab(db: Db) {
  const rows = db.select().from(validityPeriods).orderBy(asc(validityPeriods.labId), asc(validityPeriods.sequence)).all()
  const byLab = new Map<number, typeof rows>()
  for (const p of rows) byLab.set(p.labId, [...(byLab.get(p.labId) ?? []), p])
  return byLab
}

function statusesOf(db: Db, today: IsoDate): Map<number, LabStatus> {
  const out = new Map<number, LabStatus>()
  for (const [labId, periods] of periodsByLab(db)) {
    const latest = periods[periods.length - 1]
    out.set(labId, labStatus({ latest, today, windowDays: 90 }))
  }
  return out
}

function snapshot(db: Db) {
  return {
    labs: db.select({ name: labs.name, district: labs.districtCode, phone: labs.contactPhone }).from(labs).orderBy(asc(labs.id)).all(),
    periods: db
      .select({
        labId: validityPeriods.labId,
        start: validityPeriods.startDate,
        end: validityPeriods.endDate,
        no: validityPeriods.certificateNo,
      })
      .from(validityPeriods)
      .orderBy(asc(validityPeriods.id))
      .all(),
    codes: db.select({ code: organisations.creditCode }).from(organisations).orderBy(asc(organisations.id)).all(),
    members: db.select({ name: teamMembers.name, role: teamMembers.role }).from(teamMembers).orderBy(asc(teamMembers.id)).all(),
  }
}

describe('seedDemo', () => {
  let db: Db

  beforeAll(async () => {
    db = await seededDb()
  })

  test('every district has at least two labs, and 姑苏区 and 昆山市 at least four each', () => {
    const all = db.select().from(labs).all()
    const perDistrict = (code: string) => all.filter((l) => l.districtCode === code).length
    for (const code of DISTRICT_CODES) expect(perDistrict(code), code).toBeGreaterThanOrEqual(2)
    expect(perDistrict('320508')).toBeGreaterThanOrEqual(4)
    expect(perDistrict('320583')).toBeGreaterThanOrEqual(4)
  })

  test('every one of the 14 directions has at least one lab', () => {
    const directions = new Set(
      db
        .select({ d: labs.direction })
        .from(labs)
        .all()
        .map((r) => r.d),
    )
    expect([...directions].sort((a, b) => a - b)).toEqual([...DIRECTIONS])
  })

  test("a lab's district is its host's district", () => {
    const rows = db
      .select({ lab: labs.districtCode, host: organisations.districtCode })
      .from(labs)
      .innerJoin(organisations, eq(labs.hostOrgId, organisations.id))
      .all()
    for (const r of rows) expect(r.lab).toBe(r.host)
  })

  test('the latest periods give active, expiring, expired, renewed-then-active, not renewed and revoked labs', () => {
    const statuses = statusesOf(db, TODAY)
    const count = (s: LabStatus) => [...statuses.values()].filter((v) => v === s).length
    expect(count('active')).toBeGreaterThan(0)
    expect(count('expiring')).toBeGreaterThanOrEqual(5)
    expect(count('expired')).toBeGreaterThanOrEqual(3)
    expect(count('not_renewed')).toBe(1)
    expect(count('revoked')).toBe(1)
    expect(count('renewed')).toBeGreaterThan(0)
    const renewedThenActive = [...periodsByLab(db)].filter(
      ([labId, periods]) => periods.length === 2 && periods[0].outcome === 'renewed' && statuses.get(labId) === 'active',
    )
    expect(renewedThenActive.length).toBeGreaterThan(0)
  })

  test('the expiring labs end within 90 days and the expired ones await a decision', () => {
    const byLab = periodsByLab(db)
    for (const [labId, status] of statusesOf(db, TODAY)) {
      const latest = byLab.get(labId)!.at(-1)!
      if (status === 'expiring') {
        expect(latest.endDate >= TODAY && latest.endDate <= addDays(TODAY, 90)).toBe(true)
      }
      if (status === 'expired') {
        expect(latest.endDate < TODAY).toBe(true)
        expect(latest.outcome).toBeNull()
      }
    }
  })

  test('periods last two years, are numbered from 1, and a renewal starts the day after the previous end', () => {
    for (const periods of periodsByLab(db).values()) {
      periods.forEach((p, i) => {
        expect(p.sequence).toBe(i + 1)
        expect(p.endDate).toBe(periodEndDate(p.startDate))
        expect(p.certificateNo).toMatch(new RegExp(`^SZDSJ-${p.startDate.slice(0, 4)}-\\d{3}$`))
        if (i > 0) expect(p.startDate).toBe(addDays(periods[i - 1].endDate, 1))
      })
    }
    const numbers = db
      .select({ no: validityPeriods.certificateNo })
      .from(validityPeriods)
      .all()
      .map((r) => r.no)
    expect(new Set(numbers).size).toBe(numbers.length)
  })

  test('every credit code passes the check, and a partner registered outside Suzhou is among them', () => {
    const orgs = db.select().from(organisations).all()
    const checks = orgs.map((o) => checkUscc(o.creditCode))
    for (const c of checks) expect(c.ok, c.code).toBe(true)
    const outside = checks.filter((c) => c.ok && !c.inSuzhou).map((c) => c.code)
    expect(outside.length).toBeGreaterThanOrEqual(1)
    const partnerCodes = db
      .select({ code: organisations.creditCode })
      .from(labPartners)
      .innerJoin(organisations, eq(labPartners.orgId, organisations.id))
      .all()
      .map((r) => r.code)
    expect(outside.every((code) => partnerCodes.includes(code))).toBe(true)
  })

  test('no organisation takes part in more than three joint applications', () => {
    const partners = db.select().from(labPartners).all()
    const jointLabs: JointLab[] = db
      .select()
      .from(labs)
      .all()
      .map((l) => ({ id: l.id, hostOrgId: l.hostOrgId, partnerOrgIds: partners.filter((p) => p.labId === l.id).map((p) => p.orgId) }))
    expect(jointLabs.some((l) => l.partnerOrgIds.length > 0)).toBe(true)
    for (const org of db.select().from(organisations).all()) {
      expect(countJointApplications({ orgId: org.id, labs: jointLabs }), org.name).toBeLessThanOrEqual(MAX_JOINT_APPLICATIONS)
    }
  })

  test('at least three labs fall below a team threshold, counted from their rosters', () => {
    const members = db.select().from(teamMembers).all()
    const thresholds = db
      .select()
      .from(labs)
      .all()
      .map((l) => teamThresholds(members.filter((m) => m.labId === l.id)))
    expect(thresholds.filter((t) => !t.meetsHeadcount || !t.meetsQualified).length).toBeGreaterThanOrEqual(3)
    expect(thresholds.some((t) => !t.meetsHeadcount)).toBe(true)
    expect(thresholds.some((t) => t.meetsHeadcount && !t.meetsQualified)).toBe(true)
    expect(members.some((m) => !m.active)).toBe(true)
  })

  test('the demo accounts exist with their roles, and the lab accounts belong to a 姑苏区 and a 昆山市 lab', async () => {
    const byName = new Map(
      db
        .select()
        .from(users)
        .all()
        .map((u) => [u.username, u]),
    )
    for (const username of DEMO_USERNAMES) expect(byName.has(username), username).toBe(true)
    expect(byName.get('bureau')?.role).toBe('bureau')
    expect(byName.get('gusu')).toMatchObject({ role: 'district', districtCode: '320508' })
    expect(byName.get('expert')?.role).toBe('expert')
    expect(byName.get('kunshan')).toMatchObject({ role: 'district', districtCode: '320583' })

    const labOf = (username: string) => {
      const user = byName.get(username)!
      expect(user.role).toBe('lab')
      return db.select().from(labs).where(eq(labs.id, user.labId!)).get()!
    }
    const lab = labOf('lab')
    expect(lab.districtCode).toBe('320508')
    expect(statusesOf(db, TODAY).get(lab.id)).toBe('active')
    const t = teamThresholds(db.select().from(teamMembers).where(eq(teamMembers.labId, lab.id)).all())
    expect(t.meetsHeadcount && t.meetsQualified).toBe(true)
    expect(labOf('lab2').districtCode).toBe('320583')

    expect(await verifyPassword(DEMO_PASSWORD, byName.get('lab')!.passwordHash)).toBe(true)
  })

  test('the installation is marked as a demo and the seed is audited once', () => {
    expect(db.select().from(appMeta).where(eq(appMeta.key, 'demo')).get()?.value).toBe('true')
    const entries = db.select().from(auditLog).all()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ action: 'seed', entityType: 'system', actorUserId: null })
    expect(entries[0].after).toMatchObject({ labs: 40 })
  })

  test('seeding a database that already has users throws', async () => {
    await expect(seedDemo(db, { now: NOW })).rejects.toThrow(/already has users/)
  })

  test('the same now gives the same data', async () => {
    const [a, b] = await Promise.all([seededDb(), seededDb()])
    expect(snapshot(a)).toEqual(snapshot(b))
    expect(snapshot(a)).toEqual(snapshot(db))
  })

  test('a different now moves the dates but keeps the mix of statuses', async () => {
    const later = new Date('2028-02-29T20:00:00Z') // 1 March in Shanghai
    const other = await seededDb(later)
    const statuses = new Set(statusesOf(other, shanghaiDate(later)).values())
    for (const s of ['active', 'expiring', 'expired', 'renewed', 'not_renewed', 'revoked'] as const) {
      expect(statuses.has(s), s).toBe(true)
    }
    expect(snapshot(other).periods).not.toEqual(snapshot(db).periods)
  })
})
