import { useGradeLabel } from '~/components/filings/grade-label'
import type { ThreadEntry } from '~/components/filings/thread-entry'
import { formatShanghaiTime } from '~/domain/dates'
import type { GradeLabels } from '~/domain/grades'
import { useT } from '~/i18n/use-t'
import { FilingStatusBadge } from './filing-status-badge'

// The review thread, oldest first as a conversation reads: who did what, when, and what they said.
export function FilingThread({ entries, grades }: { entries: ThreadEntry[]; grades: readonly GradeLabels[] }) {
  const t = useT()
  const gradeLabel = useGradeLabel(grades)
  if (entries.length === 0) return <p className="text-sm text-slate-600">{t('deliverables.thread.empty')}</p>
  return (
    <ol className="space-y-3" data-testid="filing-thread">
      {entries.map((e) => (
        <li key={e.id} className="border-l-2 border-slate-200 pl-3" data-action={e.action}>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{t(`deliverables.action.${e.action}`)}</span>
            {e.fromStatus !== e.toStatus ? <FilingStatusBadge status={e.toStatus} /> : null}
            <span className="text-slate-600">{e.actorName}</span>
            <time className="token tabular-nums text-slate-500" dateTime={e.at}>
              {formatShanghaiTime(e.at)}
            </time>
          </div>
          {e.grade ? <p className="text-sm">{t('deliverables.thread.grade', { grade: gradeLabel(e.grade) })}</p> : null}
          {e.districtOpinion ? (
            <p className="text-sm font-medium" data-opinion={e.districtOpinion}>
              {t(`filings.opinion.${e.districtOpinion}`)}
            </p>
          ) : null}
          {e.comment ? <p className="mt-1 whitespace-pre-line text-sm text-slate-800">{e.comment}</p> : null}
        </li>
      ))}
    </ol>
  )
}
