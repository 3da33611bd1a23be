import fs from 'node:fs'
import type { TestProject } from 'vitest/node'
import { buildProduction, startAppServer, type AppServer } from '../app-server'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    dataDir: string
  }
}

let server: AppServer | undefined

export default async function setup(project: TestProject) {
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    throw new Error('Browser tests need Debian chromium: apt-get install -y chromium (or set CHROMIUM_PATH)')
  }
  buildProduction()
  server = await startAppServer({ port: 3900 + Math.floor(Math.random() * 500), quiet: false })
  project.provide('baseUrl', server.baseUrl)
  project.provide('dataDir', server.dataDir)

  return async () => {
    await server?.stop()
    fs.rmSync(server!.dataDir, { recursive: true, force: true })
  }
}
