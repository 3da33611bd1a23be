import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Actor } from '~/domain/permissions'
import { acceptFilings } from '~/models/bulk-accept.server'
import { createDeliverable, takeDeliverableStep } from '~/models/deliverables.server'
import { action } from '~/routes/reviews'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { annualReports, auditLog, deliverables, filingEvents, notices, validityPeriods } from '~db/schema'
import { insertAnnualReport } from '~db/factories'
import type { DistrictCode } from '~db/schema/enums'
import { currentVersion, formRequest, makeLab, makeUser, outcome, setupTestDb, signIn, signInChief, TEST_CONTEXT } from '../helpers'

// The bureau's bulk accept on /reviews (issue 19 item 9): each filing through the one engine step.

let db: Db
let bureau: string
const clock = new Date('2026-03-02T02:00:00Z')

beforeEach(async () => {
  setClock(clock)
  db = setupTestDb()
  bureau = await signInChief(db)
})

afterEach(() => setClock(undefined))

async function fileAndSubmit({ district, name }: { district: DistrictCode; name: string }) {
  const lab = makeLab(db, { districtCode: district, name, startDate: '2025-06-01' })
  const user = await makeUser(db, { role: 'lab', labId: lab.id })
  const by: Actor & { displayName: string } = { id: user.id, role: 'lab', districtCode: null, labId: lab.id, displayName: '实验室' }
  const created = createDeliverable({
    by,
    labId: lab.id,
    raw: { type: 'report', forms: ['data'], title: `${name}成果`, summary: '摘要', completedOn: '2025-12-01', transferStatus: 'none' },
  })
  if (!created.ok) throw new Error(JSON.stringify(created))
  const id = created.deliverable.id
  const submitted = takeDeliverableStep({
    by,
    labId: lab.id,
    deliverableId: id,
    input: { rowVersion: currentVersion(deliverables, id), step: 'submit' },
  })
  if (!submitted.ok) throw new Error(JSON.stringify(submitted))
  return { lab, id, user }
}

const selected = (...ids: number[]) => ids.map((id) => `deliverable:${id}:${currentVersion(deliverables, id)}`)
const post = (cookie: string, fields: Record<string, string | string[]>) =>
  outcome(() =>
    action({ request: formRequest('/reviews', { intent: 'acceptSelected', ...fields }, cookie), params: {}, context: TEST_CONTEXT }),
  )
const statusOfRow = (id: number) => db.select({ s: deliverables.status }).from(deliverables).where(eq(deliverables.id, id)).get()!.s
const accepts = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'deliverable'), eq(auditLog.entityId, String(id)), eq(auditLog.action, 'accept')))
    .all().length

