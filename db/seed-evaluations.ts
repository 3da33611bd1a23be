import { asc, eq } from 'drizzle-orm'
import { DEFAULT_ROUND_SETTINGS, publishProblems, type RoundSettings } from '~/domain/evaluation'
import { shanghaiDate } from '~/domain/dates'
import { adjustResult, openRound, publishRound, settingsOf } from '~/models/evaluations.server'
import type { ActingUser } from '~/models/result.server'
import { db } from '~/utils/db.server'
import { evaluationResults, evaluationRounds, users } from './schema'
import type { EvaluationGrade } from './schema/enums'

/**
 * The demo's annual evaluations (issue 16, part 5), made by the functions the pages use, as the
 * bureau's demo account: last year's round opened, two grades adjusted with reasons (one up, one
 * down, so the caps still hold) and published, which tells every lab its result; this year's
 * round opened with other weights and one grade adjusted, still open. Runs after the compliance
 * history is seeded (its months are scored), on the app's database handle, like
 * seedComplianceHistory. Returns the rounds' ids.
 */
export function seedDemoEvaluations({ now }: { now: Date }): { published: number; open: number } {
  const bureau = db().select().from(users).where(eq(users.username, 'bureau')).get()
  if (!bureau) throw new Error('seedDemoEvaluations: the demo bureau account is missing')
  const by: ActingUser = { id: bureau.id, role: 'bureau', districtCode: null, labId: null, displayName: bureau.displayName }
  const year = Number(shanghaiDate(now).slice(0, 4))

  const last = open(by, year - 1, DEFAULT_ROUND_SETTINGS, now)
  adjust(by, last, now, [
    { from: 'good', to: 'pass', reason: '年度报告中成果转化金额与合同不符，经复核下调一档。' },
    { from: 'pass', to: 'good', reason: '承担市级重点应用场景并按期交付，经局务会研究上调一档。' },
  ])
  // a lab the record could not score is graded by hand, as the bureau must before publishing
  for (const r of resultsOf(last).filter((x) => x.finalGrade === null)) setGrade(by, last, r, 'pass', '当年记录不足，按合格认定。', now)
  const round = db().select().from(evaluationRounds).where(eq(evaluationRounds.id, last)).get()!
  const published = publishRound({ by, roundId: last, version: round.rowVersion, at: now })
  if (!published.ok) throw new Error(`seedDemoEvaluations: publishing ${year - 1} was refused: ${JSON.stringify(published)}`)

  const current = open(by, year, { ...DEFAULT_ROUND_SETTINGS, report: 25, plan: 35 }, now)
  adjust(by, current, now, [{ from: 'fail', to: 'pass', reason: '较大事件已于年内整改闭环并通过复查。' }])
  return { published: last, open: current }
}

function open(by: ActingUser, year: number, settings: RoundSettings, at: Date): number {
  const raw = Object.fromEntries([['year', String(year)], ...Object.entries(settings).map(([k, v]) => [k, String(v)])])
  const opened = openRound({ by, raw, at })
  if (!opened.ok) throw new Error(`seedDemoEvaluations: opening ${year} was refused: ${JSON.stringify(opened)}`)
  return opened.roundId
}

const resultsOf = (roundId: number) =>
  db().select().from(evaluationResults).where(eq(evaluationResults.roundId, roundId)).orderBy(asc(evaluationResults.rank)).all()

function setGrade(
  by: ActingUser,
  roundId: number,
  r: { id: number; rowVersion: number },
  grade: EvaluationGrade,
  reason: string,
  at: Date,
) {
  const done = adjustResult({ by, roundId, raw: { resultId: String(r.id), grade, reason }, version: r.rowVersion, at })
  if (!done.ok) throw new Error(`seedDemoEvaluations: adjusting was refused: ${JSON.stringify(done)}`)
}

// Each change moves a lab proposed `from` to `to` (a step down the lowest-ranked such lab, a step
// up the highest-ranked), unless that would break the caps.
const ORDER: readonly EvaluationGrade[] = ['excellent', 'good', 'pass', 'fail']
function adjust(by: ActingUser, roundId: number, at: Date, changes: { from: EvaluationGrade; to: EvaluationGrade; reason: string }[]) {
  const caps = settingsOf(db().select().from(evaluationRounds).where(eq(evaluationRounds.id, roundId)).get()!)
  for (const change of changes) {
    const rows = resultsOf(roundId)
    const candidates = rows.filter((r) => r.finalGrade === change.from && r.adjustedAt === null)
    const down = ORDER.indexOf(change.to) > ORDER.indexOf(change.from)
    const target = down ? candidates.at(-1) : candidates[0]
    if (!target) continue
    const after = rows.map((r) => (r.id === target.id ? change.to : r.finalGrade))
    const before = rows.map((r) => r.finalGrade)
    // never leave the caps broken by the demo's own hand
    if (publishProblems(after, caps).length > publishProblems(before, caps).length) continue
    setGrade(by, roundId, target, change.to, change.reason, at)
  }
}
