import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { LabHomeData } from '~/models/lab-home.server'
import { addMember } from '~/models/team.server'
import { loader as homeLoader } from '~/routes/_index'
import type { Db } from '~db/client.server'
import { validityPeriods } from '~db/schema'
import { getRequest, makeLab, outcome, setupTestDb, signInAs, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'

type HomeBody = { kind: string; lab?: LabHomeData }
type LabState = Extract<LabHomeData, { state: 'lab' }>

let db: Db

pinClock(new Date('2025-06-15T04:00:00Z'))
beforeEach(() => {
  db = setupTestDb()
})

async function home(cookie: string) {
  const r = await outcome(() => homeLoader({ request: getRequest('/', cookie), params: {}, context: TEST_CONTEXT }))
  expect(r.status).toBe(200)
  return r.body as unknown as HomeBody
}

async function homeOfLab(labId: number | null) {
  const body = await home(await signInAs(db, { role: 'lab', labId }))
  expect(body.kind).toBe('lab')
  return body.lab!
}

function asLab(data: LabHomeData): LabState {
  expect(data.state).toBe('lab')
  return data as LabState
}

describe('lab home', () => {
  test('a lab user sees only its own lab, with a failing team check when the roster is below 15', async () => {
    const small = makeLab(db, { name: '小团队实验室', startDate: '2025-03-15', teamSize: 10, secured: true })
    makeLab(db, { name: '隔壁实验室', districtCode: '320583', teamSize: 16 })
    const data = asLab(await homeOfLab(small.id))
    expect(data.lab).toEqual({ id: small.id, name: '小团队实验室' })
    expect(JSON.stringify(data)).not.toContain('隔壁实验室')
    expect(data.status).toBe('active')
    expect(data.expiry).toMatchObject({ endDate: '2027-03-14', daysLeft: 637 })
    expect(data.period).toMatchObject({ sequence: 1, yearNow: 1 })
    expect(data.period?.years.map((y) => [y.startDate, y.endDate])).toEqual([
      ['2025-03-15', '2026-03-14'],
      ['2026-03-15', '2027-03-14'],
    ])
    expect(data.allClear).toBe(false)
    const team = data.checklist.find((i) => i.id === 'check:team_size:')
    expect(team).toMatchObject({ result: 'failing', href: `/labs/${small.id}/team`, reason: { params: { count: 10, min: 15 } } })
    // the open check first (due now), then the milestones by date
    expect(data.checklist.map((i) => i.id)).toEqual(['check:team_size:', 'milestone:year_end:1', 'milestone:period_end:1'])
  })

  test('a lab user of another lab sees its own lab, all clear, and none of the first lab’s notices', async () => {
    const first = makeLab(db, { name: '第一实验室', teamSize: 10 })
    const second = makeLab(db, { name: '第二实验室', districtCode: '320583', startDate: '2025-06-01', teamSize: 16, secured: true })
    addMember({
      labId: first.id,
      input: { name: '孙八', titleLevel: 'none', degree: 'bachelor', role: 'engineer', active: true },
      actor: { id: null, displayName: 'system' },
    })
    const data = asLab(await homeOfLab(second.id))
    expect(data.lab.id).toBe(second.id)
    expect(JSON.stringify(data)).not.toContain('第一实验室')
    expect(JSON.stringify(data)).not.toContain('孙八')
    expect(data.allClear).toBe(true)
    expect(data.checklist.every((i) => i.source === 'milestone')).toBe(true)
    expect(data.recent.map((e) => e.kind)).toEqual(['certified'])
  })

  test('recent notices are the lab’s latest timeline events, at most eight', async () => {
    const lab = makeLab(db, { name: '忙碌实验室', teamSize: 16 })
    for (let i = 0; i < 10; i++) {
      addMember({
        labId: lab.id,
        input: { name: `新成员${i}`, titleLevel: 'none', degree: 'bachelor', role: 'engineer', active: true },
        actor: { id: null, displayName: '李主任' },
      })
    }
    const data = asLab(await homeOfLab(lab.id))
    expect(data.recent).toHaveLength(8)
    expect(data.recent[0]).toMatchObject({
      label: { key: 'timeline.audit.team_member.create', params: { name: '新成员9' } },
      actor: '李主任',
    })
  })

  test('an expired lab counts its days overdue and marks the validity check overdue', async () => {
    const lab = makeLab(db, { name: '过期实验室', startDate: '2023-06-01', teamSize: 16 })
    const data = asLab(await homeOfLab(lab.id))
    expect(data.status).toBe('expired')
    expect(data.expiry?.daysLeft).toBe(-15)
    expect(data.checklist.find((i) => i.id === 'check:validity:')).toMatchObject({ result: 'failing', overdue: true, date: '2025-05-31' })
    expect(data.checklist.some((i) => i.source === 'milestone')).toBe(false)
  })

  test('a revoked lab has no countdown items and is not held to the checks', async () => {
    const lab = makeLab(db, { name: '撤销实验室', startDate: '2024-09-01', teamSize: 5 })
    db.update(validityPeriods).set({ outcome: 'revoked', outcomeDate: '2025-05-01' }).where(eq(validityPeriods.labId, lab.id)).run()
    const data = asLab(await homeOfLab(lab.id))
    expect(data.status).toBe('revoked')
    expect(data.expiry).toMatchObject({ outcome: 'revoked', outcomeDate: '2025-05-01' })
    expect(data).toMatchObject({ checklist: [], tracked: false, allClear: false })
    expect(data.recent.map((e) => e.kind)).toEqual(['decision', 'certified'])
  })

  test('a lab user without a lab is told so', async () => {
    makeLab(db, { name: '某实验室' })
    const data = await homeOfLab(null)
    expect(data).toEqual({ state: 'no_lab', today: '2025-06-15' })
  })

  test('a bureau user gets the dashboard, not a lab home', async () => {
    makeLab(db, { name: '某实验室' })
    const body = await home(await signInAs(db, { role: 'bureau' }))
    expect(body.kind).toBe('overview')
    expect(body.lab).toBeUndefined()
  })
})
