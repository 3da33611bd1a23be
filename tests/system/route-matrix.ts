// Route × role matrix (issue 14): every loader and every action intent of app/routes, for every
// role, on the signed-in user's own lab, another lab of the same district and a lab of another
// district, with the answer due. tests/system/route-matrix.system.ts walks it against the running
// app with real sessions; a route file or an intent without a row here fails that test.
//
// Adding a page: add its rows (one GET row for the loader, one POST row per action intent), then
// run `npx vitest run -c vitest.system.config.ts tests/system/route-matrix.system.ts`.
//
// Answers:
//   'allow'  2xx, or a redirect elsewhere than /login; for a POST also 400/409/413/422, which is
//            the form refusing a minimal body after authorisation let it through
//   403      the user sees the lab but may not do this (a district on a lab-only form)
//   404      out of the user's scope: the page does not exist for them
//   'login'  signed out: a redirect to /login
//   401      the read API (issue 20): a session is no way in, only a bearer token
//            (tests/api/ walks the API per role with tokens)
//
// Scopes are relative to the demo accounts (db/seed.ts), resolved from the seeded database:
//   own            the 'lab' account's lab (a 姑苏区 lab); for the expert, a renewal assigned to them
//   otherLab       another 姑苏区 lab (still inside the 'gusu' district officer's scope)
//   otherDistrict  a lab in another district
// A row whose `url` is a plain string does not depend on a lab and is walked once per role.

import { messagesSrc } from '~/i18n/messages-asset.server'
export const ROLES = ['anonymous', 'bureau', 'district', 'lab', 'expert', 'applicant', 'department'] as const
export type MatrixRole = (typeof ROLES)[number]
/** The certification round's roles (issue 21): a row names them only where they differ from the default below. */
export type RoundRole = 'applicant' | 'department'
/** The demo account walking each role ('anonymous' signs in as nobody). */
export const ACCOUNTS: Record<Exclude<MatrixRole, 'anonymous'>, string> = {
  bureau: 'bureau',
  district: 'gusu',
  lab: 'lab',
  expert: 'expert',
  // a confirmed applicant of 姑苏区, and 市教育局's office (db/seed-rounds.ts)
  applicant: 'applicant',
  department: 'edu',
}

export const SCOPES = ['own', 'otherLab', 'otherDistrict'] as const
export type Scope = (typeof SCOPES)[number]

export type Answer = 'allow' | 401 | 403 | 404 | 'login'
/** One answer for every scope, or [own, otherLab, otherDistrict]. */
export type PerScope = Answer | readonly [Answer, Answer, Answer]
export type Expect = Record<Exclude<MatrixRole, RoundRole>, PerScope> & Partial<Record<RoundRole, PerScope>>

/**
 * A row's answer for a role. The round's accounts see no lab and have nothing assigned to them, so
 * where a row does not name them they get what the expert gets on a lab of another district (its
 * answer where it has no assignment): the signed-in pages, and 404 or the refusal everywhere else.
 */
export function expectOf(expect: Expect, role: MatrixRole): PerScope {
  if (role !== 'applicant' && role !== 'department') return expect[role]
  const own = expect[role]
  if (own !== undefined) return own
  return Array.isArray(expect.expert) ? (expect.expert as readonly Answer[])[2] : (expect.expert as Answer)
}

/** The ids a row's URL is built from, per scope (found in the seeded database, plus fixtures). */
export type Target = {
  labId: number
  orgId: number
  userId: number
  deliverableId: number
  incidentId: number
  reportId: number
  requestId: number
  /** a renewal and its lab (for the expert's own scope: one assigned to them) */
  renewalLabId: number
  renewalId: number
  /** a file on the deliverable (for the expert: on the assigned renewal) */
  attachmentId: number
  /** a draft deliverable and request, and a file on the draft: the lab's own until submitted */
  draftDeliverableId: number
  draftRequestId: number
  draftAttachmentId: number
  planId: number
  /** a file of the security plan */
  planAttachmentId: number
  drillId: number
  violationId: number
  /** a verified outcome (issue 16): its evidence is locked, every step refused by state after authorisation */
  outcomeId: number
  /** not tied to a lab: the same in every scope */
  gradeCode: string
  criterionId: number
  /** the demo's annual evaluation rounds (issue 16): last year's published, this year's open */
  evaluationRoundId: number
  openEvaluationRoundId: number
  /** the demo's certification round (issue 21) and one of its city departments */
  certificationRoundId: number
  departmentId: number
  /** the demo's renewal under public notice (issue 21 item 6) and its pending objection */
  publicNoticeId: number
  objectionId: number
  /** the demo applicant account's organisation (issue 21): confirmed, applying through 姑苏区 */
  applicantId: number
  /** a 姑苏区 applicant's submitted application in that round (db/seed-applications.ts): not the demo applicant's own */
  applicationId: number
}

export type Row = {
  /** the file in app/routes */
  route: string
  method: 'GET' | 'POST'
  /** the action's `intent` value; none for a single-purpose action */
  intent?: string
  url: string | ((t: Target) => string)
  /** extra form fields besides the intent (the point is authorisation, not success) */
  body?: Record<string, string> | ((t: Target) => Record<string, string>)
  /** success is a redirect to /login (signing out): counted as 'allow' when the session ends */
  signsOut?: boolean
  /** a page that publishes labs to everyone (公示): names out of the role's scope are its purpose, not a leak */
  publishes?: boolean
  expect: Expect
}

const A = 'allow' as const

