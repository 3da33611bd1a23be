import { and, asc, eq } from 'drizzle-orm'
import { DEFAULT_DUE_TIME, parseDeadline } from '~/domain/certification/round-dates'
import { addDays, shanghaiDate, type IsoDate } from '~/domain/dates'
import { publishShortlist } from '~/models/application-notice-step.server'
import { assignApplicationExpert, startRoundReview, submitApplicationReview, takeShortlist } from '~/models/application-review.server'
import { recordObjection } from '~/models/public-notices.server'
import { certifyRound } from '~/models/round-certify.server'
import type { ActingUser } from '~/models/result.server'
import { LETTER_KIND, startApplication, takeApplicationStep } from '~/models/round-applications.server'
import { db } from '~/utils/db.server'
import { insertUser } from './factories'
import { acting, applicantAccount, attach, fillApplication } from './seed-applications'
import { copyActiveCriteria } from './seed-rounds'
import {
  applicationReviews,
  certificationRounds,
  cityDepartments,
  publicNotices,
  roundApplications,
  roundCriteria,
  users,
  type User,
} from './schema'
import type { OrgKind } from './schema/enums'

// One round at each stage of the certification round (issue 21 "Done when"), beside the open
// round of seed-rounds.ts: the offices recommending, the experts reviewing, the shortlist under
// 公示 and a round certified. Each is walked through the pages' own model functions at instants
// in the past (`at`), so its dates, audit rows and notices are what the pages would have left.
// Runs after seedDemoApplications, on the app's handle.

type Office = 'gusu' | 'sip' | 'wuzhong' | 'kunshan' | 'edu'
type Story = { name: string; lab: string; serial: string; office: Office; direction: number; orgKind?: OrgKind; contact: string }
type Stage = 'recommending' | 'reviewing' | 'in_notice' | 'certified'

// 17:00 Beijing time on the Shanghai day `days` from today (negative: before)
function dueAt(today: IsoDate, days: number): string {
  return parseDeadline(`${addDays(today, days)}T${DEFAULT_DUE_TIME}`)!
}
// 10:00 Beijing time on that day, as a Date: when a demo step was taken
function on(today: IsoDate, days: number): Date {
  return new Date(`${addDays(today, days)}T02:00:00Z`)
}

function userNamed(username: string): User {
  return db().select().from(users).where(eq(users.username, username)).get()!
}

function officeOf(office: Office, departments: Map<string, number>) {
  if (office === 'edu') return { departmentId: departments.get('edu')! }
  return { districtCode: userNamed(office).districtCode! }
}

function insertRound(today: IsoDate, batch: number, applicationsDue: number, recommendationsDue: number, bureauId: number) {
  const applicationsDueAt = dueAt(today, applicationsDue)
  const year = Number(addDays(today, applicationsDue).slice(0, 4))
  const stamp = on(today, applicationsDue - 40).toISOString()
  const round = db()
    .insert(certificationRounds)
    .values({
      year,
      nameZh: `${year}年度第${'一二三四'[batch - 1]}批苏州市大数据创新应用实验室申报`,
      nameEn: `${year} Suzhou Big Data Innovation Application Laboratory call, batch ${batch}`,
      applicationsDueAt,
      recommendationsDueAt: dueAt(today, recommendationsDue),
      createdBy: bureauId,
      updatedBy: bureauId,
      createdAt: stamp,
      updatedAt: stamp,
    })
    .returning()
    .get()
  copyActiveCriteria(db(), round.id)
  return round
}

const version = (id: number) =>
  db().select({ v: roundApplications.rowVersion }).from(roundApplications).where(eq(roundApplications.id, id)).get()!.v
const roundVersion = (id: number) =>
  db().select({ v: certificationRounds.rowVersion }).from(certificationRounds).where(eq(certificationRounds.id, id)).get()!.v

function expect<T extends { ok: boolean }>(result: T, what: string): T {
  // the seed walks the model's own steps: a refusal is a broken demo, not a story
  if (!result.ok) throw new Error(`demo round stage: ${what} was refused: ${JSON.stringify(result)}`)
  return result
}

/** Applies, and is recommended by its office, at the round's instants; returns the application's id. */
function applyAndRecommend(
  story: Story,
  ctx: {
    roundId: number
    today: IsoDate
    submitDay: number
    recommendDay: number | null
    passwordHash: string
    departments: Map<string, number>
  },
) {
  const by = applicantAccount({
    name: story.name,
    serial: story.serial,
    passwordHash: ctx.passwordHash,
    now: on(ctx.today, ctx.submitDay - 5),
    office: officeOf(story.office, ctx.departments),
    orgKind: story.orgKind,
    contactName: story.contact,
  })
  const started = expect(startApplication({ by, roundId: ctx.roundId, at: on(ctx.today, ctx.submitDay - 3) }), `${story.name} starts`)
  if (!started.ok) throw new Error('unreachable')
  const id = started.id
  fillApplication(id, story.lab, story.direction)
  expect(takeApplicationStep({ by, id, step: 'submit', version: version(id), at: on(ctx.today, ctx.submitDay) }), `${story.name} submits`)
  if (ctx.recommendDay === null) return id
  const office = acting(userNamed(story.office))
  attach(id, LETTER_KIND, office.id)
  expect(
    takeApplicationStep({ by: office, id, step: 'recommend', version: version(id), at: on(ctx.today, ctx.recommendDay) }),
    `${story.name} is recommended`,
  )
  return id
}

