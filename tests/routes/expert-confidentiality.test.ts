import ExcelJS from 'exceljs'
import { and, eq, inArray } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { recordAudit } from '~/models/audit.server'
import { activeCriteria } from '~/models/review-criteria.server'
import { assignExpert } from '~/models/review-panel.server'
import { loader as homeLoader } from '~/routes/_index'
import { loader as auditLoader } from '~/routes/audit'
import { loader as inboxLoader } from '~/routes/inbox'
import { loader as labLoader } from '~/routes/labs.$labId._index'
import { loader as renewalLoader } from '~/routes/labs.$labId.renewal'
import { action as renewalPageAction, loader as renewalPageLoader } from '~/routes/labs.$labId.renewals.$renewalId'
import { loader as dossierLoader } from '~/routes/labs.$labId.renewals.$renewalId_.dossier'
import { loader as dossierXlsxLoader } from '~/routes/labs.$labId.renewals.$renewalId_.dossier[.xlsx]'
import { action as reviewAction, loader as reviewLoader } from '~/routes/labs.$labId.renewals.$renewalId_.review'
import { loader as registryLoader } from '~/routes/labs._index'
import { loader as labsExportLoader } from '~/routes/labs.export'
import { loader as pipelineLoader } from '~/routes/renewals._index'
import { loader as pipelineCsvLoader } from '~/routes/renewals.csv'
import { loader as rootLoader } from '~/root'
import type { Db } from '~db/client.server'
import { mailOutbox, reviewAssignments, users, validityPeriods, renewals } from '~db/schema'
import { insertRenewal } from '~db/factories'
import { runSendReminders } from '../../jobs/reminders'
import { pinClock } from '../clock'
import {
  formRequest,
  getRequest,
  makeLab,
  makeOrg,
  makeUser,
  outcome,
  setupTestDb,
  signIn,
  TEST_CONTEXT,
  type RouteFunction,
  currentVersion,
} from '../helpers'

// Issue 14, finding 9: who reviewed a lab's renewal, and what each expert scored and wrote, is
// the bureau's alone (the district office, which monitors its labs, does not take part in the
// review either). The lab and its district see the renewal move (under review, decided) but never
// an expert's name, account, e-mail, scores, total, opinion or conflict note: not on a page, an
// export, the dossier, an inbox notice or a reminder mail.
const AT = '2026-02-10T02:00:00.000Z'
pinClock(new Date(AT))

let db: Db
let labId: number
let cookies: Record<'bureau' | 'district' | 'lab', string>

// The lab's timeline read the expert review's audit rows (assign, review) and named the expert
// with the times.
describe('the lab’s timeline', () => {
  beforeEach(async () => {
    db = setupTestDb()
    labId = makeLab(db, { startDate: '2024-12-01' }).id
    const expert = await makeUser(db, { role: 'expert', username: 'expert-wang' })
    cookies = {
      bureau: signIn(await makeUser(db, { role: 'bureau' })),
      district: signIn(await makeUser(db, { role: 'district', districtCode: '320508' })),
      lab: signIn(await makeUser(db, { role: 'lab', labId })),
    }
    const actor = { id: expert.id, displayName: '王专家', ip: '' }
    recordAudit(db, {
      actor: { id: 1, displayName: '市局', ip: '' },
      action: 'assign_expert',
      entityType: 'review_assignment',
      entityId: 7,
      labId,
      after: { expertId: expert.id, expertName: '王专家' },
    })
    recordAudit(db, { actor, action: 'review', entityType: 'review_assignment', entityId: 7, labId, after: { totalScore: 81.5 } })
  })

  type Page = { timeline: { events: { id: string; actor?: unknown; text?: unknown }[] } }
  const timelineOf = async (cookie: string) => {
    const page = await outcome(() =>
      labLoader({ request: getRequest(`/labs/${labId}`, cookie), params: { labId: String(labId) }, context: TEST_CONTEXT }),
    )
    return JSON.stringify((page.body as Page).timeline.events)
  }

  test('the lab and its district do not see the expert review on the lab’s timeline', async () => {
    for (const who of ['lab', 'district'] as const) {
      const events = await timelineOf(cookies[who])
      expect(events, who).not.toContain('王专家')
      expect(events, who).not.toContain('review_assignment')
    }
  })

  test('the lab’s home page does not list the expert review among its recent notices', async () => {
    const home = await outcome(() => homeLoader({ request: getRequest('/', cookies.lab), params: {}, context: TEST_CONTEXT }))
    expect(JSON.stringify(home.body)).not.toContain('王专家')
  })

  test('the bureau still reads who reviewed and when', async () => {
    expect(await timelineOf(cookies.bureau)).toContain('王专家')
  })
})

