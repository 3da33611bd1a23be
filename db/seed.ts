// Demo data for a fresh installation (npm run seed, or SEED_DEMO at start-up). Everything is
// derived from `now` and a fixed-seed PRNG, so a given `now` always yields the same data and
// the mix of lab statuses (active, expiring, expired, renewed, not renewed, revoked) holds
// whenever the demo is started.
import { count, eq } from 'drizzle-orm'
import { takeRosterSnapshot } from '~/domain/annual-report'
import { isTracked } from '~/domain/compliance/engine'
import { addDays, addMonths, shanghaiDate, type IsoDate } from '~/domain/dates'
import { countJointApplications, MAX_JOINT_APPLICATIONS, type JointLab } from '~/domain/joint-applications'
import { teamThresholds } from '~/domain/team'
import { makeUscc, USCC_CHARSET } from '~/domain/uscc'
import { DEFAULT_EXPIRY_WINDOW_DAYS, labPeriods, labStatus, periodEndDate } from '~/domain/validity'
import { recordAudit, SYSTEM_ACTOR } from '~/models/audit.server'
import { hashPassword } from '~/utils/password.server'
import type { Db } from './client.server'
import { backfillComplianceHistory, refreshCompliance } from '~/models/compliance.server'
import {
  appMeta,
  deliverables,
  filingEvents,
  incidentUpdates,
  outcomes,
  renewalEvents,
  reviewScores,
  requestEvents,
  requestTypeRules,
  teamMembers,
  users,
} from './schema'
import {
  insertAnnualReport,
  insertDeliverable,
  insertDrill,
  insertIncident,
  insertLab,
  insertOrganisation,
  insertPartner,
  insertPeriod,
  insertRenewal,
  insertRequest,
  insertReviewAssignment,
  insertSecurityPlan,
  insertTeamMember,
  insertUser,
  insertViolation,
} from './factories'
import {
  DIRECTIONS,
  DISTRICT_CODES,
  LAB_STATUSES,
  type Degree,
  type DistrictCode,
  type LabStatus,
  type OrgKind,
  type PeriodOutcome,
  type Role,
  type TeamRole,
  type TitleLevel,
} from './schema/enums'
import { DEMO_LABS, DEMO_ORGS, type DemoLab } from './seed-data'
import { planFilings, type FilingEventPlan } from './seed-filings'
import { DEMO_APPLICATION, planRenewals } from './seed-renewals'
import { weightedTotal } from '~/domain/renewals'
import { DEFAULT_RULE_SETTINGS } from '~/domain/settings'
import { DEMO_TYPE_RULES, packageWorkCalendar, planRequests } from './seed-requests'
import { planSecurity } from './seed-security'
import { insertIndicatorPlans, insertProposedPlans, type ProposingRenewal } from './seed-plans'
import { planOutcomes } from './seed-outcomes'
import { settleDemoProgress } from './seed-progress'
import { insertDemoRound } from './seed-rounds'
import { createRng, type Rng, type Weighted } from './seed-rng'
import {
  DEMO_ACCOUNT_NAMES,
  DEMO_DISTRICTS,
  DIRECTION_GOALS,
  GIVEN_NAME_CHARS,
  OUTCOME_FORMS,
  OUTCOME_NOTES,
  SURNAMES,
} from './seed-data-people'

export const DEMO_PASSWORD = 'labcycle-demo'
// The accounts the sign-in page offers on a demo installation; one district account per
// other district also exists (DEMO_DISTRICTS usernames) for trying the district scope.
export const DEMO_USERNAMES = ['bureau', 'gusu', 'lab', 'lab2', 'expert'] as const

// The labs behind the 'lab' and 'lab2' accounts: a renewed 姑苏区 lab with a full team (so a
// lab user sees two periods of history) and an expiring 昆山市 lab (so the renewal path shows).
export const DEMO_LAB_ACCOUNTS = {
  lab: '苏州市城市数字孪生大数据创新应用实验室',
  lab2: '昆山市工业互联网大数据创新应用实验室',
} as const

const PRNG_SEED = 20230710 // the guide's submission deadline; any constant would do

export interface SeedSummary {
  organisations: number
  labs: number
  labPartners: number
  validityPeriods: number
  teamMembers: number
  users: number
  labsByStatus: Record<LabStatus, number>
  labsBelowTeamThreshold: number
  violations: number
  deliverables: number
  annualReports: number
  securityPlans: number
  drills: number
  incidents: number
  resourceRequests: number
  renewals: number
  outcomes: number
}

// ---------------------------------------------------------------------------------------------
// Lifecycle slots: which certification batch a lab belongs to and how its period(s) ended.

type Lifecycle = 'open' | 'renewed' | 'not_renewed' | 'revoked' | 'renewed_ahead'
// 'short': fewer than 15 active members; 'unqualified': fewer than 3 qualified researchers
type TeamShape = 'ok' | 'short' | 'unqualified'

interface Slot {
  // certification start = today minus this many months (then spread by a few days)
  months: number
  lifecycle: Lifecycle
  team: TeamShape
}

const times = (n: number, slot: Slot): Slot[] => Array.from({ length: n }, () => ({ ...slot }))

