import { asc, eq } from 'drizzle-orm'
import { DEFAULT_DUE_TIME, parseDeadline } from '~/domain/certification/round-dates'
import { addDays, type IsoDate } from '~/domain/dates'
import type { Db } from './client.server'
import { certificationRounds, cityDepartments, reviewCriteria, roundCriteria, roundOfficeQuotas } from './schema'

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

// The demo's certification round (issue 21): the city departments that recommend beside the
// districts, and this year's round open for applications (applications come next session).
export const DEMO_DEPARTMENTS = [
  { code: 'edu', nameZh: '市教育局', nameEn: 'Suzhou Municipal Education Bureau' },
  { code: 'sci', nameZh: '市科技局', nameEn: 'Suzhou Municipal Science and Technology Bureau' },
  { code: 'miit', nameZh: '市工信局', nameEn: 'Suzhou Municipal Industry and Information Technology Bureau' },
  { code: 'health', nameZh: '市卫健委', nameEn: 'Suzhou Municipal Health Commission' },
] as const

export function insertDemoRound(tx: Tx, { today, bureauId, stamp }: { today: IsoDate; bureauId: number; stamp: string }) {
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
  const criteria = tx
    .select({ labelZh: reviewCriteria.labelZh, labelEn: reviewCriteria.labelEn, weight: reviewCriteria.weight })
    .from(reviewCriteria)
    .where(eq(reviewCriteria.active, true))
    .orderBy(asc(reviewCriteria.position))
    .all()
  criteria.forEach((c, i) =>
    tx
      .insert(roundCriteria)
      .values({ ...c, roundId: round.id, position: i + 1 })
      .run(),
  )
  // the industrial park applies most: the bureau gave it one more this round
  tx.insert(roundOfficeQuotas).values({ roundId: round.id, districtCode: '320571', quota: 4 }).run()
  // and the health commission none, having no eligible institution this year
  const health = departments.find((d) => d.code === 'health')!
  tx.insert(roundOfficeQuotas).values({ roundId: round.id, departmentId: health.id, quota: 0 }).run()
  return round.id
}
