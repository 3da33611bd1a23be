import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { addWorkingDays, dayInfo, monthDays, monthsOfYear } from '~/domain/calendar'
import { translator } from '~/i18n'
import { workCalendar } from '~/models/calendar.server'
import { action, loader } from '~/routes/calendar'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { auditLog, calendarDays, calendarYears } from '~db/schema'
import { errorsOf, formRequest, getRequest, makeLab, outcome, setupTestDb, signInAs, signInChief, TEST_CONTEXT, valuesOf } from '../helpers'

const zh = translator('zh')

let db: Db
let bureauCookie: string

beforeEach(async () => {
  db = setupTestDb()
  bureauCookie = await signInChief(db)
  setClock(new Date('2026-11-30T02:00:00Z'))
})

afterEach(() => setClock(undefined))

function post(fields: Record<string, string>, cookie = bureauCookie) {
  return outcome(() => action({ request: formRequest('/calendar', fields, cookie), params: {}, context: TEST_CONTEXT }))
}

function load(query = '', cookie = bureauCookie) {
  return outcome(() => loader({ request: getRequest(`/calendar${query}`, cookie), params: {}, context: TEST_CONTEXT }))
}

type Page = {
  year: number
  known: boolean
  inPackage: boolean
  canManage: boolean
  confirmation: { source: string; updatedByName: string | null } | null
  bureauDayCount: number
  coverage: { first: number; last: number; version: string }
  days: Parameters<typeof monthsOfYear>[1] & { packageDay: { kind: string; name: string } | null }[]
  calc: {
    values: Record<string, string>
    errors: Record<string, { key: string }> | null
    result: { date: string; estimated: boolean; unknownYears: number[] } | null
  } | null
}
const pageOf = (o: { body: Record<string, unknown> }) => o.body as unknown as Page
// the month grids as the page draws them, from the year's special days
const monthsOf = (page: Page) => monthsOfYear(page.year, page.days)

const calendarAudit = () => db.select().from(auditLog).where(eq(auditLog.entityType, 'calendar')).all()

async function roleCookie(role: 'district' | 'lab' | 'expert') {
  const lab = makeLab(db)
  return await signInAs(db, { role, districtCode: role === 'district' ? '320508' : null, labId: role === 'lab' ? lab.id : null })
}

describe('viewing the calendar', () => {
  test('the page defaults to the current Shanghai year, even late on 31 December UTC', async () => {
    expect(pageOf(await load()).year).toBe(2026)
    setClock(new Date('2026-12-31T16:30:00Z')) // 00:30 on 1 January 2027 in Shanghai
    expect(pageOf(await load()).year).toBe(2027)
  })

  test('a package year lists its holidays and make-up days with their source', async () => {
    const page = pageOf(await load('?year=2026'))
    expect(page).toMatchObject({ year: 2026, known: true, inPackage: true, confirmation: null, coverage: { first: 2004, last: 2026 } })
    expect(page.days.find((d) => d.date === '2026-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节', source: 'package' })
    expect(page.days.find((d) => d.date === '2026-10-10')).toMatchObject({ kind: 'makeup_workday', source: 'package' })
    const october = monthsOf(page)[9].days
    expect(october).toHaveLength(31)
    expect(october[0]).toMatchObject({ date: '2026-10-01', kind: 'holiday', bureau: false })
    expect(october[3]).toMatchObject({ date: '2026-10-04', kind: 'holiday' })
    expect(october[16]).toMatchObject({ date: '2026-10-17', kind: 'weekend' })
  })

  test('a year without data says so, with weekdays and weekends only', async () => {
    const page = pageOf(await load('?year=2027'))
    expect(page).toMatchObject({ year: 2027, known: false, inPackage: false, days: [], bureauDayCount: 0 })
    expect(monthsOf(page)[0].days[0]).toMatchObject({ date: '2027-01-01', kind: 'workday' })
    expect(zh('calendar.banner.unknown', { year: 2027 })).toBe('2027 年的法定节假日安排尚未录入：按周一至周五计算的工作日期限仅为估算。')
  })

  test('a year out of range or not a number falls back to the current year', async () => {
    expect(pageOf(await load('?year=1899')).year).toBe(2026)
    expect(pageOf(await load('?year=abc')).year).toBe(2026)
  })

  test.each(['district', 'lab'] as const)('a %s user can view the calendar but not manage it', async (role) => {
    const page = await load('?year=2026', await roleCookie(role))
    expect(page.status).toBe(200)
    expect(pageOf(page).canManage).toBe(false)
    expect(pageOf(await load('?year=2026')).canManage).toBe(true)
  })

  test('an expert gets 404 from the page and its action', async () => {
    const cookie = await roleCookie('expert')
    expect((await load('', cookie)).status).toBe(404)
    expect((await post({ intent: 'setDay', date: '2027-01-01', kind: 'holiday', name: '元旦' }, cookie)).status).toBe(404)
    expect(db.select().from(calendarDays).all()).toHaveLength(0)
  })

  test('an anonymous visitor is sent to sign in', async () => {
    const result = await outcome(() => loader({ request: getRequest('/calendar?year=2027'), params: {}, context: TEST_CONTEXT }))
    expect(result.status).toBe(302)
    expect(result.location).toBe('/login?redirectTo=%2Fcalendar%3Fyear%3D2027')
  })
})

