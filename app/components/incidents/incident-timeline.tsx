import type { IncidentStatus } from '~db/schema/enums'
import { formatShanghaiMinute } from '~/domain/dates'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { IncidentTimelineEntry } from '~/models/incidents.server'

// The incident's story, oldest first: the report, each step with its note, notes, grade corrections.
export function IncidentTimeline({ entries }: { entries: IncidentTimelineEntry[] }) {
  const t = useT()
  const status = (s: IncidentStatus | null) => (s ? t(`incidents.status.${s}`) : '')
  const grade = (g: IncidentTimelineEntry['fromGrade']) => (g ? t(`incidents.grade.${g}`) : '—')
  const title = (e: IncidentTimelineEntry): [MessageKey, Record<string, string>] => {
    switch (e.kind) {
      case 'reported':
        return ['incidents.timeline.reported', {}]
      case 'step':
        return ['incidents.timeline.step', { from: status(e.fromStatus), to: status(e.toStatus) }]
      case 'note':
        return ['incidents.timeline.note', { status: status(e.toStatus) }]
      case 'regrade':
        return ['incidents.timeline.regrade', { from: grade(e.fromGrade), to: grade(e.toGrade) }]
    }
  }
  return (
    <ol className="space-y-3" data-testid="incident-timeline">
      {entries.map((e) => {
        const [key, vars] = title(e)
        return (
          <li key={e.id} className="border-l-2 border-slate-300 pl-3" data-kind={e.kind} data-to={e.toStatus ?? undefined}>
            <div className="text-xs tabular-nums text-slate-500">
              <time dateTime={e.at}>{formatShanghaiMinute(e.at)}</time> · {t('incidents.timeline.by', { actor: e.actorName })}
            </div>
            <div className="text-sm font-medium">{t(key, vars)}</div>
            {e.note ? <p className="whitespace-pre-line text-sm text-slate-700">{e.note}</p> : null}
          </li>
        )
      })}
    </ol>
  )
}
