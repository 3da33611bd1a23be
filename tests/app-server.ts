import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { MALLOC_ENV } from '../app/utils/memory.server'

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

/**
 * Polls /healthz until it answers 200. Each try gives up after 2 s, so one hung connection cannot
 * spend the whole wait; a server that exits stops the wait at once. The error says what the last
 * try met (refused, timed out, a status, the exit), for the rare start that never answers.
 */
export async function waitForHealth(url: string, timeoutMs: number, child?: ChildProcess) {
  const deadline = Date.now() + timeoutMs
  let last = 'no try finished'
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`server at ${url} exited (${child.exitCode ?? child.signalCode}) before it was healthy`)
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })
      if (res.ok) return
      last = `HTTP ${res.status}`
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } }
      last = e.cause?.code ?? e.name
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server did not become healthy at ${url} (last try: ${last})`)
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
 * `env` turns it on. A start that is not healthy in 45 s is reported and tried once more on
 * another port (twice in this session's runs a server said it was listening and then answered
 * nothing for a minute on a loaded machine; the warning keeps what it printed and why it failed).
 */
export async function startAppServer(options: StartOptions = {}): Promise<AppServer> {
  try {
    return await startOnce(options)
  } catch (error) {
    console.warn(`first start failed, trying once more on another port:\n${(error as Error).message}`)
    const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-app-'))
    return startOnce({ ...options, dataDir, port: 3900 + Math.floor(Math.random() * 2000) })
  }
}

type StartOptions = { dataDir?: string; env?: Record<string, string>; port?: number; quiet?: boolean }

async function startOnce({
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'labcycle-app-')),
  env = {},
  port = 3900 + Math.floor(Math.random() * 2000),
  quiet = true,
}: StartOptions): Promise<AppServer> {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      // as package.json's start and serve scripts start it (app/utils/memory.server.ts)
      ...MALLOC_ENV,
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
    await waitForHealth(baseUrl, 45_000, child)
  } catch (error) {
    child.kill('SIGKILL')
    await exited(child)
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
