import { formatWan } from '~/domain/money'
import { lineProgress, linesBehind } from '~/domain/progress'
import { validityYears } from '~/domain/validity'
import type { Check, CheckOutcome, NamedPlanLine } from './types'

// 任务指标完成情况 (issue 16, part 3): a lab with an APPROVED indicator plan for its period in
// force is warned of each indicator behind the bureau's thresholds (settings planYear1Percent and
// planEndPercent): after validity year 1 has ended, a year-1 figure under that share of the
// target; after the period has ended, a period figure under the other share. What counts as
// achieved is the progress rule's (app/domain/progress.ts), the same the plan page shows.
const UNIT_ZH = { count: '项', people: '人', yuan: '万元' } as const
const UNIT_EN = { count: '', people: ' people', yuan: ' (10k yuan)' } as const

export const planProgressCheck: Check = (facts, { today, settings }) => {
  const p = facts.planProgress
  if (!p) return []
  const fixPath = `/labs/${facts.labId}/plan#progress`
  const yearOneEnd = validityYears(p.period)[0].endDate
  const stage = today > p.period.endDate ? 'end' : today > yearOneEnd ? 'year1' : null
  if (!stage)
    return [
      {
        checkId: 'plan_progress',
        subject: '',
        result: 'ok',
        reason: { key: 'compliance.planProgress.notYet', params: { date: yearOneEnd } },
        concernsDate: yearOneEnd,
        fixPath,
      },
    ]
  const concernsDate = stage === 'end' ? p.period.endDate : yearOneEnd
  const percent = stage === 'end' ? settings.planEndPercent : settings.planYear1Percent
  const behind = linesBehind(lineProgress(p.lines, p.items, p.declarations), {
    stage,
    year1Percent: settings.planYear1Percent,
    endPercent: settings.planEndPercent,
  })
  if (behind.length === 0)
    return [
      {
        checkId: 'plan_progress',
        subject: '',
        result: 'ok',
        reason: { key: stage === 'end' ? 'compliance.planProgress.okEnd' : 'compliance.planProgress.okYear1', params: { percent } },
        concernsDate,
        fixPath,
      },
    ]
  const lineOf = new Map(p.lines.map((l) => [l.field, l]))
  return behind.map((b): CheckOutcome => {
    const line = lineOf.get(b.field)!
    return {
      checkId: 'plan_progress',
      // one warning per indicator: the plan line's field (a built-in key, or c<id>)
      subject: b.field,
      result: 'warning',
      reason: {
        key: stage === 'end' ? 'compliance.planProgress.behindEnd' : 'compliance.planProgress.behindYear1',
        params: {
          indicatorZh: line.nameZh,
          indicatorEn: line.nameEn,
          achieved: figure(line, b.achieved),
          minimum: figure(line, b.minimum),
          target: figure(line, b.target),
          unitZh: UNIT_ZH[line.unit],
          unitEn: UNIT_EN[line.unit],
          percent,
        },
      },
      concernsDate,
      fixPath,
    }
  })
}

// money is kept in yuan and read in 万元
const figure = (line: NamedPlanLine, n: number) => (line.unit === 'yuan' ? formatWan(n) : String(n))
