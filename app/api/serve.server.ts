import type { LoaderFunctionArgs } from '@remix-run/node'
import type { Locale } from '~db/schema/enums'
import { bearerOf, RATE_PER_MINUTE, takeCall, type Bucket } from '~/domain/api-tokens'
import { shanghaiDate } from '~/domain/dates'
import { actorOf } from '~/utils/auth.server'
import { now as clockNow } from '~/utils/clock.server'
import { isLocale, translator, type MessageKey } from '~/i18n'
import { authenticateApiToken, recordTokenCall, type TokenRefusal } from '~/models/api-tokens.server'
import { ruleSettings } from '~/models/settings.server'
import { decodeCursor } from './cursor'
import type { Endpoint } from './endpoints.server'
import { problem, type ParameterError } from './problem.server'

// One API call (issue 20): the bearer token, then the token's rate, then the parameters, then
// the endpoint's answer parsed by its response schema. The token stands for its user exactly as
// a session does (actorOf, and the models' labScope), so an API call sees what that user's pages
// show. No cookie is read and no session touched; the API only reads, so no form can be forged
// against it (other methods are refused before Remix, server.ts).

// Per token, in this process's memory: with several server processes each allows the rate, which
// is fine for a limit meant to stop a runaway loop, not to meter. Keyed `api:<id>` here and
// `feed:<id>` for the calendar feeds (app/routes/feeds.$token.tsx), which are polled alike.
const buckets = new Map<string, Bucket>()

/** Takes one call from the bucket of `key` at `now`: allowed, or the Retry-After seconds. */
export function spendRateCall(key: string, now: Date): { allowed: boolean; retryAfterSeconds: number } {
  const rate = takeCall(buckets.get(key), now.getTime())
  buckets.set(key, rate.bucket)
  return rate
}

/** For the tests: forget every token's bucket. */
export function resetRateLimits() {
  buckets.clear()
}

const REFUSAL_DETAIL: Record<TokenRefusal, MessageKey> = {
  malformed: 'api.detail.malformedToken',
  unknown: 'api.detail.unknownToken',
  expired: 'api.detail.expiredToken',
  revoked: 'api.detail.revokedToken',
  inactive: 'api.detail.inactiveUser',
}

/** The language of problem texts and reasons: Accept-Language first, then the token user's own, else Chinese. */
function apiLocale(request: Request, userLocale?: Locale): Locale {
  const first = request.headers.get('Accept-Language')?.split(',')[0]?.trim().slice(0, 2).toLowerCase()
  if (isLocale(first)) return first
  return userLocale ?? 'zh'
}

/** The query string as an object; a parameter given twice is refused rather than one copy picked. */
function queryOf(url: URL): { values: Record<string, string>; repeated: string[] } {
  const values: Record<string, string> = {}
  const repeated: string[] = []
  for (const [k, v] of url.searchParams) {
    if (k in values) repeated.push(k)
    values[k] = v
  }
  return { values, repeated }
}

function parameterErrors(error: { issues: { code: string; path: PropertyKey[]; keys?: string[] }[] }, t: (k: MessageKey) => string) {
  const out: ParameterError[] = []
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys')
      for (const key of issue.keys ?? []) out.push({ parameter: key, detail: t('api.detail.unknownParameter') })
    else out.push({ parameter: String(issue.path[0] ?? ''), detail: t('api.detail.invalidValue') })
  }
  return out
}

export function apiLoader(endpoint: Endpoint) {
  return ({ request, params }: LoaderFunctionArgs) => serveApi(endpoint, request, params)
}

export function serveApi(endpoint: Endpoint, request: Request, params: Record<string, string | undefined>): Response {
  const now = clockNow()
  const anonymousLocale = apiLocale(request)
  const unauthorized = (detail: MessageKey, error?: string) =>
    problem({
      status: 401,
      detail,
      locale: anonymousLocale,
      headers: { 'WWW-Authenticate': error ? `Bearer realm="labcycle", error="${error}"` : 'Bearer realm="labcycle"' },
    })
  const raw = bearerOf(request.headers.get('Authorization'))
  // without credentials the challenge carries no error code (RFC 6750, 3.1)
  if (!raw)
    return request.headers.has('Authorization')
      ? unauthorized('api.detail.malformedToken', 'invalid_request')
      : unauthorized('api.detail.missingToken')
  const auth = authenticateApiToken(raw, now)
  if (!auth.ok) return unauthorized(REFUSAL_DETAIL[auth.reason], 'invalid_token')

  const locale = apiLocale(request, auth.user.locale)
  const t = translator(locale)
  recordTokenCall(auth.tokenId, now)
  const rate = spendRateCall(`api:${auth.tokenId}`, now)
  if (!rate.allowed)
    return problem({
      status: 429,
      detail: 'api.detail.retryAfter',
      vars: { n: RATE_PER_MINUTE, seconds: rate.retryAfterSeconds },
      locale,
      headers: { 'Retry-After': String(rate.retryAfterSeconds) },
    })

  // a path id that is no id names no record
  const path = endpoint.pathParams ? endpoint.pathParams.safeParse(params) : { success: true as const, data: {} }
  if (!path.success) return problem({ status: 404, detail: 'api.detail.notFound', locale })

  const url = new URL(request.url)
  const { values, repeated } = queryOf(url)
  if (repeated.length)
    return problem({
      status: 400,
      detail: 'api.detail.invalidParameters',
      errors: repeated.map((parameter) => ({ parameter, detail: t('api.detail.invalidValue') })),
      locale,
    })
  const query = endpoint.query.safeParse(values)
  if (!query.success)
    return problem({ status: 400, detail: 'api.detail.invalidParameters', errors: parameterErrors(query.error, t), locale })
  const cursor = values.cursor === undefined ? null : decodeCursor(values.cursor)
  if (values.cursor !== undefined && !cursor)
    return problem({
      status: 400,
      detail: 'api.detail.badCursor',
      errors: [{ parameter: 'cursor', detail: t('api.detail.badCursor') }],
      locale,
    })

  const answer = endpoint.run({
    actor: actorOf(auth.user),
    path: path.data,
    query: query.data,
    cursor,
    today: shanghaiDate(now),
    windowDays: ruleSettings().expiryWindowDays,
    t,
  })
  if (answer === null) return problem({ status: 404, detail: 'api.detail.notFound', locale })
  return new Response(JSON.stringify(endpoint.response.parse(answer)), {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Language': locale },
  })
}
