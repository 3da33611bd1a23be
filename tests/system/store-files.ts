import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { dbQuery } from './http'

// The attachment store checked against the database: what a crash may not leave behind.

export type StoreProblems = {
  /** attachment rows whose file is missing or has other content */
  rowsWithoutFile: string[]
  /** files in the store no row points at */
  filesWithoutRow: string[]
  /** files left in DATA_DIR/tmp */
  staged: string[]
}

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex')

export function storeProblems(dataDir: string): StoreProblems {
  const root = path.join(dataDir, 'attachments')
  const rows = dbQuery<{ id: number; sha256: string }>(dataDir, 'SELECT id, sha256 FROM attachments')
  const rowsWithoutFile = rows
    .filter((r) => {
      const file = path.join(root, r.sha256.slice(0, 2), r.sha256)
      return !fs.existsSync(file) || sha256Of(file) !== r.sha256
    })
    .map((r) => `attachment ${r.id}`)
  // an import's kept file (issue 17) is stored content in use too
  const kept = dbQuery<{ sha256: string }>(dataDir, 'SELECT sha256 FROM import_batches')
  const used = new Set([...rows, ...kept].map((r) => r.sha256))
  const files = fs.existsSync(root)
    ? fs.readdirSync(root).flatMap((dir) => fs.readdirSync(path.join(root, dir)).map((f) => `${dir}/${f}`))
    : []
  const filesWithoutRow = files.filter((f) => !used.has(path.basename(f)))
  const tmp = path.join(dataDir, 'tmp')
  const staged = fs.existsSync(tmp) ? fs.readdirSync(tmp) : []
  return { rowsWithoutFile, filesWithoutRow, staged }
}