// 40 slots, one per lab. 38 months back is the first (2023-style) batch, whose period ended
// over a year ago; 25 months ended a month ago (expired, awaiting decision); 23/22/21 months
// end within the 90-day window (expiring); 14, 8 and 2 months are comfortably active.
const SLOTS: Slot[] = [
  ...times(6, { months: 38, lifecycle: 'renewed', team: 'ok' }),
  { months: 38, lifecycle: 'not_renewed', team: 'short' },
  { months: 38, lifecycle: 'revoked', team: 'ok' },
  { months: 25, lifecycle: 'open', team: 'short' },
  ...times(3, { months: 25, lifecycle: 'open', team: 'ok' }),
  { months: 23, lifecycle: 'open', team: 'unqualified' },
  ...times(2, { months: 23, lifecycle: 'open', team: 'ok' }),
  ...times(3, { months: 22, lifecycle: 'open', team: 'ok' }),
  // decided early: the next period starts after today, so the lab reads as 'renewed'
  { months: 22, lifecycle: 'renewed_ahead', team: 'ok' },
  ...times(2, { months: 21, lifecycle: 'open', team: 'ok' }),
  { months: 14, lifecycle: 'open', team: 'short' },
  ...times(6, { months: 14, lifecycle: 'open', team: 'ok' }),
  { months: 8, lifecycle: 'open', team: 'unqualified' },
  ...times(6, { months: 8, lifecycle: 'open', team: 'ok' }),
  ...times(5, { months: 2, lifecycle: 'open', team: 'ok' }),
]

const PINNED_SLOTS: Record<string, Slot> = {
  [DEMO_LAB_ACCOUNTS.lab]: { months: 38, lifecycle: 'renewed', team: 'ok' },
  [DEMO_LAB_ACCOUNTS.lab2]: { months: 23, lifecycle: 'open', team: 'ok' },
}

// Start-day spread within a batch (j = the lab's place in it). Directions are chosen so each
// batch stays on its side of the boundaries: 23 months back ends ≥ 30 days ahead, 22 months
// back ends ≤ 60 days ahead, and the 21-month labs end about 85 days ahead, inside the
// 90-day expiry window.
function startShift(months: number, j: number): number {
  if (months === 23) return j % 4
  if (months === 21) return -5 - j
  return -(j % 4)
}

// ---------------------------------------------------------------------------------------------
// Building the data in memory (checked before anything is written).

interface PlannedPeriod {
  sequence: number
  startDate: IsoDate
  endDate: IsoDate
  certificateNo: string
  outcome: PeriodOutcome | null
  outcomeDate: IsoDate | null
  outcomeNote: string
}

interface PlannedMember {
  name: string
  titleLevel: TitleLevel
  degree: Degree
  role: TeamRole
  active: boolean
}

interface PlannedLab {
  data: DemoLab
  districtCode: DistrictCode
  partners: string[]
  directorName: string
  contactName: string
  contactPhone: string
  contactEmail: string
  address: string
  planSummary: string
  periods: PlannedPeriod[]
  members: PlannedMember[]
  team: TeamShape
}

interface PlannedOrg {
  name: string
  kind: OrgKind
  districtCode: DistrictCode
  creditCode: string
}

// Registering authority and organisation-kind characters of GB 32100 (positions 1 and 2).
const USCC_KIND: Record<OrgKind, { authority: string; kind: string }> = {
  enterprise: { authority: '9', kind: '1' }, // industry and commerce, enterprise
  public_institution: { authority: '1', kind: '2' }, // establishment office, public institution
  social_organisation: { authority: '5', kind: '1' }, // civil affairs, social group
  university_college: { authority: '1', kind: '2' }, // a college uses its university's code
}

function planOrgs(rng: Rng): PlannedOrg[] {
  const serials = new Set<string>()
  return DEMO_ORGS.map((org) => {
    let serial: string
    do serial = Array.from({ length: 9 }, () => rng.pick([...USCC_CHARSET])).join('')
    while (serials.has(serial))
    serials.add(serial)
    const creditCode = makeUscc({ ...USCC_KIND[org.kind], region: org.registeredIn ?? org.district, serial })
    return { name: org.name, kind: org.kind, districtCode: org.district, creditCode }
  })
}

function personName(rng: Rng, used: Set<string>): string {
  for (;;) {
    // squaring skews the draw towards the common surnames at the front of the list
    const surname = SURNAMES[Math.floor(rng.next() ** 2 * SURNAMES.length)]
    const given = rng.chance(0.3) ? rng.pick(GIVEN_NAME_CHARS) : rng.pick(GIVEN_NAME_CHARS) + rng.pick(GIVEN_NAME_CHARS)
    const name = surname + given
    if (!used.has(name)) {
      used.add(name)
      return name
    }
  }
}

const RESEARCHER_DEGREES: Weighted<Degree> = [
  ['doctorate', 20],
  ['master', 45],
  ['bachelor', 35],
]
const RESEARCHER_TITLES: Weighted<TitleLevel> = [
  ['senior', 5],
  ['associate_senior', 20],
  ['intermediate', 35],
  ['junior', 30],
  ['none', 10],
]
const ENGINEER_DEGREES: Weighted<Degree> = [
  ['master', 30],
  ['bachelor', 60],
  ['below_bachelor', 10],
]
const ENGINEER_TITLES: Weighted<TitleLevel> = [
  ['associate_senior', 8],
  ['intermediate', 40],
  ['junior', 37],
  ['none', 15],
]
const ADMIN_DEGREES: Weighted<Degree> = [
  ['master', 20],
  ['bachelor', 70],
  ['below_bachelor', 10],
]
const ADMIN_TITLES: Weighted<TitleLevel> = [
  ['intermediate', 30],
  ['junior', 40],
  ['none', 30],
]
// A team of mostly bachelor-level engineers: what makes a lab miss the qualified threshold.
const PLAIN_DEGREES: Weighted<Degree> = [
  ['bachelor', 80],
  ['below_bachelor', 20],
]
const PLAIN_TITLES: Weighted<TitleLevel> = [
  ['intermediate', 40],
  ['junior', 40],
  ['none', 20],
]

const ROLE_ORDER: Record<TeamRole, number> = { director: 0, researcher: 1, engineer: 2, administrator: 3 }

