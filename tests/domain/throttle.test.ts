import { describe, expect, test } from 'vitest'
import {
  ACCOUNT_LIMIT,
  accountDelayMinutes,
  ADDRESS_LIMIT,
  afterFailedSignIn,
  afterRightPassword,
  PAIR_LIMIT,
  signInWait,
  type SignInCounters,
  type ThrottleState,
} from '~/domain/throttle'

// A tiny store of the three counters, keyed as login() keys them, so a test can play out who
// tried what from where.
function throttleStore() {
  const rows = new Map<string, ThrottleState>()
  const counters = (user: string, ip: string): SignInCounters => ({
    pair: rows.get(`pair:${ip} ${user}`),
    account: rows.get(`user:${user}`),
    address: rows.get(`ip:${ip}`),
  })
  return {
    wait: (user: string, ip: string, now: Date) => signInWait(counters(user, ip), now),
    fail(user: string, ip: string, now: Date) {
      const next = afterFailedSignIn(counters(user, ip), now)
      rows.set(`pair:${ip} ${user}`, next.pair)
      rows.set(`user:${user}`, next.account)
      rows.set(`ip:${ip}`, next.address)
    },
    succeed: (user: string, ip: string) => rows.delete(`pair:${ip} ${user}`),
  }
}

const T0 = new Date('2026-12-04T02:00:00.000Z')
const after = (seconds: number) => new Date(T0.getTime() + seconds * 1000)

describe('the limits', () => {
  test('are 5 per username and address, 10 before the account waits, 100 per address', () => {
    expect(PAIR_LIMIT).toEqual({ failures: 5, windowMinutes: 15, lockMinutes: 15 })
    expect(ACCOUNT_LIMIT).toMatchObject({ delayFromFailure: 10, maxDelayMinutes: 15 })
    expect(ADDRESS_LIMIT).toEqual({ failures: 100, windowMinutes: 15, lockMinutes: 15 })
  })

  test.each([
    [1, 0],
    [9, 0],
    [10, 1],
    [11, 2],
    [12, 4],
    [13, 8],
    [14, 15],
    [40, 15],
    [5000, 15],
  ])('after %i failures the account waits %i minutes', (failures, minutes) => {
    expect(accountDelayMinutes(failures)).toBe(minutes)
  })
})

describe('one address guessing at one username', () => {
  test('four failures leave the pair free; the fifth locks it for 15 minutes', () => {
    const s = throttleStore()
    for (let i = 0; i < 4; i++) s.fail('chief', '203.0.113.9', after(i))
    expect(s.wait('chief', '203.0.113.9', after(5))).toBeNull()
    s.fail('chief', '203.0.113.9', after(5))
    expect(s.wait('chief', '203.0.113.9', after(6))).toEqual({ scope: 'account', minutes: 15 })
  })

  test('the lock is served at exactly 15 minutes, then the address may try again', () => {
    const s = throttleStore()
    for (let i = 0; i < 5; i++) s.fail('chief', '203.0.113.9', T0)
    expect(s.wait('chief', '203.0.113.9', after(15 * 60 - 1))).toEqual({ scope: 'account', minutes: 1 })
    expect(s.wait('chief', '203.0.113.9', after(15 * 60))).toBeNull()
  })

  test('failures spread over more than the window never lock the pair', () => {
    const s = throttleStore()
    for (let i = 0; i < 8; i++) s.fail('chief', '203.0.113.9', after(i * 4 * 60))
    expect(s.wait('chief', '203.0.113.9', after(8 * 4 * 60))).toBeNull()
  })
})

