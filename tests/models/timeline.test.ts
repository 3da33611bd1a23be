import type { AuditAction } from '~/domain/audit-vocabulary'
import { beforeEach, describe, expect, test } from 'vitest'
import { labelText } from '~/components/timeline/label'
import { eventId, type TimelineEvent } from '~/domain/timeline'
import { translator } from '~/i18n'
import { recordAudit, type AuditActor } from '~/models/audit.server'
import { addPeriod } from '~/models/lab-mutations.server'
import { addMember, updateMember } from '~/models/team.server'
import { labTimeline, TIMELINE_SOURCES, type TimelineSource } from '~/models/timeline.server'
import type { Db } from '~db/client.server'
import { filingEvents, violations } from '~db/schema'
import { makeLab, makeOrg, makeUser, setupTestDb } from '../helpers'
import { insertDeliverable } from '~db/factories'

// the bureau's view of the timeline: everything a lab's history holds
const BUREAU = { role: 'bureau' } as const

const TODAY = '2025-06-15'
const zh = translator('zh')
const member = { titleLevel: 'intermediate', degree: 'master', role: 'researcher', active: true } as const

let db: Db
let actor: AuditActor
let lab: { id: number; hostOrgId: number }
let other: { id: number; hostOrgId: number }

const texts = (events: TimelineEvent[]) => events.map((e) => labelText(zh, e.label))

beforeEach(async () => {
  db = setupTestDb()
  const chief = await makeUser(db, { role: 'bureau', username: 'chief' })
  actor = { id: chief.id, displayName: '王局长' }
  lab = makeLab(db, { name: '时间线实验室', startDate: '2023-03-15' })
  other = makeLab(db, { name: '别的实验室', startDate: '2024-01-10' })
  addPeriod({ labId: lab.id, period: { startDate: '2025-03-15', endDate: '2027-03-14', certificateNo: 'T-2' }, actor })
  const created = addMember({ labId: lab.id, input: { name: '赵六', ...member }, actor })
  updateMember({ labId: lab.id, memberId: created.id, input: { active: false }, actor })
  addMember({ labId: other.id, input: { name: '钱七', ...member }, actor })
})

