import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ENDPOINTS } from '~/api/endpoints.server'
import { jsonSchemaOf } from '~/api/openapi.server'
import { loader as openApiLoader } from '~/routes/api.v1.openapi[.json]'
import { loader as labsLoader } from '~/routes/api.v1.labs._index'
import { loader as labLoader } from '~/routes/api.v1.labs.$labId._index'
import { loader as periodsLoader } from '~/routes/api.v1.labs.$labId.periods'
import { loader as checksLoader } from '~/routes/api.v1.labs.$labId.checks'
import { loader as historyLoader } from '~/routes/api.v1.labs.$labId.compliance-history'
import { loader as obligationsLoader } from '~/routes/api.v1.labs.$labId.obligations'
import { loader as filingsLoader } from '~/routes/api.v1.labs.$labId.filings'
import { loader as requestsLoader } from '~/routes/api.v1.requests'
import { loader as renewalsLoader } from '~/routes/api.v1.renewals'
import { loader as incidentsLoader } from '~/routes/api.v1.labs.$labId.incidents'
import { loader as outcomesLoader } from '~/routes/api.v1.labs.$labId.outcomes'
import { loader as dashboardLoader } from '~/routes/api.v1.dashboard'
import { setDb } from '~/utils/db.server'
import { openDb, type Db } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import {
  insertAnnualReport,
  insertDeliverable,
  insertIncident,
  insertOutcome,
  insertPeriod,
  insertRenewal,
  insertRequest,
  insertReviewAssignment,
} from '~db/factories'
import { complianceHistory, validityPeriods } from '~db/schema'
import { eq } from 'drizzle-orm'
import { makeLab, makeUser } from '../helpers'
import { callApi, tokenOf } from './api-helpers'
import { validate } from './json-schema-subset'

// The contract test (issue 20): every endpoint, called as every role on a real SQLite file, answers
// what /api/v1/openapi.json says, whether it answers data or a problem; and the document's schema
// of each answer is the one generated from the zod schema the route parses its answer with.

const LOADERS: Record<string, (args: LoaderFunctionArgs) => unknown> = {
  listLabs: labsLoader,
  getLab: labLoader,
  listLabPeriods: periodsLoader,
  listLabChecks: checksLoader,
  listLabComplianceHistory: historyLoader,
  listLabObligations: obligationsLoader,
  listLabFilings: filingsLoader,
  listLabIncidents: incidentsLoader,
  listLabOutcomes: outcomesLoader,
  listRequests: requestsLoader,
  listRenewals: renewalsLoader,
  getDashboard: dashboardLoader,
}

type Doc = {
  openapi: string
  paths: Record<
    string,
    {
      get: {
        operationId: string
        parameters: { name: string; in: string }[]
        responses: Record<string, { content: Record<string, { schema: Record<string, unknown> }> }>
      }
    }
  >
  components: { schemas: Record<string, Record<string, unknown>> }
}

