// Chat robots (钉钉 / 企业微信 group robots, issue 15): what each robot expects on the wire, how a
// DingTalk message is signed, how long a message may be, and which hosts the server may post to.
// Pure: the instant a message is signed at is passed in.
import { createHmac } from 'node:crypto'
import type { RobotProvider } from '~db/schema/enums'

// DingTalk's custom robot takes a markdown text of about 20000 bytes; WeCom's group robot a
// markdown content of at most 4096 bytes (UTF-8). A longer message is refused by the robot, so
// it is cut here, keeping its last line (the link to the page where the reader acts).
export const ROBOT_MAX_BYTES: Record<RobotProvider, number> = { dingtalk: 20_000, wecom: 4096 }

// DingTalk refuses a signature whose timestamp is more than an hour away from its own clock.
export const DINGTALK_SIGNATURE_MAX_AGE_MS = 60 * 60 * 1000

export const DEFAULT_ROBOT_HOSTS = 'oapi.dingtalk.com,qyapi.weixin.qq.com'

/** The allow-list (env ROBOT_HOSTS): host names, comma separated, lower-cased. */
export function robotHosts(setting: string): string[] {
  return setting
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
}

export type WebhookCheck = { ok: true; url: URL } | { ok: false; reason: 'url' | 'scheme' | 'host' }

/**
 * Whether the server may post to this address: an http(s) URL whose host is on the allow-list.
 * The server itself makes the request, so any other host would let whoever registers a robot
 * make it call an address of their choosing (a service inside the network: SSRF).
 */
export function checkWebhookUrl(raw: string, hosts: readonly string[]): WebhookCheck {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return { ok: false, reason: 'url' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' }
  // credentials in the address would be sent along; no robot's address has any
  if (url.username || url.password) return { ok: false, reason: 'url' }
  if (!hosts.includes(url.hostname.toLowerCase())) return { ok: false, reason: 'host' }
  return { ok: true, url }
}

// DingTalk's 加签 secret: 'SEC' and the key DingTalk shows (64 hex characters today).
export const DINGTALK_SECRET = /^SEC[0-9A-Za-z]{16,200}$/

/** A secret or an address as shown after saving: its last four characters only. */
export function maskSecret(value: string | null | undefined): string | null {
  if (!value) return null
  return `••••${value.slice(-4)}`
}

/** DingTalk's signature: base64(HMAC-SHA256(key = secret, message = `${timestamp}\n${secret}`)). */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64')
}

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8')

/**
 * The message cut to `maxBytes` of UTF-8: its head shortened with an ellipsis, its last line (the
 * link) kept whole. Never cuts a character in two.
 */
export function truncateMarkdown(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text
  const cut = text.lastIndexOf('\n')
  const tail = cut >= 0 ? text.slice(cut) : ''
  const room = maxBytes - utf8Bytes(tail) - utf8Bytes('…')
  // a last line too long to keep: cut the whole text instead
  if (room <= 0) return `${cutBytes(text, maxBytes - utf8Bytes('…'))}…`
  return `${cutBytes(text.slice(0, cut), room)}…${tail}`
}

// the longest prefix of whole characters within `max` bytes
function cutBytes(s: string, max: number): string {
  let kept = ''
  let used = 0
  for (const ch of s) {
    const n = utf8Bytes(ch)
    if (used + n > max) break
    kept += ch
    used += n
  }
  return kept
}

export type RobotRequest = { url: string; payload: unknown }

/**
 * The request one robot expects for one message: DingTalk's markdown (title and text), signed on
 * the address when the robot has a secret; WeCom's markdown content.
 */
export function robotRequest({
  provider,
  webhookUrl,
  secret,
  subject,
  body,
  signedAt,
}: {
  provider: RobotProvider
  webhookUrl: string
  secret: string | null
  subject: string
  body: string
  // ms since the epoch: the signing instant, which DingTalk compares with its own clock
  signedAt: number
}): RobotRequest {
  if (provider === 'wecom') {
    // WeCom shows no separate title: the subject is the message's first line in bold
    const content = truncateMarkdown(body.startsWith(subject) ? body : `**${subject}**\n\n${body}`, ROBOT_MAX_BYTES.wecom)
    return { url: webhookUrl, payload: { msgtype: 'markdown', markdown: { content } } }
  }
  const text = truncateMarkdown(body, ROBOT_MAX_BYTES.dingtalk)
  const payload = { msgtype: 'markdown', markdown: { title: subject.slice(0, 100), text } }
  if (!secret) return { url: webhookUrl, payload }
  const url = new URL(webhookUrl)
  url.searchParams.set('timestamp', String(signedAt))
  url.searchParams.set('sign', dingtalkSign(secret, signedAt))
  return { url: url.toString(), payload }
}

/**
 * What the robot's answer means: null when it took the message (HTTP 200 and errcode 0), else the
 * error to keep on the outbox row. Both robots answer 200 with a non-zero errcode when they refuse
 * (DingTalk 310000 for a wrong signature, WeCom 93000 for an unknown webhook).
 */
export function robotAnswerError(status: number, text: string): string | null {
  let answer: { errcode?: unknown; errmsg?: unknown } | null = null
  try {
    answer = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown }
  } catch {
    answer = null
  }
  if (status === 200 && answer && answer.errcode === 0) return null
  const detail =
    answer && typeof answer === 'object' && 'errcode' in answer
      ? `errcode ${String(answer.errcode)}: ${String(answer.errmsg ?? '')}`
      : text.slice(0, 200)
  return status === 200 ? detail : `HTTP ${status}${detail ? ` ${detail}` : ''}`
}
