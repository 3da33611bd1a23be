// Demo indicator plans (issue 16, part 1): every period that has begun gets a plan. Past periods'
// plans and most current ones are approved; the demo lab's current plan is submitted and waits
// for the bureau, the second demo lab's was returned with a reason. Every open renewal application
// proposes the next period's plan (insertProposedPlans). Targets are whole numbers
// (万元 as yuan), drawn from their own PRNG stream so the other demo data does not move.
import type { Db } from './client.server'
import { addDays, type IsoDate } from '~/domain/dates'
import { BUILTIN_INDICATORS } from '~/domain/indicators'
import { indicatorPlans, indicatorTargets } from './schema'
import type { PlanStatus, RenewalStatus } from './schema/enums'
import { createRng } from './seed-rng'

const PLANS_SEED = 20261216

// a plausible two-year range per built-in indicator (money in yuan: 50–800 万元)
const RANGES: Record<(typeof BUILTIN_INDICATORS)[number]['key'], [number, number]> = {
  scenarios: [2, 8],
  algorithms: [2, 10],
  datasets: [1, 6],
  products: [1, 4],
  invention_patents: [2, 12],
  other_ip: [0, 5],
  software_copyrights: [3, 15],
  standards: [0, 3],
  papers: [4, 20],
  people_trained: [10, 60],
  transfers: [1, 6],
  transfer_value: [500_000, 8_000_000],
}

export type PlanLab = {
  labId: number
  // the account that submits for the lab (a demo lab account), or the bureau for the rest
  submittedBy: number
  periods: { id: number; startDate: IsoDate }[]
  // the period in force, whose plan may follow a story
  inForceId: number | null
  story?: 'submitted' | 'returned'
}

// Proposed plans have their own stream: adding them moves none of the period plans' targets.
const PROPOSED_SEED = 20261217

function targetsFor(rng: ReturnType<typeof createRng>, planId: number) {
  return BUILTIN_INDICATORS.flatMap((i) => {
    const [min, max] = RANGES[i.key]
    const value = i.unit === 'yuan' ? rng.int(min / 10_000, max / 10_000) * 10_000 : rng.int(min, max)
    return value > 0 ? [{ planId, indicatorKey: i.key, target: value }] : []
  })
}

export type ProposingRenewal = {
  renewalId: number
  labId: number
  status: RenewalStatus
  submittedAt: string | null
  updatedAt: string
  submittedBy: number
}

/**
 * The next period's plans the open renewal applications propose (issue 16): a draft beside a draft
 * application, submitted and awaiting the bureau beside an application waiting for it or with the
 * expert, approved beside one renewed after rectification (to be carried into the next period when
 * the re-check renews it). Returns how many it wrote.
 */
export function insertProposedPlans(
  tx: Pick<Db, 'insert'>,
  { renewals, bureauId }: { renewals: ProposingRenewal[]; bureauId: number },
): number {
  const rng = createRng(PROPOSED_SEED)
  let n = 0
  for (const r of renewals) {
    if (r.status === 'decided') continue
    const status: PlanStatus = r.status === 'draft' ? 'draft' : r.status === 'rectifying' ? 'approved' : 'submitted'
    const submittedAt = status === 'draft' ? null : (r.submittedAt ?? r.updatedAt)
    const decidedAt = status === 'approved' ? r.updatedAt : null
    const plan = tx
      .insert(indicatorPlans)
      .values({
        labId: r.labId,
        periodId: null,
        renewalId: r.renewalId,
        status,
        submittedAt,
        submittedBy: submittedAt ? r.submittedBy : null,
        decidedAt,
        decidedBy: decidedAt ? bureauId : null,
        createdAt: submittedAt ?? r.updatedAt,
        updatedAt: decidedAt ?? submittedAt ?? r.updatedAt,
      })
      .returning({ id: indicatorPlans.id })
      .get()
    tx.insert(indicatorTargets).values(targetsFor(rng, plan.id)).run()
    n++
  }
  return n
}

export function insertIndicatorPlans(
  tx: Pick<Db, 'insert'>,
  { labs, today, bureauId }: { labs: PlanLab[]; today: IsoDate; bureauId: number },
): number {
  const rng = createRng(PLANS_SEED)
  let n = 0
  for (const lab of labs) {
    for (const period of lab.periods) {
      if (period.startDate > today) continue
      const story = period.id === lab.inForceId ? lab.story : undefined
      const status: PlanStatus = story ?? 'approved'
      const submittedOn = addDays(period.startDate, 20)
      const decidedOn = addDays(period.startDate, 35)
      const at = (day: IsoDate) => new Date(`${day}T06:00:00Z`).toISOString()
      const submittedAt = at(submittedOn <= today ? submittedOn : today)
      const decided = status === 'approved' || status === 'returned'
      const decidedAt = decided ? at(decidedOn <= today ? decidedOn : today) : null
      const plan = tx
        .insert(indicatorPlans)
        .values({
          labId: lab.labId,
          periodId: period.id,
          status,
          returnReason: status === 'returned' ? '成果转化金额目标与上一有效期实际差距较大，请补充测算依据后重新提交。' : '',
          submittedAt,
          submittedBy: lab.submittedBy,
          decidedAt,
          decidedBy: decided ? bureauId : null,
          createdAt: submittedAt,
          updatedAt: decidedAt ?? submittedAt,
        })
        .returning({ id: indicatorPlans.id })
        .get()
      tx.insert(indicatorTargets).values(targetsFor(rng, plan.id)).run()
      n++
    }
  }
  return n
}
