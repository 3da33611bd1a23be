import { createHmac, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

// A stand-in for both group robots in the test process (no outside network here), answering as
// the real ones do: HTTP 200 with errcode 0 when the message is taken, HTTP 200 with the robot's
// error code otherwise. DingTalk's custom robot (POST /robot/send?access_token=…) recomputes the
// 加签 signature of a robot that has a secret and refuses one more than an hour old (310000);
// WeCom's group robot (POST /cgi-bin/webhook/send?key=…) answers 93000 for an unknown key. Both
// check the JSON shape of a markdown message and its size limit.

export type Received = {
  provider: 'dingtalk' | 'wecom'
  token: string
  payload: unknown
  // for DingTalk: the query's timestamp and whether the signature matched
  timestamp?: number
  signed?: boolean
  errcode: number
}

type Answer = { status?: number; errcode?: number; errmsg?: string }

export async function startRobotStandIn({
  dingtalk = {},
  wecom = [],
  port = 0,
  now = Date.now,
}: {
  // access token → the robot's secret (null: unsigned robot)
  dingtalk?: Record<string, string | null>
  wecom?: string[]
  port?: number
  now?: () => number
} = {}) {
  const received: Received[] = []
  // answers forced for the next requests (an outage, a robot refusing), in order
  const forced: Answer[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in')
      const reply = (status: number, errcode: number, errmsg: string) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ errcode, errmsg }))
        return errcode
      }
      let payload: unknown = null
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        payload = null
      }
      const force = forced.shift()
      if (req.method !== 'POST') return void reply(405, 405, 'method not allowed')
      if (url.pathname === '/robot/send') {
        const token = url.searchParams.get('access_token') ?? ''
        const entry: Received = { provider: 'dingtalk', token, payload, errcode: 0 }
        received.push(entry)
        if (force) return void (entry.errcode = reply(force.status ?? 200, force.errcode ?? 0, force.errmsg ?? 'forced'))
        if (!(token in dingtalk)) return void (entry.errcode = reply(200, 300001, 'token is not exist'))
        const secret = dingtalk[token]
        if (secret) {
          const timestamp = Number(url.searchParams.get('timestamp'))
          const sign = url.searchParams.get('sign') ?? ''
          entry.timestamp = timestamp
          // the signature travels URL-encoded: a raw '+' would arrive as a space, '/' and '=' as themselves
          const raw = /[?&]sign=([^&]*)/.exec(url.search)?.[1] ?? ''
          entry.signed = /^[A-Za-z0-9%]+$/.test(raw) && signatureMatches(secret, timestamp, sign)
          if (!Number.isFinite(timestamp) || Math.abs(now() - timestamp) > 60 * 60 * 1000)
            return void (entry.errcode = reply(200, 310000, 'invalid timestamp'))
          if (!entry.signed) return void (entry.errcode = reply(200, 310000, 'sign not match'))
        }
        const m = payload as { msgtype?: unknown; markdown?: { title?: unknown; text?: unknown } } | null
        if (
          !m ||
          m.msgtype !== 'markdown' ||
          typeof m.markdown?.title !== 'string' ||
          typeof m.markdown.text !== 'string' ||
          !m.markdown.title
        )
          return void (entry.errcode = reply(200, 40035, 'missing or invalid parameter: markdown'))
        if (Buffer.byteLength(m.markdown.text, 'utf8') > 20_000) return void (entry.errcode = reply(200, 460101, 'message too long'))
        return void reply(200, 0, 'ok')
      }
      if (url.pathname === '/cgi-bin/webhook/send') {
        const token = url.searchParams.get('key') ?? ''
        const entry: Received = { provider: 'wecom', token, payload, errcode: 0 }
        received.push(entry)
        if (force) return void (entry.errcode = reply(force.status ?? 200, force.errcode ?? 0, force.errmsg ?? 'forced'))
        if (!wecom.includes(token)) return void (entry.errcode = reply(200, 93000, 'invalid webhook url'))
        const m = payload as { msgtype?: unknown; markdown?: { content?: unknown } } | null
        if (!m || m.msgtype !== 'markdown' || typeof m.markdown?.content !== 'string' || !m.markdown.content)
          return void (entry.errcode = reply(200, 40008, 'invalid message type'))
        if (Buffer.byteLength(m.markdown.content, 'utf8') > 4096)
          return void (entry.errcode = reply(200, 40058, 'markdown.content exceed max length 4096'))
        return void reply(200, 0, 'ok')
      }
      reply(404, 404, 'not found')
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const actualPort = (server.address() as AddressInfo).port
  const base = `http://127.0.0.1:${actualPort}`
  return {
    received,
    port: actualPort,
    base,
    dingtalkUrl: (token: string) => `${base}/robot/send?access_token=${token}`,
    wecomUrl: (key: string) => `${base}/cgi-bin/webhook/send?key=${key}`,
    /** the next requests get these answers instead (an outage: { status: 500 }) */
    force: (...answers: Answer[]) => forced.push(...answers),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type RobotStandIn = Awaited<ReturnType<typeof startRobotStandIn>>

// recomputed independently of app/domain/robots.ts: HmacSHA256(secret, `${timestamp}\n${secret}`), base64
function signatureMatches(secret: string, timestamp: number, sign: string): boolean {
  const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest()
  const given = Buffer.from(sign, 'base64')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