// The usual shapes, named after who gets through.
const SIGNED_IN: Expect = { anonymous: 'login', bureau: A, district: A, lab: A, expert: A }
const PUBLIC: Expect = { anonymous: A, bureau: A, district: A, lab: A, expert: A }
const BUREAU_ONLY: Expect = { anonymous: 'login', bureau: A, district: 404, lab: 404, expert: 404 }
const OFFICES: Expect = { anonymous: 'login', bureau: A, district: A, lab: 404, expert: 404 }
const DEADLINE_ROLES: Expect = { anonymous: 'login', bureau: A, district: A, lab: A, expert: 404 }
/** a record no one holds (the expert's application review by an unknown id): 404 to every role */
const NOBODY: Expect = { anonymous: 'login', bureau: 404, district: 404, lab: 404, expert: 404 }
const EXPERT_ONLY: Expect = { anonymous: 'login', bureau: 404, district: 404, lab: 404, expert: A, applicant: 404, department: 404 }
/** the city outcomes dashboard (issue 16): each office and lab its own scope, experts nothing */
const OUTCOME_VIEWERS: Expect = { anonymous: 'login', bureau: A, district: A, lab: A, expert: 404 }
/** reading a lab's pages: the bureau all, a district its own district, a lab itself */
const LAB_VIEW: Expect = { anonymous: 'login', bureau: A, district: [A, A, 404], lab: [A, 404, 404], expert: 404 }
/** a lab's own filing: the lab itself; the offices see the lab but may not file for it */
const LAB_FILES: Expect = { anonymous: 'login', bureau: 403, district: [403, 403, 404], lab: [A, 404, 404], expert: 404 }
/** a bureau decision on a lab it sees: a district and the lab see the lab but may not */
const BUREAU_DECIDES: Expect = { anonymous: 'login', bureau: A, district: [403, 403, 404], lab: [403, 404, 404], expert: 404 }
/** a bureau-only page about a lab: the rest get no page at all */
const BUREAU_LAB_PAGE: Expect = { anonymous: 'login', bureau: A, district: 404, lab: 404, expert: 404 }
/** a remark anyone reading the file may add */
const ANY_PARTY: Expect = LAB_VIEW
/** the district's opinion on a filing of one of its labs */
const DISTRICT_OPINION: Expect = { anonymous: 'login', bureau: 403, district: [A, A, 404], lab: [403, 404, 404], expert: 404 }
/** the lab's own step or the bureau's (closing a request) */
const LAB_OR_BUREAU: Expect = { anonymous: 'login', bureau: A, district: [403, 403, 404], lab: [A, 404, 404], expert: 404 }
/** a change to a filing that is locked (accepted, approved, decided): refused even to its lab */
// the bureau's bulk accept on its review queue (issue 19 item 9): every other role is refused outright
const BUREAU_BULK: Expect = { anonymous: 'login', bureau: A, district: 403, lab: 403, expert: 403 }
const LOCKED: Expect = { anonymous: 'login', bureau: 403, district: [403, 403, 404], lab: [403, 404, 404], expert: 404 }
/** a draft is its lab's alone: nobody else sees it until it is submitted */
const LABS_OWN_DRAFT: Expect = { anonymous: 'login', bureau: 404, district: 404, lab: [A, 404, 404], expert: 404 }
/** the renewal assigned to the expert: they read it (403 on writing), nothing else */
const withExpertReading = (e: Expect): Expect => ({ ...e, expert: [403, 404, 404] })
/** the read API (issue 20): a bearer token or nothing, whoever's session the request carries */
const TOKEN_ONLY: Expect = { anonymous: 401, bureau: 401, district: 401, lab: 401, expert: 401 }
const NOWHERE: Expect = { anonymous: 404, bureau: 404, district: 404, lab: 404, expert: 404 }
/** a page of one role's (named per row), nobody else's */
const NOWHERE_SIGNED_IN: Expect = { anonymous: 'login', bureau: 404, district: 404, lab: 404, expert: 404, applicant: 404, department: 404 }
/** 申报单位 (issue 21): the bureau, the district offices and the city departments, each its own */
const APPLICANT_OFFICES: Expect = { ...OFFICES, applicant: 404, department: A }
/** the demo applicant of 姑苏区: the bureau and 姑苏区's office; 市教育局's is another office */
const GUSU_APPLICANT: Expect = { ...OFFICES, applicant: 404, department: 404 }

/** /applications (issue 21): the offices and the bureau their lists, an applicant its home */
const APPLICATION_LIST: Expect = { anonymous: 'login', bureau: A, district: A, lab: 404, expert: 404, applicant: A, department: A }
/** an application submitted to 姑苏区: read by the bureau and gusu, no one else finds it */
const APPLICATION_OFFICE: Expect = { anonymous: 'login', bureau: A, district: A, lab: 404, expert: 404, applicant: 404, department: 404 }
/** the applicant's own sections and steps: refused to the offices that read it, 404 to the rest */
const APPLICANT_WRITES: Expect = { ...APPLICATION_OFFICE, bureau: 403, district: 403 }
/** the office's check and steps: gusu's, refused to the bureau */
const OFFICE_WRITES: Expect = { ...APPLICATION_OFFICE, bureau: 403 }
const application = (t: Target) => `/applications/${t.applicationId}`
const lab = (t: Target) => `/labs/${t.labId}`
const deliverable = (t: Target) => `/labs/${t.labId}/deliverables/${t.deliverableId}`
const incident = (t: Target) => `/labs/${t.labId}/incidents/${t.incidentId}`
const report = (t: Target) => `/labs/${t.labId}/reports/${t.reportId}`
const request = (t: Target) => `/labs/${t.labId}/requests/${t.requestId}`
const outcome = (t: Target) => `/labs/${t.labId}/outcomes/${t.outcomeId}`
const renewal = (t: Target) => `/labs/${t.renewalLabId}/renewals/${t.renewalId}`

const posts = (route: string, url: Row['url'], intents: Record<string, Expect>, body?: Row['body']): Row[] =>
  Object.entries(intents).map(([intent, expect]) => ({ route, method: 'POST', intent, url, body, expect }))