describe('the bureau enters days', () => {
  test('a new day is saved, audited and shown on the page and in the working-day count', async () => {
    const result = await post({ intent: 'setDay', date: '2027-01-01', kind: 'holiday', name: '元旦' })
    expect(result).toMatchObject({ status: 302, location: '/calendar?year=2027&saved=day' })
    expect(db.select().from(calendarDays).all()).toEqual([expect.objectContaining({ date: '2027-01-01', kind: 'holiday', name: '元旦' })])
    const [audit] = calendarAudit()
    expect(audit).toMatchObject({ action: 'create', entityId: '2027-01-01', actorName: 'chief 用户', ip: '127.0.0.1', before: null })
    expect(audit.after).toMatchObject({ date: '2027-01-01', kind: 'holiday', name: '元旦' })

    const page = pageOf(await load('?year=2027'))
    expect(page.days).toEqual([
      expect.objectContaining({ date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'bureau', packageDay: null }),
    ])
    expect(monthsOf(page)[0].days[0]).toMatchObject({ kind: 'holiday', bureau: true })
    expect(page).toMatchObject({ known: false, bureauDayCount: 1 })
    // the cached calendar was dropped by the write
    expect(dayInfo(workCalendar(), '2027-01-01')).toMatchObject({ working: false, kind: 'holiday', known: false })
  })

  test('entering the same date again updates it, and the audit row holds before and after', async () => {
    await post({ intent: 'setDay', date: '2027-02-06', kind: 'workday', name: '春节调休' })
    await post({ intent: 'setDay', date: '2027-02-06', kind: 'holiday', name: '春节' })
    expect(db.select().from(calendarDays).all()).toEqual([expect.objectContaining({ date: '2027-02-06', kind: 'holiday', name: '春节' })])
    const update = calendarAudit().find((a) => a.action === 'update')!
    expect(update.before).toMatchObject({ kind: 'workday', name: '春节调休' })
    expect(update.after).toMatchObject({ kind: 'holiday', name: '春节' })
  })

  test('a bureau row over a package day is shown as a correction and wins in the count', async () => {
    expect(addWorkingDays(workCalendar(), '2026-10-09', 1).date).toBe('2026-10-10')
    await post({ intent: 'setDay', date: '2026-10-10', kind: 'holiday', name: '' })
    const page = pageOf(await load('?year=2026'))
    expect(page.days.find((d) => d.date === '2026-10-10')).toMatchObject({
      kind: 'holiday',
      source: 'bureau',
      packageDay: { kind: 'workday', name: '国庆节' },
    })
    expect(addWorkingDays(workCalendar(), '2026-10-09', 1).date).toBe('2026-10-12')
  })

  test('removing a bureau row restores the package’s answer and is audited', async () => {
    await post({ intent: 'setDay', date: '2026-10-10', kind: 'holiday', name: '' })
    const result = await post({ intent: 'removeDay', date: '2026-10-10' })
    expect(result).toMatchObject({ status: 302, location: '/calendar?year=2026&saved=removed' })
    expect(db.select().from(calendarDays).all()).toHaveLength(0)
    const removal = calendarAudit().find((a) => a.action === 'delete')!
    expect(removal).toMatchObject({ entityId: '2026-10-10', after: null })
    expect(removal.before).toMatchObject({ kind: 'holiday' })
    expect(dayInfo(workCalendar(), '2026-10-10').kind).toBe('makeup_workday')
    expect((await post({ intent: 'removeDay', date: '2026-10-10' })).status).toBe(404)
  })

  test('the grids drawn from the special days agree with the calendar, day by day, with bureau rows over the package', async () => {
    await post({ intent: 'setDay', date: '2026-10-08', kind: 'workday', name: '改为上班' }) // over a package holiday
    await post({ intent: 'setDay', date: '2026-11-14', kind: 'workday', name: '周六加班' }) // a Saturday made a working day
    await post({ intent: 'setDay', date: '2026-11-16', kind: 'holiday', name: '市庆' }) // a Monday made a holiday
    await post({ intent: 'setDay', date: '2027-02-06', kind: 'workday', name: '春节调休' })
    for (const year of [2025, 2026, 2027, 2028]) {
      const page = pageOf(await load(`?year=${year}`))
      const bureau = new Set(
        db
          .select()
          .from(calendarDays)
          .all()
          .map((d) => d.date),
      )
      const expected = Array.from({ length: 12 }, (_, i) => ({
        month: i + 1,
        days: monthDays(workCalendar(), year, i + 1).map((d) => ({
          date: d.date,
          day: d.day,
          weekday: d.weekday,
          kind: d.kind,
          name: d.name ?? '',
          bureau: bureau.has(d.date),
        })),
      }))
      expect(monthsOf(page)).toEqual(expected)
    }
    const november = monthsOf(pageOf(await load('?year=2026')))[10].days
    expect(november[13]).toMatchObject({ date: '2026-11-14', kind: 'makeup_workday', name: '周六加班', bureau: true })
    expect(november[15]).toMatchObject({ date: '2026-11-16', kind: 'holiday', name: '市庆', bureau: true })
  })

  test('a bad date is refused with the date message and the typed values are kept', async () => {
    const result = await post({ intent: 'setDay', date: '2027-02-30', kind: 'holiday', name: '春节' })
    expect(result.status).toBe(400)
    expect(result.body.intent).toBe('setDay')
    expect(errorsOf(result).date.key).toBe('form.invalidDate')
    expect(zh(errorsOf(result).date.key)).toBe('请输入有效日期（年-月-日）')
    expect(valuesOf(result)).toMatchObject({ date: '2027-02-30', kind: 'holiday', name: '春节' })
    expect(db.select().from(calendarDays).all()).toHaveLength(0)
    expect(calendarAudit()).toHaveLength(0)
  })

  test.each([
    [{ date: '2100-01-01', kind: 'holiday', name: '' }, 'date', 'calendar.error.yearRange'],
    [{ date: '', kind: 'holiday', name: '' }, 'date', 'form.invalidDate'],
    [{ date: '2027-01-01', kind: 'weekend', name: '' }, 'kind', 'form.invalidChoice'],
    [{ date: '2027-01-01', kind: 'holiday', name: '长'.repeat(51) }, 'name', 'form.tooLong'],
  ])('%o is refused on %s with %s', async (fields, field, key) => {
    const result = await post({ intent: 'setDay', ...fields })
    expect(result.status).toBe(400)
    expect(errorsOf(result)[field].key).toBe(key)
  })

  test('an unknown intent is a bad request', async () => {
    expect((await post({ intent: 'dropTable' })).status).toBe(400)
  })

  test.each(['district', 'lab'] as const)('a %s user posting any change gets 403 and nothing changes', async (role) => {
    const cookie = await roleCookie(role)
    await post({ intent: 'setDay', date: '2027-01-01', kind: 'holiday', name: '元旦' })
    // a confirmed year, so that withdrawing it would change something
    expect((await post({ intent: 'confirmYear', year: '2027', source: '国办发明电〔2026〕7号' })).status).toBe(302)
    const attempts: Record<string, string>[] = [
      { intent: 'setDay', date: '2027-01-02', kind: 'holiday', name: '元旦' },
      { intent: 'removeDay', date: '2027-01-01' },
      { intent: 'confirmYear', year: '2027', source: '另一份文件' },
      { intent: 'unconfirmYear', year: '2027' },
    ]
    for (const fields of attempts) {
      expect((await post(fields, cookie)).status).toBe(403)
    }
    expect(
      db
        .select()
        .from(calendarDays)
        .all()
        .map((d) => d.date),
    ).toEqual(['2027-01-01'])
    expect(db.select().from(calendarYears).all()).toEqual([expect.objectContaining({ year: 2027, source: '国办发明电〔2026〕7号' })])
    expect(calendarAudit()).toHaveLength(2)
  })
})