describe('labTimeline', () => {
  test('a lab’s timeline holds its certification, its added period and its team changes, newest first', () => {
    const { events, hasMore } = labTimeline({ labId: lab.id, viewer: BUREAU, today: TODAY })
    expect(hasMore).toBe(false)
    expect(texts(events)).toEqual([
      '赵六 离开团队',
      '团队新增成员：赵六',
      '登记第 2 个有效期（2025-03-15 至 2027-03-14）',
      '续期：第 2 个有效期开始（2025-03-15 至 2027-03-14）',
      '第 1 个有效期届满（2023-03-15 至 2025-03-14）',
      '认定授牌：第 1 个有效期开始（2023-03-15 至 2025-03-14）',
    ])
    const team = events.find((e) => e.label.key === 'timeline.audit.team_member.create')
    expect(team).toMatchObject({ actor: '王局长', href: `/labs/${lab.id}#team`, kind: 'record' })
    expect(team?.time).toMatch(/^\d{2}:\d{2}$/)
  })

  test('a lab’s timeline holds nothing of another lab', () => {
    const mine = JSON.stringify(labTimeline({ labId: lab.id, viewer: BUREAU, today: TODAY }))
    expect(mine).not.toContain('钱七')
    expect(mine).not.toContain('2024-01-10')
    const theirs = labTimeline({ labId: other.id, viewer: BUREAU, today: TODAY }).events
    expect(texts(theirs)).toEqual(['团队新增成员：钱七', '认定授牌：第 1 个有效期开始（2024-01-10 至 2026-01-09）'])
  })

  test('account records are left to the audit log, and unknown records appear with a generic label', () => {
    db.transaction((tx) => {
      recordAudit(tx, { actor, action: 'password_reset', entityType: 'user', entityId: 9, labId: lab.id })
      // an action a newer version wrote: shown as stored, beside the record's name
      recordAudit(tx, { actor, action: 'report' as AuditAction, entityType: 'resource_request', entityId: 1, labId: lab.id })
      // filings are told by their review threads, not by their audit rows
      recordAudit(tx, { actor, action: 'update', entityType: 'deliverable', entityId: 1, labId: lab.id })
    })
    const events = labTimeline({ labId: lab.id, viewer: BUREAU, today: TODAY }).events
    expect(events.some((e) => JSON.stringify(e).includes('password_reset'))).toBe(false)
    expect(events.some((e) => e.id.startsWith('audit:') && JSON.stringify(e).includes('deliverable'))).toBe(false)
    expect(texts(events)[0]).toBe('资源申请：report')
  })

  test('a renewal’s steps read as words in both languages, not as their keys', () => {
    db.transaction((tx) => {
      recordAudit(tx, {
        actor,
        action: 'assign_expert',
        entityType: 'review_assignment',
        entityId: 1,
        labId: lab.id,
        at: new Date('2025-06-01T02:00:00Z'),
      })
      recordAudit(tx, {
        actor,
        action: 'review',
        entityType: 'review_assignment',
        entityId: 1,
        labId: lab.id,
        at: new Date('2025-06-02T02:00:00Z'),
      })
      recordAudit(tx, { actor, action: 'decide', entityType: 'renewal', entityId: 1, labId: lab.id, at: new Date('2025-06-03T02:00:00Z') })
      recordAudit(tx, {
        actor,
        action: 'renewed',
        entityType: 'validity_period',
        entityId: 1,
        labId: lab.id,
        at: new Date('2025-06-04T02:00:00Z'),
      })
    })
    const events = labTimeline({ labId: lab.id, viewer: BUREAU, today: TODAY, limit: 50 }).events
    const en = translator('en')
    expect(texts(events)).toEqual(
      expect.arrayContaining(['有效期：续期', '续期申请：作出决定', '评审任务：提交评审意见', '评审任务：指派专家']),
    )
    expect(events.map((e) => labelText(en, e.label))).toEqual(
      expect.arrayContaining([
        'Validity period: Renewed',
        'Renewal application: Decided',
        'Review assignment: Review submitted',
        'Review assignment: Expert assigned',
      ]),
    )
  })

  test('the review steps of the lab’s filings are on it, with who took them and their comment', () => {
    const deliverable = insertDeliverable(db, {
      labId: lab.id,
      type: 'case',
      forms: ['scenario'],
      title: '古城客流调度案例',
      completedOn: '2025-09-01',
      status: 'returned',
    })
    const base = { filingKind: 'deliverable' as const, filingId: deliverable.id, labId: lab.id, grade: null, actorUserId: null }
    db.insert(filingEvents)
      .values([
        { ...base, action: 'create', fromStatus: null, toStatus: 'draft', actorName: '李四', at: '2025-09-10T02:00:00.000Z' },
        { ...base, action: 'submit', fromStatus: 'draft', toStatus: 'submitted', actorName: '李四', at: '2025-09-11T02:00:00.000Z' },
        {
          ...base,
          action: 'return',
          fromStatus: 'submitted',
          toStatus: 'returned',
          comment: '请补充应用成效',
          actorName: '市局',
          at: '2025-09-20T02:00:00.000Z',
        },
      ])
      .run()
    db.insert(filingEvents)
      .values({
        ...base,
        labId: other.id,
        action: 'submit',
        fromStatus: 'draft',
        toStatus: 'submitted',
        actorName: '别的',
        at: '2025-09-12T02:00:00.000Z',
      })
      .run()
    const shown = labTimeline({ labId: lab.id, viewer: BUREAU, today: TODAY }).events.filter((e) => e.kind === 'filing')
    expect(texts(shown)).toEqual(['年度成果《古城客流调度案例》被退回修改', '提交年度成果《古城客流调度案例》'])
    expect(shown[0]).toMatchObject({ note: '请补充应用成效', actor: '市局', href: `/labs/${lab.id}/deliverables/${deliverable.id}` })
  })

  test('violations of the lab and of its host are on it; another organisation’s are not', () => {
    db.insert(violations)
      .values([
        { orgId: lab.hostOrgId, category: 'credit', occurredOn: '2024-05-01', source: '信用中国' },
        { labId: lab.id, category: 'data_security', occurredOn: '2024-08-01', source: '通报' },
        { orgId: other.hostOrgId, category: 'intellectual_property', occurredOn: '2024-06-01', source: '判决' },
        { orgId: makeOrg(db).id, category: 'credit', occurredOn: '2024-07-01', source: '信用中国' },
      ])
      .run()
    const shown = labTimeline({ labId: lab.id, viewer: BUREAU, today: TODAY }).events.filter((e) => e.kind === 'violation')
    expect(texts(shown)).toEqual(['实验室发生数据安全方面的违法违规行为', '依托单位发生信用方面的违法违规行为'])
  })

  test('paging through the timeline shows every event once', () => {
    // entries at one instant: the cursor's tie-break on id must hold in SQL too
    const at = new Date('2025-06-01T02:00:00.000Z')
    db.transaction((tx) => {
      for (let i = 0; i < 5; i++) recordAudit(tx, { actor, action: 'update', entityType: 'lab', entityId: lab.id, labId: lab.id, at })
    })
    const all = labTimeline({ labId: lab.id, viewer: BUREAU, today: TODAY, limit: 100 }).events.map((e) => e.id)
    expect(all).toHaveLength(11)
    const seen: string[] = []
    let before: string | null = null
    for (let page = 0; page < 20; page++) {
      const result = labTimeline({ labId: lab.id, viewer: BUREAU, today: TODAY, limit: 2, before })
      seen.push(...result.events.map((e) => e.id))
      if (!result.hasMore) break
      expect(result.moreHref).toBe('?events=22#timeline')
      before = result.nextCursor
    }
    expect(seen).toEqual(all)
  })

  test('a later module adds its events by adding a source', () => {
    const reports: TimelineSource = ({ labId }) => [
      {
        id: eventId('report', 1),
        at: '2025-06-10T00:00:00.000Z',
        date: '2025-06-10',
        time: null,
        kind: 'record',
        icon: 'event',
        label: { key: 'timeline.audit.generic', params: { entity: '年度报告', action: `lab ${labId}` } },
        detail: null,
        note: '',
        actor: null,
        href: null,
      },
    ]
    const events = labTimeline({ labId: lab.id, viewer: BUREAU, today: TODAY, sources: [...TIMELINE_SOURCES, reports] }).events
    expect(texts(events)).toContain(`年度报告：lab ${lab.id}`)
  })
})
