import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

// A real SMTP server in the test process (smtp-server), and nodemailer talking to it over TCP.
type Received = { from: string; to: string[]; raw: string }

export async function startSmtp(port = 0) {
  const received: Received[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const actualPort = (server.server.address() as AddressInfo).port
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return { received, port: actualPort, url: `smtp://127.0.0.1:${actualPort}`, stop }
}

// The Subject header as sent (folded lines joined).
export function rawSubject(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ')
  return head
    .split(/\r?\n/)
    .find((l) => /^subject:/i.test(l))!
    .slice('subject:'.length)
    .trim()
}

// RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=) decoded to bytes, joined, then read as UTF-8
// (a character may be split across two words).
export function decodeSubject(raw: string) {
  const bytes = rawSubject(raw)
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('binary')
        : text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    )
  return Buffer.from(bytes, 'binary').toString('utf8')
}
