import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from '../app-server'
import { deliverableFields, labIdOf } from './filings'
import { client, dbQuery, signIn } from './http'
import { storeProblems } from './store-files'

// Standing test of issue 14: `npm run backup` while the server takes uploads, then `npm run
// restore` into a new data directory, a server started on it, and the copy compared.

function run(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = Date.now()
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }))
  })
}

function pdf(size: number) {
  const head = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n')
  const tail = Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail])
}

describe('backup under writes, restored and compared', () => {
  let server: AppServer
  let restoredServer: AppServer | undefined
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-backup-'))
  beforeAll(async () => {
    server = await startAppServer()
  })
  afterAll(async () => {
    await restoredServer?.stop()
    await server.stop()
    fs.rmSync(server.dataDir, { recursive: true, force: true })
    fs.rmSync(scratch, { recursive: true, force: true })
  })

  test('npm run backup -- --help says what it copies and how to restore', async () => {
    const help = await run('scripts/backup.ts', ['--help'], {})
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('attachments')
    expect(help.stdout).toContain('npm run restore')
    expect((await run('scripts/backup.ts', [], {})).code).toBe(2)
  })

  test("a finished backup is recorded, and the bureau's first-run checklist counts it", async () => {
    const bureau = await signIn(server.baseUrl, 'bureau')
    const backupItem = async () => (await (await bureau.get('/help')).text()).match(/data-item="backup" data-done="(\w+)"/)?.[1]
    expect(await backupItem()).toBe('false')
    const backup = await run('scripts/backup.ts', [path.join(scratch, 'recorded')], { DATA_DIR: server.dataDir })
    expect(backup.code).toBe(0)
    const [recorded] = dbQuery<{ value: string }>(server.dataDir, "SELECT value FROM app_meta WHERE key = 'last_backup_at'")
    expect(Date.now() - Date.parse(recorded.value)).toBeLessThan(60_000)
    expect(await backupItem()).toBe('true')
  })

  test('a backup taken while uploads and removals go on restores to a working, consistent copy', async () => {
    const lab = await signIn(server.baseUrl, 'lab')
    const labId = labIdOf(server.dataDir, 'lab')
    let writing = true
    let posted = 0
    let removed = 0
    const writer = (async () => {
      while (writing) {
        const form = new FormData()
        for (const [k, v] of Object.entries(deliverableFields(server.dataDir, labId, `备份期间的成果 ${posted}`))) form.append(k, v)
        form.append('attachments', new File([new Uint8Array(pdf(256 * 1024 + posted))], `成果${posted}.pdf`))
        const res = await lab.post(`/labs/${labId}/deliverables/new`, form)
        expect(res.status).toBe(302)
        posted++
        // every third draft is deleted again, so files leave the store while the backup runs
        if (posted % 3 === 0) {
          const id = Number(res.headers.get('location')!.match(/deliverables\/(\d+)/)![1])
          expect((await lab.post(`/labs/${labId}/deliverables/${id}`, { intent: 'delete' })).status).toBe(302)
          removed++
        }
      }
    })()
    // three backups one after the other while the writer goes on; each is checked on its own
    const timings: number[] = []
    let target = ''
    let summary = { attachmentRows: 0, attachmentFiles: 0, ms: 0 }
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 700))
      target = path.join(scratch, `backup-${i}`)
      const backup = await run('scripts/backup.ts', [target], { DATA_DIR: server.dataDir })
      expect(backup.stderr).toBe('')
      expect(backup.code).toBe(0)
      summary = JSON.parse(backup.stdout.trim().split('\n').pop()!) as typeof summary
      expect(summary.attachmentFiles).toBeGreaterThan(0)
      expect(storeProblems(target)).toEqual({ rowsWithoutFile: [], filesWithoutRow: [], staged: [] })
      timings.push(summary.ms)
    }
    await new Promise((r) => setTimeout(r, 300))
    writing = false
    await writer

    const restoredDir = path.join(scratch, 'restored')
    const restore = await run('scripts/restore.ts', [target], { DATA_DIR: restoredDir })
    expect(restore.stderr).toBe('')
    expect(restore.code).toBe(0)
    // a second restore over it is refused without --force
    expect((await run('scripts/restore.ts', [target], { DATA_DIR: restoredDir })).code).toBe(2)

    const copy = new Database(path.join(restoredDir, 'labcycle.db'), { readonly: true })
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(copy.pragma('foreign_key_check')).toEqual([])
    copy.close()
    // every attachment row has its file with its content, and no file is without its row
    expect(storeProblems(restoredDir)).toEqual({ rowsWithoutFile: [], filesWithoutRow: [], staged: [] })
    // as of one instant: each copied deliverable of the writer has its file; what the copy holds
    // is what the live database held (nothing invented), and tables the writer leaves alone match
    const copied = dbQuery<{ id: number; title: string; files: number }>(
      restoredDir,
      `SELECT d.id, d.title, (SELECT count(*) FROM attachments a WHERE a.owner_type = 'deliverable' AND a.owner_id = d.id) AS files
       FROM deliverables d WHERE d.title LIKE '备份期间的成果 %'`,
    )
    expect(copied.length).toBeGreaterThan(0)
    for (const d of copied) expect(d.files).toBe(1)
    for (const table of ['labs', 'users', 'validity_periods', 'organisations'])
      expect(dbQuery(restoredDir, `SELECT * FROM ${table} ORDER BY id`)).toEqual(
        dbQuery(server.dataDir, `SELECT * FROM ${table} ORDER BY id`),
      )
    const liveIds = new Set(dbQuery<{ id: number }>(server.dataDir, 'SELECT id FROM audit_log').map((r) => r.id))
    const copiedAudit = dbQuery<{ id: number }>(restoredDir, 'SELECT id FROM audit_log')
    expect(copiedAudit.every((r) => liveIds.has(r.id))).toBe(true)

    // the restored installation runs: sign in, open a copied deliverable, download its file
    restoredServer = await startAppServer({ dataDir: restoredDir })
    const again = await signIn(restoredServer.baseUrl, 'lab')
    const last = copied[copied.length - 1]
    expect((await again.get(`/labs/${labId}/deliverables/${last.id}`)).status).toBe(200)
    const [file] = dbQuery<{ id: number; size: number }>(
      restoredDir,
      "SELECT id, size FROM attachments WHERE owner_type = 'deliverable' AND owner_id = ?",
      last.id,
    )
    const download = await client(restoredServer.baseUrl, again.cookie).get(`/attachments/${file.id}`)
    expect(download.status).toBe(200)
    expect((await download.arrayBuffer()).byteLength).toBe(file.size)
    console.log(
      `backup: 3 backups (${timings.join(', ')} ms) while ${posted} uploads and ${removed} deletions ran; the last copied ${copied.length} of the writer's deliverables, ${summary.attachmentRows} attachment rows, ${summary.attachmentFiles} files; restore ${restore.ms} ms`,
    )
  })
})