function planRoster(rng: Rng, team: TeamShape): PlannedMember[] {
  const used = new Set<string>()
  const member = (role: TeamRole, titleLevel: TitleLevel, degree: Degree, active = true): PlannedMember => ({
    name: personName(rng, used),
    role,
    titleLevel,
    degree,
    active,
  })
  const activeCount = team === 'short' ? rng.int(10, 13) : team === 'unqualified' ? rng.int(15, 19) : rng.int(15, 24)
  const adminCount = rng.chance(0.4) ? 2 : 1
  const out: PlannedMember[] = [
    member(
      'director',
      rng.weighted([
        ['senior', 60],
        ['associate_senior', 40],
      ]),
      rng.weighted([
        ['doctorate', 70],
        ['master', 30],
      ]),
    ),
  ]
  if (team === 'unqualified') {
    // the director plus one engineer with a master's degree: 2 qualified, one short of 3
    out.push(member('engineer', 'intermediate', 'master'))
    out.push(member('administrator', 'junior', 'master')) // administrators never count
    for (let i = 1; i < adminCount; i++) out.push(member('administrator', rng.weighted(ADMIN_TITLES), rng.weighted(ADMIN_DEGREES)))
    while (out.length < activeCount) {
      out.push(member(rng.chance(0.4) ? 'researcher' : 'engineer', rng.weighted(PLAIN_TITLES), rng.weighted(PLAIN_DEGREES)))
    }
  } else {
    // two researchers who qualify, so with the director every such lab meets the 3-person bar
    out.push(member('researcher', 'associate_senior', 'doctorate'))
    out.push(member('researcher', 'intermediate', 'master'))
    for (let i = 0; i < adminCount; i++) out.push(member('administrator', rng.weighted(ADMIN_TITLES), rng.weighted(ADMIN_DEGREES)))
    while (out.length < activeCount) {
      out.push(
        rng.chance(0.5)
          ? member('researcher', rng.weighted(RESEARCHER_TITLES), rng.weighted(RESEARCHER_DEGREES))
          : member('engineer', rng.weighted(ENGINEER_TITLES), rng.weighted(ENGINEER_DEGREES)),
      )
    }
  }
  // people who left stay on the roster for the record (and made 'short' teams short)
  const leftCount = team === 'short' ? rng.int(2, 4) : rng.chance(0.35) ? rng.int(1, 2) : 0
  for (let i = 0; i < leftCount; i++) {
    out.push(
      rng.chance(0.5)
        ? member('researcher', rng.weighted(RESEARCHER_TITLES), rng.weighted(RESEARCHER_DEGREES), false)
        : member('engineer', rng.weighted(ENGINEER_TITLES), rng.weighted(ENGINEER_DEGREES), false),
    )
  }
  return out.sort((a, b) => Number(b.active) - Number(a.active) || ROLE_ORDER[a.role] - ROLE_ORDER[b.role])
}

function planPeriods(slot: Slot, j: number, today: IsoDate): Omit<PlannedPeriod, 'certificateNo'>[] {
  const startDate = addDays(addMonths(today, -slot.months), startShift(slot.months, j))
  const endDate = periodEndDate(startDate)
  const first: Omit<PlannedPeriod, 'certificateNo'> = { sequence: 1, startDate, endDate, outcome: null, outcomeDate: null, outcomeNote: '' }
  const next = (decidedOn: IsoDate) => {
    const nextStart = addDays(endDate, 1)
    return [
      {
        ...first,
        outcome: 'renewed' as const,
        outcomeDate: decidedOn,
        outcomeNote: slot.lifecycle === 'renewed' ? OUTCOME_NOTES.renewed : OUTCOME_NOTES.renewedEarly,
      },
      { sequence: 2, startDate: nextStart, endDate: periodEndDate(nextStart), outcome: null, outcomeDate: null, outcomeNote: '' },
    ]
  }
  switch (slot.lifecycle) {
    case 'open':
      return [first]
    case 'renewed':
      return next(addDays(endDate, -(6 + 3 * j)))
    case 'renewed_ahead':
      return next(addDays(today, -12))
    case 'not_renewed':
      return [{ ...first, outcome: 'not_renewed', outcomeDate: addDays(endDate, -4), outcomeNote: OUTCOME_NOTES.notRenewed }]
    case 'revoked':
      return [{ ...first, outcome: 'revoked', outcomeDate: addDays(addMonths(startDate, 11), 9), outcomeNote: OUTCOME_NOTES.revoked }]
  }
}

// Certificate numbers run per year of the period's start, in date order: SZDSJ-2023-017.
function numberCertificates(all: { periods: Omit<PlannedPeriod, 'certificateNo'>[] }[]): PlannedPeriod[][] {
  const numbered = all.map((lab) => lab.periods.map((p) => ({ ...p, certificateNo: '' })))
  const order = numbered
    .flatMap((periods, labIndex) => periods.map((p) => ({ p, labIndex })))
    .sort((a, b) => a.p.startDate.localeCompare(b.p.startDate) || a.labIndex - b.labIndex || a.p.sequence - b.p.sequence)
  const perYear = new Map<string, number>()
  for (const { p } of order) {
    const year = p.startDate.slice(0, 4)
    const n = (perYear.get(year) ?? 0) + 1
    perYear.set(year, n)
    p.certificateNo = `SZDSJ-${year}-${String(n).padStart(3, '0')}`
  }
  return numbered
}

const MOBILE_PREFIXES = [
  '130',
  '133',
  '135',
  '136',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '158',
  '159',
  '180',
  '181',
  '186',
  '187',
  '188',
  '189',
]

