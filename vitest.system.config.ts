import path from 'node:path'
import { defineConfig } from 'vitest/config'

// System tests: the production build run as real server processes, driven over HTTP. Each file
// starts (and may kill and restart) its own servers; files run one at a time on this small machine.
export default defineConfig({
  resolve: { alias: { '~db': path.resolve(__dirname, 'db'), '~': path.resolve(__dirname, 'app') } },
  test: {
    include: ['tests/system/**/*.system.ts'],
    globalSetup: ['tests/system/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
})
