import { expect, test } from 'vitest'
import { openDb, withCacheSize } from '~db/client.server'

// The reminders run widens its connection's page cache for its one large transaction (issue 18);
// the server's connection must get its usual cache back afterwards, also when the run fails.
test('a widened page cache holds during the work and is put back after it, also when the work fails', () => {
  const db = openDb(':memory:')
  const cacheSize = () => db.$client.pragma('cache_size', { simple: true })
  const before = cacheSize()
  expect(withCacheSize(db.$client, 128 * 1024, () => cacheSize())).toBe(-128 * 1024)
  expect(cacheSize()).toBe(before)
  expect(() =>
    withCacheSize(db.$client, 64 * 1024, () => {
      throw new Error('the run failed')
    }),
  ).toThrow('the run failed')
  expect(cacheSize()).toBe(before)
  db.$client.close()
})
