import { can, type Actor, type Capability } from '~/domain/permissions'
import type { MessageKey } from '~/i18n'

// The header's main navigation as data: one entry per link, in the order shown. An entry shows
// when the actor holds its capability (null: every signed-in person); the root loader fills in
// the badge counts of the entries shown, and only theirs, since each count is a query.
export type NavBadge = 'assignments' | 'reviews' | 'requests' | 'alerts' | 'applicants'

export type NavEntry = {
  id: string
  key: MessageKey
  capability: Capability | null
  path: string | ((actor: Actor) => string)
  badge?: NavBadge
  /** matched exactly, not as a prefix (the dashboard at "/") */
  end?: boolean
  /** a further condition on the actor, beyond the capability */
  when?: (actor: Actor) => boolean
}

// The certification round's accounts (issue 21) have no dashboard: "/" sends them to /applications,
// which their header names as what it is.
const roundOnly = (a: Actor) => a.role === 'applicant' || a.role === 'department'

export const NAV_ENTRIES: readonly NavEntry[] = [
  { id: 'dashboard', key: 'nav.dashboard', capability: null, path: '/', end: true, when: (a) => !roundOnly(a) },
  { id: 'applications', key: 'nav.applications', capability: 'application:view', path: '/applications', when: roundOnly },
  // a lab account's "labs" is its own lab; the offices get the registry
  { id: 'labs', key: 'nav.labs', capability: 'lab:view', path: (a) => (a.role === 'lab' && a.labId ? `/labs/${a.labId}` : '/labs') },
  { id: 'assignments', key: 'nav.assignments', capability: 'assignment:review', path: '/assignments', badge: 'assignments' },
  { id: 'organisations', key: 'nav.organisations', capability: 'organisation:manage', path: '/organisations' },
  { id: 'users', key: 'nav.users', capability: 'user:manage', path: '/users' },
  // the bureau moves its spreadsheets in here; district and lab reach their roster import from the lab
  { id: 'imports', key: 'nav.imports', capability: 'import:manage', path: '/imports' },
  // the certification rounds (issue 21): the bureau opens them and keeps their settings
  { id: 'rounds', key: 'nav.rounds', capability: 'round:manage', path: '/rounds' },
  // 申报单位 (issue 21): the registrations each office confirms, with its pending count
  { id: 'applicants', key: 'nav.applicants', capability: 'applicant:manage', path: '/applicants', badge: 'applicants' },
  // an applicant account's own registration and who must confirm it
  { id: 'registration', key: 'nav.registration', capability: 'registration:view', path: '/registration' },
  { id: 'reviews', key: 'nav.reviews', capability: 'review:view', path: '/reviews', badge: 'reviews' },
  // the offices' request queue, or a lab's own requests: never both for one actor
  { id: 'requests', key: 'nav.requests', capability: 'request:queue', path: '/requests', badge: 'requests' },
  { id: 'labRequests', key: 'nav.requests', capability: 'request:file', path: (a) => `/labs/${a.labId}/requests` },
  { id: 'renewals', key: 'nav.renewals', capability: 'renewal:pipeline', path: '/renewals' },
  // the city outcomes dashboard (issue 16): a lab's figures are its own
  { id: 'outcomes', key: 'nav.outcomes', capability: 'outcome:dashboard', path: '/outcomes' },
  // the bureau's count of urgent incident alerts it has not acknowledged (issue 15)
  { id: 'security', key: 'nav.security', capability: 'incident:view_all', path: '/security', badge: 'alerts' },
  // the annual evaluation (issue 16): the bureau's rounds, a district's published results
  { id: 'evaluations', key: 'nav.evaluations', capability: 'evaluation:view', path: '/evaluations' },
  { id: 'calendar', key: 'nav.calendar', capability: 'calendar:view', path: '/calendar' },
  // the bureau's settings (which link to its robots); a district office's settings are its robots
  {
    id: 'settings',
    key: 'nav.settings',
    capability: 'robot:manage',
    path: (a) => (a.role === 'bureau' ? '/settings' : '/settings/robots'),
  },
  { id: 'jobs', key: 'nav.jobs', capability: 'jobs:manage', path: '/jobs' },
  { id: 'outbox', key: 'outbox.title', capability: 'mail:manage', path: '/outbox' },
  { id: 'audit', key: 'nav.audit', capability: 'audit:view', path: '/audit' },
]

export type NavItem = { id: string; key: MessageKey; path: string; end: boolean; badge: NavBadge | null }

/** The entries this actor sees, in order, with their paths resolved. */
export function navFor(actor: Actor): NavItem[] {
  return NAV_ENTRIES.filter((e) => (e.capability === null || can(actor, e.capability)) && (e.when?.(actor) ?? true)).map((e) => ({
    id: e.id,
    key: e.key,
    path: typeof e.path === 'function' ? e.path(actor) : e.path,
    end: e.end ?? false,
    badge: e.badge ?? null,
  }))
}

/**
 * The one entry to mark as the current page: the entry whose path is the longest that the
 * location is at or under (an `end` entry only at its exact path). A lab account's /labs/11/requests
 * is under both its lab (/labs/11) and its requests: only the requests are current.
 */
export function activeNavId(items: readonly Pick<NavItem, 'id' | 'path' | 'end'>[], pathname: string): string | null {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  const matches = items.filter(
    (item) => trimmed === item.path || (!item.end && trimmed.startsWith(`${item.path === '/' ? '' : item.path}/`)),
  )
  const longest = matches.sort((a, b) => b.path.length - a.path.length)[0]
  return longest?.id ?? null
}
