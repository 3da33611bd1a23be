// Sign-in throttling (issue 14, finding 2; docs/decisions/009-sign-in-throttling.md). Three
// counters of failed sign-ins, each with its own limit, so that whoever guesses slows only
// themselves:
//
// - pair (username + address): 5 failures in 15 minutes lock that username *from that address*
//   for 15 minutes. This is what an attacker on one address runs into first.
// - account (username alone, any address): from the 10th failure in 24 hours on, every failure
//   makes the next attempt wait twice as long (1, 2, 4, 8, then at most 15 minutes). The wait
//   applies only to addresses that have themselves failed for this username in those 24 hours.
//   An address with no failure of its own (the owner at their desk) is not slowed: otherwise
//   anyone who knows a username could keep its owner out, which is what this replaces. We
//   cannot instead let a right password through the wait and refuse only wrong ones: the answer
//   would tell the attacker which guess was right, so the wait would slow nothing.
// - address (any username): 100 failures in 15 minutes lock the address for 15 minutes. High
//   enough that an office behind one NAT address, each person mistyping now and then, never
//   meets it; low enough to stop one address trying a password against many usernames.
//
// Pure: the caller stores the states (login_throttle) and passes `now`.
export const PAIR_LIMIT = { failures: 5, windowMinutes: 15, lockMinutes: 15 } as const
export const ACCOUNT_LIMIT = { delayFromFailure: 10, windowMinutes: 24 * 60, firstDelayMinutes: 1, maxDelayMinutes: 15 } as const
export const ADDRESS_LIMIT = { failures: 100, windowMinutes: 15, lockMinutes: 15 } as const

/** One counter's stored state; instants are ISO strings (UTC), so text order is time order. */
export type ThrottleState = {
  failures: number
  firstFailureAt: string
  lastFailureAt: string | null
  // pair and address: locked until; account: the next attempt from a failed address waits until
  lockedUntil: string | null
}

export type SignInCounters = { pair?: ThrottleState; account?: ThrottleState; address?: ThrottleState }

/** Whose wait it is: 'account' (this username from this address) or 'address' (every username from this address). */
export type ThrottleScope = 'account' | 'address'
export type SignInWait = { scope: ThrottleScope; minutes: number }

const MINUTE = 60_000

function minutesLeft(until: string | null | undefined, now: Date): number {
  if (!until) return 0
  const left = Date.parse(until) - now.getTime()
  return left > 0 ? Math.ceil(left / MINUTE) : 0
}

function withinMinutes(at: string | null | undefined, minutes: number, now: Date) {
  return !!at && Date.parse(at) > now.getTime() - minutes * MINUTE
}

/** Has this address failed for this username recently enough to share the account's wait? */
function addressHasFailedForAccount(pair: ThrottleState | undefined, now: Date) {
  return withinMinutes(pair?.lastFailureAt ?? pair?.firstFailureAt, ACCOUNT_LIMIT.windowMinutes, now)
}

/**
 * The wait before this attempt may be checked, or null to check the password. Decided before
 * the password is looked at, so a refused attempt reveals nothing about the password.
 */
export function signInWait(counters: SignInCounters, now: Date): SignInWait | null {
  const address = minutesLeft(counters.address?.lockedUntil, now)
  if (address > 0) return { scope: 'address', minutes: address }
  const pair = minutesLeft(counters.pair?.lockedUntil, now)
  const account = addressHasFailedForAccount(counters.pair, now) ? minutesLeft(counters.account?.lockedUntil, now) : 0
  const minutes = Math.max(pair, account)
  return minutes > 0 ? { scope: 'account', minutes } : null
}

// A count of failures within a window from the first one; a served lock starts a new count.
function counted(state: ThrottleState | undefined, windowMinutes: number, now: Date, restartAfterLock: boolean) {
  const fresh =
    !state ||
    !withinMinutes(state.firstFailureAt, windowMinutes, now) ||
    (restartAfterLock && state.lockedUntil !== null && minutesLeft(state.lockedUntil, now) === 0)
  return {
    failures: fresh ? 1 : state.failures + 1,
    firstFailureAt: fresh ? now.toISOString() : state.firstFailureAt,
    lastFailureAt: now.toISOString(),
  }
}

const later = (now: Date, minutes: number) => new Date(now.getTime() + minutes * MINUTE).toISOString()

/** The account's wait after its nth failure in the window: none before the threshold, then doubling, capped. */
export function accountDelayMinutes(failures: number): number {
  const { delayFromFailure, firstDelayMinutes, maxDelayMinutes } = ACCOUNT_LIMIT
  if (failures < delayFromFailure) return 0
  // 2 ** 30 minutes is far past the cap; a bigger exponent only risks Infinity
  return Math.min(firstDelayMinutes * 2 ** Math.min(failures - delayFromFailure, 30), maxDelayMinutes)
}

/** The three counters after one more failed sign-in at `now`. */
export function afterFailedSignIn(counters: SignInCounters, now: Date): Required<SignInCounters> {
  const pair = counted(counters.pair, PAIR_LIMIT.windowMinutes, now, true)
  // the account's count is not restarted by a served wait: that is what makes the wait grow
  const account = counted(counters.account, ACCOUNT_LIMIT.windowMinutes, now, false)
  const address = counted(counters.address, ADDRESS_LIMIT.windowMinutes, now, true)
  const delay = accountDelayMinutes(account.failures)
  return {
    pair: { ...pair, lockedUntil: pair.failures >= PAIR_LIMIT.failures ? later(now, PAIR_LIMIT.lockMinutes) : null },
    account: { ...account, lockedUntil: delay > 0 ? later(now, delay) : null },
    address: { ...address, lockedUntil: address.failures >= ADDRESS_LIMIT.failures ? later(now, ADDRESS_LIMIT.lockMinutes) : null },
  }
}

/**
 * The counters with the failure counted for an attempt taken back, once its password proved
 * right. login() counts every attempt as a failure before checking it (see there), so this
 * undoes that count for the username and the address; the caller deletes the pair's row. A wait
 * that count set is lifted when the count falls below where the wait begins.
 */
export function afterRightPassword(counters: SignInCounters): Pick<SignInCounters, 'account' | 'address'> {
  const takeBack = (state: ThrottleState | undefined, waitsFrom: number) => {
    if (!state) return undefined
    const failures = Math.max(0, state.failures - 1)
    return { ...state, failures, lockedUntil: failures < waitsFrom ? null : state.lockedUntil }
  }
  return {
    account: takeBack(counters.account, ACCOUNT_LIMIT.delayFromFailure),
    address: takeBack(counters.address, ADDRESS_LIMIT.failures),
  }
}

/** Rows whose last failure is older than this mean nothing to any counter any more (the longest window is a day). */
export function throttleForgetBefore(now: Date): string {
  return new Date(
    now.getTime() - Math.max(ACCOUNT_LIMIT.windowMinutes, PAIR_LIMIT.windowMinutes, ADDRESS_LIMIT.windowMinutes) * MINUTE,
  ).toISOString()
}
