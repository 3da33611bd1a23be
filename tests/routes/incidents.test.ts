import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { labChecksOf } from '~/models/compliance.server'
import { labTimeline } from '~/models/timeline.server'
import { action as incidentAction, loader as incidentLoader } from '~/routes/labs.$labId.incidents.$incidentId'
import { action as listAction, loader as listLoader } from '~/routes/labs.$labId.incidents._index'
import { loader as securityLoader } from '~/routes/security'
import { loader as csvLoader } from '~/routes/security.incidents.csv'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { auditLog, incidents, incidentUpdates } from '~db/schema'
import type { DistrictCode } from '~db/schema/enums'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  signInAs,
  signInChief,
  statusOf,
  TEST_CONTEXT,
  valuesOf,
  withVersion,
} from '../helpers'
import { pinClock } from '../clock'

// the bureau's view of the timeline: everything a lab's history holds
const BUREAU = { role: 'bureau' } as const

// 2026-05-01 12:00 in Suzhou. Test labs are certified on 2025-06-01; `secured` gives them a
// current plan and a drill, so the only security checks that move are the incident checks.
const NOW = new Date('2026-05-01T04:00:00.000Z')
const TODAY = '2026-05-01'

let db: Db
let bureau: string

pinClock(NOW)
beforeEach(async () => {
  db = setupTestDb()
  bureau = await signInChief(db)
})

const labCookie = (labId: number) => signInAs(db, { role: 'lab', labId })
const districtCookie = (districtCode: DistrictCode) => signInAs(db, { role: 'district', districtCode })

const report = {
  intent: 'report',
  grade: 'III',
  title: '合作单位账号被盗用批量下载数据',
  discoveredAt: '2026-05-01T10:30',
  reportedAt: '',
  description: '监测发现合作单位账号在非工作时间批量下载数据。',
  dataAffected: '约 2 万条企业经营数据',
  measures: '冻结账号，排查日志',
}

const params = (p: Record<string, number>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]))
const list = (labId: number, cookie: string) =>
  outcome(() => listLoader({ request: getRequest(`/labs/${labId}/incidents`, cookie), params: params({ labId }), context: TEST_CONTEXT }))
const post = (labId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    listAction({
      request: formRequest(`/labs/${labId}/incidents`, fields, cookie),
      params: params({ labId }),
      context: TEST_CONTEXT,
    }),
  )
const view = (labId: number, incidentId: number, cookie: string) =>
  outcome(() =>
    incidentLoader({
      request: getRequest(`/labs/${labId}/incidents/${incidentId}`, cookie),
      params: params({ labId, incidentId }),
      context: TEST_CONTEXT,
    }),
  )
const act = (labId: number, incidentId: number, fields: Record<string, string>, cookie: string) =>
  outcome(() =>
    incidentAction({
      request: formRequest(`/labs/${labId}/incidents/${incidentId}`, withVersion(incidents, incidentId, fields), cookie),
      params: params({ labId, incidentId }),
      context: TEST_CONTEXT,
    }),
  )

type SecurityBody = {
  labs: { rows: { labId: number; checks: { checkId: string; result: string }[] }[]; total: number }
  counts: { month: string; grade: string; n: number }[]
  incidents: { rows: { id: number; labId: number; grade: string; status: string; timing: { state: string } }[]; total: number }
}
const security = async (query: string, cookie = bureau) =>
  (await outcome(() => securityLoader({ request: getRequest(`/security${query}`, cookie), params: {}, context: TEST_CONTEXT })))
    .body as unknown as SecurityBody
const incidentIds = async (query: string, cookie = bureau) =>
  (await security(query, cookie)).incidents.rows.map((r) => r.id).sort((a, b) => a - b)

async function exportCsv(query: string, cookie = bureau) {
  const response = (await csvLoader({
    request: getRequest(`/security/incidents/csv${query}`, cookie),
    params: {},
    context: TEST_CONTEXT,
  })) as Response
  expect(response.headers.get('Content-Type')).toContain('text/csv')
  // Response.text() would drop the byte-order mark Excel needs: check the bytes
  const bytes = new Uint8Array(await response.arrayBuffer())
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  return new TextDecoder('utf-8').decode(bytes).trimEnd().split('\r\n')
}

