import path from 'node:path'
import { defineConfig } from 'vitest/config'

// Browser tests: one real server (production build, fresh demo database) for the whole run,
// driven by Debian's Chromium through playwright-core.
export default defineConfig({
  resolve: { alias: { '~db': path.resolve(__dirname, 'db'), '~': path.resolve(__dirname, 'app') } },
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
