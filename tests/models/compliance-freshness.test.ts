import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { evaluateLab } from '~/domain/compliance/engine'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { advanceIncident, regradeIncident, reportIncident } from '~/models/incidents.server'
import { startReport } from '~/models/annual-reports.server'
import { recordAudit } from '~/models/audit.server'
import { ensureComplianceFresh, labChecksOf } from '~/models/compliance.server'
import { loadLabFacts } from '~/models/compliance-facts.server'
import { clearStaleMarks, markLabsStale, staleMarks } from '~/models/compliance-freshness.server'
import { createDeliverable, deleteDeliverable, takeDeliverableStep, updateDeliverable } from '~/models/deliverables.server'
import { addViolation, removeViolation } from '~/models/eligibility.server'
import { addPeriod, createLab, updateLab, type LabInput } from '~/models/lab-mutations.server'
import { extendObligation } from '~/models/obligations.server'
import { updateOrganisation } from '~/models/organisations.server'
import { startApplication, submitApplication } from '~/models/renewals.server'
import { createRequest, takeRequestStep } from '~/models/resource-requests.server'
import { acknowledgePlan, closeFollowUp, createDrill, updateDrill } from '~/models/security.server'
import { ruleSettings } from '~/models/settings.server'
import { addMember, removeMember, updateMember } from '~/models/team.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import {
  complianceStale,
  labChecks,
  labs,
  obligations,
  organisations,
  securityPlans,
  teamMembers,
  validityPeriods,
  violations,
  drills,
  deliverables,
  incidents,
  renewals,
  resourceRequests,
} from '~db/schema'
import { makeLab, makeOrg, makeUser, setupTestDb, currentVersion } from '../helpers'

// The standing rule of issue 13: after any write that changes a lab's facts, what the screens
// read (lab_checks) is what the engine says now. Each writer below runs once, in order: it must
// leave its lab marked stale (inside its transaction: recordAudit marks the audited lab), and
// after the next reader the stored results of every lab equal a fresh evaluation and no mark is
// left. A writer that forgets fails the first assertion even when its change moves no check.
const NOW = new Date('2026-11-28T02:00:00Z')
const TODAY = shanghaiDate(NOW)

let db: Db
let labId: number // in its first period since 2025-06-01
let renewingLabId: number // its period ends in December: the renewal window is open
let hostOrgId: number
let labUser: Actor & { displayName: string }
let renewingUser: Actor & { displayName: string }
let bureau: Actor & { displayName: string }
const ids: Record<string, number> = {}

beforeAll(async () => {
  db = setupTestDb()
  setClock(NOW)
  hostOrgId = makeOrg(db).id
  labId = makeLab(db, { hostOrgId, startDate: '2025-06-01', teamSize: 5, secured: true }).id
  renewingLabId = makeLab(db, { startDate: '2023-12-10', endDate: '2026-12-09', teamSize: 5, secured: true }).id
  const user = await makeUser(db, { role: 'lab', labId })
  labUser = { id: user.id, role: 'lab', districtCode: null, labId, displayName: '实验室' }
  const other = await makeUser(db, { role: 'lab', labId: renewingLabId })
  renewingUser = { id: other.id, role: 'lab', districtCode: null, labId: renewingLabId, displayName: '续期实验室' }
  const chief = await makeUser(db, { role: 'bureau' })
  bureau = { id: chief.id, role: 'bureau', districtCode: null, labId: null, displayName: '市局' }
})

afterAll(() => setClock(undefined))

// What the screens read, and what the engine says today, in one comparable shape.
function storedChecks() {
  return (
    db
      .select()
      .from(labChecks)
      .orderBy(asc(labChecks.labId), asc(labChecks.checkId), asc(labChecks.subject))
      .all()
      // the district is the lab's, copied for the dashboards (held by dashboard-aggregates.test.ts)
      .map(({ evaluatedOn: _day, severity: _severity, districtCode: _district, ...c }) => c)
  )
}

function freshChecks(today: IsoDate) {
  const settings = ruleSettings()
  return loadLabFacts({ labIds: null, today })
    .flatMap((f) =>
      evaluateLab(f, { today, settings }).checks.map((c) => ({
        labId: f.labId,
        checkId: c.checkId,
        subject: c.subject,
        result: c.result,
        reasonKey: c.reason.key,
        reasonParams: JSON.parse(JSON.stringify(c.reason.params)) as unknown,
        concernsDate: c.concernsDate ?? null,
        fixPath: c.fixPath,
        owner: c.owner ?? 'lab',
      })),
    )
    .sort(
      (a, b) =>
        a.labId - b.labId ||
        (a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0),
    )
}