// The lab reports through the page; returns the new incident's id from the redirect.
async function reportAs(labId: number, cookie: string, fields: Partial<typeof report> = {}) {
  const o = await post(labId, { ...report, ...fields }, cookie)
  expect(o.status, JSON.stringify(o.body)).toBe(302)
  const id = Number(/\/incidents\/(\d+)\?saved=reported$/.exec(o.location ?? '')?.[1])
  expect(o.location).toBe(`/labs/${labId}/incidents/${id}?saved=reported`)
  return id
}

const incidentChecks = (labId: number) =>
  labChecksOf({ labId, today: TODAY })
    .filter((c) => c.checkId === 'incident' || c.checkId === 'incident_report')
    .map((c) => ({ checkId: c.checkId, result: c.result, subject: c.subject, fixPath: c.fixPath }))
const rowOf = (id: number) => db.select().from(incidents).where(eq(incidents.id, id)).get()!
const updatesOf = (id: number) =>
  db.select().from(incidentUpdates).where(eq(incidentUpdates.incidentId, id)).orderBy(asc(incidentUpdates.id)).all()
const auditOf = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'incident'), eq(auditLog.entityId, String(id))))
    .orderBy(asc(auditLog.id))
    .all()

describe('a lab reports an incident and handles it', () => {
  test('a grade III incident fails the lab’s incident check until the lab closes it, step by step', async () => {
    const lab = makeLab(db, { secured: true })
    const cookie = await labCookie(lab.id)
    expect(incidentChecks(lab.id)).toEqual([])

    const id = await reportAs(lab.id, cookie)
    const stored = rowOf(id)
    expect(stored).toMatchObject({
      labId: lab.id,
      grade: 'III',
      status: 'open',
      discoveredAt: '2026-05-01T02:30:00.000Z',
      // recording it is the report: now
      reportedAt: NOW.toISOString(),
      // grade III: 4 clock hours from the discovery
      reportDeadline: '2026-05-01T06:30:00.000Z',
      closedAt: null,
    })
    const failing = { checkId: 'incident', result: 'failing', subject: `incident:${id}`, fixPath: `/labs/${lab.id}/incidents/${id}` }
    expect(incidentChecks(lab.id)).toEqual([failing])

    const page = (await view(lab.id, id, cookie)).body as { timing: unknown; next: string | null; canRegrade: boolean }
    expect(page.timing).toEqual({ state: 'on_time', limitHours: 4, minutesTaken: 90 })
    expect(page.next).toBe('contained')
    expect(page.canRegrade).toBe(true)

    for (const [to, note] of [
      ['contained', '已冻结账号并切断接口'],
      ['resolved', '已重置口令并完成溯源'],
    ] as const) {
      const o = await act(lab.id, id, { intent: 'advance', to, note }, cookie)
      expect(o.location).toBe(`/labs/${lab.id}/incidents/${id}?saved=advanced`)
      expect(rowOf(id).status).toBe(to)
      expect(incidentChecks(lab.id)).toEqual([failing])
    }
    const closed = await act(lab.id, id, { intent: 'advance', to: 'closed', note: '完成整改，结案' }, cookie)
    expect(closed.status).toBe(302)
    expect(rowOf(id)).toMatchObject({ status: 'closed', closedAt: NOW.toISOString() })
    expect(incidentChecks(lab.id)).toEqual([])

    expect(updatesOf(id).map((u) => [u.fromStatus, u.toStatus, u.note, u.actorUserId !== null])).toEqual([
      [null, 'open', '', true],
      ['open', 'contained', '已冻结账号并切断接口', true],
      ['contained', 'resolved', '已重置口令并完成溯源', true],
      ['resolved', 'closed', '完成整改，结案', true],
    ])
    const audit = auditOf(id)
    expect(audit.map((a) => a.action)).toEqual(['create', 'advance', 'advance', 'advance'])
    expect(audit.every((a) => a.labId === lab.id && a.ip === '127.0.0.1')).toBe(true)
    expect(audit[0].after).toMatchObject({ id, grade: 'III', status: 'open' })
    expect(audit[3].before).toEqual({ status: 'resolved', closedAt: null })
    expect(audit[3].after).toEqual({ status: 'closed', closedAt: NOW.toISOString(), note: '完成整改，结案' })

    // closed: no further step, no grade correction
    const after = (await view(lab.id, id, cookie)).body as { next: string | null; canRegrade: boolean }
    expect(after).toMatchObject({ next: null, canRegrade: false })
    const again = await act(lab.id, id, { intent: 'advance', to: 'closed', note: '再次结案' }, cookie)
    expect(again.status).toBe(409)
    expect(errorsOf(again)._form).toEqual({ key: 'incidents.error.alreadyClosed' })
  })

  test('a report 10 hours after the discovery of a grade III incident (4 h) is flagged as 6 hours late', async () => {
    const lab = makeLab(db, { secured: true })
    const cookie = await labCookie(lab.id)
    // discovered at 02:00, reported now (12:00)
    const id = await reportAs(lab.id, cookie, { discoveredAt: '2026-05-01T02:00' })
    expect(rowOf(id).reportDeadline).toBe('2026-04-30T22:00:00.000Z')
    const checks = labChecksOf({ labId: lab.id, today: TODAY }).filter((c) => c.checkId === 'incident_report')
    expect(checks).toHaveLength(1)
    expect(checks[0]).toMatchObject({
      result: 'warning',
      reasonKey: 'compliance.incident.lateHours',
      reasonParams: { hours: 6, minutes: 0, grade: 'III' },
    })
    const page = (await view(lab.id, id, cookie)).body as { timing: unknown }
    expect(page.timing).toEqual({ state: 'late', limitHours: 4, minutesLate: 360 })
    expect((await security('?late=1')).incidents.rows.map((r) => [r.id, r.timing.state])).toEqual([[id, 'late']])
  })

  test('a report given earlier by telephone counts from that time', async () => {
    const lab = makeLab(db, { secured: true })
    const id = await reportAs(lab.id, await labCookie(lab.id), { discoveredAt: '2026-05-01T02:00', reportedAt: '2026-05-01T05:30' })
    expect(rowOf(id).reportedAt).toBe('2026-04-30T21:30:00.000Z')
    expect(incidentChecks(lab.id).map((c) => c.checkId)).toEqual(['incident'])
  })

  test('bad input is answered 400 with messages and what was typed, and nothing is written', async () => {
    const lab = makeLab(db, { secured: true })
    const cookie = await labCookie(lab.id)
    const typed = { ...report, discoveredAt: '2026-05-01T11:00', reportedAt: '2026-05-01T10:00', title: '' }
    const o = await post(lab.id, typed, cookie)
    expect(o.status).toBe(400)
    expect(errorsOf(o)).toEqual({ title: { key: 'form.required' }, reportedAt: { key: 'incidents.error.reportedBeforeDiscovery' } })
    expect(valuesOf(o)).toMatchObject({ discoveredAt: '2026-05-01T11:00', reportedAt: '2026-05-01T10:00', description: report.description })
    const future = await post(lab.id, { ...report, discoveredAt: '2026-05-01T12:30' }, cookie)
    expect(errorsOf(future)).toEqual({ discoveredAt: { key: 'incidents.error.discoveredInFuture' } })
    const tomorrow = await post(lab.id, { ...report, reportedAt: '2026-05-02T09:00' }, cookie)
    expect(errorsOf(tomorrow)).toEqual({ reportedAt: { key: 'incidents.error.reportedInFuture' } })
    expect((await post(lab.id, { ...report, intent: 'delete' }, cookie)).status).toBe(400)
    expect(db.select().from(incidents).all()).toEqual([])
    expect(db.select().from(auditLog).where(eq(auditLog.entityType, 'incident')).all()).toEqual([])
  })

  test('a step needs a note; a skipped step or a second click on a stale page is a conflict', async () => {
    const lab = makeLab(db, { secured: true })
    const cookie = await labCookie(lab.id)
    const id = await reportAs(lab.id, cookie)
    const noNote = await act(lab.id, id, { intent: 'advance', to: 'contained', note: '  ' }, cookie)
    expect(noNote.status).toBe(400)
    expect(errorsOf(noNote)).toEqual({ note: { key: 'form.required' } })
    const skip = await act(lab.id, id, { intent: 'advance', to: 'closed', note: '直接结案' }, cookie)
    expect(skip.status).toBe(409)
    expect(errorsOf(skip)._form).toEqual({ key: 'incidents.error.staleStep' })
    await act(lab.id, id, { intent: 'advance', to: 'contained', note: '已控制' }, cookie)
    const twice = await act(lab.id, id, { intent: 'advance', to: 'contained', note: '已控制' }, cookie)
    expect(twice.status).toBe(409)
    expect(updatesOf(id)).toHaveLength(2)
    expect(auditOf(id).map((a) => a.action)).toEqual(['create', 'advance'])
  })

  test('correcting the grade recomputes the deadline and is audited; a correction upwards can make the lab fail', async () => {
    const lab = makeLab(db, { secured: true })
    const cookie = await labCookie(lab.id)
    // grade IV (24 h): reported 9.5 hours after the discovery, in time
    const id = await reportAs(lab.id, cookie, { grade: 'IV', discoveredAt: '2026-05-01T02:30' })
    expect(rowOf(id).reportDeadline).toBe('2026-05-01T18:30:00.000Z')
    expect(incidentChecks(lab.id)).toEqual([])

    const noReason = await act(lab.id, id, { intent: 'regrade', grade: 'III', reason: '' }, cookie)
    expect(noReason.status).toBe(400)
    expect(errorsOf(noReason)).toEqual({ reason: { key: 'form.required' } })
    const same = await act(lab.id, id, { intent: 'regrade', grade: 'IV', reason: '复核' }, cookie)
    expect(errorsOf(same)).toEqual({ grade: { key: 'incidents.error.sameGrade' } })

    const o = await act(lab.id, id, { intent: 'regrade', grade: 'III', reason: '涉及数据量超过初判' }, cookie)
    expect(o.location).toBe(`/labs/${lab.id}/incidents/${id}?saved=regraded`)
    // 4 h from 02:30 Beijing time; the report at 12:00 is now 6 hours late
    expect(rowOf(id)).toMatchObject({ grade: 'III', reportDeadline: '2026-04-30T22:30:00.000Z' })
    expect(incidentChecks(lab.id).map((c) => [c.checkId, c.result])).toEqual([
      ['incident', 'failing'],
      ['incident_report', 'warning'],
    ])
    const regrade = auditOf(id).at(-1)!
    expect(regrade).toMatchObject({
      action: 'regrade',
      labId: lab.id,
      before: { grade: 'IV', reportDeadline: '2026-05-01T18:30:00.000Z' },
      after: { grade: 'III', reportDeadline: '2026-04-30T22:30:00.000Z', reason: '涉及数据量超过初判' },
    })
    const page = (await view(lab.id, id, cookie)).body as {
      timeline: { kind: string; fromGrade: string | null; toGrade: string | null; note: string }[]
    }
    expect(page.timeline.map((e) => e.kind)).toEqual(['reported', 'regrade'])
    expect(page.timeline[1]).toMatchObject({ fromGrade: 'IV', toGrade: 'III', note: '涉及数据量超过初判' })
  })
})

