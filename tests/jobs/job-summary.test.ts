import { beforeEach, expect, test } from 'vitest'
import { summaryText } from '~/components/jobs/job-summary'
import { translator } from '~/i18n'
import { JOBS } from '../../jobs/registry'
import { makeLab, makeUser, setupTestDb } from '../helpers'

// The jobs page shows each run's summary (issue 19: it printed `checked: 40 · failing: 5`). Every
// job is run here, as a dry run, and each figure it reports must read as words in both languages.

beforeEach(async () => {
  const db = setupTestDb()
  const lab = makeLab(db)
  await makeUser(db, { role: 'lab', labId: lab.id })
  await makeUser(db, { role: 'bureau' })
})

test.each(JOBS.map((job) => [job.name, job] as const))('the %s job’s summary reads as words in both languages', async (_, job) => {
  // a Monday morning in Suzhou, so the weekly summary has a week to report
  const summary = await job.run({ now: new Date('2026-12-07T00:30:00Z'), dryRun: true })
  expect(Object.keys(summary).length).toBeGreaterThan(0)
  for (const locale of ['zh', 'en'] as const) {
    const text = summaryText(translator(locale), summary)
    for (const key of Object.keys(summary)) expect(text, `${locale}: ${text}`).not.toMatch(new RegExp(`(^|[ ·])${key}:`))
  }
})

test('a figure reads with its name', () => {
  expect(summaryText(translator('zh'), { checked: 40, failing: 5, today: '2026-12-05' })).toBe('已检查 40 · 不合规 5 · 日期 2026-12-05')
  expect(summaryText(translator('en'), { checked: 12000, sent: 3 })).toBe('12,000 checked · 3 newly sent')
})
