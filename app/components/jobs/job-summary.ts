import { formatNumber } from '~/domain/numbers'
import { isMessageKey, type Translate } from '~/i18n'

// What a job run reports (jobs/*.ts return a summary object) as a person reads it: each figure by
// its name in the reader's language (已检查 40 · 已发送 3), never its key (checked: 40). A key a newer
// job adds before it has a message shows as stored; tests/jobs/job-summary.test.ts runs every job
// and requires a name for each key it reports.

export function summaryText(t: Translate, summary: Record<string, unknown> | null): string {
  if (!summary) return '—'
  return Object.entries(summary)
    .map(([key, value]) => {
      const name = `jobs.summary.${key}`
      const shown = typeof value === 'number' ? formatNumber(value) : String(value)
      return isMessageKey(name) ? t(name, { value: shown }) : `${key}: ${shown}`
    })
    .join(' · ')
}
