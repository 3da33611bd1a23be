import { describe, expect, test } from 'vitest'
import { afterRegistration, REGISTRATION_LIMIT, registrationWait } from '~/domain/registration-throttle'
import type { ThrottleState } from '~/domain/throttle'

// /register is public: an address registers at most REGISTRATION_LIMIT.registrations
// organisations per window, then waits for the window's first registration to age out.
const T0 = new Date('2027-03-01T02:00:00.000Z')
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000)

function after(n: number, at = T0): ThrottleState | undefined {
  let state: ThrottleState | undefined
  for (let i = 0; i < n; i++) state = afterRegistration(state, at)
  return state
}

describe('registrations per address', () => {
  test('the first registrations up to the limit pass', () => {
    expect(registrationWait(undefined, T0)).toBe(0)
    expect(registrationWait(after(REGISTRATION_LIMIT.registrations - 1), T0)).toBe(0)
  })
  test('one more than the limit waits until the window of the first is over', () => {
    const full = after(REGISTRATION_LIMIT.registrations)
    expect(registrationWait(full, minutes(10))).toBe(REGISTRATION_LIMIT.windowMinutes - 10)
    expect(registrationWait(full, minutes(REGISTRATION_LIMIT.windowMinutes - 0.5))).toBe(1)
  })
  test('exactly a window after the first registration the address may register again, and counts afresh', () => {
    const full = after(REGISTRATION_LIMIT.registrations)
    const later = minutes(REGISTRATION_LIMIT.windowMinutes)
    expect(registrationWait(full, later)).toBe(0)
    expect(afterRegistration(full, later).failures).toBe(1)
  })
})
