// The first-run checklist of a new bureau installation (issue 19 item 10): what has to be in
// place before labs and district offices rely on Labcycle, each item decided from facts read
// from the database and the server's settings (app/models/help.server.ts). Pure: `now` is a
// parameter, so "recent" means the same in the page and its tests.
import { DISTRICT_CODES, type DistrictCode } from '~db/schema/enums'
import { yearOf } from './calendar'
import { shanghaiDate } from './dates'

export const FIRST_RUN_ITEMS = ['calendar', 'settings', 'districts', 'experts', 'labs', 'mail', 'scheduler', 'backup'] as const
export type FirstRunItemId = (typeof FIRST_RUN_ITEMS)[number]

export type FirstRunFacts = {
  /** years the working-day calendar knows: the package's and the ones the bureau confirmed */
  calendarYears: readonly number[]
  /** when the bureau last saved the rule settings page (null: never, the defaults stand unreviewed) */
  settingsSavedAt: string | null
  /** districts with at least one active district office account */
  districtsWithAccount: readonly DistrictCode[]
  /** active expert accounts */
  experts: number
  /** labs in the registry */
  labs: number
  /** SMTP_URL is set: reminder mail leaves the outbox */
  smtpConfigured: boolean
  /** this server process runs the scheduled jobs (SCHEDULER) */
  schedulerHere: boolean
  /** the last run the scheduler started, in any process (job_runs, trigger 'schedule') */
  lastScheduledRunAt: string | null
  /** the last `npm run backup` that finished (app_meta, written by scripts/backup.ts) */
  lastBackupAt: string | null
}

export type FirstRunItem = {
  id: FirstRunItemId
  done: boolean
  /** what the item's detail line fills in (missing years, districts, dates) */
  vars: Record<string, string | number>
  /** the districts still without an office account (the districts item only) */
  missingDistricts?: DistrictCode[]
}

// A scheduler that ran within two days runs somewhere, even when this process has it off
// (a second server beside the one that runs the jobs, README "SCHEDULER").
const SCHEDULER_RECENT_MS = 2 * 86_400_000
// A backup older than this is no longer "made" for the checklist: the guide's records are
// kept for years, a month's work is what an old copy would lose.
export const BACKUP_RECENT_DAYS = 30

export function firstRunChecklist(facts: FirstRunFacts, now: Date): FirstRunItem[] {
  const year = yearOf(shanghaiDate(now))
  const missingYears = [year, year + 1].filter((y) => !facts.calendarYears.includes(y))
  const missingDistricts = DISTRICT_CODES.filter((code) => !facts.districtsWithAccount.includes(code))
  const ranRecently = facts.lastScheduledRunAt !== null && now.getTime() - Date.parse(facts.lastScheduledRunAt) <= SCHEDULER_RECENT_MS
  const backupAge = facts.lastBackupAt === null ? null : now.getTime() - Date.parse(facts.lastBackupAt)
  return [
    {
      id: 'calendar',
      done: missingYears.length === 0,
      vars: { year, next: year + 1, missing: missingYears.join('、'), open: missingYears[0] ?? year + 1 },
    },
    { id: 'settings', done: facts.settingsSavedAt !== null, vars: { at: facts.settingsSavedAt ?? '' } },
    {
      id: 'districts',
      done: missingDistricts.length === 0,
      vars: { have: DISTRICT_CODES.length - missingDistricts.length, all: DISTRICT_CODES.length },
      missingDistricts,
    },
    { id: 'experts', done: facts.experts > 0, vars: { n: facts.experts } },
    { id: 'labs', done: facts.labs > 0, vars: { n: facts.labs } },
    { id: 'mail', done: facts.smtpConfigured, vars: {} },
    { id: 'scheduler', done: facts.schedulerHere || ranRecently, vars: { at: facts.lastScheduledRunAt ?? '' } },
    {
      id: 'backup',
      done: backupAge !== null && backupAge >= 0 && backupAge <= BACKUP_RECENT_DAYS * 86_400_000,
      vars: { at: facts.lastBackupAt ?? '', days: BACKUP_RECENT_DAYS },
    },
  ]
}