function planPartners(rng: Rng, orgs: PlannedOrg[]): string[][] {
  const kindOf = new Map(orgs.map((o) => [o.name, o]))
  const joint = new Map<string, number>()
  const bump = (name: string) => joint.set(name, (joint.get(name) ?? 0) + 1)
  const room = (name: string) => (joint.get(name) ?? 0) < MAX_JOINT_APPLICATIONS
  // fixed partners first, so the drawn ones respect the counts they already use
  const result: string[][] = DEMO_LABS.map((lab) => lab.partners ?? [])
  DEMO_LABS.forEach((lab, i) => {
    if (result[i].length > 0) [lab.host, ...result[i]].forEach(bump)
  })
  DEMO_LABS.forEach((lab, i) => {
    if (lab.partners) return
    const wanted = rng.weighted([
      [0, 45],
      [1, 40],
      [2, 15],
    ] as const)
    // a host already in 3 joint labs cannot take on another (guide 一(二))
    if (wanted === 0 || !room(lab.host)) return
    const hostDistrict = kindOf.get(lab.host)?.districtCode
    const chosen: string[] = []
    for (let k = 0; k < wanted; k++) {
      const candidates: [string, number][] = orgs
        .filter((o) => o.name !== lab.host && !chosen.includes(o.name) && room(o.name))
        // colleges, institutions and associations are the usual partners; nearby ones more so
        .map((o) => [o.name, (o.kind === 'enterprise' ? 1 : 3) * (o.districtCode === hostDistrict ? 2 : 1)])
      if (candidates.length === 0) break
      chosen.push(rng.weighted(candidates))
    }
    if (chosen.length === 0) return
    ;[lab.host, ...chosen].forEach(bump)
    result[i] = chosen
  })
  return result
}

function assignSlots(rng: Rng): Slot[] {
  const remaining = [...SLOTS]
  const same = (a: Slot, b: Slot) => a.months === b.months && a.lifecycle === b.lifecycle && a.team === b.team
  const assigned: (Slot | undefined)[] = DEMO_LABS.map((lab) => {
    const pin = PINNED_SLOTS[lab.name]
    if (!pin) return undefined
    const at = remaining.findIndex((s) => same(s, pin))
    if (at < 0) throw new Error(`seed: no slot left for pinned lab ${lab.name}`)
    return remaining.splice(at, 1)[0]
  })
  const shuffled = rng.shuffle(remaining)
  return assigned.map((slot) => slot ?? shuffled.pop()!)
}

function planDemo(now: Date) {
  if (SLOTS.length !== DEMO_LABS.length) throw new Error('seed: one lifecycle slot per demo lab expected')
  const rng = createRng(PRNG_SEED)
  const today = shanghaiDate(now)
  const orgs = planOrgs(rng)
  const orgByName = new Map(orgs.map((o) => [o.name, o]))
  const slots = assignSlots(rng)
  const partners = planPartners(rng, orgs)
  const placeInBatch = new Map<number, number>()
  const drafts = DEMO_LABS.map((data, i) => {
    const host = orgByName.get(data.host)
    if (!host) throw new Error(`seed: unknown host ${data.host}`)
    for (const p of partners[i]) if (!orgByName.has(p)) throw new Error(`seed: unknown partner ${p}`)
    const slot = slots[i]
    const j = placeInBatch.get(slot.months) ?? 0
    placeInBatch.set(slot.months, j + 1)
    const district = DEMO_DISTRICTS.find((d) => d.code === host.districtCode)!
    const members = planRoster(rng, slot.team)
    const streetNo = `${rng.pick(district.streets)}${rng.int(1, 2999)}号${rng.int(1, 12)}号楼${rng.int(2, 18)}层`
    const planSummary =
      `两年内${DIRECTION_GOALS[data.direction]}，形成${rng.int(3, 6)}项可复用的${rng.pick(OUTCOME_FORMS)}成果。` +
      `计划申请发明专利${rng.int(2, 8)}项、登记软件著作权${rng.int(3, 12)}项，参与制定团体或地方标准${rng.int(1, 3)}项。` +
      `两年总投入约${rng.int(30, 160) * 10}万元，其中依托单位自筹${rng.int(55, 80)}%，其余争取市、区专项资金和合作单位投入，` +
      `成果优先在${data.scenarios}等场景落地转化。`
    return {
      data,
      districtCode: host.districtCode,
      partners: partners[i],
      directorName: members.find((m) => m.role === 'director')!.name,
      contactName: members.find((m) => m.role === 'administrator')!.name,
      contactPhone: rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0'),
      contactEmail: `lab${String(i + 1).padStart(2, '0')}@example.cn`,
      address: district.addressPrefix + streetNo,
      planSummary,
      periods: planPeriods(slot, j, today),
      members,
      team: slot.team,
    }
  })
  const numbered = numberCertificates(drafts)
  const planned: PlannedLab[] = drafts.map((d, i) => ({ ...d, periods: numbered[i] }))
  checkPlan({ orgs, labs: planned, today })
  return { today, orgs, labs: planned }
}

function latestStatus(lab: PlannedLab, today: IsoDate): LabStatus {
  const latest = lab.periods[lab.periods.length - 1]
  return labStatus({ latest, today, windowDays: DEFAULT_EXPIRY_WINDOW_DAYS })
}

