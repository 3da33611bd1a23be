import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'

// The real app as a child process: a production build, its own data directory and port. The
// browser tests run one for the whole suite; the system tests start, kill and restart their own.

/** A fresh production build: a stale or development build would test other code. */
export function buildProduction() {
  const build = spawnSync(process.execPath, ['node_modules/@remix-run/dev/dist/cli.js', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (build.status !== 0) throw new Error('remix build failed')
}

export async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server did not become healthy at ${url}`)
}

export type AppServer = {
  baseUrl: string
  dataDir: string
  process: ChildProcess
  /** SIGTERM, and wait for the process to end */
  stop: () => Promise<void>
  /** SIGKILL at once, as a crash or an out-of-memory kill would */
  kill: () => Promise<void>
  /** what the server wrote to stdout and stderr so far */
  output: () => string
}

function exited(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
  })
}

/**
 * Starts server.ts on a free port. `dataDir` defaults to a new temporary directory (demo data
 * seeded); pass an existing one to restart on the same database. The scheduler is off unless
 * `env` turns it on.
 */
export async function startAppServer({
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-app-')),
  env = {},
  port = 3900 + Math.floor(Math.random() * 2000),
  quiet = true,
}: { dataDir?: string; env?: Record<string, string>; port?: number; quiet?: boolean } = {}): Promise<AppServer> {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: 'true',
      SCHEDULER: 'off',
      ...env,
    },
    stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
  })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const baseUrl = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(baseUrl, 60_000)
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${(error as Error).message}\n${output}`)
  }
  return {
    baseUrl,
    dataDir,
    process: child,
    stop: async () => {
      child.kill('SIGTERM')
      await exited(child)
    },
    kill: async () => {
      child.kill('SIGKILL')
      await exited(child)
    },
    output: () => output,
  }
}

/**
 * One server for the tests of the suite it is called in: started before them on fresh demo data,
 * stopped and its data removed after them. The object stays the same while a test swaps the
 * process behind it (`Object.assign(server, await startAppServer({ dataDir: server.dataDir }))`).
 */
export function serverForSuite(options: Parameters<typeof startAppServer>[0] = {}): AppServer {
  const server = {} as AppServer
  beforeAll(async () => {
    Object.assign(server, await startAppServer(options))
  })
  afterAll(async () => {
    if (!server.dataDir) return
    await server.stop()
    fs.rmSync(server.dataDir, { recursive: true, force: true })
  })
  return server
}
