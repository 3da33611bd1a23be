import type { AuditAction, AuditEntityType } from '~/domain/audit-vocabulary'
import { beforeEach, describe, expect, test } from 'vitest'
import { shanghaiDayRange } from '~/domain/dates'
import { auditChanges, listAudit, recordAudit, SYSTEM_ACTOR } from '~/models/audit.server'
import { login } from '~/utils/auth.server'
import { loader } from '~/routes/audit'
import type { Db } from '~db/client.server'
import { getRequest, makeLab, makeUser, setupTestDb, signIn, signInChief, TEST_CONTEXT, TEST_PASSWORD } from '../helpers'

type AuditPage = {
  rows: {
    id: number
    at: string
    actorName: string
    action: string
    entityType: string
    entityId: string
    labId: number | null
    labName: string | null
    changes: { key: string; before: string; after: string }[]
  }[]
  total: number
  options: { entityTypes: string[]; actions: string[] }
}

async function statusOf(run: () => Promise<unknown>) {
  try {
    await run()
    return 200
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    throw thrown
  }
}

let db: Db
let cookie: string
let labId: number

beforeEach(async () => {
  db = setupTestDb()
  cookie = await signInChief(db)
  labId = makeLab(db).id
  const entries = [
    // 2025-03-01 23:59:59 in Shanghai
    {
      at: '2025-03-01T15:59:59.000Z',
      actor: '张主任',
      action: 'update',
      entityType: 'lab',
      entityId: labId,
      labId,
      before: { name: '旧', phone: '1' },
      after: { name: '新', phone: '1' },
    },
    // 2025-03-02 00:00:00 in Shanghai
    { at: '2025-03-01T16:00:00.000Z', actor: '李科长', action: 'create', entityType: 'organisation', entityId: 7, after: { name: '单位' } },
    // 2025-03-02 23:59:59.999 in Shanghai
    { at: '2025-03-02T15:59:59.999Z', actor: '张主任', action: 'password_reset', entityType: 'user', entityId: 3 },
    // 2025-03-03 00:00:00 in Shanghai
    {
      at: '2025-03-02T16:00:00.000Z',
      actor: '王专家',
      action: 'update',
      entityType: 'lab',
      entityId: labId,
      labId,
      before: { focus: 'a' },
      after: { focus: 'b' },
    },
  ]
  for (const e of entries) {
    recordAudit(db, {
      actor: { id: null, displayName: e.actor, ip: '10.0.0.1' },
      action: e.action as AuditAction,
      entityType: e.entityType as AuditEntityType,
      entityId: e.entityId,
      labId: e.labId,
      before: e.before,
      after: e.after,
      at: new Date(e.at),
    })
  }
})

async function page(query = '', as = cookie) {
  return (await loader({ request: getRequest(`/audit${query}`, as), params: {}, context: TEST_CONTEXT })) as unknown as AuditPage
}