describe('confirming a year', () => {
  async function enter2027NewYear() {
    for (const date of ['2027-01-01', '2027-01-02', '2027-01-03']) await post({ intent: 'setDay', date, kind: 'holiday', name: '元旦' })
  }

  test('the bureau confirms 2027 after entering its holidays: no longer an estimate, and audited', async () => {
    await enter2027NewYear()
    expect(addWorkingDays(workCalendar(), '2026-12-31', 1)).toEqual({ date: '2027-01-04', estimated: true, unknownYears: [2027] })
    const result = await post({ intent: 'confirmYear', year: '2027', source: '国办发明电〔2026〕7号' })
    expect(result).toMatchObject({ status: 302, location: '/calendar?year=2027&saved=confirmed' })
    const page = pageOf(await load('?year=2027'))
    expect(page).toMatchObject({ known: true, confirmation: { source: '国办发明电〔2026〕7号', updatedByName: 'chief 用户' } })
    expect(addWorkingDays(workCalendar(), '2026-12-31', 1)).toEqual({ date: '2027-01-04', estimated: false, unknownYears: [] })
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'calendar'), eq(auditLog.entityId, '2027')))
      .get()!
    expect(audit).toMatchObject({ action: 'create', before: null })
    expect(audit.after).toMatchObject({ year: 2027, source: '国办发明电〔2026〕7号' })
  })

  test('withdrawing the confirmation makes 2027 an estimate again and keeps the days', async () => {
    await enter2027NewYear()
    await post({ intent: 'confirmYear', year: '2027', source: '国办发明电〔2026〕7号' })
    const result = await post({ intent: 'unconfirmYear', year: '2027' })
    expect(result).toMatchObject({ status: 302, location: '/calendar?year=2027&saved=unconfirmed' })
    expect(pageOf(await load('?year=2027'))).toMatchObject({ known: false, confirmation: null, bureauDayCount: 3 })
    expect(addWorkingDays(workCalendar(), '2026-12-31', 1).estimated).toBe(true)
    expect(
      calendarAudit()
        .filter((a) => a.entityId === '2027')
        .map((a) => a.action),
    ).toEqual(['create', 'delete'])
    expect((await post({ intent: 'unconfirmYear', year: '2027' })).status).toBe(404)
  })

  test('a year with no holiday entered cannot be confirmed', async () => {
    const result = await post({ intent: 'confirmYear', year: '2027', source: '国办发明电〔2026〕7号' })
    expect(result.status).toBe(400)
    expect(errorsOf(result)._form).toEqual({ key: 'calendar.error.noHolidays', vars: { year: 2027 } })
    expect(zh('calendar.error.noHolidays', { year: 2027 })).toBe('2027 年尚未录入任何放假日，请先录入再确认')
    expect(valuesOf(result).source).toBe('国办发明电〔2026〕7号')
    expect(db.select().from(calendarYears).all()).toHaveLength(0)
  })

  test('a year the package covers needs no confirmation', async () => {
    const result = await post({ intent: 'confirmYear', year: '2026', source: '国办发明电〔2025〕7号' })
    expect(result.status).toBe(400)
    expect(errorsOf(result)._form.key).toBe('calendar.error.packageYear')
  })

  test('the source document is required', async () => {
    await enter2027NewYear()
    const result = await post({ intent: 'confirmYear', year: '2027', source: '  ' })
    expect(result.status).toBe(400)
    expect(errorsOf(result).source.key).toBe('form.required')
  })
})

