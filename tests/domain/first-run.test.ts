import { describe, expect, test } from 'vitest'
import { BACKUP_RECENT_DAYS, firstRunChecklist, type FirstRunFacts } from '~/domain/first-run'
import { DISTRICT_CODES } from '~db/schema/enums'

// a June day in Suzhou; the New Year's Eve case below shows "this year" is Shanghai's
const NOW = new Date('2026-06-15T04:00:00Z')

const READY: FirstRunFacts = {
  calendarYears: [2025, 2026, 2027],
  settingsSavedAt: '2026-06-01T02:00:00.000Z',
  districtsWithAccount: [...DISTRICT_CODES],
  experts: 2,
  labs: 12,
  smtpConfigured: true,
  schedulerHere: true,
  lastScheduledRunAt: null,
  lastBackupAt: '2026-06-14T18:00:00.000Z',
}
const BLANK: FirstRunFacts = {
  calendarYears: [2026],
  settingsSavedAt: null,
  districtsWithAccount: [],
  experts: 0,
  labs: 0,
  smtpConfigured: false,
  schedulerHere: false,
  lastScheduledRunAt: null,
  lastBackupAt: null,
}

const stateOf = (facts: Partial<FirstRunFacts>, now = NOW) =>
  Object.fromEntries(firstRunChecklist({ ...READY, ...facts }, now).map((i) => [i.id, i.done]))
const item = (facts: Partial<FirstRunFacts>, id: string, now = NOW) =>
  firstRunChecklist({ ...READY, ...facts }, now).find((i) => i.id === id)!

describe('the first-run checklist', () => {
  test('a ready installation has every item done, in the order the page lists them', () => {
    const items = firstRunChecklist(READY, NOW)
    expect(items.map((i) => i.id)).toEqual(['calendar', 'settings', 'districts', 'experts', 'labs', 'mail', 'scheduler', 'backup'])
    expect(items.every((i) => i.done)).toBe(true)
  })

  test('a blank installation has every item to do', () => {
    expect(firstRunChecklist(BLANK, NOW).filter((i) => i.done)).toEqual([])
  })

  test.each([
    { years: [2026, 2027], now: NOW, done: true, missing: '' },
    { years: [2026], now: NOW, done: false, missing: '2027' },
    { years: [2027], now: NOW, done: false, missing: '2026' },
    // New Year's Eve in UTC is already the new year in Suzhou: 2027 and 2028 are needed
    { years: [2026, 2027], now: new Date('2026-12-31T20:00:00Z'), done: false, missing: '2028' },
  ])('the calendar must know this year and next ($years at $now)', ({ years, now, done, missing }) => {
    const calendar = item({ calendarYears: years }, 'calendar', now)
    expect(calendar.done).toBe(done)
    expect(calendar.vars.missing).toBe(missing)
  })

  test('the calendar item opens the first year missing', () => {
    expect(item({ calendarYears: [2026] }, 'calendar').vars.open).toBe(2027)
    expect(item({ calendarYears: [2027] }, 'calendar').vars.open).toBe(2026)
  })

  test('the districts item names the districts still without an office account', () => {
    const districts = item({ districtsWithAccount: DISTRICT_CODES.filter((c) => c !== '320583' && c !== '320508') }, 'districts')
    expect(districts.done).toBe(false)
    expect(districts.missingDistricts).toEqual(['320508', '320583'])
    expect(districts.vars).toMatchObject({ have: 8, all: 10 })
    expect(item({}, 'districts').missingDistricts).toEqual([])
  })

  test('settings count as reviewed once saved; experts and labs once there is one', () => {
    expect(stateOf({ settingsSavedAt: null }).settings).toBe(false)
    expect(stateOf({ experts: 0 }).experts).toBe(false)
    expect(stateOf({ experts: 1 }).experts).toBe(true)
    expect(stateOf({ labs: 0 }).labs).toBe(false)
    expect(stateOf({ labs: 1 }).labs).toBe(true)
    expect(stateOf({ smtpConfigured: false }).mail).toBe(false)
  })

  test.each([
    { here: true, lastRun: null, done: true },
    // off in this process, but another process ran a job within two days
    { here: false, lastRun: '2026-06-13T16:10:00.000Z', done: true },
    { here: false, lastRun: '2026-06-13T04:00:00.000Z', done: true },
    { here: false, lastRun: '2026-06-13T03:59:59.000Z', done: false },
    { here: false, lastRun: null, done: false },
  ])('the scheduler is on here or ran within two days (here $here, last run $lastRun)', ({ here, lastRun, done }) => {
    expect(stateOf({ schedulerHere: here, lastScheduledRunAt: lastRun }).scheduler).toBe(done)
  })

  test.each([
    { at: null, done: false },
    { at: '2026-06-15T03:00:00.000Z', done: true },
    // exactly the window, then a second past it
    { at: new Date(NOW.getTime() - BACKUP_RECENT_DAYS * 86_400_000).toISOString(), done: true },
    { at: new Date(NOW.getTime() - BACKUP_RECENT_DAYS * 86_400_000 - 1000).toISOString(), done: false },
  ])(`a backup counts within ${BACKUP_RECENT_DAYS} days (made $at)`, ({ at, done }) => {
    expect(stateOf({ lastBackupAt: at }).backup).toBe(done)
  })
})