const LAB_INPUT = (name: string, host: number): LabInput => ({
  name,
  direction: 1,
  districtCode: '320508',
  hostOrgId: host,
  partnerOrgIds: [],
  directorName: '张三',
  contactName: '李四',
  contactPhone: '13800000000',
  contactEmail: '',
  focus: '',
  address: '',
  planSummary: '',
})

const ok = <R extends { ok: boolean }>(r: R) => {
  if (!r.ok) throw new Error(JSON.stringify(r))
  return r as Extract<R, { ok: true }>
}

// In order: later writers use what earlier ones created. `lab` is the lab whose facts change.
const WRITERS: { name: string; lab: () => number; write: () => void }[] = [
  {
    name: 'team: addMember',
    lab: () => labId,
    write: () =>
      void (ids.member = addMember({
        labId,
        actor: labUser,
        input: { name: '王五', titleLevel: 'senior', degree: 'doctorate', role: 'researcher', active: true },
      }).id),
  },
  {
    name: 'team: updateMember',
    lab: () => labId,
    write: () => void updateMember({ labId, memberId: ids.member, input: { titleLevel: 'junior', degree: 'bachelor' }, actor: labUser }),
  },
  { name: 'team: removeMember', lab: () => labId, write: () => void removeMember({ labId, memberId: ids.member, actor: labUser }) },
  {
    name: 'security: createDrill',
    lab: () => labId,
    write: () =>
      void (ids.drill = ok(
        createDrill({ by: labUser, labId, raw: { heldOn: TODAY, scenario: '勒索病毒', participants: '全体', followUp: '修补漏洞' } }),
      ).value.id),
  },
  {
    name: 'security: updateDrill',
    lab: () => labId,
    write: () =>
      void ok(
        updateDrill({
          by: labUser,
          labId,
          drillId: ids.drill,
          raw: { heldOn: '2026-11-20', scenario: '勒索病毒', participants: '全体', followUp: '修补漏洞' },
          version: currentVersion(drills, ids.drill),
        }),
      ),
  },
  {
    name: 'security: closeFollowUp',
    lab: () => labId,
    write: () =>
      void ok(closeFollowUp({ by: labUser, labId, drillId: ids.drill, closedOn: TODAY, version: currentVersion(drills, ids.drill) })),
  },
  {
    name: 'security: acknowledgePlan',
    lab: () => labId,
    write: () => {
      const plan = db.select({ id: securityPlans.id }).from(securityPlans).where(eq(securityPlans.labId, labId)).get()!
      ok(acknowledgePlan({ by: bureau, labId, planId: plan.id, version: currentVersion(securityPlans, plan.id) }))
    },
  },
  {
    name: 'incidents: reportIncident',
    lab: () => labId,
    write: () =>
      void (ids.incident = ok(
        reportIncident({
          by: labUser,
          labId,
          raw: { grade: 'II', title: '数据泄露', discoveredAt: '2026-11-27 09:00', description: '外泄' },
        }),
      ).incident.id),
  },
  {
    name: 'incidents: advanceIncident',
    lab: () => labId,
    write: () =>
      void ok(
        advanceIncident({
          by: labUser,
          labId,
          incidentId: ids.incident,
          to: 'contained',
          note: '已隔离',
          version: currentVersion(incidents, ids.incident),
        }),
      ),
  },
  {
    name: 'incidents: regradeIncident',
    lab: () => labId,
    write: () =>
      void ok(
        regradeIncident({
          by: labUser,
          labId,
          incidentId: ids.incident,
          grade: 'IV',
          reason: '影响较小',
          version: currentVersion(incidents, ids.incident),
        }),
      ),
  },
  {
    name: 'deliverables: createDeliverable',
    lab: () => labId,
    write: () =>
      void (ids.deliverable = ok(
        createDeliverable({
          by: labUser,
          labId,
          raw: { type: 'report', forms: ['data'], title: '成果一', summary: '摘要', completedOn: '2025-12-01', transferStatus: 'none' },
        }),
      ).deliverable.id),
  },
  {
    name: 'deliverables: updateDeliverable',
    lab: () => labId,
    write: () =>
      void ok(
        updateDeliverable({
          by: labUser,
          labId,
          deliverableId: ids.deliverable,
          raw: {
            type: 'report',
            forms: ['data'],
            title: '成果一（修订）',
            summary: '摘要',
            completedOn: '2025-12-01',
            transferStatus: 'none',
          },
          version: currentVersion(deliverables, ids.deliverable),
        }),
      ),
  },
  {
    name: 'deliverables: takeDeliverableStep (submit)',
    lab: () => labId,
    write: () =>
      void ok(
        takeDeliverableStep({
          by: labUser,
          labId,
          deliverableId: ids.deliverable,
          input: { rowVersion: currentVersion(deliverables, ids.deliverable), step: 'submit' },
        }),
      ),
  },
  {
    name: 'deliverables: deleteDeliverable',
    lab: () => labId,
    write: () => {
      const draft = ok(
        createDeliverable({
          by: labUser,
          labId,
          raw: { type: 'case', forms: ['data'], title: '草稿', summary: '摘要', completedOn: '2026-07-01', transferStatus: 'none' },
        }),
      )
      ensureComplianceFresh(TODAY)
      ok(deleteDeliverable({ by: labUser, labId, deliverableId: draft.deliverable.id }))
    },
  },
  {
    name: 'requests: createRequest and submit',
    lab: () => labId,
    write: () => {
      const created = ok(
        createRequest({
          by: labUser,
          labId,
          raw: {
            type: 'site',
            title: '路演场地',
            description: '发布会',
            quantity: '200',
            unit: 'm2',
            neededBy: '2027-03-01',
            justification: '发布成果',
          },
        }),
      )
      ensureComplianceFresh(TODAY)
      ok(
        takeRequestStep({
          by: labUser,
          labId,
          requestId: created.request.id,
          input: { rowVersion: currentVersion(resourceRequests, created.request.id), step: 'submit' },
        }),
      )
    },
  },
  {
    name: 'annual reports: startReport',
    lab: () => labId,
    write: () => {
      const period = db.select({ id: validityPeriods.id }).from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!
      ok(startReport({ by: labUser, labId, periodId: period.id, validityYear: 1 }))
    },
  },
  {
    name: 'obligations: extendObligation',
    lab: () => labId,
    write: () => {
      const due = db
        .select()
        .from(obligations)
        .where(and(eq(obligations.labId, labId), eq(obligations.validityYear, 2)))
        .orderBy(asc(obligations.dueDate))
        .get()!
      ok(extendObligation({ labId, obligationId: due.id, toDate: '2027-12-31', reason: '疫情', approvedBy: '局长', actor: bureau }))
    },
  },
  {
    name: 'eligibility: addViolation',
    lab: () => labId,
    write: () =>
      void addViolation({
        labId,
        actor: bureau,
        input: { subject: 'lab', category: 'credit', occurredOn: '2026-10-01', source: '通报', description: '' },
      }),
  },
  {
    name: 'eligibility: removeViolation',
    lab: () => labId,
    write: () => {
      const v = db.select({ id: violations.id }).from(violations).where(eq(violations.labId, labId)).get()!
      removeViolation({ labId, violationId: v.id, actor: bureau })
    },
  },
  {
    name: 'organisations: updateOrganisation',
    lab: () => labId,
    write: () => {
      const org = db.select().from(organisations).where(eq(organisations.id, hostOrgId)).get()!
      ok(
        updateOrganisation({
          id: hostOrgId,
          actor: bureau,
          input: { name: `${org.name}（更名）`, creditCode: org.creditCode, kind: org.kind, districtCode: org.districtCode },
        }),
      )
    },
  },
  {
    name: 'labs: updateLab (a partner makes it joint)',
    lab: () => labId,
    write: () => updateLab({ id: labId, actor: bureau, input: { ...LAB_INPUT('改名实验室', hostOrgId), partnerOrgIds: [makeOrg(db).id] } }),
  },
  {
    name: 'labs: createLab',
    lab: () => ids.createdLab,
    write: () =>
      void (ids.createdLab = createLab({
        actor: bureau,
        input: LAB_INPUT('新实验室', hostOrgId),
        period: { startDate: '2026-01-05', endDate: '2029-01-04', certificateNo: 'N-1' },
      }).id),
  },
  {
    name: 'labs: addPeriod',
    lab: () => ids.createdLab,
    write: () =>
      void addPeriod({
        labId: ids.createdLab,
        actor: bureau,
        period: { startDate: '2029-01-05', endDate: '2032-01-04', certificateNo: 'N-2' },
      }),
  },
  {
    name: 'renewals: startApplication',
    lab: () => renewingLabId,
    write: () => void (ids.renewal = ok(startApplication({ by: renewingUser, labId: renewingLabId })).renewal.id),
  },
  {
    name: 'renewals: submitApplication',
    lab: () => renewingLabId,
    write: () =>
      void ok(
        submitApplication({
          by: renewingUser,
          labId: renewingLabId,
          renewalId: ids.renewal,
          raw: {
            summary: '总结',
            selfAssessment: '自评',
            planTargets: '目标',
            planIp: '知识产权',
            planFunding: '经费',
            planScenarios: '场景',
          },
          version: currentVersion(renewals, ids.renewal),
        }),
      ),
  },
]