let renewalId: number
/** the expert assigned who has not reviewed yet */
let pendingExpert: string
/** what must never reach the lab or the district */
let secrets: Record<string, string>

async function makeExpert(username: string, displayName: string, email: string) {
  const expert = await makeUser(db, { role: 'expert', username })
  db.update(users)
    .set({ displayName, email, organisationId: makeOrg(db).id })
    .where(eq(users.id, expert.id))
    .run()
  return expert
}

// Every page, export and notice that touches a renewal, rendered for the lab and the district
// and searched for what only the bureau may read.
// A renewal under review by three experts: one scored it, one has not yet, one declared a conflict
async function reviewedRenewal() {
  db = setupTestDb()
  const lab = makeLab(db, { startDate: '2024-03-15' })
  labId = lab.id
  const period = db.select().from(validityPeriods).where(eq(validityPeriods.labId, labId)).get()!
  renewalId = insertRenewal(db, {
    labId,
    periodId: period.id,
    status: 'submitted',
    summary: '两年来完成了三个项目',
    planTargets: '建设平台',
  }).id
  const bureau = await makeUser(db, { role: 'bureau' })
  const district = await makeUser(db, { role: 'district', districtCode: '320508' })
  const labUser = await makeUser(db, { role: 'lab', labId })
  for (const u of [bureau, district, labUser])
    db.update(users)
      .set({ email: `${u.username}@example.org` })
      .where(eq(users.id, u.id))
      .run()
  cookies = { bureau: signIn(bureau), district: signIn(district), lab: signIn(labUser) }

  // three experts on the renewal: one has scored it, one not yet, one left it declaring a conflict
  const scored = await makeExpert('expert-qiu', '邱评审', 'qiu.reviewer@example.org')
  const pending = await makeExpert('expert-lou', '娄评审', 'lou.reviewer@example.org')
  pendingExpert = signIn(pending)
  const conflicted = await makeExpert('expert-lei', '雷评审', 'lei.reviewer@example.org')
  const by = { id: bureau.id, role: bureau.role, districtCode: null, labId: null, displayName: bureau.displayName }
  for (const e of [scored, pending, conflicted])
    expect(assignExpert({ by, labId, renewalId, expertId: e.id, version: currentVersion(renewals, renewalId) }).ok).toBe(true)
  const assignmentOf = (expertId: number) =>
    db
      .select()
      .from(reviewAssignments)
      .where(and(eq(reviewAssignments.renewalId, renewalId), eq(reviewAssignments.expertId, expertId)))
      .get()!.id
  const conflictNote = '本人曾任该依托单位技术顾问'
  const scores = ['83', '97', '61', '59', '88']
  const opinion = '评审意见：数据治理成效显著但团队偏小'
  const fields = { intent: 'submitReview', opinion, ...Object.fromEntries(activeCriteria().map((c, i) => [`score-${c.id}`, scores[i]])) }
  const params = { labId: String(labId), renewalId: String(renewalId) }
  const sent = await reviewAction({
    request: formRequest(
      `/labs/${labId}/renewals/${renewalId}/review`,
      { ...fields, rowVersion: currentVersion(reviewAssignments, assignmentOf(scored.id)) },
      signIn(scored),
    ),
    params,
    context: TEST_CONTEXT,
  }).catch((r: unknown) => r)
  expect((sent as Response).status).toBe(302)
  const declared = await reviewAction({
    request: formRequest(
      `/labs/${labId}/renewals/${renewalId}/review`,
      { intent: 'declareConflict', conflictNote, rowVersion: currentVersion(reviewAssignments, assignmentOf(conflicted.id)) },
      signIn(conflicted),
    ),
    params,
    context: TEST_CONTEXT,
  }).catch((r: unknown) => r)
  expect((declared as Response).status).toBe(302)
  const total = db.select().from(reviewAssignments).where(eq(reviewAssignments.expertId, scored.id)).get()!.totalScore!
  expect(Number.isInteger(total)).toBe(false)
  secrets = {
    name: '邱评审',
    username: 'expert-qiu',
    email: 'qiu.reviewer@example.org',
    otherName: '娄评审',
    otherUsername: 'expert-lou',
    otherEmail: 'lou.reviewer@example.org',
    conflictedName: '雷评审',
    conflictedUsername: 'expert-lei',
    conflictNote,
    opinion,
    total: String(total),
  }
}

