import { beforeEach, expect, test } from 'vitest'
import { countJointApplications } from '~/domain/joint-applications'
import { jointLabsInvolving } from '~/models/joint-applications.server'
import { getOrganisation, listOrganisations } from '~/models/organisations.server'
import { makeLab, makeOrg, setupTestDb } from '../helpers'
import type { Db } from '~db/client.server'

let db: Db
beforeEach(() => {
  db = setupTestDb()
})

test('the organisation list counts joint applications exactly as the domain rule does', () => {
  const [a, b, c, d] = [makeOrg(db), makeOrg(db), makeOrg(db), makeOrg(db)]
  makeLab(db, { hostOrgId: a.id }) // solo: not joint for a
  makeLab(db, { hostOrgId: a.id, partnerOrgIds: [b.id] }) // joint for a and b
  makeLab(db, { hostOrgId: b.id, partnerOrgIds: [c.id, d.id] }) // joint for b, c, d
  makeLab(db, { hostOrgId: c.id, partnerOrgIds: [a.id] }) // joint for c and a
  const { rows } = listOrganisations({ filter: { sort: 'name', dir: 'asc' }, page: 1, pageSize: 100 })
  const expected = (orgId: number) => countJointApplications({ orgId, labs: jointLabsInvolving([orgId], 0) })
  expect(rows.map((r) => [r.id, r.jointApplications])).toEqual(rows.map((r) => [r.id, expected(r.id)]))
  expect(rows.find((r) => r.id === a.id)?.jointApplications).toBe(2)
  expect(rows.find((r) => r.id === b.id)?.jointApplications).toBe(2)
  expect(getOrganisation(a.id)?.jointApplications).toBe(2)
})
