import { eq } from 'drizzle-orm'
import { beforeEach, expect, test } from 'vitest'
import { action, loader } from '~/routes/jobs'
import type { Db } from '~db/client.server'
import { auditLog, jobRuns } from '~db/schema'
import { CHIEF, formRequest, getRequest, makeLab, makeUser, outcome, setupTestDb, signIn, TEST_CONTEXT } from '../helpers'
import { pinClock } from '../clock'

type JobsPage = {
  jobs: { name: string; cron: string; lastRun: { id: number; status: string } | null }[]
  runs: { id: number; job: string; status: string; trigger: string; summary: Record<string, unknown> | null; durationMs: number | null }[]
  total: number
  ran: { id: number; status: string } | null
}

let db: Db
let bureau: { id: number }
let bureauCookie: string

pinClock(new Date('2026-11-30T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureau = await makeUser(db, CHIEF)
  bureauCookie = signIn(bureau)
})

const load = (cookie = bureauCookie, query = '') =>
  outcome(() => loader({ request: getRequest(`/jobs${query}`, cookie), params: {}, context: TEST_CONTEXT }))
const post = (fields: Record<string, string>, cookie = bureauCookie) =>
  outcome(() => action({ request: formRequest('/jobs', fields, cookie), params: {}, context: TEST_CONTEXT }))

test('the bureau sees every job with its schedule, runs one now, and finds the run in the history and the audit log', async () => {
  makeLab(db)
  const before = (await load()).body as JobsPage
  expect(before.jobs.map((j) => [j.name, j.cron, j.lastRun])).toEqual([
    ['compliance', '10 0 * * *', null],
    ['sweep-attachments', '30 3 * * *', null],
    ['reminders', '30 8 * * *', null],
    ['mail', '15 * * * *', null],
    ['weekly-summary', '0 8 * * 1', null],
  ])
  expect(before.total).toBe(0)

  const ran = await post({ intent: 'run', job: 'compliance' })
  expect(ran.status).toBe(302)
  const run = db.select().from(jobRuns).get()!
  expect(run).toMatchObject({
    job: 'compliance',
    status: 'ok',
    trigger: 'manual',
    triggeredBy: bureau.id,
    nowUsed: '2026-11-30T04:00:00.000Z',
  })
  expect(ran.location).toBe(`/jobs?ran=${run.id}`)

  const after = (await load(bureauCookie, `?ran=${run.id}`)).body as JobsPage
  expect(after.ran).toMatchObject({ id: run.id, status: 'ok' })
  expect(after.jobs[0].lastRun).toMatchObject({ id: run.id, status: 'ok' })
  expect(after.runs).toEqual([
    expect.objectContaining({ id: run.id, job: 'compliance', trigger: 'manual', summary: expect.objectContaining({ checked: 1 }) }),
  ])
  expect(after.runs[0].durationMs).toBeGreaterThanOrEqual(0)

  const audits = db.select().from(auditLog).where(eq(auditLog.entityType, 'job')).all()
  expect(audits).toEqual([
    expect.objectContaining({
      action: 'run',
      entityId: 'compliance',
      actorUserId: bureau.id,
      after: expect.objectContaining({ runId: run.id }),
    }),
  ])
})

test('the history is paginated, newest first', async () => {
  for (let i = 0; i < 3; i++) await post({ intent: 'run', job: 'sweep-attachments' })
  const page = (await load(bureauCookie, '?size=20&page=1')).body as JobsPage
  expect(page.total).toBe(3)
  expect(page.runs.map((r) => r.id)).toEqual([3, 2, 1])
  const beyond = (await load(bureauCookie, '?page=2')).body as JobsPage
  expect(beyond.runs).toEqual([])
})

test('an unknown job is refused with 400 and nothing runs', async () => {
  const refused = await post({ intent: 'run', job: 'no-such-job' })
  expect(refused.status).toBe(400)
  expect(db.select().from(jobRuns).all()).toEqual([])
})

test('district and lab users get 404 for the page and the button', async () => {
  const lab = makeLab(db)
  const district = await makeUser(db, { role: 'district', districtCode: '320508' })
  const labUser = await makeUser(db, { role: 'lab', labId: lab.id })
  for (const user of [district, labUser]) {
    expect((await load(signIn(user))).status).toBe(404)
    expect((await post({ intent: 'run', job: 'compliance' }, signIn(user))).status).toBe(404)
  }
  expect(db.select().from(jobRuns).all()).toEqual([])
})