/** A loader's answer as the browser would receive it: its data as JSON, a file as its text. */
async function render(loader: RouteFunction, url: string, cookie: string, params: Record<string, string> = {}): Promise<string> {
  let result: unknown
  try {
    result = await loader({ request: getRequest(url, cookie), params, context: TEST_CONTEXT })
  } catch (thrown) {
    result = thrown
  }
  if (!(result instanceof Response)) return JSON.stringify(result)
  const type = result.headers.get('Content-Type') ?? ''
  if (type.includes('spreadsheetml')) {
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await result.arrayBuffer())
    const cells: string[] = []
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))))
    return `${result.status}\n${cells.join('\n')}`
  }
  return `${result.status}\n${await result.text()}`
}

const renewalParams = () => ({ labId: String(labId), renewalId: String(renewalId) })

/** Every page, export and notice that touches the renewal, as `who` reads it. */
async function everythingSeenBy(who: 'lab' | 'district' | 'bureau'): Promise<Record<string, string>> {
  const cookie = cookies[who]
  const base = `/labs/${labId}/renewals/${renewalId}`
  const labParams = { labId: String(labId) }
  return {
    root: await render(rootLoader, '/', cookie),
    home: await render(homeLoader, '/', cookie),
    registry: await render(registryLoader, '/labs', cookie),
    'labs export': await render(labsExportLoader, '/labs/export', cookie),
    'lab page': await render(labLoader, `/labs/${labId}`, cookie, labParams),
    'lab renewal': await render(renewalLoader, `/labs/${labId}/renewal`, cookie, labParams),
    'renewal page': await render(renewalPageLoader, base, cookie, renewalParams()),
    dossier: await render(dossierLoader, `${base}/dossier`, cookie, renewalParams()),
    'dossier.xlsx': await render(dossierXlsxLoader, `${base}/dossier.xlsx`, cookie, renewalParams()),
    pipeline: await render(pipelineLoader, '/renewals', cookie),
    'pipeline csv': await render(pipelineCsvLoader, '/renewals.csv', cookie),
    inbox: await render(inboxLoader, '/inbox', cookie),
    audit: await render(auditLoader, '/audit', cookie),
  }
}

// a criterion's score or a total as the bureau's panel carries them ({"score":83}, {"totalScore":…})
const SCORE_FIELD = /"(score|totalScore|meanTotal)":\s*\d/

function leaksIn(bodies: Record<string, string>) {
  const found: string[] = []
  for (const [where, body] of Object.entries(bodies)) {
    for (const [what, secret] of Object.entries(secrets)) if (body.includes(secret)) found.push(`${where}: ${what}`)
    if (SCORE_FIELD.test(body)) found.push(`${where}: ${SCORE_FIELD.exec(body)![0]}`)
  }
  return found
}