describe('bulk accept on the review queue', () => {
  test('the bureau accepts several filings in one post, each audited and threaded as a single accept', async () => {
    // 吴中 has no district office: no opinion is awaited
    const a = await fileAndSubmit({ district: '320506', name: '吴中甲' })
    const b = await fileAndSubmit({ district: '320506', name: '吴中乙' })
    const answer = await post(bureau, { selected: selected(a.id, b.id), grade: 'good' })
    expect(answer.status).toBe(200)
    expect((answer.body as { results: unknown[] }).results).toEqual([
      { kind: 'deliverable', id: a.id, labId: a.lab.id, accepted: true },
      { kind: 'deliverable', id: b.id, labId: b.lab.id, accepted: true },
    ])
    for (const { id, lab, user } of [a, b]) {
      expect(statusOfRow(id)).toBe('accepted')
      expect(accepts(id)).toBe(1)
      const entry = db.select().from(filingEvents).where(eq(filingEvents.filingId, id)).all().at(-1)!
      expect(entry).toMatchObject({ action: 'accept', grade: 'good' })
      // the lab is told, as of a single accept
      const told = db
        .select()
        .from(notices)
        .where(and(eq(notices.recipientId, user.id), eq(notices.channel, 'inbox')))
        .all()
      expect(told.length, `lab ${lab.id}`).toBeGreaterThan(0)
    }
  })

  test('a filing already decided, or changed since the queue was read, is reported and left; the others are accepted', async () => {
    const a = await fileAndSubmit({ district: '320506', name: '吴中甲' })
    const b = await fileAndSubmit({ district: '320506', name: '吴中乙' })
    const seen = selected(a.id, b.id)
    // someone accepts a first, from its page
    expect((await post(bureau, { selected: selected(a.id) })).status).toBe(200)
    const answer = await post(bureau, { selected: seen })
    const results = (answer.body as { results: { id: number; accepted: boolean; reason?: { key: string } }[] }).results
    expect(results.map((r) => [r.id, r.accepted])).toEqual([
      [a.id, false],
      [b.id, true],
    ])
    expect(results[0].reason?.key).toBeTruthy()
    expect(accepts(a.id)).toBe(1)
  })

  test('a filing whose district opinion is still awaited cannot be bulk-accepted: nothing changes', async () => {
    await makeUser(db, { role: 'district', districtCode: '320508' })
    const waiting = await fileAndSubmit({ district: '320508', name: '姑苏甲' })
    const free = await fileAndSubmit({ district: '320506', name: '吴中甲' })
    const answer = await post(bureau, { selected: selected(waiting.id, free.id) })
    expect(answer.status).toBe(400)
    expect((answer.body as { errors: { selected: { key: string } } }).errors.selected).toEqual({
      key: 'filings.bulk.awaitingOpinion',
      vars: { n: 1 },
    })
    expect([statusOfRow(waiting.id), statusOfRow(free.id)]).toEqual(['submitted', 'submitted'])
  })

  test('a district (its own labs’ or another’s) and a lab are refused with 403, nothing changed', async () => {
    const own = await fileAndSubmit({ district: '320508', name: '姑苏甲' })
    const other = await fileAndSubmit({ district: '320506', name: '吴中甲' })
    const gusu = signIn(await makeUser(db, { role: 'district', districtCode: '320508' }))
    const lab = signIn(await makeUser(db, { role: 'lab', labId: own.lab.id }))
    for (const cookie of [gusu, lab]) {
      expect((await post(cookie, { selected: selected(own.id) })).status).toBe(403)
      expect((await post(cookie, { selected: selected(other.id) })).status).toBe(403)
    }
    expect([statusOfRow(own.id), statusOfRow(other.id)]).toEqual(['submitted', 'submitted'])
    // the model refuses them too, whoever calls it
    const district = { id: 9, role: 'district', districtCode: '320506', labId: null, displayName: '吴中区' } as const
    expect(acceptFilings({ by: district, items: [{ kind: 'deliverable', id: other.id, rowVersion: 2 }] })).toMatchObject({
      error: 'forbidden',
    })
  })

  test('an id that does not exist is a 404 and nothing is accepted; malformed, empty or too many ids are a 400', async () => {
    const a = await fileAndSubmit({ district: '320506', name: '吴中甲' })
    expect((await post(bureau, { selected: [...selected(a.id), 'deliverable:999999:1'] })).status).toBe(404)
    expect(statusOfRow(a.id)).toBe('submitted')
    expect((await post(bureau, { selected: ['deliverable:abc:1'] })).status).toBe(400)
    expect((await post(bureau, { selected: ['incident:1:1'] })).status).toBe(400)
    const none = await post(bureau, {})
    expect(none.status).toBe(400)
    expect((none.body as { errors: { selected: { key: string } } }).errors.selected.key).toBe('filings.bulk.none')
    const many = await post(bureau, { selected: Array.from({ length: 101 }, (_, i) => `deliverable:${i + 1}:1`) })
    expect(many.status).toBe(400)
    expect((many.body as { errors: { selected: { key: string } } }).errors.selected.key).toBe('filings.bulk.tooMany')
    expect(statusOfRow(a.id)).toBe('submitted')
  })

  test('an annual report is accepted with the grade chosen for the batch; without one it is reported and left', async () => {
    const lab = makeLab(db, { districtCode: '320506', name: '吴中报告', startDate: '2024-03-01' })
    const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, lab.id)).get()!
    const submitted = { status: 'submitted' as const, submittedAt: '2026-02-01T02:00:00.000Z', content: {} }
    const first = insertAnnualReport(db, { labId: lab.id, periodId: period.id, validityYear: 1, ...submitted })
    const second = insertAnnualReport(db, { labId: lab.id, periodId: period.id, validityYear: 2, ...submitted })
    const version = (id: number) => currentVersion(annualReports, id)
    const noGrade = await post(bureau, { selected: [`annual_report:${first.id}:${version(first.id)}`] })
    const [refused] = (noGrade.body as { results: { accepted: boolean; reason?: { key: string } }[] }).results
    expect(refused).toMatchObject({ accepted: false, reason: { key: 'reports.error.gradeRequired' } })
    const graded = await post(bureau, {
      selected: [`annual_report:${first.id}:${version(first.id)}`, `annual_report:${second.id}:${version(second.id)}`],
      grade: 'excellent',
    })
    expect((graded.body as { results: { accepted: boolean }[] }).results.map((r) => r.accepted)).toEqual([true, true])
    const rows = db.select({ status: annualReports.status, grade: annualReports.grade }).from(annualReports).all()
    expect(rows).toEqual([
      { status: 'accepted', grade: 'excellent' },
      { status: 'accepted', grade: 'excellent' },
    ])
  })
})