describe('an attacker hammering one account', () => {
  // Wrong guesses as fast as the throttle lets them through, for `minutes`.
  function hammer(s: ReturnType<typeof throttleStore>, user: string, ip: string, minutes: number) {
    const waits: number[] = []
    let tried = 0
    for (let t = 0; t < minutes * 60; t += 10) {
      const wait = s.wait(user, ip, after(t))
      if (wait) {
        waits.push(wait.minutes)
        continue
      }
      s.fail(user, ip, after(t))
      tried++
    }
    return { tried, waits }
  }

  test('slows only its own address: the owner with no failures signs in from another address', () => {
    const s = throttleStore()
    hammer(s, 'chief', '203.0.113.9', 120)
    expect(s.wait('chief', '203.0.113.9', after(120 * 60))).not.toBeNull()
    expect(s.wait('chief', '198.51.100.20', after(120 * 60))).toBeNull()
  })

  test('is slowed: a few guesses an hour, not hundreds', () => {
    const s = throttleStore()
    const { tried } = hammer(s, 'chief', '203.0.113.9', 120)
    // 10 free failures, then 1 + 2 + 4 + 8 minutes, then one guess per 15 minutes
    expect(tried).toBeLessThanOrEqual(20)
    expect(tried).toBeGreaterThanOrEqual(10)
  })

  test('the account wait grows: 1, 2, 4, 8 and then 15 minutes, for every address that failed', () => {
    const s = throttleStore()
    // ten addresses, one failure each: no pair lock, but the account counts them all
    for (let i = 0; i < 9; i++) s.fail('chief', `203.0.113.${i}`, after(i))
    expect(s.wait('chief', '203.0.113.0', after(10))).toBeNull()
    const waits: number[] = []
    for (let i = 9; i < 14; i++) {
      s.fail('chief', `203.0.113.${i}`, after(i))
      waits.push(s.wait('chief', `203.0.113.${i}`, after(i))!.minutes)
    }
    expect(waits).toEqual([1, 2, 4, 8, 15])
    // an address that failed earlier waits too; one that never failed does not
    expect(s.wait('chief', '203.0.113.0', after(20))).toEqual({ scope: 'account', minutes: 15 })
    expect(s.wait('chief', '198.51.100.20', after(20))).toBeNull()
  })

  test('a failed address stays under the account wait after its own pair lock ran out', () => {
    const s = throttleStore()
    for (let i = 0; i < 5; i++) s.fail('chief', '203.0.113.9', after(i))
    for (let i = 0; i < 9; i++) s.fail('chief', `192.0.2.${i}`, after(10 + i))
    // the pair lock of 203.0.113.9 is served at 15 minutes; the account's 15-minute wait set at
    // 10 + 8 seconds still holds that address
    expect(s.wait('chief', '203.0.113.9', after(15 * 60 + 5))).toEqual({ scope: 'account', minutes: 1 })
  })

  test('a day later the account count starts again', () => {
    const s = throttleStore()
    for (let i = 0; i < 14; i++) s.fail('chief', `203.0.113.${i}`, after(i))
    s.fail('chief', '203.0.113.0', after(24 * 3600 + 1))
    expect(s.wait('chief', '203.0.113.0', after(24 * 3600 + 2))).toBeNull()
  })

  test('the owner who signs in from an address that had failed clears that address only', () => {
    const s = throttleStore()
    for (let i = 0; i < 12; i++) s.fail('chief', `203.0.113.${i}`, after(i))
    s.succeed('chief', '203.0.113.0')
    expect(s.wait('chief', '203.0.113.0', after(20))).toBeNull()
    expect(s.wait('chief', '203.0.113.1', after(20))).not.toBeNull()
  })
})

describe('many people behind one address', () => {
  test('forty colleagues mistyping twice each lock nobody out, neither themselves nor others', () => {
    const s = throttleStore()
    for (let person = 0; person < 40; person++) {
      s.fail(`user${person}`, '198.51.100.1', after(person * 10))
      s.fail(`user${person}`, '198.51.100.1', after(person * 10 + 5))
    }
    for (let person = 0; person < 40; person++) expect(s.wait(`user${person}`, '198.51.100.1', after(401))).toBeNull()
    expect(s.wait('newcomer', '198.51.100.1', after(401))).toBeNull()
  })

  test('the 100th failure in 15 minutes from one address locks every username from it, and only it', () => {
    const s = throttleStore()
    for (let i = 0; i < 99; i++) s.fail(`guess${i}`, '203.0.113.9', after(i))
    expect(s.wait('chief', '203.0.113.9', after(99))).toBeNull()
    s.fail('guess99', '203.0.113.9', after(99))
    expect(s.wait('chief', '203.0.113.9', after(100))).toEqual({ scope: 'address', minutes: 15 })
    expect(s.wait('chief', '198.51.100.1', after(100))).toBeNull()
  })
})

describe('a right password takes back the failure counted before the check', () => {
  test('one failure comes off the username and the address, and a wait it started is lifted', () => {
    let counters: SignInCounters = {}
    for (let i = 0; i < 10; i++) counters = afterFailedSignIn(counters, after(i))
    expect(counters.account).toMatchObject({ failures: 10, lockedUntil: expect.any(String) })
    const back = afterRightPassword(counters)
    expect(back.account).toMatchObject({ failures: 9, lockedUntil: null })
    expect(back.address).toMatchObject({ failures: 9, lockedUntil: null })
  })

  test('a wait earned by more failures than the one taken back stays', () => {
    let counters: SignInCounters = {}
    for (let i = 0; i < 12; i++) counters = afterFailedSignIn(counters, after(i))
    expect(afterRightPassword(counters).account).toMatchObject({ failures: 11, lockedUntil: counters.account!.lockedUntil })
  })

  test('no counters, nothing to take back', () => {
    expect(afterRightPassword({})).toEqual({ account: undefined, address: undefined })
  })
})