describe('who may read and write an incident', () => {
  test('a lab cannot see or post to another lab’s incidents', async () => {
    const mine = makeLab(db, { secured: true })
    const theirs = makeLab(db, { secured: true })
    const me = await labCookie(mine.id)
    const them = await labCookie(theirs.id)
    const id = await reportAs(theirs.id, them)
    expect((await list(theirs.id, me)).status).toBe(404)
    expect((await view(theirs.id, id, me)).status).toBe(404)
    // nor through its own lab's address
    expect((await view(mine.id, id, me)).status).toBe(404)
    expect((await post(theirs.id, report, me)).status).toBe(404)
    expect((await act(theirs.id, id, { intent: 'advance', to: 'contained', note: '越权' }, me)).status).toBe(404)
    expect((await act(theirs.id, id, { intent: 'note', note: '越权' }, me)).status).toBe(404)
    expect((await act(mine.id, id, { intent: 'note', note: '越权' }, me)).status).toBe(404)
    expect((await act(theirs.id, id, { intent: 'regrade', grade: 'I', reason: '越权' }, me)).status).toBe(404)
    expect((await act(mine.id, id, { intent: 'advance', to: 'contained', note: '越权' }, me)).status).toBe(404)
    expect(updatesOf(id)).toHaveLength(1)
    expect(rowOf(id)).toMatchObject({ status: 'open', grade: 'III' })
    expect(db.select().from(incidents).all()).toHaveLength(1)
    expect(((await list(mine.id, me)).body as { rows: unknown[] }).rows).toEqual([])
  })

  test('the lab’s district reads it and may add a note; another district gets 404', async () => {
    const lab = makeLab(db, { districtCode: '320508', secured: true })
    const id = await reportAs(lab.id, await labCookie(lab.id))
    const gusu = await districtCookie('320508')
    const kunshan = await districtCookie('320583')

    const listed = await list(lab.id, gusu)
    expect(listed.status).toBe(200)
    expect((listed.body as { rows: { id: number }[]; canReport: boolean }).rows.map((r) => r.id)).toEqual([id])
    expect((listed.body as { canReport: boolean }).canReport).toBe(false)
    const page = await view(lab.id, id, gusu)
    expect(page.body).toMatchObject({ next: null, canRegrade: false, canNote: true, ownLab: false })

    for (const o of [
      await list(lab.id, kunshan),
      await view(lab.id, id, kunshan),
      await act(lab.id, id, { intent: 'note', note: '跨区' }, kunshan),
      await act(lab.id, id, { intent: 'advance', to: 'contained', note: '跨区' }, kunshan),
      await act(lab.id, id, { intent: 'regrade', grade: 'II', reason: '跨区' }, kunshan),
      await post(lab.id, report, kunshan),
    ]) {
      expect(o.status).toBe(404)
    }
    // reading is not handling: the district can neither report nor move the incident on
    expect((await post(lab.id, report, gusu)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'advance', to: 'contained', note: '代为处置' }, gusu)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'regrade', grade: 'II', reason: '升级' }, gusu)).status).toBe(403)
    expect(rowOf(id)).toMatchObject({ status: 'open', grade: 'III' })
    expect(updatesOf(id)).toHaveLength(1)
    expect(db.select().from(incidents).all()).toHaveLength(1)

    const noted = await act(lab.id, id, { intent: 'note', note: '请于 24 小时内报送处置进展' }, gusu)
    expect(noted.location).toBe(`/labs/${lab.id}/incidents/${id}?saved=noted`)
    expect(rowOf(id).status).toBe('open')
    expect(updatesOf(id).at(-1)).toMatchObject({ fromStatus: 'open', toStatus: 'open', note: '请于 24 小时内报送处置进展' })
    expect(auditOf(id).at(-1)).toMatchObject({
      action: 'note',
      labId: lab.id,
      after: { status: 'open', note: '请于 24 小时内报送处置进展' },
    })
  })

  test('the bureau reads and notes, but only the lab closes its incident', async () => {
    const lab = makeLab(db, { secured: true })
    const id = await reportAs(lab.id, await labCookie(lab.id))
    expect((await view(lab.id, id, bureau)).status).toBe(200)
    expect((await post(lab.id, report, bureau)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'advance', to: 'contained', note: '市局代为更新' }, bureau)).status).toBe(403)
    expect((await act(lab.id, id, { intent: 'regrade', grade: 'I', reason: '市局改定' }, bureau)).status).toBe(403)
    expect(rowOf(id)).toMatchObject({ status: 'open', grade: 'III' })
    expect(db.select().from(incidents).all()).toHaveLength(1)
    expect(auditOf(id).map((a) => a.action)).toEqual(['create'])
    expect((await act(lab.id, id, { intent: 'note', note: '请报送书面报告' }, bureau)).status).toBe(302)
    const expert = await signInAs(db, { role: 'expert' })
    expect((await view(lab.id, id, expert)).status).toBe(404)
  })
})