describe('the audit log page', () => {
  test('a sign-in names who signed in, with no user id posing as a session’s', async () => {
    const user = await makeUser(db, { role: 'lab', labId, username: 'signs-in' })
    await login({ username: 'signs-in', password: TEST_PASSWORD, request: getRequest('/login'), ip: '10.0.0.9' })
    const { rows } = await page('?action=login')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ actorName: user.displayName, entityType: 'session', entityId: '' })
  })

  test('names the lab of an entry, not its id, and the system in the reader’s language', async () => {
    recordAudit(db, { actor: SYSTEM_ACTOR, action: 'seed', entityType: 'system' })
    const { rows } = await page()
    const lab = db.query.labs.findFirst({ where: (l, { eq }) => eq(l.id, labId) }).sync()!
    expect(rows.find((r) => r.labId === labId)?.labName).toBe(lab.name)
    // the page shows '' as 系统 / System, never the stored 'system'
    expect(rows.find((r) => r.action === 'seed')?.actorName).toBe('')
  })

  test('the bureau sees entries newest first with Shanghai times', async () => {
    const { rows, total } = await page()
    expect(total).toBe(4)
    expect(rows.map((r) => r.at)).toEqual(['2025-03-03 00:00:00', '2025-03-02 23:59:59', '2025-03-02 00:00:00', '2025-03-01 23:59:59'])
  })

  test('it pages in SQL', async () => {
    const { rows, total } = await page('?size=20&page=2')
    expect(total).toBe(4)
    expect(rows).toEqual([])
  })

  test('it filters by entity type, action, actor name and lab', async () => {
    expect((await page('?entityType=lab')).rows.map((r) => r.action)).toEqual(['update', 'update'])
    expect((await page('?action=create')).rows.map((r) => r.actorName)).toEqual(['李科长'])
    expect((await page(`?actor=${encodeURIComponent('张')}`)).total).toBe(2)
    expect((await page(`?lab=${labId}`)).rows.every((r) => r.labId === labId)).toBe(true)
    expect((await page(`?lab=${labId}`)).total).toBe(2)
    expect((await page('?entityType=organisation&entityId=7')).total).toBe(1)
    expect((await page('?entityType=organisation&entityId=8')).total).toBe(0)
  })

  test('a date range covers whole Asia/Shanghai days', async () => {
    const oneDay = await page('?from=2025-03-02&to=2025-03-02')
    expect(oneDay.rows.map((r) => r.at)).toEqual(['2025-03-02 23:59:59', '2025-03-02 00:00:00'])
    expect((await page('?from=2025-03-03')).total).toBe(1)
    expect((await page('?to=2025-03-01')).total).toBe(1)
  })

  test('a malformed date or lab is ignored rather than failing the page', async () => {
    expect((await page('?from=2025-02-30&lab=abc')).total).toBe(4)
  })

  test('the filter options list the stored entity types and actions', async () => {
    const { options } = await page()
    expect(options.entityTypes).toEqual(['lab', 'organisation', 'user'])
    expect(options.actions).toEqual(['create', 'password_reset', 'update'])
  })

  test('each row shows only the keys that changed', async () => {
    const { rows } = await page('?action=update&to=2025-03-01')
    expect(rows[0].changes).toEqual([{ key: 'name', before: '旧', after: '新' }])
  })

  test.each(['district', 'lab', 'expert'] as const)('a %s user gets 404', async (role) => {
    const user = await makeUser(db, { role, districtCode: role === 'district' ? '320508' : null, labId: role === 'lab' ? labId : null })
    expect(await statusOf(() => page('', signIn(user)))).toBe(404)
  })
})

describe('the audit model', () => {
  test('a Shanghai day range is converted to UTC instants, the end exclusive', () => {
    expect(shanghaiDayRange({ from: '2025-03-02', to: '2025-03-02' })).toEqual({
      fromInstant: '2025-03-01T16:00:00.000Z',
      toInstant: '2025-03-02T16:00:00.000Z',
    })
    expect(shanghaiDayRange({ to: '2024-12-31' }).toInstant).toBe('2024-12-31T16:00:00.000Z')
  })

  test('listAudit accepts instants in any ISO form', () => {
    const { total } = listAudit({ fromInstant: '2025-03-02T00:00:00+08:00', toInstant: '2025-03-03T00:00:00+08:00', page: 1, pageSize: 10 })
    expect(total).toBe(2)
  })

  test('an actor search treats % and _ literally', () => {
    expect(listAudit({ actor: '%', page: 1, pageSize: 10 }).total).toBe(0)
  })

  test('a create lists every key of the new record as changed', () => {
    expect(auditChanges(null, { a: 1, b: 'x' })).toEqual([
      { key: 'a', before: '—', after: '1' },
      { key: 'b', before: '—', after: 'x' },
    ])
    expect(auditChanges({ ids: [1, 2] }, { ids: [1, 2] })).toEqual([])
  })
})
