// Self-registration (/register, issue 21) is public: without a limit anyone could fill the offices'
// confirmation queues. Each address may register a few organisations per window (an IT office
// registering its colleges one after the other stays under it); then it waits until the window's
// first registration is a window old. Pure: the caller keeps the state (login_throttle, key
// 'register:<address>') and passes `now`.
import type { ThrottleState } from './throttle'

export const REGISTRATION_LIMIT = { registrations: 5, windowMinutes: 60 } as const

const MINUTE = 60_000

const windowOpen = (state: ThrottleState | undefined, now: Date) =>
  !!state && Date.parse(state.firstFailureAt) > now.getTime() - REGISTRATION_LIMIT.windowMinutes * MINUTE

/** Minutes to wait before this address may register again, or 0. */
export function registrationWait(state: ThrottleState | undefined, now: Date): number {
  if (!windowOpen(state, now) || state!.failures < REGISTRATION_LIMIT.registrations) return 0
  const until = Date.parse(state!.firstFailureAt) + REGISTRATION_LIMIT.windowMinutes * MINUTE
  return Math.max(1, Math.ceil((until - now.getTime()) / MINUTE))
}

/** The state after one more registration from the address (a new window once the old one is over). */
export function afterRegistration(state: ThrottleState | undefined, now: Date): ThrottleState {
  const at = now.toISOString()
  if (!windowOpen(state, now)) return { failures: 1, firstFailureAt: at, lastFailureAt: at, lockedUntil: null }
  return { ...state!, failures: state!.failures + 1, lastFailureAt: at }
}
