import path from 'node:path'
import Database from 'better-sqlite3'

// HTTP as a browser would send it, without a browser: same-origin mutations carry Origin, a
// signed-in client carries its session cookie, redirects are not followed so tests see them.

export const DEMO_PASSWORD = 'labcycle-demo'

export type Client = {
  baseUrl: string
  cookie: string
  get: (pathname: string, init?: RequestInit) => Promise<Response>
  /** a form post; `body` as fields (URL-encoded), FormData (multipart), or raw with its own headers */
  post: (pathname: string, body: Record<string, string> | FormData | BodyInit, init?: RequestInit) => Promise<Response>
}

export function client(baseUrl: string, cookie = ''): Client {
  const headers = (extra?: HeadersInit) => {
    const h = new Headers(extra)
    if (cookie && !h.has('Cookie')) h.set('Cookie', cookie)
    if (!h.has('Origin')) h.set('Origin', baseUrl)
    return h
  }
  return {
    baseUrl,
    cookie,
    get: (pathname, init = {}) => fetch(`${baseUrl}${pathname}`, { redirect: 'manual', ...init, headers: headers(init.headers) }),
    post: (pathname, body, init = {}) => {
      const isFields =
        typeof body === 'object' &&
        body !== null &&
        !(body instanceof FormData) &&
        !(body instanceof URLSearchParams) &&
        !(body instanceof Blob) &&
        !(body instanceof ArrayBuffer) &&
        !ArrayBuffer.isView(body) &&
        !(body instanceof ReadableStream)
      return fetch(`${baseUrl}${pathname}`, {
        method: 'POST',
        redirect: 'manual',
        ...init,
        headers: headers(init.headers),
        body: isFields ? new URLSearchParams(body as Record<string, string>) : (body as BodyInit),
      })
    },
  }
}

/** Signs in through /login and returns a client carrying the session. */
export async function signIn(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = await client(baseUrl).post('/login', { username, password })
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('lc_session='))
  if (res.status !== 302 || !setCookie) throw new Error(`sign-in as ${username} failed: ${res.status}`)
  return client(baseUrl, setCookie.split(';')[0])
}

/** The server's database, read-only: what was stored, not what a page says. */
export function dbQuery<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, 'labcycle.db'), { readonly: true })
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}
