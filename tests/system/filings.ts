import { dbQuery } from './http'

// What a lab files in the system tests: the demo lab account's lab, a completion date inside its
// current validity period, and a deliverable's fields.

export function labIdOf(dataDir: string, username: string): number {
  return dbQuery<{ labId: number }>(dataDir, 'SELECT lab_id AS labId FROM users WHERE username = ?', username)[0].labId
}

function shanghaiDay(offsetDays: number) {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10)
}

/** Yesterday, or the current period's first day when it started today. */
export function completedOnFor(dataDir: string, labId: number): string {
  const yesterday = shanghaiDay(-1)
  const [period] = dbQuery<{ start: string }>(
    dataDir,
    'SELECT start_date AS start FROM validity_periods WHERE lab_id = ? AND start_date <= ? ORDER BY start_date DESC LIMIT 1',
    labId,
    shanghaiDay(0),
  )
  return period && period.start > yesterday ? period.start : yesterday
}

export function deliverableFields(dataDir: string, labId: number, title: string): Record<string, string> {
  return {
    type: 'report',
    forms: 'data',
    title,
    summary: '系统测试提交的年度成果',
    completedOn: completedOnFor(dataDir, labId),
    transferStatus: 'none',
  }
}
