import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from '../app-server'
import { deliverableFields, labIdOf } from './filings'
import { client, dbQuery, signIn } from './http'
import { storeProblems } from './store-files'

// Issue 14, finding 6: a server killed (SIGKILL) while a deliverable and its attachment are being
// uploaded keeps both or neither, and after the restart no half-received upload, no file without
// its row and no row without its file is left. The upload is sent over a raw socket so the kill
// can land at a chosen point of the body: early, half-way, nearly done, the moment the last
// byte is sent, and a few milliseconds after it (while the server stores it).

const FILE_BYTES = 8 * 1024 * 1024
const CHUNK = 64 * 1024
const TITLE = '断电测试成果'

/** A PDF the type check accepts, of `size` bytes, different each time. */
function pdfOf(size: number) {
  const head = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n')
  const tail = Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail])
}

function multipartBody(fields: Record<string, string>, file: Buffer) {
  const boundary = `----labcycle${randomBytes(8).toString('hex')}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  )
  return { boundary, body: Buffer.concat(parts) }
}

// `fraction` of the body is sent; then, with `staged`, the kill waits until the server's staged
// copy of the file holds that share of it; with `answered`, until the server has answered.
type KillPoint = { name: string; fraction: number; staged?: number; answered?: boolean; delayMs?: number }

function stagedBytes(dataDir: string) {
  const tmp = path.join(dataDir, 'tmp')
  try {
    return Math.max(0, ...fs.readdirSync(tmp).map((f) => fs.statSync(path.join(tmp, f)).size))
  } catch {
    return 0 // not there yet, or moved into the store between the listing and the stat
  }
}

describe('SIGKILL during an upload', () => {
  let server: AppServer
  const results: string[] = []

  beforeAll(async () => {
    server = await startAppServer()
  })
  afterAll(async () => {
    console.log(`upload kills:\n${results.join('\n')}`)
    await server.stop()
    fs.rmSync(server.dataDir, { recursive: true, force: true })
  })

  // Sends the upload and kills the server once `fraction` of the body has been written (and
  // `delayMs` later); resolves when the server is dead.
  async function uploadAndKill(point: KillPoint, cookie: string, labId: number, title: string) {
    const { boundary, body } = multipartBody(deliverableFields(server.dataDir, labId, title), pdfOf(FILE_BYTES))
    const url = new URL(server.baseUrl)
    const socket = net.connect(Number(url.port), url.hostname)
    socket.on('error', () => {}) // the server dies under it
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    socket.write(
      [
        `POST /labs/${labId}/deliverables/new HTTP/1.1`,
        `Host: ${url.host}`,
        `Origin: ${server.baseUrl}`,
        `Cookie: ${cookie}`,
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        `Content-Length: ${body.length}`,
        'Connection: close',
        '',
        '',
      ].join('\r\n'),
    )
    const stopAt = Math.floor(body.length * point.fraction)
    let sent = 0
    while (sent < stopAt) {
      const end = Math.min(stopAt, sent + CHUNK)
      if (!socket.write(body.subarray(sent, end))) await new Promise((r) => socket.once('drain', r))
      sent = end
      await new Promise((r) => setImmediate(r))
    }
    const answer = new Promise<void>((resolve) => socket.once('data', () => resolve()))
    if (point.staged !== undefined) {
      const deadline = Date.now() + 30_000
      while (stagedBytes(server.dataDir) < FILE_BYTES * point.staged && Date.now() < deadline) await new Promise((r) => setImmediate(r))
    }
    if (point.answered) await answer
    if (point.delayMs) await new Promise((r) => setTimeout(r, point.delayMs))
    const started = Date.now()
    await server.kill()
    socket.destroy()
    return { sent, ms: Date.now() - started }
  }

  const points: KillPoint[] = [
    { name: 'headers only', fraction: 0 },
    { name: 'half the body sent', fraction: 0.5 },
    { name: 'the last byte sent', fraction: 1 },
    { name: 'half the file staged', fraction: 1, staged: 0.5 },
    { name: 'the file staged in full', fraction: 1, staged: 1 },
    { name: '2 ms after the file was staged', fraction: 1, staged: 1, delayMs: 2 },
    { name: '10 ms after the file was staged', fraction: 1, staged: 1, delayMs: 10 },
    { name: '30 ms after the file was staged', fraction: 1, staged: 1, delayMs: 30 },
    { name: 'the answer received', fraction: 1, answered: true },
  ]

  test.each(points.map((p, i) => [p.name, p, i] as const))(
    'killed at %s: the deliverable and its file both or neither',
    async (_name, point, i) => {
      const lab = await signIn(server.baseUrl, 'lab')
      const labId = labIdOf(server.dataDir, 'lab')
      const title = `${TITLE} ${i}`
      await uploadAndKill(point, lab.cookie, labId, title)
      const restarted = Date.now()
      server = await startAppServer({ dataDir: server.dataDir })
      const restartMs = Date.now() - restarted

      const rows = dbQuery<{ id: number; files: number }>(
        server.dataDir,
        `SELECT d.id, (SELECT count(*) FROM attachments a WHERE a.owner_type = 'deliverable' AND a.owner_id = d.id) AS files
       FROM deliverables d WHERE d.title = ?`,
        title,
      )
      expect(rows.length).toBeLessThanOrEqual(1)
      if (point.answered) expect(rows).toHaveLength(1)
      for (const row of rows) expect(row.files).toBe(1)
      expect(storeProblems(server.dataDir)).toEqual({ rowsWithoutFile: [], filesWithoutRow: [], staged: [] })
      results.push(`  ${point.name}: ${rows.length ? 'stored with its file' : 'nothing stored'}; restart ${restartMs} ms`)

      // and the same upload goes through after the restart
      const again = await client(server.baseUrl, lab.cookie).post(
        `/labs/${labId}/deliverables/new`,
        (() => {
          const form = new FormData()
          for (const [k, v] of Object.entries(deliverableFields(server.dataDir, labId, `${title} again`))) form.append(k, v)
          form.append('attachments', new File([new Uint8Array(pdfOf(64 * 1024))], 'again.pdf'))
          return form
        })(),
      )
      expect(again.status).toBe(302)
    },
  )
})
