import type { Locale } from '~db/schema/enums'
import { translator, type MessageKey } from '~/i18n'

// Every refusal of the read API is an RFC 9457 problem document (application/problem+json).
// `type` names the kind of problem by an anchor of the docs page, which explains each; `title`
// is the same for every problem of a kind, `detail` says what was wrong with this request, and
// `errors` lists the query parameters at fault.

export const PROBLEM_KINDS = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  429: 'too_many_requests',
} as const
export type ProblemStatus = keyof typeof PROBLEM_KINDS

export type ParameterError = { parameter: string; detail: string }

export const problemType = (status: ProblemStatus) => `/api/v1/docs#problem-${PROBLEM_KINDS[status]}`

export function problem({
  status,
  detail,
  vars,
  errors,
  locale,
  headers,
}: {
  status: ProblemStatus
  detail: MessageKey
  vars?: Record<string, string | number>
  errors?: ParameterError[]
  locale: Locale
  headers?: Record<string, string>
}): Response {
  const t = translator(locale)
  const body = {
    type: problemType(status),
    title: t(`api.problem.${PROBLEM_KINDS[status]}`),
    status,
    detail: t(detail, vars),
    ...(errors?.length ? { errors } : {}),
  }
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json; charset=utf-8', 'Content-Language': locale, ...headers },
  })
}

/** The answer to any method but GET and HEAD under /api (server.ts). */
export function methodNotAllowed(acceptLanguage: string | undefined): Response {
  const locale = acceptLanguage?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh'
  return problem({ status: 405, detail: 'api.detail.methodNotAllowed', locale, headers: { Allow: 'GET, HEAD' } })
}
