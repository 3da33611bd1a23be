import http from 'node:http'
import zlib from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { makeUscc } from '~/domain/uscc'
import { serverForSuite } from '../app-server'
import { deliverableFields, labIdOf } from './filings'
import { dbQuery, signIn } from './http'

// Every text response compressed on the way out (issue 18), as a browser receives it: pages, Remix
// data, the built JavaScript and CSS, CSV; never a workbook (compressed already) nor a stored file
// (sent as the exact bytes stored, with its length). Node's fetch decodes Content-Encoding by
// itself, so these requests go through node:http and see the bytes on the wire.

type Raw = { status: number; headers: http.IncomingHttpHeaders; wire: Buffer; body: Buffer }

function rawGet(baseUrl: string, pathname: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl}${pathname}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const wire = Buffer.concat(chunks)
        const encoding = res.headers['content-encoding']
        const body =
          encoding === 'br'
            ? zlib.brotliDecompressSync(wire)
            : encoding === 'gzip'
              ? zlib.gunzipSync(wire)
              : encoding === undefined
                ? wire
                : Buffer.from(`unexpected encoding ${encoding}`)
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wire, body })
      })
    })
    req.on('error', reject)
  })
}

const BROWSER = 'gzip, deflate, br'

describe('compressed responses', () => {
  const server = serverForSuite()
  const as = async (username: string) => {
    const { cookie } = await signIn(server.baseUrl, username)
    return (pathname: string, acceptEncoding: string | null = BROWSER) =>
      rawGet(server.baseUrl, pathname, acceptEncoding === null ? { Cookie: cookie } : { Cookie: cookie, 'Accept-Encoding': acceptEncoding })
  }

  test('the dashboard comes brotli-compressed to a browser, gzip to a gzip-only client, plain to one that names none', async () => {
    const get = await as('bureau')
    const br = await get('/')
    expect(br.status).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['vary']).toMatch(/Accept-Encoding/i)
    // still a page that may not be kept, with the nonce of its CSP on its scripts
    expect(br.headers['cache-control']).toBe('no-store')
    const html = br.body.toString('utf8')
    expect(html).toMatch(/^<!DOCTYPE html>/i)
    expect(html).toContain('</html>')
    const nonce = /'nonce-([^']+)'/.exec(String(br.headers['content-security-policy']))?.[1]
    expect(nonce).toBeTruthy()
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`)

    const gzip = await get('/', 'gzip')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    const plain = await get('/', null)
    expect(plain.headers['content-encoding']).toBeUndefined()
    const identity = await get('/', 'identity')
    expect(identity.headers['content-encoding']).toBeUndefined()
    // the same page whichever way it came (the nonce and the charts' generated ids differ per response)
    const comparable = (s: string) => s.replace(/nonce(=|-)["']?[A-Za-z0-9+/=]+/g, 'nonce').replace(/recharts\d+-clip/g, 'recharts-clip')
    expect(comparable(gzip.body.toString('utf8'))).toBe(comparable(html))
    expect(comparable(plain.wire.toString('utf8'))).toBe(comparable(html))
    expect(br.wire.length).toBeLessThan(plain.wire.length / 4)
    // streamed, yet about as small as the whole page compressed at once: Remix's flush after every
    // chunk is gathered into one per turn (it made the gzip 2.3 times as large)
    expect(gzip.wire.length).toBeLessThan(zlib.gzipSync(gzip.body).length * 1.1)
    expect(br.wire.length).toBeLessThan(
      zlib.brotliCompressSync(br.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }).length * 1.1,
    )
    console.log(
      `dashboard HTML: ${plain.wire.length} bytes plain, ${gzip.wire.length} gzip, ${br.wire.length} br (${((100 * br.wire.length) / plain.wire.length).toFixed(1)}%)`,
    )
  })

  test('the built JavaScript and CSS a page loads are compressed, and still cached for a year', async () => {
    const get = await as('bureau')
    const html = (await get('/')).body.toString('utf8')
    const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]))]
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true)
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true)
    const sizes: string[] = []
    let totalPlain = 0
    let totalBr = 0
    for (const asset of assets) {
      const br = await get(asset)
      expect(br.status, asset).toBe(200)
      expect(br.headers['cache-control'], asset).toMatch(/max-age=31536000/)
      if (br.body.length < 1024) continue // under the threshold: sent as it is
      expect(br.headers['content-encoding'], asset).toBe('br')
      const plain = await get(asset, null)
      expect(plain.headers['content-encoding'], asset).toBeUndefined()
      expect(br.body.equals(plain.wire), asset).toBe(true)
      const gzip = await get(asset, 'gzip')
      expect(gzip.headers['content-encoding'], asset).toBe('gzip')
      totalPlain += plain.wire.length
      totalBr += br.wire.length
      sizes.push(`${asset}: ${plain.wire.length} plain, ${gzip.wire.length} gzip, ${br.wire.length} br`)
    }
    console.log(`dashboard assets: ${totalPlain} bytes plain, ${totalBr} br\n${sizes.join('\n')}`)
  })

  test("a page's data and CSV exports are compressed; a workbook is sent as it is", async () => {
    const get = await as('bureau')
    // a client-side navigation's data (single fetch: a turbo-stream)
    const data = await get('/_root.data')
    expect(data.status).toBe(200)
    expect(data.headers['content-type']).toMatch(/text\/x-script/)
    expect(data.headers['content-encoding']).toBe('br')
    expect(data.body.toString('utf8')).toContain('routes/_index')

    const csv = await get('/labs/export')
    expect(csv.status).toBe(200)
    expect(csv.headers['content-type']).toMatch(/text\/csv/)
    expect(csv.headers['content-disposition']).toMatch(/^attachment/)
    expect(csv.headers['content-encoding']).toBe('br')
    expect(csv.body.toString('utf8')).toContain('姑苏')
    const plainCsv = await get('/labs/export', null)
    expect(plainCsv.headers['content-encoding']).toBeUndefined()
    expect(plainCsv.wire.equals(csv.body)).toBe(true)

    const xlsx = await get('/dashboard.xlsx')
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/)
    expect(xlsx.headers['content-encoding']).toBeUndefined()
    expect(xlsx.wire.subarray(0, 2).toString('latin1')).toBe('PK')
  })

  test("an import's stored CSV goes out as the exact bytes stored, with its length, though text", async () => {
    const { post } = await signIn(server.baseUrl, 'bureau')
    const rows = Array.from({ length: 30 }, (_, i) => {
      const code = makeUscc({ authority: '9', kind: '1', region: '320508', serial: `MA1XY${String(1000 + i)}` })
      return `${code},压缩测试导入单位${i},企业,姑苏区`
    })
    const text = `统一社会信用代码,单位名称,单位类型,所在区县\n${rows.join('\n')}\n`
    expect(Buffer.byteLength(text)).toBeGreaterThan(1024)
    const form = new FormData()
    form.append('file', new File([text], '单位.csv', { type: 'text/csv' }))
    const uploaded = await post('/imports/new?kind=organisations', form)
    expect(uploaded.status).toBe(302)
    const applied = await post(new URL(uploaded.headers.get('location')!, server.baseUrl).pathname, { intent: 'apply' })
    expect(applied.status).toBe(302)
    const batchPath = new URL(applied.headers.get('location')!, server.baseUrl).pathname

    const get = await as('bureau')
    const file = await get(`${batchPath}/file`)
    expect(file.status).toBe(200)
    expect(file.headers['content-type']).toMatch(/text\/csv/)
    expect(file.headers['content-encoding']).toBeUndefined()
    expect(file.headers['content-length']).toBe(String(Buffer.byteLength(text)))
    expect(file.headers['cache-control']).toMatch(/no-store/)
    expect(file.wire.toString('utf8')).toBe(text)
  })

  test('an attachment goes out as the exact bytes stored, with its length', async () => {
    const lab = await signIn(server.baseUrl, 'lab')
    const labId = labIdOf(server.dataDir, 'lab')
    // a PDF that would shrink well, so only the rule keeps it as it is
    const pdf = Buffer.from(`%PDF-1.7\n${'1 0 obj << /Type /Catalog >> endobj\n'.repeat(2000)}trailer\n<< /Root 1 0 R >>\n%%EOF\n`)
    const form = new FormData()
    for (const [k, v] of Object.entries(deliverableFields(server.dataDir, labId, '压缩测试成果'))) form.append(k, v)
    form.append('attachments', new File([new Uint8Array(pdf)], '成果.pdf'))
    expect((await lab.post(`/labs/${labId}/deliverables/new`, form)).status).toBe(302)
    const [{ id }] = dbQuery<{ id: number }>(server.dataDir, 'SELECT max(id) AS id FROM attachments')

    const get = await as('lab')
    const file = await get(`/attachments/${id}`)
    expect(file.status).toBe(200)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(file.headers['content-encoding']).toBeUndefined()
    expect(file.headers['content-length']).toBe(String(pdf.length))
    expect(file.wire.equals(pdf)).toBe(true)
  })

  test('small responses are not compressed', async () => {
    const health = await rawGet(server.baseUrl, '/healthz', { 'Accept-Encoding': BROWSER })
    expect(health.status).toBe(200)
    expect(health.wire.length).toBeLessThan(1024)
    expect(health.headers['content-encoding']).toBeUndefined()
  })
})
