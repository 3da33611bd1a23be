import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    dataDir: string
  }
}

let server: ChildProcess | undefined
let dataDir = ''

async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`server did not become healthy at ${url}`)
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    throw new Error('Browser tests need Debian chromium: apt-get install -y chromium (or set CHROMIUM_PATH)')
  }
  // Always a fresh production build: a stale or development build would test other code.
  const build = spawnSync(process.execPath, ['node_modules/@remix-run/dev/dist/cli.js', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (build.status !== 0) throw new Error('remix build failed')

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-e2e-'))
  const port = 3900 + Math.floor(Math.random() * 500)
  server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: 'true',
      SCHEDULER: 'off',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const baseUrl = `http://127.0.0.1:${port}`
  await waitForHealth(baseUrl, 60_000)
  project.provide('baseUrl', baseUrl)
  project.provide('dataDir', dataDir)

  return async () => {
    server?.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 300))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
