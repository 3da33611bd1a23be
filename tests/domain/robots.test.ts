import { describe, expect, test } from 'vitest'
import {
  checkWebhookUrl,
  dingtalkSign,
  maskSecret,
  robotAnswerError,
  robotHosts,
  robotRequest,
  ROBOT_MAX_BYTES,
  truncateMarkdown,
} from '~/domain/robots'

const SECRET = 'SEC0123456789abcdef0123456789abcdef'
const AT = 1764900000000
const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

describe('DingTalk signing (加签)', () => {
  test('the signature is base64(HMAC-SHA256(secret, `${timestamp}\\n${secret}`)), as DingTalk’s Python sample computes it', () => {
    // python3: base64.b64encode(hmac.new(secret, f"{ts}\n{secret}", sha256).digest())
    expect(dingtalkSign(SECRET, AT)).toBe('GAWWcCzoFc6cbTPAQJjVxjADBBepQIv2pjGzYQ9m19M=')
  })

  test('a signed robot’s address carries the timestamp and the URL-encoded signature', () => {
    const { url, payload } = robotRequest({
      provider: 'dingtalk',
      webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
      secret: SECRET,
      subject: '标题',
      body: '标题\n\n[打开](http://x/y)',
      signedAt: AT,
    })
    expect(url).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=${AT}&sign=${encodeURIComponent('GAWWcCzoFc6cbTPAQJjVxjADBBepQIv2pjGzYQ9m19M=')}`,
    )
    expect(payload).toEqual({ msgtype: 'markdown', markdown: { title: '标题', text: '标题\n\n[打开](http://x/y)' } })
  })

  test('an unsigned DingTalk robot and a WeCom robot get their address unchanged', () => {
    const base = { subject: 's', body: 's\n\nlink', signedAt: AT }
    expect(
      robotRequest({ ...base, provider: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=a', secret: null }).url,
    ).toBe('https://oapi.dingtalk.com/robot/send?access_token=a')
    const wecom = robotRequest({
      ...base,
      provider: 'wecom',
      webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      secret: SECRET,
    })
    expect(wecom).toEqual({
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      payload: { msgtype: 'markdown', markdown: { content: 's\n\nlink' } },
    })
  })
})

describe('message size', () => {
  const link = '\n2026-12-05 09:30 · [打开 Labcycle](http://localhost:3000/labs/1/incidents/2)'
  test.each([
    ['wecom', ROBOT_MAX_BYTES.wecom],
    ['dingtalk', ROBOT_MAX_BYTES.dingtalk],
  ] as const)('a %s message over its limit is cut to %i bytes with an ellipsis, keeping the link line whole', (provider, max) => {
    const title = '重大数据安全事件'.repeat(2000)
    const { payload } = robotRequest({
      provider,
      webhookUrl: 'https://h/x',
      secret: null,
      subject: title,
      body: `${title}${link}`,
      signedAt: AT,
    })
    const md = (payload as { markdown: { content?: string; text?: string } }).markdown
    const text = md.content ?? md.text ?? ''
    expect(bytes(text)).toBeLessThanOrEqual(max)
    expect(bytes(text)).toBeGreaterThan(max - 10)
    expect(text.endsWith(`…${link}`)).toBe(true)
    expect(text).not.toContain('\uFFFD')
  })

  test('a message within the limit is left as it is; exactly at the limit too', () => {
    expect(truncateMarkdown('短消息\nlink', 4096)).toBe('短消息\nlink')
    const exact = 'a'.repeat(4090) + '\nlink'
    expect(bytes(exact)).toBe(4095)
    expect(truncateMarkdown(exact, 4095)).toBe(exact)
    expect(truncateMarkdown(exact, 4094)).toMatch(/a…\nlink$/)
  })

  test('never cuts a Chinese character in two', () => {
    for (let max = 10; max < 30; max++) {
      const cut = truncateMarkdown('数据安全事件报告'.repeat(5) + '\nL', max)
      expect(bytes(cut)).toBeLessThanOrEqual(max)
      expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut)
      expect(cut.endsWith('…\nL')).toBe(true)
    }
  })
})

describe('the webhook allow-list (SSRF)', () => {
  const hosts = robotHosts(' oapi.dingtalk.com, QYAPI.weixin.qq.com ,')
  test.each([
    ['https://oapi.dingtalk.com/robot/send?access_token=x', true, null],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', true, null],
    ['http://oapi.dingtalk.com/robot/send', true, null],
    ['https://OAPI.DINGTALK.COM/robot/send', true, null],
    ['https://evil.example/robot/send', false, 'host'],
    ['https://oapi.dingtalk.com.evil.example/robot/send', false, 'host'],
    ['http://169.254.169.254/latest/meta-data', false, 'host'],
    ['http://127.0.0.1:6379/', false, 'host'],
    ['https://user:pw@oapi.dingtalk.com/robot/send', false, 'url'],
    ['ftp://oapi.dingtalk.com/x', false, 'scheme'],
    ['file:///etc/passwd', false, 'scheme'],
    ['javascript:alert(1)', false, 'scheme'],
    ['oapi.dingtalk.com/robot/send', false, 'url'],
    ['', false, 'url'],
  ])('%s → allowed %s', (raw, allowed, reason) => {
    const checked = checkWebhookUrl(raw, hosts)
    expect(checked.ok).toBe(allowed)
    if (!checked.ok) expect(checked.reason).toBe(reason)
  })
})

describe('the robot’s answer', () => {
  test.each([
    [200, '{"errcode":0,"errmsg":"ok"}', null],
    [200, '{"errcode":310000,"errmsg":"sign not match"}', 'errcode 310000: sign not match'],
    [200, '{"errcode":93000,"errmsg":"invalid webhook url"}', 'errcode 93000: invalid webhook url'],
    [200, 'not json', 'not json'],
    [200, '{}', '{}'],
    [500, '{"errcode":0}', 'HTTP 500 errcode 0: '],
    [302, '', 'HTTP 302'],
    [502, '<html>bad gateway</html>', 'HTTP 502 <html>bad gateway</html>'],
  ])('HTTP %i %s → %s', (status, text, error) => {
    expect(robotAnswerError(status, text)).toBe(error)
  })
})

test('a secret or an address is shown by its last four characters only', () => {
  expect(maskSecret('https://oapi.dingtalk.com/robot/send?access_token=abcdef123456')).toBe('••••3456')
  expect(maskSecret(SECRET)).toBe('••••cdef')
  expect(maskSecret(null)).toBeNull()
})
