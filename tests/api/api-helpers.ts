import type { LoaderFunctionArgs } from '@remix-run/node'
import { createApiToken } from '~/models/api-tokens.server'
import type { Db } from '~db/client.server'
import { makeUser, TEST_CONTEXT, TEST_ORIGIN } from '../helpers'

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

export type ApiReader = 'bureau' | 'gusu' | 'wuzhongOffice' | 'lab' | 'otherLab' | 'expert' | 'applicant' | 'department'

/**
 * A token for each kind of reader the API tests walk: the bureau, 姑苏区's office and 吴中区's, the
 * accounts of two 姑苏 labs (`lab`, `otherLab`), an expert, and the certification round's
 * applicant and city department (who see no lab).
 */
export async function readerTokens(db: Db, { lab, otherLab, now = new Date() }: { lab: number; otherLab: number; now?: Date }) {
  const users: Record<ApiReader, { id: number }> = {
    bureau: await makeUser(db, { role: 'bureau' }),
    gusu: await makeUser(db, { role: 'district', districtCode: '320508' }),
    wuzhongOffice: await makeUser(db, { role: 'district', districtCode: '320506' }),
    lab: await makeUser(db, { role: 'lab', labId: lab }),
    otherLab: await makeUser(db, { role: 'lab', labId: otherLab }),
    expert: await makeUser(db, { role: 'expert' }),
    applicant: await makeUser(db, { role: 'applicant' }),
    department: await makeUser(db, { role: 'department' }),
  }
  return Object.fromEntries(Object.entries(users).map(([k, u]) => [k, tokenOf(u, 90, now)])) as Record<ApiReader, string>
}
