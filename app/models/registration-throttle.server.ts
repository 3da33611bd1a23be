import { eq } from 'drizzle-orm'
import { loginThrottle } from '~db/schema'
import { afterRegistration, registrationWait } from '~/domain/registration-throttle'
import type { Db } from '~/utils/db.server'

// The per-address registration count (app/domain/registration-throttle.ts) kept beside the sign-in
// counts in login_throttle, so every server process sees it; the sign-in's housekeeping forgets
// rows no window looks at any more. Without an address (no socket) the empty one is counted: a
// request from nowhere shares one budget rather than escaping it.
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export function registrationThrottle(ip: string, now: Date) {
  const key = `register:${ip}`
  const read = (tx: Tx) => tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
  return {
    wait: (tx: Tx) => registrationWait(read(tx), now),
    count: (tx: Tx) => {
      const state = afterRegistration(read(tx), now)
      tx.insert(loginThrottle)
        .values({ key, ...state })
        .onConflictDoUpdate({ target: loginThrottle.key, set: state })
        .run()
    },
  }
}
