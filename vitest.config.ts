import path from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '~db': path.resolve(__dirname, 'db'), '~': path.resolve(__dirname, 'app') } },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    setupFiles: ['tests/setup/env.ts'],
    // Each file gets its own process-wide db (globalThis), so files run in separate forks.
    pool: 'forks',
    testTimeout: 20_000,
  },
})
