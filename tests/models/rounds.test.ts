import { asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import type { ActingUser } from '~/models/result.server'
import {
  addRequiredAttachment,
  createRound,
  getRound,
  listRounds,
  removeRequiredAttachment,
  saveRoundCriteria,
  setOfficeQuotas,
  updateRoundSettings,
} from '~/models/rounds.server'
import { addDepartment, listDepartments, renameDepartment, setDepartmentActive } from '~/models/city-departments.server'
import { setClock } from '~/utils/clock.server'
import type { Db } from '~db/client.server'
import { auditLog, certificationRounds, cityDepartments, roundCriteria, roundOfficeQuotas } from '~db/schema'
import { pinClock } from '../clock'
import { makeUser, setupTestDb } from '../helpers'

// The certification round's settings and the city departments (issue 21) on a migrated SQLite:
// what is written, what is audited with it, and what is refused.
const AT = '2027-03-01T02:00:00.000Z'
pinClock(AT)

let db: Db
let bureau: ActingUser
let district: ActingUser
const asActing = (u: {
  id: number
  role: ActingUser['role']
  districtCode: ActingUser['districtCode']
  labId: number | null
}): ActingUser => ({
  id: u.id,
  role: u.role,
  districtCode: u.districtCode,
  labId: u.labId,
  displayName: `user ${u.id}`,
})

beforeEach(async () => {
  db = setupTestDb()
  bureau = asActing(await makeUser(db, { role: 'bureau' }))
  district = asActing(await makeUser(db, { role: 'district', districtCode: '320508' }))
})

const SETTINGS = {
  nameZh: '2027年度申报',
  nameEn: '2027 call',
  year: '2027',
  applicationsDueAt: '2027-03-31T17:00',
  recommendationsDueAt: '2027-04-15T17:00',
  districtQuota: '3',
  departmentQuota: '2',
}
const version = (id: number) => String(db.select().from(certificationRounds).where(eq(certificationRounds.id, id)).get()!.rowVersion)
const audits = (entityType: string) => db.select().from(auditLog).where(eq(auditLog.entityType, entityType)).orderBy(asc(auditLog.id)).all()
function newRound() {
  const r = createRound({ by: bureau, values: SETTINGS })
  if (!r.ok) throw new Error(JSON.stringify(r))
  return r.id
}

describe('creating a round', () => {
  test('stores the deadlines as UTC, asks for both 申报表 copies and copies the renewal criteria, audited', () => {
    const id = newRound()
    const { round, criteria, stage } = getRound(id)!
    expect(round).toMatchObject({
      year: 2027,
      applicationsDueAt: '2027-03-31T09:00:00.000Z',
      recommendationsDueAt: '2027-04-15T09:00:00.000Z',
      districtQuota: 3,
      departmentQuota: 2,
      requiredAttachments: [{ kind: 'application_pdf' }, { kind: 'application_docx' }],
    })
    expect(stage).toBe('open')
    expect(criteria.map((c) => c.weight)).toEqual([30, 20, 15, 15, 20])
    const [row] = audits('certification_round')
    expect(row).toMatchObject({ action: 'create', entityId: String(id), actorUserId: bureau.id })
    expect((row.after as { criteria: unknown[] }).criteria).toHaveLength(5)
  })

  test('the offices’ deadline before the applicants’ is refused and nothing is written', () => {
    const r = createRound({ by: bureau, values: { ...SETTINGS, recommendationsDueAt: '2027-03-31T16:59' } })
    expect(r).toMatchObject({ ok: false, error: 'invalid', errors: { recommendationsDueAt: { key: 'rounds.error.deadlineOrder' } } })
    expect(listRounds()).toEqual([])
    expect(audits('certification_round')).toEqual([])
  })

  test('a blank name, a bad year and a negative quota are each named', () => {
    const r = createRound({ by: bureau, values: { ...SETTINGS, nameZh: ' ', year: '19', districtQuota: '-1' } })
    expect(r.ok ? null : Object.keys((r as { errors: object }).errors).sort()).toEqual(['districtQuota', 'nameZh', 'year'])
  })

  test('a district office may not open a round', () => {
    expect(createRound({ by: district, values: SETTINGS })).toMatchObject({ ok: false, error: 'forbidden' })
    expect(listRounds()).toEqual([])
  })

  test('the list gives each round its stage on the day', () => {
    newRound()
    expect(listRounds(new Date('2027-04-01T00:00:00.000Z')).map((r) => r.stage)).toEqual(['recommending'])
    // past the offices' deadline its applications decide (round-progress.ts): none was recommended,
    // so there is nobody to review or certify
    expect(listRounds(new Date('2027-04-16T00:00:00.000Z')).map((r) => r.stage)).toEqual(['closed'])
  })
})

describe('editing a round', () => {
  test('settings change on the version shown, with before and after in the audit row', () => {
    const id = newRound()
    const r = updateRoundSettings({ by: bureau, id, values: { ...SETTINGS, districtQuota: '4', rowVersion: version(id) } })
    expect(r).toMatchObject({ ok: true, changed: true })
    expect(getRound(id)!.round.districtQuota).toBe(4)
    const row = audits('certification_round').at(-1)!
    expect(row.action).toBe('update')
    expect(row.before).toMatchObject({ districtQuota: 3 })
    expect(row.after).toMatchObject({ districtQuota: 4 })
  })

  test('a stale page gets 409 and changes nothing; a post without a version gets 400', () => {
    const id = newRound()
    const old = version(id)
    updateRoundSettings({ by: bureau, id, values: { ...SETTINGS, nameZh: '第一次', rowVersion: old } })
    expect(updateRoundSettings({ by: bureau, id, values: { ...SETTINGS, nameZh: '第二次', rowVersion: old } })).toMatchObject({
      ok: false,
      error: 'conflict',
    })
    expect(updateRoundSettings({ by: bureau, id, values: { ...SETTINGS, nameZh: '第三次' } })).toMatchObject({
      ok: false,
      error: 'invalid',
    })
    expect(getRound(id)!.round.nameZh).toBe('第一次')
  })

  test('an unknown round is 404 and a district is refused', () => {
    const id = newRound()
    expect(updateRoundSettings({ by: bureau, id: id + 1, values: { ...SETTINGS, rowVersion: '1' } })).toMatchObject({ error: 'not_found' })
    expect(updateRoundSettings({ by: district, id, values: { ...SETTINGS, rowVersion: version(id) } })).toMatchObject({
      error: 'forbidden',
    })
  })

  test('office quotas: a number overrides, a blank returns to the default, a bad one is refused', () => {
    const id = newRound()
    const dept = addDepartment({ by: bureau, values: { code: 'edu', nameZh: '市教育局', nameEn: 'Education Bureau' } })
    if (!dept.ok) throw new Error('department')
    expect(
      setOfficeQuotas({
        by: bureau,
        id,
        values: { rowVersion: version(id), 'quota-district-320571': '5', [`quota-department-${dept.id}`]: '0' },
      }),
    ).toMatchObject({ ok: true })
    const overrides = () => db.select().from(roundOfficeQuotas).orderBy(asc(roundOfficeQuotas.id)).all()
    expect(overrides().map((o) => [o.districtCode, o.departmentId, o.quota])).toEqual([
      ['320571', null, 5],
      [null, dept.id, 0],
    ])
    expect(setOfficeQuotas({ by: bureau, id, values: { rowVersion: version(id), 'quota-district-320571': '21' } })).toMatchObject({
      error: 'invalid',
      errors: { 'quota-district-320571': { key: 'rounds.error.quota' } },
    })
    expect(setOfficeQuotas({ by: bureau, id, values: { rowVersion: version(id), 'quota-district-320571': '2.5' } })).toMatchObject({
      error: 'invalid',
    })
    expect(overrides()).toHaveLength(2)
    setOfficeQuotas({ by: bureau, id, values: { rowVersion: version(id), 'quota-district-320571': '' } })
    expect(overrides()).toEqual([])
    expect(audits('certification_round').at(-1)!.before).toMatchObject({ overrides: [{ districtCode: '320571', quota: 5 }, { quota: 0 }] })
  })

  test('the bureau adds and removes its own attachment kinds; the 申报表 copies stay', () => {
    const id = newRound()
    expect(
      addRequiredAttachment({ by: bureau, id, values: { rowVersion: version(id), labelZh: '推荐函', labelEn: 'Letter' } }),
    ).toMatchObject({ ok: true })
    expect(getRound(id)!.round.requiredAttachments.at(-1)).toEqual({ kind: 'custom_1', labelZh: '推荐函', labelEn: 'Letter' })
    expect(
      addRequiredAttachment({ by: bureau, id, values: { rowVersion: version(id), labelZh: '推荐函', labelEn: 'Other' } }),
    ).toMatchObject({
      error: 'invalid',
    })
    expect(removeRequiredAttachment({ by: bureau, id, values: { rowVersion: version(id), kind: 'application_pdf' } })).toMatchObject({
      error: 'conflict',
    })
    expect(removeRequiredAttachment({ by: bureau, id, values: { rowVersion: version(id), kind: 'custom_1' } })).toMatchObject({ ok: true })
    expect(getRound(id)!.round.requiredAttachments.map((a) => a.kind)).toEqual(['application_pdf', 'application_docx'])
  })

  test('criteria are saved whole, must weigh 100, and lock once the review starts', () => {
    const id = newRound()
    const rows = {
      'labelZh.0': '创新性',
      'labelEn.0': 'Innovation',
      'weight.0': '60',
      'labelZh.1': '可行性',
      'labelEn.1': 'Feasibility',
      'weight.1': '40',
    }
    expect(saveRoundCriteria({ by: bureau, id, values: { rowVersion: version(id), ...rows, 'weight.1': '30' } })).toMatchObject({
      error: 'invalid',
      errors: { _form: { key: 'criteria.error.sum', vars: { sum: 90 } } },
    })
    expect(saveRoundCriteria({ by: bureau, id, values: { rowVersion: version(id), ...rows, 'labelEn.1': 'innovation' } })).toMatchObject({
      errors: { 'labelEn.1': { key: 'criteria.error.duplicate' } },
    })
    // a blank trailing row (the form's "add" row) is ignored
    expect(
      saveRoundCriteria({ by: bureau, id, values: { rowVersion: version(id), ...rows, 'labelZh.2': '', 'labelEn.2': '', 'weight.2': '' } }),
    ).toMatchObject({
      ok: true,
    })
    const stored = () => db.select().from(roundCriteria).where(eq(roundCriteria.roundId, id)).orderBy(asc(roundCriteria.position)).all()
    expect(stored().map((c) => [c.labelZh, c.weight, c.position])).toEqual([
      ['创新性', 60, 1],
      ['可行性', 40, 2],
    ])
    setClock(new Date('2027-04-15T09:00:01.000Z'))
    expect(
      saveRoundCriteria({ by: bureau, id, values: { rowVersion: version(id), ...rows, 'weight.0': '50', 'weight.1': '50' } }),
    ).toMatchObject({
      error: 'conflict',
      errors: { _form: { key: 'rounds.error.criteriaLocked' } },
    })
    expect(stored().map((c) => c.weight)).toEqual([60, 40])
  })

  test('deleting a round takes its overrides and criteria with it', () => {
    const id = newRound()
    setOfficeQuotas({ by: bureau, id, values: { rowVersion: version(id), 'quota-district-320508': '1' } })
    db.delete(certificationRounds).where(eq(certificationRounds.id, id)).run()
    expect(db.select().from(roundCriteria).all()).toEqual([])
    expect(db.select().from(roundOfficeQuotas).all()).toEqual([])
  })
})

describe('city departments', () => {
  test('added, renamed and deactivated by the bureau, each audited', () => {
    const r = addDepartment({ by: bureau, values: { code: ' SCI ', nameZh: '市科技局', nameEn: 'Science Bureau' } })
    if (!r.ok) throw new Error('add')
    expect(listDepartments()[0]).toMatchObject({ code: 'sci', active: true })
    const v = () => String(db.select().from(cityDepartments).where(eq(cityDepartments.id, r.id)).get()!.rowVersion)
    expect(
      renameDepartment({
        by: bureau,
        id: r.id,
        values: { nameZh: '市科学技术局', nameEn: 'Science and Technology Bureau', rowVersion: v() },
      }),
    ).toMatchObject({
      ok: true,
      changed: true,
    })
    expect(setDepartmentActive({ by: bureau, id: r.id, active: false, version: v() })).toMatchObject({ ok: true })
    expect(listDepartments()[0]).toMatchObject({ nameZh: '市科学技术局', active: false })
    expect(audits('city_department').map((a) => a.action)).toEqual(['create', 'update', 'update'])
    expect(audits('city_department')[2].before).toMatchObject({ active: true })
  })

  test('a taken or malformed code is refused', () => {
    addDepartment({ by: bureau, values: { code: 'edu', nameZh: '市教育局', nameEn: 'Education' } })
    expect(addDepartment({ by: bureau, values: { code: 'EDU', nameZh: '另一个', nameEn: 'Other' } })).toMatchObject({
      errors: { code: { key: 'departments.error.codeTaken' } },
    })
    expect(addDepartment({ by: bureau, values: { code: '1x', nameZh: '另一个', nameEn: 'Other' } })).toMatchObject({
      errors: { code: { key: 'departments.error.code' } },
    })
  })

  test('a stale rename is 409 and a district may not touch the registry', () => {
    const r = addDepartment({ by: bureau, values: { code: 'wjw', nameZh: '市卫健委', nameEn: 'Health Commission' } })
    if (!r.ok) throw new Error('add')
    expect(renameDepartment({ by: bureau, id: r.id, values: { nameZh: '甲', nameEn: 'A', rowVersion: '7' } })).toMatchObject({
      error: 'conflict',
    })
    expect(addDepartment({ by: district, values: { code: 'x', nameZh: '乙', nameEn: 'B' } })).toMatchObject({ error: 'forbidden' })
    expect(setDepartmentActive({ by: district, id: r.id, active: false, version: '1' })).toMatchObject({ error: 'forbidden' })
    expect(listDepartments()).toHaveLength(1)
  })
})
