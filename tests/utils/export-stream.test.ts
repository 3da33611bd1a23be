import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { writeReadableStreamToWritable } from '@remix-run/node'
import ExcelJS from 'exceljs'
import express from 'express'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { openDb } from '~db/client.server'
import { runMigrations } from '~db/migrate'
import { setDb } from '~/utils/db.server'
import { csvResponse } from '~/utils/csv.server'
import { exportPausable, exportRows } from '~/utils/export-reader.server'
import { tableWorkbookResponse, type XlsxValue } from '~/utils/xlsx.server'
import { crc32, crc32Combine } from '~/utils/zip.server'

// The streamed exports (issue 18) past their content (tests/routes/export-equivalence.test.ts):
// their rows read on a connection of their own, and what a failure or a client leaving part-way does.

afterEach(() => setDb(undefined))

describe("an export's rows on its own connection", () => {
  function fileDb() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-export-reader-'))
    const db = openDb(path.join(dir, 'labcycle.db'))
    runMigrations(db)
    setDb(db)
    db.$client.exec(`CREATE TABLE numbers (n INTEGER PRIMARY KEY, label TEXT)`)
    const insert = db.$client.prepare('INSERT INTO numbers (n, label) VALUES (?, ?)')
    db.$client.transaction(() => {
      for (let n = 1; n <= 500; n++) insert.run(n, `第 ${n} 行`)
    })()
    return db
  }

  test('gives the rows the shared connection gives, and leaves it free between rows', () => {
    const db = fileDb()
    expect(exportPausable()).toBe(true)
    const query = sql`SELECT n, label FROM numbers WHERE n > ${100} ORDER BY n DESC`
    const seen: unknown[] = []
    for (const row of exportRows<{ n: number; label: string }>(query)) {
      seen.push(row)
      // another request's statement between two rows: on the shared connection this would throw
      // "This database connection is busy executing a query"
      if (row.n % 100 === 0) db.$client.prepare('UPDATE numbers SET label = label WHERE n = 1').run()
    }
    expect(seen).toEqual(db.all(query))
    expect(seen).toHaveLength(400)
  })

  test('its connection closes when the reader stops early, and the database is writable again', () => {
    const db = fileDb()
    const rows = exportRows<{ n: number }>(sql`SELECT n FROM numbers ORDER BY n`)
    expect(rows.next().value).toEqual({ n: 1 })
    rows.return(undefined)
    // a checkpoint that must wait for no reader: the export's read transaction is over
    const [result] = db.$client.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
    expect(result!.busy).toBe(0)
  })

  test('an in-memory database (no second connection) is read on the shared one, without pauses', () => {
    const db = openDb(':memory:')
    setDb(db)
    expect(exportPausable()).toBe(false)
    expect([...exportRows(sql`SELECT 1 AS one UNION ALL SELECT 2`)]).toEqual([{ one: 1 }, { one: 2 }])
  })
})

describe('a streamed download served the way Remix serves it', () => {
  // express as the Remix adapter drives it: the request's signal aborted when the response closes
  // early, the body written as it is read, a failure passed on
  async function serve(response: (signal: AbortSignal) => Response) {
    const app = express()
    app.get('/x', async (_req, res, next) => {
      const controller = new AbortController()
      res.on('close', () => controller.abort())
      const r = response(controller.signal)
      res.status(r.status)
      for (const [k, v] of r.headers) res.append(k, v)
      try {
        await writeReadableStreamToWritable(r.body!, res)
      } catch (error) {
        next(error)
      }
    })
    app.get('/ok', (_req, res) => res.send('ok'))
    app.use((_error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) =>
      res.headersSent ? res.destroy() : next(_error),
    )
    const server = app.listen(0)
    await new Promise((resolve) => server.once('listening', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return { base, close: () => new Promise((resolve) => server.close(resolve)) }
  }

  function* rowsThenFailure(n: number): Generator<XlsxValue[]> {
    for (let i = 0; i < n; i++) yield [`row ${i} ${'x'.repeat(200)}`, i]
    throw new Error('the database went away')
  }

  test('a failure after the headers are sent is logged and cuts the download short; the server goes on', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const server = await serve(() =>
      tableWorkbookResponse({
        sheets: [{ name: 's', columns: [{ header: 'a' }, { header: 'b', type: 'integer' }], rows: rowsThenFailure(5000), pausable: true }],
        fileName: '名',
        asciiName: 'x',
      }),
    )
    try {
      const res = await fetch(`${server.base}/x`)
      expect(res.status).toBe(200)
      // never a whole-looking file: the body ends in an error
      await expect(res.arrayBuffer()).rejects.toThrow()
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('x.xlsx'), expect.objectContaining({ message: 'the database went away' }))
      expect(await (await fetch(`${server.base}/ok`)).text()).toBe('ok')
    } finally {
      logged.mockRestore()
      await server.close()
    }
  })

  test('a client that leaves part-way stops the export: its rows are read no further', async () => {
    let read = 0
    let finished = false
    function* rows(): Generator<string[]> {
      try {
        for (let i = 0; i < 1_000_000; i++) {
          read++
          yield [`row ${i}`, 'x'.repeat(100)]
        }
      } finally {
        finished = true
      }
    }
    const controller = new AbortController()
    const server = await serve((signal) => csvResponse({ header: ['a', 'b'], rows: rows(), fileName: 'x.csv', asciiName: 'x.csv', signal }))
    try {
      const res = await fetch(`${server.base}/x`, { signal: controller.signal })
      const reader = res.body!.getReader()
      await reader.read()
      controller.abort()
      await expect(reader.read()).rejects.toThrow()
      await vi.waitFor(() => expect(finished).toBe(true), { timeout: 10_000 })
      expect(read).toBeLessThan(1_000_000)
    } finally {
      await server.close()
    }
  })
})

describe('the zip writer', () => {
  test("combines two parts' CRC-32 into the whole's", () => {
    const a = Buffer.from('<worksheet>'.repeat(1000))
    const b = Buffer.from('行'.repeat(70_001))
    expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])))
    expect(crc32Combine(crc32(a), crc32(Buffer.alloc(0)), 0)).toBe(crc32(a))
  })

  test('a sheet of many rows (several deflate pieces) reads back whole', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => [`第 ${i} 行 ${'数据'.repeat(i % 40)}`, i])
    const response = tableWorkbookResponse({
      sheets: [{ name: '大表', columns: [{ header: '文本' }, { header: '数', type: 'integer' }], rows, pausable: true }],
      fileName: 'x',
      asciiName: 'x',
    })
    // read with exceljs directly: tests/xlsx.ts's reader counts the columns once per row
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await response.arrayBuffer())
    const ws = book.worksheets[0]!
    expect(ws.rowCount).toBe(12_001)
    expect(ws.getRow(12_001).values).toEqual([undefined, rows[11_999]![0], 11_999])
    expect(ws.getRow(6_001).values).toEqual([undefined, rows[5_999]![0], 5_999])
  })
})
