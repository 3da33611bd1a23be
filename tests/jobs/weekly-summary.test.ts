import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { setClock } from '~/utils/clock.server'
import { forgetEnv } from '~/utils/env.server'
import type { Db } from '~db/client.server'
import { insertRequest } from '~db/factories'
import { inboxItems, jobLocks, mailOutbox, notices, users } from '~db/schema'
import { findJob } from '../../jobs/registry'
import { runJob } from '../../jobs/runner'
import { makeLab, makeUser, setupTestDb } from '../helpers'
import { decodeSubject, startSmtp } from '../smtp'

// The weekly-summary job (issue 15 item 5) through the runner: its lock, its run log, its dry run,
// and mail that reaches a real SMTP server.
const MONDAY = new Date('2026-12-07T00:00:00Z') // 08:00 in Suzhou

let db: Db
let smtp: Awaited<ReturnType<typeof startSmtp>>
let gusu: number

beforeEach(async () => {
  setClock(MONDAY)
  db = setupTestDb()
  smtp = await startSmtp()
  process.env.SMTP_URL = smtp.url
  process.env.MAIL_FROM = 'Labcycle <labcycle@example.org>'
  forgetEnv()
  const lab = makeLab(db, { name: '姑苏测试实验室', districtCode: '320508', startDate: '2026-06-01', secured: true, teamSize: 15 })
  insertRequest(db, { labId: lab.id, title: '算力申请', neededBy: '2027-03-01', status: 'submitted', deadline: '2026-12-01' })
  gusu = (await makeUser(db, { role: 'district', districtCode: '320508' })).id
  db.update(users).set({ email: 'gusu@example.org' }).where(eq(users.id, gusu)).run()
  const labUser = (await makeUser(db, { role: 'lab', labId: lab.id })).id
  db.update(users).set({ email: 'lab@example.org' }).where(eq(users.id, labUser)).run()
})
afterEach(async () => {
  setClock(undefined)
  delete process.env.SMTP_URL
  delete process.env.MAIL_FROM
  forgetEnv()
  await smtp.stop()
})

const inboxCount = () => db.select().from(inboxItems).all().length

test('registered for Monday 08:00, Beijing time', () => {
  expect(findJob('weekly-summary')).toMatchObject({ cron: '0 8 * * 1' })
})

test('a run tells the district office in its inbox and mails the summary through SMTP; a rerun sends nothing', async () => {
  const run = await runJob({ name: 'weekly-summary', now: MONDAY, trigger: 'cli' })
  expect(run.status).toBe('ok')
  expect(run.summary).toMatchObject({ week: '2026-12-07', checked: 11, sent: 1, queued: 1, mailed: 1, failed: 0, requests: 1 })
  expect(smtp.received.map((m) => m.to)).toEqual([['gusu@example.org']])
  expect(decodeSubject(smtp.received[0].raw)).toBe(
    '【Labcycle】2026-12-07 周汇总：0 家即将到期 · 0 家检查未通过 · 0 项逾期报送 · 0 起未关闭事件（0 起逾期）· 1 件资源申请超过决定时限',
  )
  expect(
    db
      .select()
      .from(mailOutbox)
      .all()
      .map((m) => m.status),
  ).toEqual(['sent'])
  const again = await runJob({ name: 'weekly-summary', now: new Date('2026-12-08T00:00:00Z'), trigger: 'schedule' })
  expect(again.summary).toMatchObject({ sent: 0, queued: 0, mailed: 0 })
  expect(smtp.received).toHaveLength(1)
  expect(inboxCount()).toBe(1)
})

test('a dry run reports what it would send and keeps nothing', async () => {
  const run = await runJob({ name: 'weekly-summary', now: MONDAY, trigger: 'cli', dryRun: true })
  expect(run.summary).toMatchObject({ sent: 1, queued: 1, mailed: 0 })
  expect(inboxCount()).toBe(0)
  expect(db.select().from(notices).all()).toEqual([])
  expect(smtp.received).toEqual([])
})

test('while another process holds the lock the run is skipped and sends nothing', async () => {
  db.insert(jobLocks)
    .values({ job: 'weekly-summary', holder: '999:other', acquiredAt: '2026-12-07T00:00:00.000Z', expiresAt: '2026-12-07T00:30:00.000Z' })
    .run()
  const run = await runJob({ name: 'weekly-summary', now: MONDAY, trigger: 'schedule', clock: () => new Date('2026-12-07T00:00:05Z') })
  expect(run.status).toBe('skipped_locked')
  expect(inboxCount()).toBe(0)
  expect(smtp.received).toEqual([])
})