function scoreAll(reviewId: number, roundId: number, expert: ActingUser, base: number, at: Date) {
  const criteria = db().select().from(roundCriteria).where(eq(roundCriteria.roundId, roundId)).orderBy(asc(roundCriteria.position)).all()
  const scores = Object.fromEntries(criteria.map((c, i) => [String(c.id), Math.min(100, base + ((i * 3) % 7))]))
  const review = db().select().from(applicationReviews).where(eq(applicationReviews.id, reviewId)).get()!
  expect(
    submitApplicationReview({
      by: expert,
      reviewId,
      scores,
      comment: '技术路线清晰，数据资源和应用场景落地可行，团队结构合理。',
      version: review.rowVersion,
      at,
    }),
    `review ${reviewId} is scored`,
  )
}

/**
 * Takes a round whose applications are recommended into review on `reviewDay`, puts both experts on
 * each, and scores: every application when `scoreAll` (the bureau can then shortlist), else all but
 * the demo expert's last one (its open assignment).
 */
function review(
  roundId: number,
  ids: number[],
  { today, reviewDay, experts, complete }: { today: IsoDate; reviewDay: number; experts: User[]; complete: boolean },
) {
  const bureauUser = userNamed('bureau')
  const bureau = acting(bureauUser)
  expect(startRoundReview({ by: bureau, roundId, version: roundVersion(roundId), at: on(today, reviewDay) }), 'the review starts')
  ids.forEach((id, i) => {
    for (const expert of experts) {
      const assigned = expect(
        assignApplicationExpert({ by: bureau, applicationId: id, expertId: expert.id, version: version(id), at: on(today, reviewDay) }),
        `expert ${expert.username} is assigned`,
      )
      if (!assigned.ok) continue
      const last = i === ids.length - 1 && expert.username === 'expert'
      if (complete || !last) scoreAll(assigned.reviewId, roundId, acting(expert), 92 - i * 6, on(today, reviewDay + 3))
    }
  })
}

const RECOMMENDING: Story[] = [
  {
    name: '苏州吴中智造数据科技有限公司',
    lab: '苏州智能制造数据实验室',
    serial: 'MA1WJ0R01',
    office: 'wuzhong',
    direction: 2,
    contact: '陆工',
  },
  {
    name: '苏州园区金融数据服务有限公司',
    lab: '苏州金融数据融合实验室',
    serial: 'MA1YQ0R02',
    office: 'sip',
    direction: 6,
    contact: '顾经理',
  },
  {
    name: '苏州职业大学计算机工程学院',
    lab: '苏州职业教育数据实验室',
    serial: 'MB1JY0R03',
    office: 'edu',
    direction: 9,
    orgKind: 'university_college',
    contact: '钱老师',
  },
]
const REVIEWING: Story[] = [
  {
    name: '苏州昆山数联科技有限公司',
    lab: '苏州跨区域数据流通实验室',
    serial: 'MA1KX0P01',
    office: 'kunshan',
    direction: 1,
    contact: '朱经理',
  },
  {
    name: '苏州园区医疗数据科技有限公司',
    lab: '苏州医疗健康数据实验室',
    serial: 'MA1YQ0P02',
    office: 'sip',
    direction: 7,
    contact: '范经理',
  },
  {
    name: '苏州姑苏城市大脑科技有限公司',
    lab: '苏州城市治理数据实验室',
    serial: 'MA1GU0P03',
    office: 'gusu',
    direction: 4,
    contact: '吴经理',
  },
]
const CERTIFIED: Story[] = [
  {
    name: '苏州相城数据港科技有限公司',
    lab: '苏州数据要素流通实验室',
    serial: 'MA1XC0C01',
    office: 'sip',
    direction: 1,
    contact: '孙经理',
  },
  {
    name: '苏州姑苏智慧文保科技有限公司',
    lab: '苏州文物数字化保护实验室',
    serial: 'MA1GU0C02',
    office: 'gusu',
    direction: 11,
    contact: '杨经理',
  },
  {
    name: '苏州昆山智能网联科技有限公司',
    lab: '苏州智能网联汽车数据实验室',
    serial: 'MA1KX0C03',
    office: 'kunshan',
    direction: 5,
    contact: '蒋经理',
  },
]
const SHORTLISTED: Story[] = [
  { name: '苏州吴中文旅数据有限公司', lab: '苏州文旅数据实验室', serial: 'MA1WJ0N01', office: 'wuzhong', direction: 11, contact: '沈工' },
  {
    name: '苏州园区低空数据科技有限公司',
    lab: '苏州低空经济数据实验室',
    serial: 'MA1YQ0N02',
    office: 'sip',
    direction: 13,
    contact: '许经理',
  },
  {
    name: '苏州昆山工业互联科技有限公司',
    lab: '苏州工业互联网数据实验室',
    serial: 'MA1KX0N03',
    office: 'kunshan',
    direction: 2,
    contact: '戴经理',
  },
]

