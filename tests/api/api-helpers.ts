import type { LoaderFunctionArgs } from '@remix-run/node'
import { createApiToken } from '~/models/api-tokens.server'
import { TEST_CONTEXT, TEST_ORIGIN } from '../helpers'

// Calling the read API's route loaders directly, as server.ts would, with a bearer token.

/** A fresh token of `user`, valid for 90 days from now. */
export function tokenOf(user: { id: number; displayName?: string }, days = 90, now = new Date()): string {
  return createApiToken({ userId: user.id, name: 'test', days, actor: { id: user.id, displayName: 'test' }, now }).token
}

export async function callApi(
  loader: (args: LoaderFunctionArgs) => unknown,
  url: string,
  { token, params = {}, headers = {} }: { token?: string; params?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const request = new URL(url, TEST_ORIGIN)
  const response = (await loader({
    request: new Request(request, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } }),
    params,
    context: TEST_CONTEXT,
  })) as Response
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as Record<string, unknown> & { data?: unknown[] } }
}