// The promises the demo makes (README, the brief for the demo); a data edit that breaks one
// fails the seed instead of producing a demo that quietly lacks a case.
function checkPlan({ orgs, labs: planned, today }: { orgs: PlannedOrg[]; labs: PlannedLab[]; today: IsoDate }) {
  const fail = (why: string) => {
    throw new Error(`seed: ${why}`)
  }
  const perDistrict = (code: DistrictCode) => planned.filter((l) => l.districtCode === code).length
  for (const code of DISTRICT_CODES) if (perDistrict(code) < 2) fail(`district ${code} has fewer than 2 labs`)
  if (perDistrict('320508') < 4 || perDistrict('320583') < 4) fail('姑苏区 and 昆山市 need at least 4 labs each')
  for (const d of DIRECTIONS) if (!planned.some((l) => l.data.direction === d)) fail(`no lab in direction ${d}`)
  if (new Set(planned.map((l) => l.data.name)).size !== planned.length) fail('duplicate lab name')

  const ids = new Map(orgs.map((o, i) => [o.name, i + 1]))
  const jointLabs: JointLab[] = planned.map((l, i) => ({
    id: i + 1,
    hostOrgId: ids.get(l.data.host)!,
    partnerOrgIds: l.partners.map((p) => ids.get(p)!),
  }))
  for (const [name, id] of ids) {
    if (countJointApplications({ orgId: id, labs: jointLabs }) > MAX_JOINT_APPLICATIONS) fail(`${name} exceeds the joint limit`)
  }

  for (const l of planned) {
    const t = teamThresholds(l.members)
    const expected = { ok: [true, true], short: [false, true], unqualified: [true, false] }[l.team]
    if (t.meetsHeadcount !== expected[0] || t.meetsQualified !== expected[1]) fail(`${l.data.name}: team is not '${l.team}'`)
  }

  const statuses = new Set(planned.map((l) => latestStatus(l, today)))
  for (const s of ['active', 'expiring', 'expired', 'renewed', 'not_renewed', 'revoked'] as const) {
    if (!statuses.has(s)) fail(`no lab with status ${s}`)
  }
  const accountLab = (name: string) => planned.find((l) => l.data.name === name) ?? fail(`no lab ${name}`)
  const lab = accountLab(DEMO_LAB_ACCOUNTS.lab)
  if (lab.districtCode !== '320508' || latestStatus(lab, today) !== 'active' || lab.team !== 'ok') {
    fail("the 'lab' account's lab must be an active 姑苏区 lab meeting the team thresholds")
  }
  if (accountLab(DEMO_LAB_ACCOUNTS.lab2).districtCode !== '320583') fail("the 'lab2' account's lab must be in 昆山市")
}

// ---------------------------------------------------------------------------------------------
// Writing it.