export const MATRIX: Row[] = [
  // --- signed-in basics -----------------------------------------------------------------------
  { route: '_index.tsx', method: 'GET', url: '/', expect: SIGNED_IN },
  // the dashboard's workbook (issue 17): the offices' dashboards only; a lab's home and an expert's tasks are none
  { route: 'dashboard[.xlsx].tsx', method: 'GET', url: '/dashboard.xlsx', expect: OFFICES },
  { route: 'login.tsx', method: 'GET', url: '/login', expect: PUBLIC },
  { route: 'login.tsx', method: 'POST', url: '/login', expect: PUBLIC },
  { route: 'logout.tsx', method: 'GET', url: '/logout', expect: PUBLIC },
  // signing out lands on /login; signed out there is no session to end: /login again
  { route: 'logout.tsx', method: 'POST', url: '/logout', signsOut: true, expect: { ...PUBLIC, anonymous: 'login' } },
  { route: 'language.tsx', method: 'GET', url: '/language', expect: PUBLIC },
  // the browser's messages (app/i18n/messages-asset.server.ts): the sign-in page needs them too
  { route: 'messages.$file.tsx', method: 'GET', url: messagesSrc('zh'), expect: PUBLIC },
  { route: 'language.tsx', method: 'POST', url: '/language', body: { locale: 'zh', redirectTo: '/' }, expect: PUBLIC },
  { route: 'account.tsx', method: 'GET', url: '/account', expect: SIGNED_IN },
  { route: 'account.tsx', method: 'POST', intent: 'mailPrefs', url: '/account', expect: SIGNED_IN },
  // personal API tokens (issue 20): everyone their own; another user's token id is a 404
  { route: 'account.tsx', method: 'POST', intent: 'createToken', url: '/account', expect: SIGNED_IN },
  { route: 'account.tsx', method: 'POST', intent: 'revokeToken', url: '/account', expect: SIGNED_IN },
  // the personal calendar feed address (issue 20 item 4): everyone their own, one at a time
  { route: 'account.tsx', method: 'POST', intent: 'createFeed', url: '/account', expect: SIGNED_IN },
  { route: 'account.tsx', method: 'POST', intent: 'replaceFeed', url: '/account', expect: SIGNED_IN },
  { route: 'account.tsx', method: 'POST', intent: 'revokeFeed', url: '/account', expect: SIGNED_IN },
  // the feed itself: the address is the credential, a session is no way in; an unknown one is a 404
  { route: 'feeds.$token.tsx', method: 'GET', url: '/feeds/cal_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics', expect: NOWHERE },
  { route: 'inbox.tsx', method: 'GET', url: '/inbox', expect: SIGNED_IN },
  // the read API (issue 20): its contract and docs are public, its data needs a token
  { route: 'api.v1.openapi[.json].tsx', method: 'GET', url: '/api/v1/openapi.json', expect: PUBLIC },
  { route: 'api.v1.docs.tsx', method: 'GET', url: '/api/v1/docs', expect: PUBLIC },
  { route: 'api.v1.$.tsx', method: 'GET', url: '/api/v1/nothing', expect: NOWHERE },
  { route: 'api.v1.labs._index.tsx', method: 'GET', url: '/api/v1/labs', expect: TOKEN_ONLY },
  { route: 'api.v1.dashboard.tsx', method: 'GET', url: '/api/v1/dashboard', expect: TOKEN_ONLY },
  { route: 'api.v1.requests.tsx', method: 'GET', url: '/api/v1/requests', expect: TOKEN_ONLY },
  { route: 'api.v1.renewals.tsx', method: 'GET', url: '/api/v1/renewals', expect: TOKEN_ONLY },
  { route: 'api.v1.labs.$labId._index.tsx', method: 'GET', url: (t) => `/api/v1/labs/${t.labId}`, expect: TOKEN_ONLY },
  { route: 'api.v1.labs.$labId.periods.tsx', method: 'GET', url: (t) => `/api/v1/labs/${t.labId}/periods`, expect: TOKEN_ONLY },
  { route: 'api.v1.labs.$labId.checks.tsx', method: 'GET', url: (t) => `/api/v1/labs/${t.labId}/checks`, expect: TOKEN_ONLY },
  {
    route: 'api.v1.labs.$labId.compliance-history.tsx',
    method: 'GET',
    url: (t) => `/api/v1/labs/${t.labId}/compliance-history`,
    expect: TOKEN_ONLY,
  },
  { route: 'api.v1.labs.$labId.obligations.tsx', method: 'GET', url: (t) => `/api/v1/labs/${t.labId}/obligations`, expect: TOKEN_ONLY },
  { route: 'api.v1.labs.$labId.filings.tsx', method: 'GET', url: (t) => `/api/v1/labs/${t.labId}/filings`, expect: TOKEN_ONLY },
  { route: 'api.v1.labs.$labId.incidents.tsx', method: 'GET', url: (t) => `/api/v1/labs/${t.labId}/incidents`, expect: TOKEN_ONLY },
  { route: 'api.v1.labs.$labId.outcomes.tsx', method: 'GET', url: (t) => `/api/v1/labs/${t.labId}/outcomes`, expect: TOKEN_ONLY },
  // 使用说明 (issue 19): each role its own guide; only the bureau reads another role's
  { route: 'help.tsx', method: 'GET', url: '/help', expect: SIGNED_IN },
  { route: 'help.tsx', method: 'GET', url: '/help?role=lab', expect: { ...BUREAU_ONLY, lab: A } },
  { route: 'help.tsx', method: 'GET', url: '/help?role=bureau', expect: BUREAU_ONLY },
  ...posts('inbox.tsx', '/inbox', { open: SIGNED_IN, read: SIGNED_IN, readAll: SIGNED_IN, readSelected: SIGNED_IN }),
  { route: 'calendar.tsx', method: 'GET', url: '/calendar', expect: DEADLINE_ROLES },
  ...posts('calendar.tsx', '/calendar', {
    setDay: { ...DEADLINE_ROLES, district: 403, lab: 403 },
    removeDay: { ...DEADLINE_ROLES, district: 403, lab: 403 },
    confirmYear: { ...DEADLINE_ROLES, district: 403, lab: 403 },
    unconfirmYear: { ...DEADLINE_ROLES, district: 403, lab: 403 },
  }),

  // --- bureau administration ------------------------------------------------------------------
  { route: 'audit.tsx', method: 'GET', url: '/audit', expect: BUREAU_ONLY },
  { route: 'audit[.xlsx].tsx', method: 'GET', url: '/audit.xlsx', expect: BUREAU_ONLY },
  { route: 'jobs.tsx', method: 'GET', url: '/jobs', expect: BUREAU_ONLY },
  { route: 'jobs.tsx', method: 'POST', intent: 'run', url: '/jobs', expect: BUREAU_ONLY },
  { route: 'outbox.tsx', method: 'GET', url: '/outbox', expect: BUREAU_ONLY },
  { route: 'outbox.tsx', method: 'POST', intent: 'retry', url: '/outbox', expect: BUREAU_ONLY },
  { route: 'settings.tsx', method: 'GET', url: '/settings', expect: BUREAU_ONLY },
  ...posts(
    'settings.tsx',
    '/settings',
    Object.fromEntries(
      ['settings', 'addGrade', 'renameGrade', 'moveGradeUp', 'moveGradeDown', 'deactivateGrade', 'reactivateGrade'].map((i) => [
        i,
        BUREAU_ONLY,
      ]),
    ),
    (t) => ({ code: t.gradeCode }),
  ),
  { route: 'settings_.indicators.tsx', method: 'GET', url: '/settings/indicators', expect: BUREAU_ONLY },
  ...posts(
    'settings_.indicators.tsx',
    '/settings/indicators',
    Object.fromEntries(['addIndicator', 'renameIndicator', 'deactivateIndicator', 'reactivateIndicator'].map((i) => [i, BUREAU_ONLY])),
    { id: '1' },
  ),
  { route: 'settings_.criteria.tsx', method: 'GET', url: '/settings/criteria', expect: BUREAU_ONLY },
  ...posts(
    'settings_.criteria.tsx',
    '/settings/criteria',
    Object.fromEntries(
      [
        'addCriterion',
        'renameCriterion',
        'setWeights',
        'moveCriterionUp',
        'moveCriterionDown',
        'deactivateCriterion',
        'reactivateCriterion',
      ].map((i) => [i, BUREAU_ONLY]),
    ),
    (t) => ({ id: String(t.criterionId) }),
  ),
  { route: 'settings_.reminders.tsx', method: 'GET', url: '/settings/reminders', expect: BUREAU_ONLY },
  { route: 'settings_.reminders.tsx', method: 'POST', url: '/settings/reminders', expect: BUREAU_ONLY },
  // each office its own chat robots (a robot of another office is 404: tests/routes/robots.test.ts)
  { route: 'settings_.robots.tsx', method: 'GET', url: '/settings/robots', expect: OFFICES },
  ...posts('settings_.robots.tsx', '/settings/robots', { create: OFFICES, update: OFFICES, delete: OFFICES, test: OFFICES }),
  // the default rules, one kind's own steps, a kind put back on its default (issue 15)
  ...posts('settings_.reminders.tsx', '/settings/reminders', { defaults: BUREAU_ONLY, kind: BUREAU_ONLY, resetKind: BUREAU_ONLY }),
  { route: 'settings_.requests.tsx', method: 'GET', url: '/settings/requests', expect: BUREAU_ONLY },
  { route: 'settings_.requests.tsx', method: 'POST', url: '/settings/requests', expect: BUREAU_ONLY },
  { route: 'users._index.tsx', method: 'GET', url: '/users', expect: BUREAU_ONLY },
  { route: 'users[.xlsx].tsx', method: 'GET', url: '/users.xlsx', expect: BUREAU_ONLY },
  { route: 'users.new.tsx', method: 'GET', url: '/users/new', expect: BUREAU_ONLY },
  { route: 'users.new.tsx', method: 'POST', url: '/users/new', expect: BUREAU_ONLY },
  { route: 'users.$userId.tsx', method: 'GET', url: (t) => `/users/${t.userId}`, expect: BUREAU_ONLY },
  ...posts('users.$userId.tsx', (t) => `/users/${t.userId}`, { update: BUREAU_ONLY, resetPassword: BUREAU_ONLY }),
  // --- spreadsheet import (issue 17): the bureau every kind, the offices and labs rosters in scope --
  { route: 'imports._index.tsx', method: 'GET', url: '/imports', expect: DEADLINE_ROLES },
  { route: 'imports[.xlsx].tsx', method: 'GET', url: '/imports.xlsx', expect: DEADLINE_ROLES },
  { route: 'imports.new.tsx', method: 'GET', url: '/imports/new?kind=rosters', expect: DEADLINE_ROLES },
  { route: 'imports.new.tsx', method: 'GET', url: '/imports/new?kind=labs', expect: BUREAU_ONLY },
  // a minimal post carries no file: the form refuses it (400) once the kind is allowed
  { route: 'imports.new.tsx', method: 'POST', url: '/imports/new?kind=rosters', expect: DEADLINE_ROLES },
  { route: 'imports.new.tsx', method: 'POST', url: '/imports/new?kind=organisations', expect: BUREAU_ONLY },
  // a staged file is its uploader's only: anyone else's token (here none) is 404
  {
    route: 'imports.preview.$token.tsx',
    method: 'GET',
    url: '/imports/preview/00000000-0000-0000-0000-000000000000',
    expect: { ...BUREAU_ONLY, bureau: 404 },
  },
  ...posts('imports.preview.$token.tsx', '/imports/preview/00000000-0000-0000-0000-000000000000', {
    apply: { ...BUREAU_ONLY, bureau: 404 },
    discard: { ...BUREAU_ONLY, bureau: 404 },
  }),
  // the demo has no import: an unknown batch is 404 (tests/routes/imports.test.ts walks real ones)
  { route: 'imports.$batchId.tsx', method: 'GET', url: '/imports/999999', expect: { ...BUREAU_ONLY, bureau: 404 } },
  { route: 'imports.$batchId.file.tsx', method: 'GET', url: '/imports/999999/file', expect: { ...BUREAU_ONLY, bureau: 404 } },
  {
    route: 'imports.$batchId.passwords[.xlsx].tsx',
    method: 'GET',
    url: '/imports/999999/passwords.xlsx?token=x',
    expect: { ...BUREAU_ONLY, bureau: 404 },
  },
  // the roster template also fills an application's roster (issue 21 item 3): the applicant's too
  {
    route: 'imports.templates.$file.tsx',
    method: 'GET',
    url: '/imports/templates/rosters.xlsx',
    expect: { ...DEADLINE_ROLES, applicant: A },
  },
  { route: 'imports.templates.$file.tsx', method: 'GET', url: '/imports/templates/labs.csv', expect: BUREAU_ONLY },
  { route: 'imports.export.$file.tsx', method: 'GET', url: '/imports/export/rosters.xlsx', expect: DEADLINE_ROLES },
  { route: 'imports.export.$file.tsx', method: 'GET', url: '/imports/export/labs.xlsx', expect: OFFICES },
  { route: 'imports.export.$file.tsx', method: 'GET', url: '/imports/export/organisations.csv', expect: BUREAU_ONLY },

  { route: 'organisations._index.tsx', method: 'GET', url: '/organisations', expect: BUREAU_ONLY },
  { route: 'organisations[.xlsx].tsx', method: 'GET', url: '/organisations.xlsx', expect: BUREAU_ONLY },
  { route: 'organisations.new.tsx', method: 'GET', url: '/organisations/new', expect: BUREAU_ONLY },
  { route: 'organisations.new.tsx', method: 'POST', url: '/organisations/new', expect: BUREAU_ONLY },
  { route: 'organisations.$orgId.tsx', method: 'GET', url: (t) => `/organisations/${t.orgId}`, expect: BUREAU_ONLY },
  { route: 'organisations.$orgId.tsx', method: 'POST', url: (t) => `/organisations/${t.orgId}`, expect: BUREAU_ONLY },
  { route: 'labs.new.tsx', method: 'GET', url: '/labs/new', expect: BUREAU_ONLY },
  { route: 'labs.new.tsx', method: 'POST', url: '/labs/new', expect: BUREAU_ONLY },

  // --- the offices' lists, queues and exports (scoped in SQL: see the leak checks) -------------
  // a lab account asking for the registry or the request queue is taken to its own lab's
  { route: 'labs._index.tsx', method: 'GET', url: '/labs', expect: { ...OFFICES, lab: A } },
  { route: 'labs.export.tsx', method: 'GET', url: '/labs/export', expect: OFFICES },
  // each list's workbook beside its CSV (issue 17): the same scope as the CSV
  { route: 'labs.export[.xlsx].tsx', method: 'GET', url: '/labs/export.xlsx', expect: OFFICES },
  // the announcement list of a certification day (授牌, issue 21 item 7): the bureau certifies
  { route: 'labs.certificates[.docx].tsx', method: 'GET', url: '/labs/certificates.docx?on=2026-03-02', expect: BUREAU_ONLY },
  { route: 'renewals.xlsx.tsx', method: 'GET', url: '/renewals/xlsx', expect: OFFICES },
  { route: 'requests.xlsx.tsx', method: 'GET', url: '/requests/xlsx', expect: OFFICES },
  { route: 'security.incidents.xlsx.tsx', method: 'GET', url: '/security/incidents/xlsx', expect: OFFICES },
  { route: 'renewals._index.tsx', method: 'GET', url: '/renewals', expect: OFFICES },
  // one expert on several renewals (issue 19 item 9): the bureau's; anyone else signed in is refused
  {
    route: 'renewals._index.tsx',
    method: 'POST',
    intent: 'bulkAssignExpert',
    url: '/renewals',
    expect: { anonymous: 'login', bureau: A, district: 403, lab: 403, expert: 403 },
  },
  // the city outcomes dashboard, its register and exports (issue 16); a lab filter outside one's scope is 404
  { route: 'outcomes._index.tsx', method: 'GET', url: '/outcomes', expect: OUTCOME_VIEWERS },
  { route: 'outcomes._index.tsx', method: 'GET', url: (t) => `/outcomes?lab=${t.labId}`, expect: LAB_VIEW },
  { route: 'outcomes[.xlsx].tsx', method: 'GET', url: '/outcomes.xlsx', expect: OUTCOME_VIEWERS },
  { route: 'outcomes[.xlsx].tsx', method: 'GET', url: (t) => `/outcomes.xlsx?lab=${t.labId}`, expect: LAB_VIEW },
  { route: 'outcomes.register.tsx', method: 'GET', url: '/outcomes/register', expect: OUTCOME_VIEWERS },
  { route: 'outcomes.register.tsx', method: 'GET', url: (t) => `/outcomes/register?lab=${t.labId}`, expect: LAB_VIEW },
  { route: 'outcomes.register[.csv].tsx', method: 'GET', url: '/outcomes/register.csv', expect: OUTCOME_VIEWERS },
  { route: 'outcomes.register[.csv].tsx', method: 'GET', url: (t) => `/outcomes/register.csv?lab=${t.labId}`, expect: LAB_VIEW },
  { route: 'outcomes.register[.xlsx].tsx', method: 'GET', url: '/outcomes/register.xlsx', expect: OUTCOME_VIEWERS },
  { route: 'outcomes.register[.xlsx].tsx', method: 'GET', url: (t) => `/outcomes/register.xlsx?lab=${t.labId}`, expect: LAB_VIEW },
  // the annual evaluation (issue 16): the bureau runs rounds; a district reads its labs of published
  // ones; a lab is sent to its own results, which exist once published
  // --- certification rounds (issue 21): the bureau's alone ------------------------------------
  { route: 'rounds._index.tsx', method: 'GET', url: '/rounds', expect: BUREAU_ONLY },
  { route: 'rounds.new.tsx', method: 'GET', url: '/rounds/new', expect: BUREAU_ONLY },
  { route: 'rounds.new.tsx', method: 'POST', url: '/rounds/new', expect: BUREAU_ONLY },
  { route: 'rounds.$roundId.tsx', method: 'GET', url: (t) => `/rounds/${t.certificationRoundId}`, expect: BUREAU_ONLY },
  ...posts(
    'rounds.$roundId.tsx',
    (t) => `/rounds/${t.certificationRoundId}`,
    Object.fromEntries(['saveSettings', 'saveQuotas', 'addAttachment', 'removeAttachment', 'saveCriteria'].map((i) => [i, BUREAU_ONLY])),
  ),
  // the round at a glance (issue 21 item 8) and its files: the bureau every office, a district
  // office or a city department its own row; applicants, labs and experts have no office (404)
  {
    route: 'rounds.$roundId_.funnel.tsx',
    method: 'GET',
    url: (t) => `/rounds/${t.certificationRoundId}/funnel`,
    expect: APPLICANT_OFFICES,
  },
  {
    route: 'rounds.$roundId_.funnel[.csv].tsx',
    method: 'GET',
    url: (t) => `/rounds/${t.certificationRoundId}/funnel.csv`,
    expect: APPLICANT_OFFICES,
  },
  {
    route: 'rounds.$roundId_.funnel[.xlsx].tsx',
    method: 'GET',
    url: (t) => `/rounds/${t.certificationRoundId}/funnel.xlsx`,
    expect: APPLICANT_OFFICES,
  },
  // --- certification applications (issue 21): the round accounts' home; each office its own ------
  { route: 'applications._index.tsx', method: 'GET', url: '/applications', expect: APPLICATION_LIST },
  ...posts(
    'applications._index.tsx',
    '/applications',
    { start: { ...APPLICATION_LIST, bureau: 403, district: 403, department: 403 } },
    (t) => ({ roundId: String(t.certificationRoundId) }),
  ),
  // another applicant's application, submitted to 姑苏区 (the matrix's district): the bureau and
  // gusu read it; the demo applicant and 市教育局 do not find it
  // the offices' list as files (issue 21 item 8): an applicant's home has no list to export
  { route: 'applications[.csv].tsx', method: 'GET', url: '/applications.csv', expect: APPLICANT_OFFICES },
  { route: 'applications[.xlsx].tsx', method: 'GET', url: '/applications.xlsx', expect: APPLICANT_OFFICES },
  { route: 'applications.$applicationId.tsx', method: 'GET', url: application, expect: APPLICATION_OFFICE },
  ...posts(
    'applications.$applicationId.tsx',
    application,
    Object.fromEntries([
      ...['basics', 'addPartner', 'removePartner', 'addMember', 'removeMember', 'plan', 'security', 'commitments', 'importRoster'].map(
        (i) => [i, APPLICANT_WRITES],
      ),
      ...['submit', 'resubmit', 'withdraw'].map((i) => [i, APPLICANT_WRITES]),
      ...['check', 'return', 'reject', 'recommend', 'withdraw_recommendation'].map((i) => [i, OFFICE_WRITES]),
    ]),
  ),
  {
    route: 'applications.$applicationId.files.tsx',
    method: 'GET',
    url: (t) => `${application(t)}/files`,
    expect: { ...NOWHERE, applicant: 404, department: 404 },
  },
  { route: 'applications.$applicationId.files.tsx', method: 'POST', url: (t) => `${application(t)}/files`, expect: OFFICE_WRITES },
  // the round's expert review (issue 21, ADR 024 step 4), its 公示 and 授牌 (items 6 and 7): the
  // bureau's alone; every other role, the applicant and the department included, finds no page
  { route: 'rounds.$roundId_.review.tsx', method: 'GET', url: (t) => `/rounds/${t.certificationRoundId}/review`, expect: BUREAU_ONLY },
  ...posts(
    'rounds.$roundId_.review.tsx',
    (t) => `/rounds/${t.certificationRoundId}/review`,
    Object.fromEntries(['startReview', 'shortlist', 'publishShortlist', 'certify'].map((i) => [i, BUREAU_ONLY])),
  ),
  // an assignment names its application: the demo's submitted one is not under review (409 to the bureau)
  ...posts(
    'rounds.$roundId_.review.tsx',
    (t) => `/rounds/${t.certificationRoundId}/review`,
    { assignExpert: BUREAU_ONLY },
    (t) => ({ applicationId: String(t.applicationId) }),
  ),
  // taking an expert off (issue 21 item 5): the demo's application is not under review (409 to the bureau)
  ...posts(
    'rounds.$roundId_.review.tsx',
    (t) => `/rounds/${t.certificationRoundId}/review`,
    { unassignExpert: BUREAU_ONLY },
    (t) => ({ applicationId: String(t.applicationId), reviewId: '999999' }),
  ),
  // an expert's review of a certification application: a review id no expert holds is 404 to all;
  // tests/routes/round-review.test.ts reaches a real one
  { route: 'assignments.applications.$reviewId.tsx', method: 'GET', url: '/assignments/applications/999999', expect: NOBODY },
  ...posts('assignments.applications.$reviewId.tsx', '/assignments/applications/999999', { submitScores: NOBODY, declareConflict: NOBODY }),
  { route: 'departments.tsx', method: 'GET', url: '/departments', expect: BUREAU_ONLY },
  ...posts(
    'departments.tsx',
    '/departments',
    Object.fromEntries(['addDepartment', 'renameDepartment', 'deactivateDepartment', 'reactivateDepartment'].map((i) => [i, BUREAU_ONLY])),
    (t) => ({ id: String(t.departmentId) }),
  ),
  // --- 公示 (issue 21 item 6): the list is public, signed in or not; its objections are the bureau's
  { route: 'public.notices.tsx', method: 'GET', url: '/public/notices', publishes: true, expect: PUBLIC },
  { route: 'notices.$noticeId.tsx', method: 'GET', url: (t) => `/notices/${t.publicNoticeId}`, expect: BUREAU_ONLY },
  ...posts(
    'notices.$noticeId.tsx',
    (t) => `/notices/${t.publicNoticeId}`,
    Object.fromEntries(['recordObjection', 'decideObjection', 'confirm'].map((i) => [i, BUREAU_ONLY])),
    (t) => ({ id: String(t.objectionId) }),
  ),
  // --- 申报单位 (issue 21): registration is public; each office its own applicants ----------------
  // signed in, /register sends the person home: let through, to nothing of theirs
  { route: 'register.tsx', method: 'GET', url: '/register', expect: { ...PUBLIC, applicant: A, department: A } },
  { route: 'register.tsx', method: 'POST', url: '/register', expect: { ...PUBLIC, applicant: A, department: A } },
  { route: 'applicants._index.tsx', method: 'GET', url: '/applicants', expect: APPLICANT_OFFICES },
  { route: 'applicants[.csv].tsx', method: 'GET', url: '/applicants.csv', expect: APPLICANT_OFFICES },
  { route: 'applicants[.xlsx].tsx', method: 'GET', url: '/applicants.xlsx', expect: APPLICANT_OFFICES },
  { route: 'applicants.new.tsx', method: 'GET', url: '/applicants/new', expect: APPLICANT_OFFICES },
  { route: 'applicants.new.tsx', method: 'POST', url: '/applicants/new', expect: APPLICANT_OFFICES },
  // the demo applicant names 姑苏区: 市教育局's office does not see it
  { route: 'applicants.$applicantId.tsx', method: 'GET', url: (t) => `/applicants/${t.applicantId}`, expect: GUSU_APPLICANT },
  ...posts('applicants.$applicantId.tsx', (t) => `/applicants/${t.applicantId}`, { confirm: GUSU_APPLICANT, refuse: GUSU_APPLICANT }),
  { route: 'registration.tsx', method: 'GET', url: '/registration', expect: { ...NOWHERE_SIGNED_IN, applicant: A } },
  { route: 'evaluations._index.tsx', method: 'GET', url: '/evaluations', expect: { ...OFFICES, lab: A } },
  // the rounds' workbook: a lab has no list of rounds (the page sends it to its own results)
  { route: 'evaluations[.xlsx].tsx', method: 'GET', url: '/evaluations.xlsx', expect: OFFICES },
  ...posts('evaluations._index.tsx', '/evaluations', {
    open: { ...BUREAU_ONLY, district: 403, lab: 403, applicant: 404, department: 404 },
  }),
  { route: 'evaluations.$roundId.tsx', method: 'GET', url: (t) => `/evaluations/${t.evaluationRoundId}`, expect: OFFICES },
  { route: 'evaluations.$roundId.tsx', method: 'GET', url: (t) => `/evaluations/${t.openEvaluationRoundId}`, expect: BUREAU_ONLY },
  { route: 'evaluations.$roundId[.xlsx].tsx', method: 'GET', url: (t) => `/evaluations/${t.evaluationRoundId}.xlsx`, expect: OFFICES },
  {
    route: 'evaluations.$roundId[.xlsx].tsx',
    method: 'GET',
    url: (t) => `/evaluations/${t.openEvaluationRoundId}.xlsx`,
    expect: BUREAU_ONLY,
  },
  ...posts('evaluations.$roundId.tsx', (t) => `/evaluations/${t.openEvaluationRoundId}`, {
    adjust: BUREAU_ONLY,
    recompute: BUREAU_ONLY,
    publish: BUREAU_ONLY,
  }),
  { route: 'labs.$labId.evaluation.tsx', method: 'GET', url: (t) => `${lab(t)}/evaluation`, expect: LAB_VIEW },
  { route: 'renewals.csv.tsx', method: 'GET', url: '/renewals/csv', expect: OFFICES },
  { route: 'requests._index.tsx', method: 'GET', url: '/requests', expect: { ...OFFICES, lab: A } },
  { route: 'requests.csv.tsx', method: 'GET', url: '/requests/csv', expect: OFFICES },
  { route: 'reviews.tsx', method: 'GET', url: '/reviews', expect: OFFICES },
  { route: 'reviews.tsx', method: 'POST', intent: 'acceptSelected', url: '/reviews', expect: BUREAU_BULK },
  { route: 'reviews[.xlsx].tsx', method: 'GET', url: '/reviews.xlsx', expect: OFFICES },
  { route: 'security.tsx', method: 'GET', url: '/security', expect: OFFICES },
  { route: 'security.incidents.csv.tsx', method: 'GET', url: '/security/incidents/csv', expect: OFFICES },
  { route: 'assignments._index.tsx', method: 'GET', url: '/assignments', expect: EXPERT_ONLY },

  // --- one lab --------------------------------------------------------------------------------
  { route: 'labs.$labId._index.tsx', method: 'GET', url: lab, expect: LAB_VIEW },
  // the A4 certificate of the current period (授牌, issue 21 item 7): whoever reads the lab
  { route: 'labs.$labId.certificate.tsx', method: 'GET', url: (t) => `${lab(t)}/certificate`, expect: LAB_VIEW },
  ...posts('labs.$labId._index.tsx', lab, { addPeriod: BUREAU_DECIDES, addViolation: BUREAU_DECIDES }),
  {
    route: 'labs.$labId._index.tsx',
    method: 'POST',
    intent: 'removeViolation',
    url: lab,
    body: (t) => ({ violationId: String(t.violationId) }),
    expect: BUREAU_DECIDES,
  },
  { route: 'labs.$labId.edit.tsx', method: 'GET', url: (t) => `${lab(t)}/edit`, expect: BUREAU_LAB_PAGE },
  { route: 'labs.$labId.edit.tsx', method: 'POST', url: (t) => `${lab(t)}/edit`, expect: BUREAU_LAB_PAGE },
  // the roster is kept by the lab, and the bureau may correct it
  { route: 'labs.$labId.team.tsx', method: 'GET', url: (t) => `${lab(t)}/team`, expect: LAB_OR_BUREAU },
  ...posts('labs.$labId.team.tsx', (t) => `${lab(t)}/team`, {
    add: LAB_OR_BUREAU,
    update: LAB_OR_BUREAU,
    setActive: LAB_OR_BUREAU,
    remove: LAB_OR_BUREAU,
  }),
  { route: 'labs.$labId.obligations.tsx', method: 'GET', url: (t) => `${lab(t)}/obligations`, expect: LAB_VIEW },
  { route: 'labs.$labId.obligations[.xlsx].tsx', method: 'GET', url: (t) => `${lab(t)}/obligations.xlsx`, expect: LAB_VIEW },
  { route: 'labs.$labId.obligations.tsx', method: 'POST', url: (t) => `${lab(t)}/obligations`, expect: BUREAU_DECIDES },
  // a lab snoozes its own reminders; the offices see the lab but may not (issue 15)
  ...posts('labs.$labId.obligations.tsx', (t) => `${lab(t)}/obligations`, { snooze: LAB_FILES, unsnooze: LAB_FILES }),
  { route: 'labs.$labId.security.tsx', method: 'GET', url: (t) => `${lab(t)}/security`, expect: LAB_VIEW },
  ...posts(
    'labs.$labId.security.tsx',
    (t) => `${lab(t)}/security`,
    { addPlan: LAB_FILES, updatePlan: LAB_FILES, removeAttachment: LAB_FILES, acknowledge: BUREAU_DECIDES },
    (t) => ({ planId: String(t.planId), attachmentId: String(t.planAttachmentId) }),
  ),
  ...posts(
    'labs.$labId.security.tsx',
    (t) => `${lab(t)}/security`,
    { addDrill: LAB_FILES, updateDrill: LAB_FILES, closeFollowUp: LAB_FILES },
    (t) => ({ drillId: String(t.drillId) }),
  ),
  // the indicator plan of the period in force (issue 16): the lab drafts and submits, the bureau decides
  { route: 'labs.$labId.plan.tsx', method: 'GET', url: (t) => `${lab(t)}/plan`, expect: LAB_VIEW },
  { route: 'labs.$labId.plan[.xlsx].tsx', method: 'GET', url: (t) => `${lab(t)}/plan.xlsx`, expect: LAB_VIEW },
  ...posts('labs.$labId.plan.tsx', (t) => `${lab(t)}/plan`, {
    save: LAB_FILES,
    submit: LAB_FILES,
    approve: BUREAU_DECIDES,
    return: BUREAU_DECIDES,
  }),

  // deliverables (the one opened is accepted: a new version is the lab's 'revise')
  { route: 'labs.$labId.deliverables._index.tsx', method: 'GET', url: (t) => `${lab(t)}/deliverables`, expect: LAB_VIEW },
  { route: 'labs.$labId.deliverables.new.tsx', method: 'GET', url: (t) => `${lab(t)}/deliverables/new`, expect: LAB_FILES },
  { route: 'labs.$labId.deliverables.new.tsx', method: 'POST', url: (t) => `${lab(t)}/deliverables/new`, expect: LAB_FILES },
  { route: 'labs.$labId.deliverables.$deliverableId.tsx', method: 'GET', url: deliverable, expect: LAB_VIEW },
  // a draft deliverable (like a draft report) is shown to the offices, read-only, while a draft
  // request or renewal, and a draft's files, are the lab's alone (see the report of issue 14)
  {
    route: 'labs.$labId.deliverables.$deliverableId.tsx',
    method: 'GET',
    url: (t) => `/labs/${t.labId}/deliverables/${t.draftDeliverableId}`,
    expect: LAB_VIEW,
  },
  ...posts(
    'labs.$labId.deliverables.$deliverableId.tsx',
    deliverable,
    {
      update: LAB_FILES,
      delete: LAB_FILES,
      removeAttachment: LOCKED,
      submit: LAB_FILES,
      district_opinion: DISTRICT_OPINION,
      return: BUREAU_DECIDES,
      accept: BUREAU_DECIDES,
      resubmit: LAB_FILES,
      revise: LAB_FILES,
    },
    (t) => ({ attachmentId: String(t.attachmentId) }),
  ),

  // the outcome register (issue 16): the lab records and edits, the district checks, the bureau
  // verifies or disputes; the outcome opened is verified, so its evidence is locked
  { route: 'labs.$labId.outcomes._index.tsx', method: 'GET', url: (t) => `${lab(t)}/outcomes`, expect: LAB_VIEW },
  { route: 'labs.$labId.outcomes.csv.tsx', method: 'GET', url: (t) => `${lab(t)}/outcomes/csv`, expect: LAB_VIEW },
  { route: 'labs.$labId.outcomes.xlsx.tsx', method: 'GET', url: (t) => `${lab(t)}/outcomes/xlsx`, expect: LAB_VIEW },
  { route: 'labs.$labId.outcomes.new.tsx', method: 'GET', url: (t) => `${lab(t)}/outcomes/new`, expect: LAB_FILES },
  { route: 'labs.$labId.outcomes.new.tsx', method: 'POST', url: (t) => `${lab(t)}/outcomes/new`, expect: LAB_FILES },
  { route: 'labs.$labId.outcomes.$outcomeId.tsx', method: 'GET', url: outcome, expect: LAB_VIEW },
  ...posts('labs.$labId.outcomes.$outcomeId.tsx', outcome, {
    update: LAB_FILES,
    removeAttachment: LOCKED,
    check: DISTRICT_OPINION,
    verify: BUREAU_DECIDES,
    dispute: BUREAU_DECIDES,
  }),

  // incidents: the lab reports and handles them; anyone who reads one may add a note
  { route: 'labs.$labId.incidents._index.tsx', method: 'GET', url: (t) => `${lab(t)}/incidents`, expect: LAB_VIEW },
  { route: 'labs.$labId.incidents._index.tsx', method: 'POST', intent: 'report', url: (t) => `${lab(t)}/incidents`, expect: LAB_FILES },
  { route: 'labs.$labId.incidents.$incidentId.tsx', method: 'GET', url: incident, expect: LAB_VIEW },
  ...posts('labs.$labId.incidents.$incidentId.tsx', incident, {
    advance: LAB_FILES,
    note: ANY_PARTY,
    regrade: LAB_FILES,
    // an urgent alert (issue 15): the bureau acknowledges; the district and the lab see it but may not
    acknowledge: BUREAU_DECIDES,
  }),

  // annual reports (the one opened is accepted, so its files are locked)
  { route: 'labs.$labId.reports._index.tsx', method: 'GET', url: (t) => `${lab(t)}/reports`, expect: LAB_VIEW },
  { route: 'labs.$labId.reports._index.tsx', method: 'POST', intent: 'start', url: (t) => `${lab(t)}/reports`, expect: LAB_FILES },
  { route: 'labs.$labId.reports.$reportId.tsx', method: 'GET', url: report, expect: LAB_VIEW },
  ...posts('labs.$labId.reports.$reportId.tsx', report, {
    save: LAB_FILES,
    submit: LAB_FILES,
    addAttachments: LOCKED,
    // the upload that saves the typed draft first (issue 19 item 6): as locked as the upload
    saveDraftAndUpload: LOCKED,
    removeAttachment: LOCKED,
    district_opinion: DISTRICT_OPINION,
    return: BUREAU_DECIDES,
    accept: BUREAU_DECIDES,
  }),
  { route: 'labs.$labId.reports.$reportId_.print.tsx', method: 'GET', url: (t) => `${report(t)}/print`, expect: LAB_VIEW },
  // the editable Word copy (issue 17): whoever reads the print view
  { route: 'labs.$labId.reports.$reportId_.report[.docx].tsx', method: 'GET', url: (t) => `${report(t)}/report.docx`, expect: LAB_VIEW },

  // resource requests (app/domain/request-workflow.ts says whose step each is)
  { route: 'labs.$labId.requests._index.tsx', method: 'GET', url: (t) => `${lab(t)}/requests`, expect: LAB_VIEW },
  { route: 'labs.$labId.requests.new.tsx', method: 'GET', url: (t) => `${lab(t)}/requests/new`, expect: LAB_FILES },
  { route: 'labs.$labId.requests.new.tsx', method: 'POST', url: (t) => `${lab(t)}/requests/new`, expect: LAB_FILES },
  { route: 'labs.$labId.requests.$requestId.tsx', method: 'GET', url: request, expect: LAB_VIEW },
  {
    route: 'labs.$labId.requests.$requestId.tsx',
    method: 'GET',
    url: (t) => `/labs/${t.labId}/requests/${t.draftRequestId}`,
    expect: LABS_OWN_DRAFT,
  },
  ...posts('labs.$labId.requests.$requestId.tsx', request, {
    update: LAB_FILES,
    comment: ANY_PARTY,
    removeAttachment: LOCKED,
    submit: LAB_FILES,
    district_opinion: DISTRICT_OPINION,
    return: BUREAU_DECIDES,
    resubmit: LAB_FILES,
    accept: BUREAU_DECIDES,
    approve: BUREAU_DECIDES,
    partly_approve: BUREAU_DECIDES,
    reject: BUREAU_DECIDES,
    fulfil: BUREAU_DECIDES,
    close: LAB_OR_BUREAU,
    withdraw: LAB_FILES,
  }),

  // renewals (the lab's own is decided, so its files are locked); the assigned expert reads theirs
  { route: 'labs.$labId.renewal.tsx', method: 'GET', url: (t) => `${lab(t)}/renewal`, expect: LAB_VIEW },
  ...posts('labs.$labId.renewal.tsx', (t) => `${lab(t)}/renewal`, { start: LAB_FILES, decideWithout: BUREAU_DECIDES }),
  { route: 'labs.$labId.renewals.$renewalId.tsx', method: 'GET', url: renewal, expect: { ...LAB_VIEW, expert: [A, 404, 404] } },
  ...posts('labs.$labId.renewals.$renewalId.tsx', renewal, {
    save: withExpertReading(LAB_FILES),
    submit: withExpertReading(LAB_FILES),
    removeAttachment: withExpertReading(LOCKED),
    decide: withExpertReading(BUREAU_DECIDES),
    recheck: withExpertReading(BUREAU_DECIDES),
    assignExpert: withExpertReading(BUREAU_DECIDES),
    unassignExpert: withExpertReading(BUREAU_DECIDES),
    // the next period's plan proposed with the application (issue 16): the lab writes, the bureau decides
    savePlan: withExpertReading(LAB_FILES),
    submitPlan: withExpertReading(LAB_FILES),
    approvePlan: withExpertReading(BUREAU_DECIDES),
    returnPlan: withExpertReading(BUREAU_DECIDES),
  }),
  {
    route: 'labs.$labId.renewals.$renewalId_.dossier.tsx',
    method: 'GET',
    url: (t) => `${renewal(t)}/dossier`,
    expect: { ...LAB_VIEW, expert: [A, 404, 404] },
  },
  {
    route: 'labs.$labId.renewals.$renewalId_.dossier[.xlsx].tsx',
    method: 'GET',
    url: (t) => `${renewal(t)}/dossier.xlsx`,
    expect: { ...LAB_VIEW, expert: [A, 404, 404] },
  },
  {
    route: 'labs.$labId.renewals.$renewalId_.dossier[.docx].tsx',
    method: 'GET',
    url: (t) => `${renewal(t)}/dossier.docx`,
    expect: { ...LAB_VIEW, expert: [A, 404, 404] },
  },
  // the assigned expert's page; nobody else has one, not even the bureau
  {
    route: 'labs.$labId.renewals.$renewalId_.review.tsx',
    method: 'GET',
    url: (t) => `${renewal(t)}/review`,
    expect: { ...EXPERT_ONLY, expert: [A, 404, 404] },
  },
  ...posts('labs.$labId.renewals.$renewalId_.review.tsx', (t) => `${renewal(t)}/review`, {
    submitReview: { ...EXPERT_ONLY, expert: [A, 404, 404] },
    declareConflict: { ...EXPERT_ONLY, expert: [A, 404, 404] },
  }),

  // downloads: whoever may see what the file is attached to (the expert: their renewal's files)
  {
    route: 'attachments.$attachmentId.tsx',
    method: 'GET',
    url: (t) => `/attachments/${t.attachmentId}`,
    expect: { ...LAB_VIEW, expert: [A, 404, 404] },
  },
  { route: 'attachments.$attachmentId.tsx', method: 'GET', url: (t) => `/attachments/${t.planAttachmentId}`, expect: LAB_VIEW },
  {
    route: 'attachments.$attachmentId.tsx',
    method: 'GET',
    url: (t) => `/attachments/${t.draftAttachmentId}`,
    expect: LABS_OWN_DRAFT,
  },
]