/** The rounds past the open one, each at its stage on `now`'s Shanghai day. */
export async function seedDemoRoundStages({ now }: { now: Date }) {
  if (!db().select().from(certificationRounds).get()) return
  const today = shanghaiDate(now)
  const bureauUser = userNamed('bureau')
  const bureau = acting(bureauUser)
  const departments = new Map(
    db()
      .select({ code: cityDepartments.code, id: cityDepartments.id })
      .from(cityDepartments)
      .all()
      .map((d) => [d.code, d.id]),
  )
  const experts = [userNamed('expert'), secondExpert(bureauUser.passwordHash, now)]
  const base = { today, passwordHash: bureauUser.passwordHash, departments }
  const stage = async (batch: number, stories: Story[], at: Stage, [apply, recommend]: [number, number]) => {
    const round = insertRound(today, batch, apply, recommend, bureau.id)
    const ids = stories.map((story, i) =>
      applyAndRecommend(story, {
        ...base,
        roundId: round.id,
        submitDay: apply - 4 + i,
        // the offices' stage: one application still awaits its office
        recommendDay: at === 'recommending' && i === 0 ? null : apply + 2,
      }),
    )
    if (at === 'recommending') return
    review(round.id, ids, { today, reviewDay: recommend + 2, experts, complete: at !== 'reviewing' })
    if (at === 'reviewing') return
    // the first two make the list; the third's scores fell short
    expect(
      takeShortlist({
        by: bureau,
        roundId: round.id,
        chosen: ids.slice(0, 2),
        version: roundVersion(round.id),
        at: on(today, recommend + 8),
      }),
      'the shortlist',
    )
    if (at === 'in_notice') {
      // published two days ago: the 7 working days run, and one objection awaits the bureau
      expect(publishShortlist({ by: bureau, roundId: round.id, at: on(today, -2) }), 'the publication')
      objectTo(ids[1], bureau, today)
      return
    }
    // published a month after the shortlist, certified when the notice was long over
    expect(publishShortlist({ by: bureau, roundId: round.id, at: on(today, recommend + 12) }), 'the publication')
    const certified = await certifyRound({ by: bureau, roundId: round.id, at: on(today, recommend + 40) })
    if (!certified.ok) throw new Error(`demo round stage: 授牌 was refused: ${JSON.stringify(certified)}`)
  }
  // 授牌 done: the first batch's two labs are in the registry, certified in the summer
  await stage(1, CERTIFIED, 'certified', [-190, -176])
  // 公示 running: the shortlist published two days ago with an objection pending
  await stage(2, SHORTLISTED, 'in_notice', [-70, -56])
  // the experts reviewing: both deadlines past, the demo expert with one application to score
  await stage(3, REVIEWING, 'reviewing', [-40, -26])
  // offices recommending: the applicants' deadline three days ago, the offices' in eleven
  await stage(4, RECOMMENDING, 'recommending', [-3, 11])
}

// An objection as the bureau records one it received: objections are dated on the app's clock
function objectTo(applicationId: number, bureau: ActingUser, today: IsoDate) {
  const notice = db()
    .select({ id: publicNotices.id })
    .from(publicNotices)
    .where(and(eq(publicNotices.subjectKind, 'application'), eq(publicNotices.subjectId, applicationId)))
    .get()!
  expect(
    recordObjection({
      by: bureau,
      noticeId: notice.id,
      raw: {
        receivedOn: addDays(today, -1),
        objector: '匿名',
        contact: '',
        content: '反映该单位申报材料中所列合作单位的合作协议尚未签署，请核实。',
      },
    }),
    'the objection',
  )
}

// A second expert for the round's panels, so each application has two reviews as the guide's
// expert review would; no organisation of an applicant's (评审回避).
function secondExpert(passwordHash: string, now: Date): User {
  const stamp = now.toISOString()
  return insertUser(db(), {
    username: 'expert-wang',
    displayName: '评审专家 王研究员',
    email: 'expert-wang@example.cn',
    role: 'expert',
    passwordHash,
    locale: 'zh',
    createdAt: stamp,
    updatedAt: stamp,
  })
}