export async function seedDemo(db: Db, { now }: { now: Date }): Promise<SeedSummary> {
  const existing = db.select({ n: count() }).from(users).get()?.n ?? 0
  if (existing > 0) throw new Error('seedDemo: the database already has users; demo data goes only into an empty database')

  const plan = planDemo(now)
  // hashed once, outside the transaction: better-sqlite3 transactions must be synchronous
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const stamp = now.toISOString()

  const filings = planFilings({
    labs: plan.labs.map((l) => ({ name: l.data.name, direction: l.data.direction, scenarios: l.data.scenarios, periods: l.periods })),
    today: plan.today,
    story: { submittedNow: DEMO_LAB_ACCOUNTS.lab, returnedNow: DEMO_LAB_ACCOUNTS.lab2 },
  })
  const security = planSecurity({
    labs: plan.labs.map((l) => ({
      name: l.data.name,
      directorName: l.directorName,
      contactPhone: l.contactPhone,
      certifiedOn: l.periods[0].startDate,
      inForce: isTracked(latestStatus(l, plan.today)),
    })),
    today: plan.today,
    // the urgent alert's story (issue 15): a 姑苏区 lab in force without a demo account
    story: {
      urgentLab: plan.labs.find(
        (l) =>
          l.districtCode === '320508' &&
          isTracked(latestStatus(l, plan.today)) &&
          !Object.values<string>(DEMO_LAB_ACCOUNTS).includes(l.data.name),
      )?.data.name,
    },
  })
  const requests = planRequests({
    labs: plan.labs.map((l) => ({
      name: l.data.name,
      inForce: isTracked(latestStatus(l, plan.today)),
      certifiedOn: l.periods[0].startDate,
    })),
    today: plan.today,
    story: { awaiting: DEMO_LAB_ACCOUNTS.lab, returned: DEMO_LAB_ACCOUNTS.lab2 },
    calendar: packageWorkCalendar(),
  })
  const outcomePlan = planOutcomes({
    labs: plan.labs.map((l) => ({ name: l.data.name, periods: l.periods })),
    today: plan.today,
  })
  const labsByStatus = Object.fromEntries(LAB_STATUSES.map((s) => [s, 0])) as Record<LabStatus, number>
  for (const l of plan.labs) labsByStatus[latestStatus(l, plan.today)]++
  const summary: SeedSummary = {
    organisations: plan.orgs.length,
    labs: plan.labs.length,
    labPartners: plan.labs.reduce((n, l) => n + l.partners.length, 0),
    validityPeriods: plan.labs.reduce((n, l) => n + l.periods.length, 0),
    teamMembers: plan.labs.reduce((n, l) => n + l.members.length, 0),
    // bureau and expert, one per district, one per demo lab account
    users: 2 + DEMO_DISTRICTS.length + Object.keys(DEMO_LAB_ACCOUNTS).length,
    labsByStatus,
    labsBelowTeamThreshold: plan.labs.filter((l) => l.team !== 'ok').length,
    violations: 2,
    deliverables: filings.reduce((n, f) => n + f.deliverables.length, 0),
    annualReports: filings.reduce((n, f) => n + f.reports.length, 0),
    securityPlans: security.reduce((n, f) => n + f.plans.length, 0),
    drills: security.reduce((n, f) => n + f.drills.length, 0),
    incidents: security.reduce((n, f) => n + f.incidents.length, 0),
    resourceRequests: requests.reduce((n, r) => n + r.requests.length, 0),
    renewals: [...renewalPlan(plan).values()].reduce((n, r) => n + r.length, 0),
    outcomes: [...outcomePlan.values()].reduce((n, o) => n + o.length, 0),
  }

  db.transaction((tx) => {
    const orgRows = plan.orgs.map((o) => insertOrganisation(tx, { ...o, createdAt: stamp, updatedAt: stamp }))
    const orgId = new Map(orgRows.map((r) => [r.name, r.id]))

    const labRows = plan.labs.map((l) =>
      insertLab(tx, {
        name: l.data.name,
        direction: l.data.direction,
        districtCode: l.districtCode,
        hostOrgId: orgId.get(l.data.host)!,
        directorName: l.directorName,
        contactName: l.contactName,
        contactPhone: l.contactPhone,
        contactEmail: l.contactEmail,
        focus: l.data.focus,
        address: l.address,
        planSummary: l.planSummary,
        createdAt: stamp,
        updatedAt: stamp,
      }),
    )
    const labId = new Map(labRows.map((r) => [r.name, r.id]))
    const idOf = (l: PlannedLab) => labId.get(l.data.name)!

    for (const l of plan.labs) for (const p of l.partners) insertPartner(tx, { labId: idOf(l), orgId: orgId.get(p)! })

    const periodIds = new Map<string, number>()
    for (const l of plan.labs) {
      for (const p of l.periods) periodIds.set(`${idOf(l)}:${p.sequence}`, insertPeriod(tx, { ...p, labId: idOf(l), createdAt: stamp }).id)
    }

    for (const l of plan.labs) for (const m of l.members) insertTeamMember(tx, { ...m, labId: idOf(l), createdAt: stamp, updatedAt: stamp })
    insertSecurity(tx, { plan, security, labIdOf: (name) => labId.get(name)! })
    insertRequests(tx, { plan, requests, labIdOf: (name) => labId.get(name)! })
    insertFilings(tx, { plan, filings, labIdOf: (name) => labId.get(name)!, periodIdOf: (lab, seq) => periodIds.get(`${lab}:${seq}`)! })

    const account = (username: string, displayName: string, role: Role, extra: { districtCode?: DistrictCode; labId?: number } = {}) => ({
      username,
      displayName,
      email: `${username}@example.cn`,
      passwordHash,
      role,
      districtCode: extra.districtCode ?? null,
      labId: extra.labId ?? null,
      locale: 'zh' as const,
      createdAt: stamp,
      updatedAt: stamp,
    })
    const labAccount = (username: keyof typeof DEMO_LAB_ACCOUNTS) => {
      const lab = plan.labs.find((l) => l.data.name === DEMO_LAB_ACCOUNTS[username])!
      return account(username, `${lab.contactName}（${lab.data.name}）`, 'lab', { labId: idOf(lab) })
    }
    const districtAccounts = DEMO_DISTRICTS.map((d) =>
      account(d.username, `${d.name}大数据局 ${d.officer}`, 'district', { districtCode: d.code }),
    )
    // the five sign-in page accounts first, so they get the low ids
    const userRows = [
      account('bureau', DEMO_ACCOUNT_NAMES.bureau, 'bureau'),
      ...districtAccounts.filter((a) => a.username === 'gusu'),
      labAccount('lab'),
      labAccount('lab2'),
      account('expert', DEMO_ACCOUNT_NAMES.expert, 'expert'),
      ...districtAccounts.filter((a) => a.username !== 'gusu'),
    ]
    if (userRows.length !== summary.users) throw new Error('seed: user count mismatch')
    const userIds = new Map(userRows.map((u) => [u.username, insertUser(tx, u).id]))
    const openRenewals = insertRenewals(tx, {
      plan,
      labIdOf: (name) => labId.get(name)!,
      periodIdOf: (lab, seq) => periodIds.get(`${lab}:${seq}`)!,
      expertId: userIds.get('expert')!,
    })
    // indicator plans (issue 16): the demo lab's awaits the bureau, lab2's was returned
    insertIndicatorPlans(tx, {
      labs: plan.labs.map((l) => {
        const account = (Object.keys(DEMO_LAB_ACCOUNTS) as (keyof typeof DEMO_LAB_ACCOUNTS)[]).find(
          (k) => DEMO_LAB_ACCOUNTS[k] === l.data.name,
        )
        const inForce = labPeriods(l.periods, plan.today).inForce
        return {
          labId: idOf(l),
          submittedBy: account ? userIds.get(account)! : userIds.get('bureau')!,
          periods: l.periods.map((p) => ({ id: periodIds.get(`${idOf(l)}:${p.sequence}`)!, startDate: p.startDate })),
          inForceId: inForce ? periodIds.get(`${idOf(l)}:${inForce.sequence}`)! : null,
          story: account === 'lab' ? 'submitted' : account === 'lab2' ? 'returned' : undefined,
        }
      }),
      today: plan.today,
      bureauId: userIds.get('bureau')!,
    })
    // the next period's plans the open renewal applications propose: most await the bureau
    insertProposedPlans(tx, {
      renewals: openRenewals.map((r) => ({ ...r, submittedBy: userIds.get('bureau')! })),
      bureauId: userIds.get('bureau')!,
    })

    // the outcome register: checked by the lab's district office, verified or disputed by the bureau
    for (const l of plan.labs) {
      const checker = userIds.get(DEMO_DISTRICTS.find((d) => d.code === l.districtCode)!.username)!
      for (const { periodSequence, ...o } of outcomePlan.get(l.data.name) ?? []) {
        const checked = o.verification !== 'unverified'
        const decided = o.verification === 'verified' || o.verification === 'disputed'
        tx.insert(outcomes)
          .values({
            ...o,
            labId: idOf(l),
            periodId: periodIds.get(`${idOf(l)}:${periodSequence}`)!,
            checkedBy: checked ? checker : null,
            checkedAt: checked ? `${addDays(o.occurredOn, 20)}T02:00:00.000Z` : null,
            decidedBy: decided ? userIds.get('bureau')! : null,
            decidedAt: decided ? `${addDays(o.occurredOn, 40)}T02:00:00.000Z` : null,
            createdBy: null,
            createdAt: stamp,
            updatedAt: stamp,
          })
          .run()
      }
    }

    // progress against the plans (issue 16, part 3): reports state their figures, one lab behind
    settleDemoProgress(tx, { today: plan.today })

    // The eligibility record: one host violation that still counts (lab2's host, so a demo
    // lab user sees a failing check) and one lab violation from over three years ago that no
    // longer does.
    const lab2 = plan.labs.find((l) => l.data.name === DEMO_LAB_ACCOUNTS.lab2)!
    const older = plan.labs.find((l) => !Object.values<string>(DEMO_LAB_ACCOUNTS).includes(l.data.name) && l.districtCode === '320571')!
    insertViolation(tx, {
      orgId: orgId.get(lab2.data.host)!,
      category: 'credit',
      occurredOn: addMonths(plan.today, -14),
      source: '信用中国（江苏苏州）行政处罚信息',
      description: '未按期履行行政处罚决定，已于次月整改完毕。',
      createdAt: stamp,
    })
    insertViolation(tx, {
      labId: idOf(older),
      category: 'data_security',
      occurredOn: addMonths(plan.today, -50),
      source: '苏州市网信办通报',
      description: '测试环境数据库未设访问控制，已整改并复查通过。',
      createdAt: stamp,
    })

    // the certification round (issue 21): city departments and this year's open round
    insertDemoRound(tx, { today: plan.today, bureauId: userIds.get('bureau')!, stamp, passwordHash })

    tx.insert(appMeta).values({ key: 'demo', value: 'true' }).run()
    recordAudit(tx, { actor: SYSTEM_ACTOR, action: 'seed', entityType: 'system', after: summary, at: now })
  })

  return summary
}

