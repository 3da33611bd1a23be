import type { DueStatus } from '~/domain/status-language'
import { useT } from '~/i18n/use-t'

// The one status language's words and colours (docs/status-language.md): red only for overdue,
// amber for due soon and for filed late, grey for an ended period's history.
const TONE: Record<DueStatus['state'], string> = {
  open: 'text-slate-600',
  due_soon: 'bg-amber-100 text-amber-900',
  overdue: 'bg-red-100 text-red-800',
  done: 'text-green-800',
  done_late: 'bg-amber-100 text-amber-900',
  closed_met: 'bg-slate-100 text-slate-700',
  closed_met_late: 'bg-slate-100 text-slate-700',
  closed_not_met: 'bg-slate-100 text-slate-700',
}

export function DueStateTag({ status }: { status: DueStatus }) {
  const t = useT()
  return (
    <span className={`rounded px-1.5 text-xs font-medium ${TONE[status.state]}`} data-testid="due-state" data-state={status.state}>
      {t(`status.${status.state}`, { days: status.days })}
    </span>
  )
}

/** 逾期提交: a filing first submitted after its due date, with how late. */
export function FiledLateTag({ days }: { days: number | null }) {
  const t = useT()
  if (days === null) return null
  return (
    <span className="rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900" data-testid="filed-late" data-days={days}>
      {t('status.filedLateDays', { days })}
    </span>
  )
}
