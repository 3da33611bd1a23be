import { shanghaiDate } from '~/domain/dates'
import { refreshCompliance } from '~/models/compliance.server'
import { recordUnappliedNotRenewed } from '~/models/renewals.server'
import type { Job } from './job'
import { inRolledBackTransaction } from './rolled-back'

// Re-evaluates every lab for the day just begun, so statuses that change with the date alone
// (a period entering its last months, a filing now overdue) are stored before anyone reads them.
// The first request of a day would do the same (ensureComplianceFresh); this run makes it not
// depend on traffic and records the result. Before it, labs that never applied for renewal are
// recorded as not renewed when the bureau's settings say so (issue 8; off by default). Dry run:
// evaluates and counts, stores nothing.
export const complianceJob: Job = {
  name: 'compliance',
  cron: '10 0 * * *',
  description: 'Re-evaluate every lab for the day (stored compliance results and this month’s history)',
  lockTtlMs: 30 * 60 * 1000,
  run({ now, dryRun }) {
    const today = shanghaiDate(now)
    const evaluate = () => {
      const notRenewed = recordUnappliedNotRenewed({ day: today })
      return { ...refreshCompliance({ today }), notRenewed }
    }
    const result = dryRun ? inRolledBackTransaction(evaluate) : evaluate()
    return { checked: result.labs, failing: result.failing, notRenewed: result.notRenewed, today }
  },
}