/**
 * The demo's compliance past and present: month-end results for the last 24 months (rebuilt
 * from the seeded periods) and today's. Needs the app's database handle (setDb) to be this one.
 */
export function seedComplianceHistory({ now }: { now: Date }) {
  const today = shanghaiDate(now)
  backfillComplianceHistory({ today, months: 24 })
  refreshCompliance({ today })
}

// The planned deliverables and annual reports with their review threads. The thread names the
// demo's people as the accounts do; user ids stay empty because the accounts are created later.
function insertFilings(
  tx: Pick<Db, 'insert' | 'update' | 'select'>,
  {
    plan,
    filings,
    labIdOf,
    periodIdOf,
  }: {
    plan: ReturnType<typeof planDemo>
    filings: ReturnType<typeof planFilings>
    labIdOf: (name: string) => number
    periodIdOf: (labId: number, sequence: number) => number
  },
) {
  for (const f of filings) {
    const lab = plan.labs.find((l) => l.data.name === f.name)!
    const labId = labIdOf(f.name)
    const district = DEMO_DISTRICTS.find((d) => d.code === lab.districtCode)!
    const names = { lab: lab.contactName, district: `${district.name}大数据局 ${district.officer}`, bureau: DEMO_ACCOUNT_NAMES.bureau }
    const thread = (kind: 'deliverable' | 'annual_report', filingId: number, events: FilingEventPlan[]) =>
      events.map((e) => ({
        filingKind: kind,
        filingId,
        labId,
        action: e.action,
        fromStatus: e.from,
        toStatus: e.to,
        comment: e.comment,
        grade: e.grade,
        actorName: names[e.by],
        at: e.at,
      }))
    for (const { events, ...d } of f.deliverables) {
      const row = insertDeliverable(tx, { ...d, labId, updatedAt: d.decidedAt ?? d.submittedAt ?? d.createdAt })
      tx.update(deliverables).set({ rootId: row.id }).where(eq(deliverables.id, row.id)).run()
      tx.insert(filingEvents)
        .values(thread('deliverable', row.id, events))
        .run()
    }
    // the roster as it is seeded stands in for the roster at each submission
    const roster = tx.select().from(teamMembers).where(eq(teamMembers.labId, labId)).all()
    for (const { events, periodSequence, ...r } of f.reports) {
      const rosterSnapshot = r.submittedAt ? { ...takeRosterSnapshot(roster, shanghaiDate(new Date(r.submittedAt))) } : null
      const row = insertAnnualReport(tx, {
        ...r,
        rosterSnapshot,
        labId,
        periodId: periodIdOf(labId, periodSequence),
        updatedAt: r.decidedAt ?? r.submittedAt ?? r.createdAt,
      })
      tx.insert(filingEvents)
        .values(thread('annual_report', row.id, events))
        .run()
    }
  }
}

// The planned emergency plans (acknowledged by the bureau, named in the seed's own words),
// drills and incidents with their handling steps.
const renewalPlan = (plan: ReturnType<typeof planDemo>) =>
  planRenewals({
    labs: plan.labs.map((l) => ({ name: l.data.name, periods: l.periods })),
    today: plan.today,
    // lab2 applies in the browser test
    skip: [DEMO_LAB_ACCOUNTS.lab2],
    // a fresh installation's settings
    months: DEFAULT_RULE_SETTINGS.rectificationMonths,
    windowDays: DEFAULT_RULE_SETTINGS.renewalWindowDays,
  })