let dir: string
let db: Db
let doc: Doc
let labIds: number[]
const tokens: Record<string, string> = {}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-contract-'))
  db = openDb(path.join(dir, 'labcycle.db'))
  runMigrations(db)
  setDb(db)
  const gusu = makeLab(db, { districtCode: '320508', startDate: '2024-03-15', teamSize: 16 })
  // a renewed lab: its first period decided, a second in force
  const second = insertPeriod(db, { labId: gusu.id, sequence: 2, startDate: '2026-03-15' })
  // filings of every shape: a decided report, a deliverable with the district's opinion, a draft
  insertAnnualReport(db, {
    labId: gusu.id,
    periodId: second.id,
    validityYear: 1,
    status: 'accepted',
    grade: 'good',
    submittedAt: '2026-04-01T02:00:00.000Z',
    decidedAt: '2026-04-09T02:00:00.000Z',
  })
  insertDeliverable(db, {
    labId: gusu.id,
    completedOn: '2025-01-10',
    status: 'submitted',
    submittedAt: '2025-09-01T02:00:00.000Z',
    districtOpinion: 'oppose',
    districtOpinionAt: '2025-09-03T02:00:00.000Z',
  })
  insertDeliverable(db, { labId: gusu.id, completedOn: '2026-05-01' })
  // outcomes: a valued transfer, a patent, and an accepted deliverable transferred
  insertOutcome(db, { labId: gusu.id, periodId: second.id, kind: 'transfer', valueYuan: 800_000, occurredOn: '2026-04-20' })
  insertOutcome(db, { labId: gusu.id, periodId: second.id, kind: 'patent', occurredOn: '2026-05-20', verification: 'disputed' })
  insertDeliverable(db, {
    labId: gusu.id,
    completedOn: '2025-02-01',
    status: 'accepted',
    forms: ['data', 'product'],
    transferStatus: 'transferred',
    transferValueYuan: 120_000,
  })
  const expired = makeLab(db, { districtCode: '320508', startDate: '2022-01-01' })
  const wuzhong = makeLab(db, { districtCode: '320506', startDate: '2025-09-01', secured: true })
  labIds = [gusu.id, expired.id, wuzhong.id]
  // months already recorded (this month's row is written when an answer evaluates today)
  db.insert(complianceHistory).values({ month: '2026-01', labId: gusu.id, severity: 2, failing: 1, warnings: 2 }).run()
  db.insert(complianceHistory).values({ month: '2026-02', labId: gusu.id, severity: 0, failing: 0, warnings: 0 }).run()
  // requests waiting, decided in part, and a draft (never listed)
  insertRequest(db, {
    labId: gusu.id,
    neededBy: '2026-12-01',
    status: 'submitted',
    submittedAt: '2026-11-02T02:00:00.000Z',
    deadline: '2026-11-20',
  })
  insertRequest(db, {
    labId: wuzhong.id,
    neededBy: '2026-12-01',
    status: 'partly_approved',
    quantity: 10.5,
    grantedQuantity: 4,
    submittedAt: '2026-06-02T02:00:00.000Z',
    deadline: '2026-06-20',
    decidedOn: '2026-06-15',
  })
  insertRequest(db, { labId: gusu.id, neededBy: '2026-12-01' })
  // incidents reported on time and closed, not yet reported, and reported late
  const at = (iso: string) => new Date(iso).toISOString()
  insertIncident(db, {
    labId: gusu.id,
    grade: 'III',
    discoveredAt: at('2026-02-01T00:00:00Z'),
    reportDeadline: at('2026-02-02T00:00:00Z'),
    reportedAt: at('2026-02-01T03:00:00Z'),
    status: 'closed',
    closedAt: at('2026-02-10T00:00:00Z'),
  })
  insertIncident(db, { labId: gusu.id, grade: 'I', discoveredAt: at('2026-05-01T00:00:00Z'), reportDeadline: at('2026-05-01T01:00:00Z') })
  insertIncident(db, {
    labId: wuzhong.id,
    grade: 'II',
    discoveredAt: at('2026-06-01T00:00:00Z'),
    reportDeadline: at('2026-06-01T04:00:00Z'),
    reportedAt: at('2026-06-01T09:10:00Z'),
  })
  tokens.bureau = tokenOf(await makeUser(db, { role: 'bureau' }))
  tokens.district = tokenOf(await makeUser(db, { role: 'district', districtCode: '320508' }))
  tokens.lab = tokenOf(await makeUser(db, { role: 'lab', labId: gusu.id }))
  const expert = await makeUser(db, { role: 'expert' })
  tokens.expert = tokenOf(expert)
  // the first period's renewal, decided and reviewed (the expert's to see), and one in progress
  const first = db.select().from(validityPeriods).where(eq(validityPeriods.labId, gusu.id)).orderBy(validityPeriods.sequence).get()!
  const decided = insertRenewal(db, {
    labId: gusu.id,
    periodId: first.id,
    status: 'decided',
    submittedAt: '2026-01-05T02:00:00.000Z',
    decision: 'renew',
    grade: 'good',
    decidedOn: '2026-03-10',
  })
  insertReviewAssignment(db, {
    renewalId: decided.id,
    expertId: expert.id,
    status: 'submitted',
    totalScore: 86.5,
    assignedAt: '2026-01-06T02:00:00Z',
  })
  const expiredPeriod = db.select().from(validityPeriods).where(eq(validityPeriods.labId, expired.id)).get()!
  insertRenewal(db, { labId: expired.id, periodId: expiredPeriod.id, status: 'submitted', submittedAt: '2023-11-01T02:00:00.000Z' })
  const res = (await openApiLoader()) as Response
  doc = (await res.json()) as Doc
})

