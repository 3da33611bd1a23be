import { asc, eq } from 'drizzle-orm'
import { DEFAULT_DUE_TIME, parseDeadline } from '~/domain/certification/round-dates'
import { addDays, type IsoDate } from '~/domain/dates'
import { makeUscc } from '~/domain/uscc'
import { insertUser } from './factories'
import type { Db } from './client.server'
import { applicants, certificationRounds, cityDepartments, reviewCriteria, roundCriteria, roundOfficeQuotas } from './schema'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

// The demo's certification round (issue 21): the city departments that recommend beside the
// districts, and this year's round open for applications (applications come next session).
export const DEMO_DEPARTMENTS = [
  { code: 'edu', nameZh: '市教育局', nameEn: 'Suzhou Municipal Education Bureau' },
  { code: 'sci', nameZh: '市科技局', nameEn: 'Suzhou Municipal Science and Technology Bureau' },
  { code: 'miit', nameZh: '市工信局', nameEn: 'Suzhou Municipal Industry and Information Technology Bureau' },
  { code: 'health', nameZh: '市卫健委', nameEn: 'Suzhou Municipal Health Commission' },
] as const

export function insertDemoRound(
  tx: Tx,
  { today, bureauId, stamp, passwordHash }: { today: IsoDate; bureauId: number; stamp: string; passwordHash: string },
) {
  const departments = DEMO_DEPARTMENTS.map((d) =>
    tx
      .insert(cityDepartments)
      .values({ ...d, createdAt: stamp, updatedAt: stamp })
      .returning({ id: cityDepartments.id, code: cityDepartments.code })
      .get(),
  )
  const year = Number(today.slice(0, 4))
  // open: applications due in three weeks at the guide's 17:00, the offices' two weeks after
  const round = tx
    .insert(certificationRounds)
    .values({
      year,
      nameZh: `${year}年度苏州市大数据创新应用实验室申报`,
      nameEn: `${year} Suzhou Big Data Innovation Application Laboratory call`,
      applicationsDueAt: parseDeadline(`${addDays(today, 21)}T${DEFAULT_DUE_TIME}`)!,
      recommendationsDueAt: parseDeadline(`${addDays(today, 35)}T${DEFAULT_DUE_TIME}`)!,
      createdBy: bureauId,
      createdAt: stamp,
      updatedAt: stamp,
      updatedBy: bureauId,
    })
    .returning({ id: certificationRounds.id })
    .get()
  copyActiveCriteria(tx, round.id)
  // the industrial park applies most: the bureau gave it one more this round
  tx.insert(roundOfficeQuotas).values({ roundId: round.id, districtCode: '320571', quota: 4 }).run()
  // and the health commission none, having no eligible institution this year
  const health = departments.find((d) => d.code === 'health')!
  tx.insert(roundOfficeQuotas).values({ roundId: round.id, departmentId: health.id, quota: 0 }).run()
  insertDemoRoundAccounts(tx, { departmentId: departments.find((d) => d.code === 'edu')!.id, bureauId, stamp, passwordHash })
  return round.id
}

// The round's demo accounts (issue 21): 市教育局's office ('edu'), a confirmed applicant of 姑苏区
// ('applicant') and a registration awaiting 姑苏区's confirmation.
function insertDemoRoundAccounts(
  tx: Tx,
  { departmentId, bureauId, stamp, passwordHash }: { departmentId: number; bureauId: number; stamp: string; passwordHash: string },
) {
  const user = { passwordHash, locale: 'zh' as const, createdAt: stamp, updatedAt: stamp }
  insertUser(tx, {
    ...user,
    username: 'edu',
    displayName: '市教育局 科技处 周老师',
    email: 'edu@example.cn',
    role: 'department',
    departmentId,
  })
  const applicant = (name: string, serial: string, contactName: string, status: 'confirmed' | 'pending') =>
    tx
      .insert(applicants)
      .values({
        name,
        uscc: makeUscc({ authority: '9', kind: '1', region: '320508', serial }),
        orgKind: 'enterprise',
        officeDistrictCode: '320508',
        contactName,
        contactPhone: '0512-65230000',
        contactEmail: `${serial.toLowerCase()}@example.cn`,
        status,
        decidedBy: status === 'confirmed' ? bureauId : null,
        decidedAt: status === 'confirmed' ? stamp : null,
        createdAt: stamp,
        updatedAt: stamp,
      })
      .returning({ id: applicants.id })
      .get().id
  const confirmed = applicant('苏州姑苏数智科技有限公司', 'MA1GUNT01', '沈经理', 'confirmed')
  insertUser(tx, {
    ...user,
    username: 'applicant',
    displayName: '沈经理（苏州姑苏数智科技有限公司）',
    email: 'applicant@example.cn',
    role: 'applicant',
    applicantId: confirmed,
  })
  const pending = applicant('苏州平江数据服务有限公司', 'MA1GUNT02', '陆女士', 'pending')
  insertUser(tx, {
    ...user,
    username: 'pingjiang',
    displayName: '陆女士（苏州平江数据服务有限公司）',
    email: 'pingjiang@example.cn',
    role: 'applicant',
    applicantId: pending,
  })
}

/** The round's own criteria, copied from the active renewal criteria as /rounds/new does. */
export function copyActiveCriteria(tx: Pick<Tx, 'select' | 'insert'>, roundId: number) {
  const criteria = tx
    .select({ labelZh: reviewCriteria.labelZh, labelEn: reviewCriteria.labelEn, weight: reviewCriteria.weight })
    .from(reviewCriteria)
    .where(eq(reviewCriteria.active, true))
    .orderBy(asc(reviewCriteria.position))
    .all()
  criteria.forEach((c, i) =>
    tx
      .insert(roundCriteria)
      .values({ ...c, roundId, position: i + 1 })
      .run(),
  )
}