// The planned renewals with their threads; the demo expert reviews the ones sent to experts.
function insertRenewals(
  tx: Pick<Db, 'insert'>,
  {
    plan,
    labIdOf,
    periodIdOf,
    expertId,
  }: {
    plan: ReturnType<typeof planDemo>
    labIdOf: (name: string) => number
    periodIdOf: (labId: number, seq: number) => number
    expertId: number
  },
): Omit<ProposingRenewal, 'submittedBy'>[] {
  const open: Omit<ProposingRenewal, 'submittedBy'>[] = []
  for (const [name, planned] of renewalPlan(plan)) {
    const lab = plan.labs.find((l) => l.data.name === name)!
    const labId = labIdOf(name)
    const actorName = { lab: lab.contactName, bureau: DEMO_ACCOUNT_NAMES.bureau, expert: DEMO_ACCOUNT_NAMES.expert }
    for (const r of planned) {
      const stamp = (day: string) => new Date(`${day}T02:00:00Z`).toISOString()
      const renewed = r.decision === 'renew' && lab.periods.some((p) => p.sequence === r.sequence + 1)
      const row = insertRenewal(tx, {
        labId,
        periodId: periodIdOf(labId, r.sequence),
        status: r.status,
        ...(r.application ? DEMO_APPLICATION : {}),
        submittedAt: r.submittedOn ? stamp(r.submittedOn) : null,
        decision: r.decision,
        grade: r.grade,
        reasons: r.reasons,
        decidedOn: r.decidedOn,
        decidedAt: r.decidedOn ? stamp(r.decidedOn) : null,
        decidedByName: r.decidedOn ? DEMO_ACCOUNT_NAMES.bureau : null,
        rectificationDeadline: r.rectificationDeadline,
        rectificationRequirements: r.rectificationRequirements,
        newPeriodId: renewed ? periodIdOf(labId, r.sequence + 1) : null,
        createdAt: stamp(r.events[0].on),
        updatedAt: stamp(r.events[r.events.length - 1].on),
      })
      if (row.status !== 'decided')
        open.push({ renewalId: row.id, labId, status: row.status, submittedAt: row.submittedAt, updatedAt: row.updatedAt })
      tx.insert(renewalEvents)
        .values(
          r.events.map((e, i) => ({
            renewalId: row.id,
            labId,
            action: e.action,
            fromStatus: i === 0 ? null : r.events[i - 1].to,
            toStatus: e.to,
            comment: e.comment,
            actorName: actorName[e.actor],
            at: stamp(e.on),
          })),
        )
        .run()
      if (!r.assignment) continue
      const assignment = insertReviewAssignment(tx, {
        renewalId: row.id,
        expertId,
        status: r.assignment.status,
        opinion: r.assignment.opinion,
        totalScore: r.assignment.scores.length ? weightedDemoTotal(r.assignment.scores) : null,
        assignedAt: stamp(r.submittedOn ?? r.events[0].on),
        submittedAt: r.assignment.status === 'submitted' ? stamp(r.decidedOn ?? r.events[0].on) : null,
      })
      // the migration's five default criteria, ids 1..5
      if (r.assignment.scores.length)
        tx.insert(reviewScores)
          .values(r.assignment.scores.map((score, i) => ({ assignmentId: assignment.id, criterionId: i + 1, score })))
          .run()
    }
  }
  return open
}

// The default criteria's weights (migration 0009), in their order: 30, 20, 15, 15, 20.
const DEFAULT_CRITERIA_WEIGHTS = [30, 20, 15, 15, 20]
const weightedDemoTotal = (scores: number[]) => weightedTotal(scores.map((score, i) => ({ score, weight: DEFAULT_CRITERIA_WEIGHTS[i] })))

// The planned requests with their threads, named as the demo accounts are (ids stay empty: the
// accounts are created later in the same transaction).
function insertRequests(
  tx: Pick<Db, 'insert'>,
  {
    plan,
    requests,
    labIdOf,
  }: { plan: ReturnType<typeof planDemo>; requests: ReturnType<typeof planRequests>; labIdOf: (name: string) => number },
) {
  tx.insert(requestTypeRules)
    .values(DEMO_TYPE_RULES.map((r) => ({ ...r, updatedAt: `${plan.today}T00:00:00.000Z` })))
    .run()
  for (const { name, requests: planned } of requests) {
    const labId = labIdOf(name)
    const lab = plan.labs.find((l) => l.data.name === name)!
    const district = DEMO_DISTRICTS.find((d) => d.code === lab.districtCode)!
    const actorName = { lab: lab.contactName, district: `${district.name}大数据局 ${district.officer}`, bureau: DEMO_ACCOUNT_NAMES.bureau }
    for (const { events, ...r } of planned) {
      const updatedAt = events[events.length - 1].at
      const row = insertRequest(tx, { ...r, labId, updatedAt })
      tx.insert(requestEvents)
        .values(
          events.map((e) => ({
            requestId: row.id,
            labId,
            action: e.action,
            fromStatus: e.from,
            toStatus: e.to,
            comment: e.comment,
            actorName: actorName[e.actor],
            at: e.at,
          })),
        )
        .run()
    }
  }
}

function insertSecurity(
  tx: Pick<Db, 'insert'>,
  {
    plan,
    security,
    labIdOf,
  }: { plan: ReturnType<typeof planDemo>; security: ReturnType<typeof planSecurity>; labIdOf: (name: string) => number },
) {
  for (const s of security) {
    const labId = labIdOf(s.name)
    const contact = plan.labs.find((l) => l.data.name === s.name)!.contactName
    for (const { acknowledged, ...p } of s.plans) {
      insertSecurityPlan(tx, { ...p, labId, acknowledgedAt: acknowledged ? new Date(`${p.approvedOn}T06:00:00Z`).toISOString() : null })
    }
    for (const d of s.drills) insertDrill(tx, { ...d, labId })
    for (const { steps, ...i } of s.incidents) {
      const row = insertIncident(tx, { ...i, labId, updatedAt: steps[steps.length - 1].at })
      tx.insert(incidentUpdates)
        .values(
          steps.map((step) => ({
            incidentId: row.id,
            labId,
            at: step.at,
            fromStatus: step.from,
            toStatus: step.to,
            note: step.note,
            actorName: contact,
          })),
        )
        .run()
    }
  }
}