afterAll(() => {
  db.$client.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1 and lists every endpoint of the registry and every API route file', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.values(doc.paths).map((p) => p.get.operationId)).toEqual(ENDPOINTS.map((e) => e.operationId))
    const routeFiles = fs
      .readdirSync(path.resolve(__dirname, '../../app/routes'))
      .filter((f) => f.startsWith('api.v1.') && !['api.v1.$.tsx', 'api.v1.docs.tsx', 'api.v1.openapi[.json].tsx'].includes(f))
    expect(routeFiles).toHaveLength(ENDPOINTS.length)
    expect(Object.keys(LOADERS).sort()).toEqual(ENDPOINTS.map((e) => e.operationId).sort())
  })

  test.each(ENDPOINTS.map((e) => [e.operationId, e] as const))(
    '%s: its answer schema is generated from the route’s zod schema',
    (_id, endpoint) => {
      const published = doc.paths[endpoint.path]!.get.responses['200']!.content['application/json']!.schema
      expect(published).toEqual(jsonSchemaOf(endpoint.response))
      // every query parameter the route accepts is published
      const names = doc.paths[endpoint.path]!.get.parameters.filter((p) => p.in === 'query').map((p) => p.name)
      expect(names.sort()).toEqual(Object.keys((endpoint.query as unknown as { shape: object }).shape).sort())
    },
  )

  test('the check would catch an answer that strays from the document', () => {
    const schema = doc.paths['/labs']!.get.responses['200']!.content['application/json']!.schema
    expect(validate(schema, { data: [], total: 0, next_cursor: null })).toEqual([])
    expect(validate(schema, { data: [], total: -1, next_cursor: null })).not.toEqual([])
    expect(validate(schema, { data: [{ id: 1 }], total: 1, next_cursor: null })).not.toEqual([])
    expect(validate(schema, { data: [], total: 0, next_cursor: null, secret: 1 })).not.toEqual([])
  })
})

describe('every endpoint, as every role, answers what the document says', () => {
  const roles = ['bureau', 'district', 'lab', 'expert'] as const
  test.each(ENDPOINTS.map((e) => [e.operationId, e] as const))('%s', async (operationId, endpoint) => {
    const operation = doc.paths[endpoint.path]!.get
    const answered = new Set<number>()
    for (const role of roles)
      for (const labId of endpoint.pathParams ? labIds : [null]) {
        const url = `/api/v1${endpoint.path.replace('{labId}', String(labId))}`
        const { status, body, headers } = await callApi(LOADERS[operationId]!, url, {
          token: tokens[role],
          params: labId === null ? {} : { labId: String(labId) },
        })
        answered.add(status)
        const response = operation.responses[String(status)]
        expect(response, `${role} ${url} answered ${status}, which the document does not list`).toBeDefined()
        const [mediaType, { schema }] = Object.entries(response!.content)[0]!
        expect(headers.get('Content-Type')).toContain(mediaType)
        const resolved = '$ref' in schema ? doc.components.schemas[String(schema.$ref).split('/').pop()!]! : schema
        expect(validate(resolved, body), `${role} ${url}`).toEqual([])
      }
    expect(answered.has(200)).toBe(true)
    if (endpoint.pathParams) expect(answered.has(404)).toBe(true)
  })

  test('a refused question validates as a problem document too', async () => {
    for (const url of ['/api/v1/labs?limit=0', '/api/v1/labs?cursor=@@', '/api/v1/labs?nope=1']) {
      const { status, body } = await callApi(labsLoader, url, { token: tokens.bureau })
      expect(status).toBe(400)
      expect(validate(doc.components.schemas.Problem!, body)).toEqual([])
    }
    const { status, body } = await callApi(labsLoader, '/api/v1/labs', { token: 'lc_1_short' })
    expect(status).toBe(401)
    expect(validate(doc.components.schemas.Problem!, body)).toEqual([])
  })
})
