// Sign-in throttling: after MAX_FAILURES failed attempts within WINDOW_MINUTES for one key
// (a username, or a client address), the key is locked for LOCK_MINUTES. Pure: the caller
// stores the state and passes `now`.
export const MAX_FAILURES = 5
export const WINDOW_MINUTES = 15
export const LOCK_MINUTES = 15

export type ThrottleState = { failures: number; firstFailureAt: string; lockedUntil: string | null }

const MINUTE = 60_000

export function lockedMinutesLeft(state: ThrottleState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0
  const left = Date.parse(state.lockedUntil) - now.getTime()
  return left > 0 ? Math.ceil(left / MINUTE) : 0
}

export function afterFailure(state: ThrottleState | undefined, now: Date): ThrottleState {
  const windowStart = now.getTime() - WINDOW_MINUTES * MINUTE
  const fresh =
    !state || Date.parse(state.firstFailureAt) < windowStart || (lockedMinutesLeft(state, now) === 0 && state.lockedUntil !== null)
  const failures = fresh ? 1 : state.failures + 1
  const firstFailureAt = fresh ? now.toISOString() : state.firstFailureAt
  const lockedUntil = failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * MINUTE).toISOString() : null
  return { failures, firstFailureAt, lockedUntil }
}