describe('stored compliance results after each writer', () => {
  test('the labs start with stored results equal to a fresh evaluation', () => {
    ensureComplianceFresh(TODAY)
    expect(db.select().from(labs).all().length).toBe(2)
    expect(storedChecks()).toEqual(freshChecks(TODAY))
  })

  for (const writer of WRITERS) {
    test(`${writer.name}: marks its lab, and the screens read the engine's answer right after it`, () => {
      ensureComplianceFresh(TODAY)
      expect(staleMarks()).toMatchObject({ all: false, labIds: [] })
      writer.write()
      const marks = staleMarks()
      expect(marks.all || marks.labIds.includes(writer.lab()), `marks: ${JSON.stringify(marks)}`).toBe(true)
      ensureComplianceFresh(TODAY)
      expect(staleMarks()).toMatchObject({ all: false, labIds: [] })
      expect(storedChecks().filter((c) => c.labId === writer.lab())).toEqual(freshChecks(TODAY).filter((c) => c.labId === writer.lab()))
      expect(storedChecks()).toEqual(freshChecks(TODAY))
    })
  }
})

describe('the staleness marks', () => {
  const audit = (tx: Pick<Db, 'insert'>) =>
    recordAudit(tx, { actor: { id: null, displayName: 'test' }, action: 'update', entityType: 'team_member', entityId: 1, labId })

  test('a write that rolls back leaves no mark', () => {
    ensureComplianceFresh(TODAY)
    expect(() =>
      db.transaction((tx) => {
        audit(tx)
        throw new Error('the write fails after its audit row')
      }),
    ).toThrow()
    expect(staleMarks()).toMatchObject({ all: false, labIds: [] })
  })

  test('the next reader re-evaluates exactly the marked labs', () => {
    ensureComplianceFresh(TODAY)
    const teamOf = (id: number) => labChecksOf({ labId: id, today: TODAY }).find((c) => c.checkId === 'team_size')!.result
    expect([teamOf(labId), teamOf(renewingLabId)]).toEqual(['failing', 'failing']) // five of fifteen
    // both teams grow behind the models' back; only the first lab is marked
    const hire = (id: number) =>
      db
        .insert(teamMembers)
        .values(
          Array.from({ length: 10 }, (_, i) => ({
            labId: id,
            name: `新成员${i}`,
            titleLevel: 'intermediate' as const,
            degree: 'bachelor' as const,
            role: 'engineer' as const,
          })),
        )
        .run()
    hire(labId)
    hire(renewingLabId)
    markLabsStale(db, [labId])
    expect([teamOf(labId), teamOf(renewingLabId)]).toEqual(['ok', 'failing'])
    markLabsStale(db, [renewingLabId])
    expect([teamOf(labId), teamOf(renewingLabId)]).toEqual(['ok', 'ok'])
    expect(storedChecks()).toEqual(freshChecks(TODAY))
  })

  test('a status change the refresh itself audits leaves no mark behind', () => {
    // on its end date's next day the renewing lab's period has ended: the refresh audits 'expired'
    ensureComplianceFresh('2026-12-10')
    expect(labChecksOf({ labId: renewingLabId, today: '2026-12-10' }).find((c) => c.checkId === 'validity')!.result).toBe('failing')
    expect(staleMarks()).toMatchObject({ all: false, labIds: [] })
    ensureComplianceFresh(TODAY)
  })

  test('a refresh clears only the marks it saw before reading the facts, and those its own writes added', () => {
    db.delete(complianceStale).run()
    markLabsStale(db, [labId, renewingLabId]) // seen by the refresh
    const seenThrough = staleMarks().lastId
    markLabsStale(db, [labId]) // written by another process while the facts were read
    const ownFrom = staleMarks().lastId
    markLabsStale(db, [renewingLabId]) // the refresh's own status audit
    clearStaleMarks(db, { seenThrough, ownFrom, labIds: [labId, renewingLabId] })
    expect(db.select({ id: complianceStale.id, labId: complianceStale.labId }).from(complianceStale).all()).toEqual([
      { id: ownFrom, labId },
    ])
    ensureComplianceFresh(TODAY)
    expect(staleMarks()).toMatchObject({ all: false, labIds: [] })
  })
})
