import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { translator } from '~/i18n'
import { labChecksOf } from '~/models/compliance.server'
import { ruleSettings } from '~/models/settings.server'
import { loader as labLoader } from '~/routes/labs.$labId._index'
import { loader as registryLoader } from '~/routes/labs._index'
import { action, loader } from '~/routes/settings'
import type { Db } from '~db/client.server'
import { auditLog, settings } from '~db/schema'
import {
  errorsOf,
  formRequest,
  getRequest,
  makeLab,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
  valuesOf,
  settingVersionFields,
} from '../helpers'
import { pinClock } from '../clock'

const zh = translator('zh')

type SettingsPage = {
  rows: {
    key: string
    value: number
    defaultValue: number
    min: number
    max: number
    updatedAt: string | null
    updatedBy: string | null
  }[]
}
type RegistryBody = { rows: { id: number; status: string }[] }

let db: Db
let bureau: { id: number }
let bureauCookie: string

pinClock(new Date('2025-06-15T04:00:00Z'))
beforeEach(async () => {
  db = setupTestDb()
  bureau = await makeUser(db, { role: 'bureau', username: 'chief' })
  bureauCookie = signIn(bureau)
})

const load = (cookie = bureauCookie) =>
  outcome(() =>
    loader({
      request: getRequest('/settings', cookie),
      params: {},
      context: TEST_CONTEXT,
    }),
  )

const post = (fields: Record<string, string>, cookie = bureauCookie) =>
  outcome(() =>
    action({
      request: formRequest('/settings', { ...settingVersionFields(), ...fields }, cookie),
      params: {},
      context: TEST_CONTEXT,
    }),
  )

const settingAudits = () => db.select().from(auditLog).where(eq(auditLog.entityType, 'setting')).all()
const storedSettings = () => db.select().from(settings).all()

async function roleCookie(role: 'district' | 'lab' | 'expert') {
  const lab = makeLab(db)
  return signIn(
    await makeUser(db, {
      role,
      districtCode: role === 'district' ? '320508' : null,
      labId: role === 'lab' ? lab.id : null,
    }),
  )
}

async function registryStatus(labId: number) {
  const r = await outcome(() =>
    registryLoader({
      request: getRequest('/labs', bureauCookie),
      params: {},
      context: TEST_CONTEXT,
    }),
  )
  return (r.body as unknown as RegistryBody).rows.find((row) => row.id === labId)?.status
}

const validityOf = (labId: number) => labChecksOf({ labId, today: '2025-06-15' }).find((c) => c.checkId === 'validity')

describe('viewing the settings', () => {
  test('the bureau sees the expiry window at its default of 90 days, never changed', async () => {
    const r = await load()
    expect(r.status).toBe(200)
    const row = (r.body as unknown as SettingsPage).rows.find((x) => x.key === 'expiryWindowDays')
    expect(row).toMatchObject({
      value: 90,
      defaultValue: 90,
      min: 7,
      max: 365,
      updatedAt: null,
      updatedBy: null,
    })
  })

  test.each(['district', 'lab', 'expert'] as const)('a %s user gets 404 from the settings page', async (role) => {
    expect((await load(await roleCookie(role))).status).toBe(404)
  })

  test('an anonymous visitor is sent to sign in', async () => {
    const r = await load('')
    expect(r.status).toBe(302)
    expect(r.location).toMatch(/^\/login\?redirectTo=/)
  })
})

