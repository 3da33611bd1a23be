import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { makeUscc } from '~/domain/uscc'
import { startAppServer, type AppServer } from '../app-server'
import { dbQuery, signIn } from './http'
import { storeProblems } from './store-files'

// The spreadsheet import on the real server (issue 17): upload, preview, apply over HTTP; the
// kept file survives a restart's sweep of unused stored content, and a backup restored elsewhere
// still has it and serves it to the bureau.

function run(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env } })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('exit', (code) => resolve({ code, stderr }))
  })
}

describe('an import on the running server', () => {
  let server: AppServer
  let restored: AppServer | undefined
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-import-system-'))
  beforeAll(async () => {
    server = await startAppServer()
  })
  afterAll(async () => {
    await restored?.stop()
    await server.stop()
    fs.rmSync(server.dataDir, { recursive: true, force: true })
    fs.rmSync(scratch, { recursive: true, force: true })
  })

  test('uploaded, previewed and applied; its file kept through a restart and a backup', async () => {
    const code = makeUscc({ authority: '9', kind: '1', region: '320508', serial: 'MA1XY9876' })
    const text = `统一社会信用代码,单位名称,单位类型,所在区县\n${code},系统测试导入单位,企业,姑苏区\n`
    let bureau = await signIn(server.baseUrl, 'bureau')
    const form = new FormData()
    form.append('file', new File([text], '单位.csv', { type: 'text/csv' }))
    const uploaded = await bureau.post('/imports/new?kind=organisations', form)
    expect(uploaded.status).toBe(302)
    const previewPath = new URL(uploaded.headers.get('location')!, server.baseUrl).pathname
    const preview = await bureau.get(previewPath)
    expect(preview.status).toBe(200)
    expect(await preview.text()).toContain('新增 1')
    // another user's session gets no preview
    const gusu = await signIn(server.baseUrl, 'gusu')
    expect((await gusu.get(previewPath)).status).toBe(404)
    expect(dbQuery(server.dataDir, 'SELECT id FROM organisations WHERE credit_code = ?', code)).toEqual([])
    const applied = await bureau.post(previewPath, { intent: 'apply' })
    expect(applied.status).toBe(302)
    const batchPath = new URL(applied.headers.get('location')!, server.baseUrl).pathname
    expect(dbQuery(server.dataDir, 'SELECT name FROM organisations WHERE credit_code = ?', code)).toEqual([{ name: '系统测试导入单位' }])
    expect(await (await bureau.get(`${batchPath}/file`)).text()).toBe(text)
    expect((await gusu.get(`${batchPath}/file`)).status).toBe(404)

    // a restart sweeps stored content no row uses: the kept file is used
    await server.stop()
    server = await startAppServer({ dataDir: server.dataDir })
    bureau = await signIn(server.baseUrl, 'bureau')
    expect(await (await bureau.get(`${batchPath}/file`)).text()).toBe(text)

    // a backup carries it, and the restored installation serves it
    const target = path.join(scratch, 'backup')
    expect(await run('scripts/backup.ts', [target], { DATA_DIR: server.dataDir })).toMatchObject({ code: 0, stderr: '' })
    expect(storeProblems(target)).toEqual({ rowsWithoutFile: [], filesWithoutRow: [], staged: [] })
    const restoredDir = path.join(scratch, 'restored')
    expect(await run('scripts/restore.ts', [target], { DATA_DIR: restoredDir })).toMatchObject({ code: 0, stderr: '' })
    restored = await startAppServer({ dataDir: restoredDir })
    const again = await signIn(restored.baseUrl, 'bureau')
    expect(await (await again.get(`${batchPath}/file`)).text()).toBe(text)
  })
})
