import { describe, expect, test } from 'vitest'
import { activeNavId, NAV_ENTRIES, navFor } from '~/components/layout/nav-entries'
import type { Actor } from '~/domain/permissions'
import { isMessageKey } from '~/i18n'

// The five demo accounts (db/seed.ts DEMO_USERNAMES) as actors; the lab ids are arbitrary.
const DEMO: Record<string, Actor> = {
  bureau: { id: 1, role: 'bureau', districtCode: null, labId: null },
  gusu: { id: 2, role: 'district', districtCode: '320508', labId: null },
  lab: { id: 3, role: 'lab', districtCode: null, labId: 11 },
  lab2: { id: 4, role: 'lab', districtCode: null, labId: 12 },
  expert: { id: 5, role: 'expert', districtCode: null, labId: null },
  // the certification round's accounts (issue 21, db/seed-rounds.ts)
  applicant: { id: 7, role: 'applicant', districtCode: null, labId: null, applicantId: 1 },
  edu: { id: 8, role: 'department', districtCode: null, labId: null, departmentId: 1 },
}

// What the header showed each role before the entries became a list (root.tsx, one condition per
// link), in order: path, then the message key of its label.
const OFFICES = [
  '/reviews nav.reviews',
  '/requests nav.requests',
  '/renewals nav.renewals',
  '/outcomes nav.outcomes',
  '/security nav.security',
  '/evaluations nav.evaluations',
  '/calendar nav.calendar',
]
const EXPECTED: Record<keyof typeof DEMO, string[]> = {
  bureau: [
    '/ nav.dashboard',
    '/labs nav.labs',
    '/organisations nav.organisations',
    '/users nav.users',
    '/imports nav.imports',
    '/rounds nav.rounds',
    '/applicants nav.applicants',
    ...OFFICES,
    '/settings nav.settings',
    '/jobs nav.jobs',
    '/outbox outbox.title',
    '/audit nav.audit',
  ],
  // a district office's settings are its chat robots (issue 15)
  gusu: ['/ nav.dashboard', '/labs nav.labs', '/applicants nav.applicants', ...OFFICES, '/settings/robots nav.settings'],
  lab: ['/ nav.dashboard', '/labs/11 nav.labs', '/labs/11/requests nav.requests', '/outcomes nav.outcomes', '/calendar nav.calendar'],
  lab2: ['/ nav.dashboard', '/labs/12 nav.labs', '/labs/12/requests nav.requests', '/outcomes nav.outcomes', '/calendar nav.calendar'],
  expert: ['/ nav.dashboard', '/assignments nav.assignments'],
  // no dashboard for the round's accounts: their home is their applications (issue 21); an
  // applicant sees its own registration, a city department the applicants naming it
  applicant: ['/applications nav.applications', '/registration nav.registration'],
  edu: ['/applications nav.applications', '/applicants nav.applicants'],
}

describe('the main navigation', () => {
  test.each(Object.keys(DEMO))('the %s demo account sees its entries, in order', (username) => {
    expect(navFor(DEMO[username]).map((e) => `${e.path} ${e.key}`)).toEqual(EXPECTED[username])
  })

  test('the badges sit on the expert’s assignments, the pending applicants, the reviews, the request queue and the urgent alerts only', () => {
    const badged = (a: Actor) => navFor(a).flatMap((e) => (e.badge ? [`${e.path} ${e.badge}`] : []))
    expect(badged(DEMO.bureau)).toEqual(['/applicants applicants', '/reviews reviews', '/requests requests', '/security alerts'])
    // a district's alerts count is always 0: the bureau acknowledges (countPendingAlerts)
    expect(badged(DEMO.gusu)).toEqual(['/applicants applicants', '/reviews reviews', '/requests requests', '/security alerts'])
    expect(badged(DEMO.edu)).toEqual(['/applicants applicants'])
    expect(badged(DEMO.lab)).toEqual([])
    expect(badged(DEMO.expert)).toEqual(['/assignments assignments'])
  })

  test('a lab account bound to no lab sees the registry link and no requests', () => {
    const unbound: Actor = { id: 6, role: 'lab', districtCode: null, labId: null }
    expect(navFor(unbound).map((e) => e.path)).toEqual(['/', '/labs', '/calendar'])
  })

  test('every entry has a catalogue label and a distinct id', () => {
    for (const entry of NAV_ENTRIES) expect(isMessageKey(entry.key), entry.key).toBe(true)
    expect(new Set(NAV_ENTRIES.map((e) => e.id)).size).toBe(NAV_ENTRIES.length)
  })
})

describe('the current page in the main navigation', () => {
  const current = (username: keyof typeof DEMO, pathname: string) => activeNavId(navFor(DEMO[username]), pathname)

  // issue 19: a lab's requests page lit both "实验室" (/labs/11, a prefix) and "资源申请"
  test('a lab account on its requests has only the requests entry current, not its lab too', () => {
    expect(current('lab', '/labs/11/requests')).toBe('labRequests')
    expect(current('lab', '/labs/11/requests/5')).toBe('labRequests')
    expect(current('lab', '/labs/11/reports')).toBe('labs')
    expect(current('lab', '/labs/11')).toBe('labs')
  })

  test('the dashboard is current only at /, and a path that merely starts alike is not under an entry', () => {
    expect(current('bureau', '/')).toBe('dashboard')
    expect(current('bureau', '/labs/3')).toBe('labs')
    expect(current('bureau', '/labsx')).toBeNull()
    expect(current('bureau', '/help')).toBeNull()
    expect(current('bureau', '/requests/')).toBe('requests')
  })
})
