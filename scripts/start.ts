import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

// `npm start`: build when the production build is missing or older than the sources, then
// serve in this same process (so SIGTERM reaches the server and the port is freed).
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
process.chdir(root)
const marker = path.join(root, 'build', '.production')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs)
  }
  return newest
}

function needsBuild() {
  if (!fs.existsSync(marker) || !fs.existsSync(path.join(root, 'build', 'index.js'))) return true
  const built = fs.statSync(marker).mtimeMs
  const sources = Math.max(
    newestMtime(path.join(root, 'app')),
    newestMtime(path.join(root, 'db', 'schema')),
    fs.statSync(path.join(root, 'remix.config.js')).mtimeMs,
  )
  return sources > built
}

if (needsBuild()) {
  console.log('Building Labcycle…')
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
  fs.writeFileSync(marker, new Date().toISOString())
}

process.env.NODE_ENV ??= 'production'
const { startServer } = await import('../server')
await startServer()