describe('the bureau’s data-security page', () => {
  async function scene() {
    const gusu = makeLab(db, { districtCode: '320508', name: '姑苏数据实验室', secured: true })
    const kunshan = makeLab(db, { districtCode: '320583', name: '昆山数据实验室', secured: true })
    // no plan, no drill: listed for its plan even without incidents
    const unprepared = makeLab(db, { districtCode: '320506', name: '吴中数据实验室' })
    const g = await labCookie(gusu.id)
    const k = await labCookie(kunshan.id)
    const serious = await reportAs(gusu.id, g)
    const late = await reportAs(kunshan.id, k, { grade: 'IV', discoveredAt: '2026-04-29T08:00', reportedAt: '2026-05-01T09:00' })
    setClock(new Date('2026-03-10T04:00:00.000Z'))
    const march = await reportAs(gusu.id, g, { grade: 'II', discoveredAt: '2026-03-09T20:00', reportedAt: '2026-03-09T20:30' })
    setClock(NOW)
    await act(gusu.id, march, { intent: 'advance', to: 'contained', note: '已控制' }, g)
    return { gusu, kunshan, unprepared, serious, late, march }
  }

  test('lists every incident; the filters by grade, status, district, month and late report work', async () => {
    const s = await scene()
    expect(await incidentIds('')).toEqual([s.serious, s.late, s.march].sort((a, b) => a - b))
    // newest discovery first by default
    expect((await security('')).incidents.rows.map((r) => r.id)).toEqual([s.serious, s.late, s.march])
    expect((await security('?sort=discovered&dir=asc')).incidents.rows.map((r) => r.id)).toEqual([s.march, s.late, s.serious])
    expect(await incidentIds('?grade=III')).toEqual([s.serious])
    expect(await incidentIds('?status=contained')).toEqual([s.march])
    expect(await incidentIds('?district=320583')).toEqual([s.late])
    expect(await incidentIds('?month=2026-03')).toEqual([s.march])
    expect(await incidentIds('?month=2026-04&grade=IV')).toEqual([s.late])
    expect(await incidentIds('?late=1')).toEqual([s.late])
    expect(await incidentIds('?q=昆山')).toEqual([s.late])
    // malformed values read as "all"
    expect(await incidentIds('?grade=V&month=2026-13&late=yes')).toHaveLength(3)
    const paged = await security('?size=20&page=2')
    expect(paged.incidents).toMatchObject({ rows: [], total: 3 })
  })

  test('the chart counts incidents by month of discovery (Beijing time) and grade', async () => {
    await scene()
    // 2026-04-29 08:00 Beijing time is still April; 2026-03-09 20:00 is March
    const counts = (await security('')).counts.sort((a, b) => a.month.localeCompare(b.month) || a.grade.localeCompare(b.grade))
    expect(counts).toEqual([
      { month: '2026-03', grade: 'II', n: 1 },
      { month: '2026-04', grade: 'IV', n: 1 },
      { month: '2026-05', grade: 'III', n: 1 },
    ])
    expect((await security('?district=320583')).counts).toEqual([{ month: '2026-04', grade: 'IV', n: 1 }])
  })

  test('the labs table lists the labs whose plan, drill or incident checks are not ok, worst first', async () => {
    const s = await scene()
    const { labs } = await security('')
    const byLab = new Map(labs.rows.map((r) => [r.labId, r.checks.map((c) => `${c.checkId}:${c.result}`).sort()]))
    expect(byLab.get(s.gusu.id)).toEqual(['incident:failing', 'incident:failing'])
    expect(byLab.get(s.kunshan.id)).toEqual(['incident_report:warning'])
    expect(byLab.get(s.unprepared.id)).toContain('security_plan:failing')
    expect(labs.total).toBe(3)
    // the failing labs before the one with a warning
    expect(labs.rows.at(-1)?.labId).toBe(s.kunshan.id)
    expect((await security('?check=incident_report')).labs.rows.map((r) => r.labId)).toEqual([s.kunshan.id])
    expect((await security('?check=security_plan')).labs.rows.map((r) => r.labId)).toEqual([s.unprepared.id])
  })

  test('a district sees only its own labs and incidents, whatever district it asks for', async () => {
    const s = await scene()
    const gusu = await districtCookie('320508')
    expect(await incidentIds('', gusu)).toEqual([s.serious, s.march].sort((a, b) => a - b))
    expect(await incidentIds('?district=320583', gusu)).toEqual([s.serious, s.march].sort((a, b) => a - b))
    const page = await security('', gusu)
    expect(page.labs.rows.map((r) => r.labId)).toEqual([s.gusu.id])
    expect(page.counts.map((c) => c.grade).sort()).toEqual(['II', 'III'])
  })

  test('labs and experts have no data-security page nor export', async () => {
    const lab = makeLab(db)
    for (const user of [await makeUser(db, { role: 'lab', labId: lab.id }), await makeUser(db, { role: 'expert' })]) {
      const cookie = signIn(user)
      expect(await statusOf(() => securityLoader({ request: getRequest('/security', cookie), params: {}, context: TEST_CONTEXT }))).toBe(
        404,
      )
      expect(
        await statusOf(() => csvLoader({ request: getRequest('/security/incidents/csv', cookie), params: {}, context: TEST_CONTEXT })),
      ).toBe(404)
    }
  })

  test('the CSV export holds the filtered incidents of every page, scoped like the table', async () => {
    const s = await scene()
    const all = await exportCsv('?size=20&page=2')
    expect(all[0].split(',').slice(0, 4)).toEqual(['编号', '实验室', '所属区县', '等级'])
    expect(all.slice(1).map((line) => Number(line.split(',')[0]))).toEqual([s.serious, s.late, s.march])
    const lateOnly = await exportCsv('?late=1')
    expect(lateOnly).toHaveLength(2)
    expect(lateOnly[1]).toContain('昆山数据实验室')
    expect(lateOnly[1]).toContain('报告超时 25 小时（时限 24 小时）')
    const gusu = await districtCookie('320508')
    const scoped = await exportCsv('?district=320583', gusu)
    expect(scoped.slice(1).map((line) => Number(line.split(',')[0]))).toEqual([s.serious, s.march])
    expect(scoped.join('\n')).not.toContain('昆山')
    const en = await exportCsv('?grade=III', `${bureau}; lc_lang=en`)
    expect(en[0].startsWith('No.,Lab,District,Grade')).toBe(true)
    expect(en[1]).toContain('Grade III (relatively serious)')
  })
})

describe('the lab timeline', () => {
  test('shows the report and each change of status, not the notes nor the audit rows', async () => {
    const lab = makeLab(db, { secured: true })
    const cookie = await labCookie(lab.id)
    const id = await reportAs(lab.id, cookie)
    await act(lab.id, id, { intent: 'note', note: '进展：已排查日志' }, cookie)
    await act(lab.id, id, { intent: 'advance', to: 'contained', note: '已控制' }, cookie)
    const events = labTimeline({ labId: lab.id, viewer: BUREAU, today: TODAY }).events.filter((e) => e.href?.includes('/incidents/'))
    expect(events.map((e) => e.label.key)).toEqual(['timeline.incident.contained', 'timeline.incident.reported'])
    expect(events[0]).toMatchObject({ note: '已控制', href: `/labs/${lab.id}/incidents/${id}` })
    const all = labTimeline({ labId: lab.id, viewer: BUREAU, today: TODAY }).events
    expect(all.some((e) => e.id.startsWith('audit:') && JSON.stringify(e.label).includes('incident'))).toBe(false)
  })
})
