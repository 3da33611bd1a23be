import type { ThreadEntry } from '~/components/filings/thread-entry'
import type { GradeLabels } from '~/domain/grades'
import { formatShanghaiTime } from '~/domain/dates'
import { useT } from '~/i18n/use-t'
import { useGradeLabel } from '~/components/filings/grade-label'

// The review thread, oldest first as a conversation reads: each step, who took it, when, and
// what they wrote.
export function ReportThread({ events, grades }: { events: ThreadEntry[]; grades: readonly GradeLabels[] }) {
  const t = useT()
  const gradeLabel = useGradeLabel(grades)
  return (
    <section className="card" aria-labelledby="thread-title">
      <h2 id="thread-title" className="mb-3 font-semibold">
        {t('reports.thread.title')}
      </h2>
      {events.length === 0 ? <p className="text-sm text-slate-500">{t('reports.thread.empty')}</p> : null}
      <ol className="space-y-3" data-testid="report-thread">
        {events.map((e) => (
          <li key={e.id} className="border-l-2 border-slate-300 pl-3 text-sm" data-action={e.action}>
            <div className="flex flex-wrap gap-x-2 text-slate-600">
              <span className="font-medium text-slate-900">{t(`reports.thread.action.${e.action}`)}</span>
              <span>{e.actorName}</span>
              <time dateTime={e.at}>{formatShanghaiTime(e.at)}</time>
            </div>
            {e.grade ? <p>{t('reports.thread.grade', { grade: gradeLabel(e.grade) })}</p> : null}
            {e.districtOpinion ? (
              <p className="font-medium" data-opinion={e.districtOpinion}>
                {t(`filings.opinion.${e.districtOpinion}`)}
              </p>
            ) : null}
            {e.comment ? <p className="mt-1 whitespace-pre-line">{e.comment}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  )
}
