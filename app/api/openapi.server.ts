import { z } from 'zod'
import { PROBLEM_KINDS, type ProblemStatus } from './problem.server'
import { ENDPOINTS, type Endpoint } from './endpoints.server'

// /api/v1/openapi.json (issue 20), generated from the endpoint registry and its zod schemas
// (z.toJSONSchema, JSON Schema 2020-12, which OpenAPI 3.1 uses), never written by hand. Every
// schema is inlined (no $ref), so each response's schema stands alone and the contract test can
// compare it with the schema the route parses its answer with.

type JsonSchema = Record<string, unknown>

/** A zod schema as the JSON Schema the document carries, without the dialect marker OpenAPI sets once. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'throw' }) as JsonSchema
  return rest
}

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z.array(z.object({ parameter: z.string(), detail: z.string() })).optional(),
})

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

function parametersOf(endpoint: Endpoint) {
  const inPath = endpoint.pathParams ? jsonSchemaOf(endpoint.pathParams, 'input') : { properties: {} }
  const inQuery = jsonSchemaOf(endpoint.query, 'input')
  const params = (where: 'path' | 'query', schema: JsonSchema) => {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>
    const required = new Set((schema.required ?? []) as string[])
    return Object.entries(properties).map(([name, { description, ...propertySchema }]) => ({
      name,
      in: where,
      required: where === 'path' || (required.has(name) && !('default' in propertySchema)),
      ...(description ? { description } : {}),
      schema: propertySchema,
    }))
  }
  return [...params('path', inPath), ...params('query', inQuery)]
}

function operationOf(endpoint: Endpoint) {
  const refusals: ProblemStatus[] = [400, 401, 429, ...(endpoint.pathParams ? [404 as const] : [])]
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary.en,
    description: endpoint.summary.zh,
    parameters: parametersOf(endpoint),
    responses: {
      200: { description: endpoint.summary.en, content: { 'application/json': { schema: jsonSchemaOf(endpoint.response) } } },
      ...Object.fromEntries(refusals.map((status) => [status, problemResponse(PROBLEM_KINDS[status])])),
    },
  }
}

export function openApiDocument({ version }: { version: string }) {
  const paths: Record<string, { get: ReturnType<typeof operationOf> }> = {}
  for (const endpoint of ENDPOINTS) paths[endpoint.path] = { get: operationOf(endpoint) }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Labcycle API',
      version,
      description:
        'Read API of Labcycle (实验室全周期管理平台). Scope is exactly the pages’ scope: a district’s token sees its district, a lab’s token its lab, an expert’s token the renewals assigned to it. Days are YYYY-MM-DD in Asia/Shanghai, instants RFC 3339 UTC. Errors are RFC 9457 problem documents.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (lc_…) from 我的账户 / My account' },
      },
      schemas: { Problem: jsonSchemaOf(ProblemSchema) },
    },
  }
}