describe('the working-day calculator', () => {
  test('a deadline landing in National Day moves past it', async () => {
    const page = pageOf(await load('?year=2026&from=2026-09-17&n=10'))
    expect(page.calc).toMatchObject({ errors: null, result: { date: '2026-10-08', estimated: false, unknownYears: [] } })
  })

  test('a count into 2027 is marked as an estimate, for a district user too', async () => {
    const page = pageOf(await load('?from=2026-12-31&n=1', await roleCookie('district')))
    expect(page.calc?.result).toMatchObject({ date: '2027-01-01', estimated: true, unknownYears: [2027] })
    expect(zh('calendar.calc.estimated', { years: '2027' })).toContain('2027 年的法定节假日安排尚未录入')
  })

  test.each([
    ['?from=2026-13-01&n=5', 'from', 'form.invalidDate'],
    ['?from=2026-10-01&n=0', 'n', 'calendar.error.daysRange'],
    ['?from=2026-10-01&n=abc', 'n', 'calendar.error.daysRange'],
    ['?from=2026-10-01&n=2.5', 'n', 'calendar.error.daysRange'],
    ['?from=2026-10-01&n=1001', 'n', 'calendar.error.daysRange'],
  ])('%s is refused on %s with %s and the typed values are kept', async (query, field, key) => {
    const result = await load(query)
    expect(result.status).toBe(400)
    const calc = pageOf(result).calc!
    expect(calc.errors?.[field].key).toBe(key)
    expect(calc.values).toEqual(Object.fromEntries(new URLSearchParams(query)))
    expect(calc.result).toBeNull()
  })

  test('without calculator fields the page has no calculation', async () => {
    expect(pageOf(await load('?year=2026')).calc).toBeNull()
  })
})