async function decide() {
  const decided = await renewalPageAction({
    request: formRequest(
      `/labs/${labId}/renewals/${renewalId}`,
      {
        intent: 'decide',
        decision: 'renew',
        grade: 'good',
        reasons: '两年成果齐全，团队稳定。',
        rowVersion: currentVersion(renewals, renewalId),
      },
      cookies.bureau,
    ),
    params: renewalParams(),
    context: TEST_CONTEXT,
  }).catch((r: unknown) => r)
  expect((decided as Response).status).toBe(302)
}

describe('an expert’s identity and scores stay with the bureau', () => {
  beforeEach(reviewedRenewal)

  for (const [who, state] of [
    ['lab', 'under review'],
    ['district', 'under review'],
    ['lab', 'decided'],
    ['district', 'decided'],
  ] as const) {
    test(`the ${who} finds, ${state}, no expert name, account, e-mail, score, opinion or conflict note on any page, export or dossier`, async () => {
      if (state === 'decided') await decide()
      const bodies = await everythingSeenBy(who)
      // the renewal itself is theirs to read: the pages did answer
      expect(bodies['renewal page'].startsWith('{'), bodies['renewal page'].slice(0, 80)).toBe(true)
      expect(bodies.dossier.startsWith('{')).toBe(true)
      expect(bodies['dossier.xlsx'].startsWith('200')).toBe(true)
      expect(leaksIn(bodies)).toEqual([])
    })
  }

  test('the reminders’ inbox notices and mail to the lab and district name no expert', async () => {
    await decide()
    runSendReminders({ now: new Date(AT) })
    // an expert's own mail (its assignment) names the expert to the expert: only the offices' mail counts here
    const toOffices = db
      .select({ mail: mailOutbox })
      .from(mailOutbox)
      .innerJoin(users, eq(users.id, mailOutbox.userId))
      .where(inArray(users.role, ['lab', 'district']))
      .all()
      .map((r) => r.mail)
    // the lab is reminded (its renewal was decided, obligations fall due): there is mail to search
    expect(toOffices.length).toBeGreaterThan(0)
    const bodies = Object.fromEntries(toOffices.map((m) => [`mail to ${m.toAddress}`, JSON.stringify(m)]))
    for (const who of ['lab', 'district'] as const) bodies[`${who} inbox`] = await render(inboxLoader, '/inbox', cookies[who])
    expect(leaksIn(bodies)).toEqual([])
  })

  test('another expert on the renewal reads neither the scoring expert’s name, opinion and total nor the conflict note', async () => {
    const base = `/labs/${labId}/renewals/${renewalId}`
    const bodies = {
      root: await render(rootLoader, '/', pendingExpert),
      'review page': await render(reviewLoader, `${base}/review`, pendingExpert, renewalParams()),
      'renewal page': await render(renewalPageLoader, base, pendingExpert, renewalParams()),
      dossier: await render(dossierLoader, `${base}/dossier`, pendingExpert, renewalParams()),
      'dossier.xlsx': await render(dossierXlsxLoader, `${base}/dossier.xlsx`, pendingExpert, renewalParams()),
      inbox: await render(inboxLoader, '/inbox', pendingExpert),
    }
    // its own review page answers: it is on the renewal
    expect(bodies['review page'].startsWith('{')).toBe(true)
    // its own name, account and e-mail (the `other…` secrets) are its own to read
    const others = Object.entries(secrets).filter(([what]) => !what.startsWith('other'))
    const found = Object.entries(bodies).flatMap(([where, body]) =>
      others.filter(([, secret]) => body.includes(secret)).map(([what]) => `${where}: ${what}`),
    )
    expect(found).toEqual([])
  })

  test('the bureau reads who reviewed, their total and opinion', async () => {
    const bodies = await everythingSeenBy('bureau')
    const page = bodies['renewal page']
    for (const secret of [secrets.name, secrets.otherName, secrets.opinion, secrets.total]) expect(page).toContain(secret)
    expect(page).toMatch(SCORE_FIELD)
  })
})