describe('changing the expiry window', () => {
  test('the bureau shortens the window to 30 days: saved, audited, and a lab ending in 60 days turns active', async () => {
    const lab = makeLab(db, { startDate: '2023-08-15' }) // ends 2025-08-14, 60 days after the pinned day
    expect(await registryStatus(lab.id)).toBe('expiring')
    expect(validityOf(lab.id)?.result).toBe('warning')

    const r = await post({ expiryWindowDays: '30' })
    expect(r).toMatchObject({ status: 302, location: '/settings?saved=1' })
    expect(ruleSettings().expiryWindowDays).toBe(30)
    expect(storedSettings()).toEqual([
      expect.objectContaining({
        key: 'expiryWindowDays',
        value: 30,
        updatedBy: bureau.id,
      }),
    ])

    const audits = settingAudits()
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({
      action: 'update',
      entityId: 'expiryWindowDays',
      actorUserId: bureau.id,
      actorName: 'chief 用户',
      ip: '127.0.0.1',
      before: { expiryWindowDays: 90 },
      after: { expiryWindowDays: 30 },
    })

    expect(await registryStatus(lab.id)).toBe('active')
    expect(validityOf(lab.id)).toMatchObject({
      result: 'ok',
      reasonKey: 'compliance.validity.active',
    })
    const page = await outcome(() =>
      labLoader({
        request: getRequest(`/labs/${lab.id}`, bureauCookie),
        params: { labId: String(lab.id) },
        context: TEST_CONTEXT,
      }),
    )
    expect(page.body.status).toBe('active')

    const shown = (await load()).body as unknown as SettingsPage
    expect(shown.rows.find((x) => x.key === 'expiryWindowDays')).toMatchObject({
      value: 30,
      updatedBy: 'chief 用户',
    })
  })

  test('posting the value already in force writes no audit row', async () => {
    expect((await post({ expiryWindowDays: '30' })).status).toBe(302)
    const again = await post({ expiryWindowDays: ' 30 ' })
    expect(again).toMatchObject({ status: 302, location: '/settings?saved=0' })
    expect(settingAudits()).toHaveLength(1)
  })

  test('posting the default without a stored value stores and audits nothing', async () => {
    const r = await post({ expiryWindowDays: '90' })
    expect(r).toMatchObject({ status: 302, location: '/settings?saved=0' })
    expect(storedSettings()).toHaveLength(0)
    expect(settingAudits()).toHaveLength(0)
  })

  test('an empty field leaves the setting unchanged', async () => {
    const r = await post({ expiryWindowDays: '' })
    expect(r).toMatchObject({ status: 302, location: '/settings?saved=0' })
    expect(storedSettings()).toHaveLength(0)
    expect(settingAudits()).toHaveLength(0)
    expect(ruleSettings().expiryWindowDays).toBe(90)
  })

  test.each([
    ['abc', { key: 'settings.error.integer' }],
    ['12.5', { key: 'settings.error.integer' }],
    ['3', { key: 'settings.error.range', vars: { min: 7, max: 365 } }],
    ['400', { key: 'settings.error.range', vars: { min: 7, max: 365 } }],
  ])('%j is refused with 400, its message key and the typed value kept', async (typed, error) => {
    const r = await post({ expiryWindowDays: typed })
    expect(r.status).toBe(400)
    expect(errorsOf(r).expiryWindowDays).toEqual(error)
    expect(valuesOf(r).expiryWindowDays).toBe(typed)
    expect(storedSettings()).toHaveLength(0)
    expect(settingAudits()).toHaveLength(0)
    expect(ruleSettings().expiryWindowDays).toBe(90)
  })

  test('the error messages are localised', () => {
    expect(zh('settings.error.integer')).toBe('请输入整数')
    expect(zh('settings.error.range', { min: 7, max: 365 })).toBe('请输入 7 到 365 之间的整数')
  })

  test('the bounds themselves are accepted', async () => {
    expect((await post({ expiryWindowDays: '7' })).status).toBe(302)
    expect(ruleSettings().expiryWindowDays).toBe(7)
    expect((await post({ expiryWindowDays: '365' })).status).toBe(302)
    expect(ruleSettings().expiryWindowDays).toBe(365)
    expect(settingAudits()).toHaveLength(2)
  })

  test.each(['district', 'lab'] as const)('a %s user gets 404 and nothing is stored', async (role) => {
    const r = await post({ expiryWindowDays: '30' }, await roleCookie(role))
    expect(r.status).toBe(404)
    expect(storedSettings()).toHaveLength(0)
    expect(settingAudits()).toHaveLength(0)
    expect(ruleSettings().expiryWindowDays).toBe(90)
  })
})
