import type { RosterSnapshot } from '~/domain/annual-report'
import { useT } from '~/i18n/use-t'
import { TableScroll } from '~/components/ui/table-scroll'

// The roster beside the team-changes section: the snapshot taken at submission (or the live
// roster while the lab writes), its thresholds, and who joined or left since the previous report.
export function RosterSummary({
  roster,
  state,
  changes,
  expanded = false,
}: {
  roster: RosterSnapshot
  state: 'snapshot' | 'live' | 'missing'
  changes: { joined: string[]; left: string[] } | null
  expanded?: boolean
}) {
  const t = useT()
  const { thresholds } = roster
  const active = roster.members.filter((m) => m.active)
  const sep = t('reports.roster.separator')
  const met = (ok: boolean) => (
    <span className={ok ? 'text-green-700' : 'font-medium text-red-700'}>{t(ok ? 'labs.threshold.met' : 'labs.threshold.notMet')}</span>
  )
  const table = (
    <TableScroll>
      <table className="report-table mt-2 w-full border-collapse text-sm">
        <thead>
          <tr>
            {(['team.name', 'team.titleLevel', 'team.degree', 'team.role'] as const).map((k) => (
              <th key={k} className="border border-slate-300 bg-slate-50 px-2 py-1 text-left font-medium">
                {t(k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {active.map((m) => (
            <tr key={m.id}>
              <td className="border border-slate-300 px-2 py-1">{m.name}</td>
              <td className="border border-slate-300 px-2 py-1">{t(`title.${m.titleLevel}`)}</td>
              <td className="border border-slate-300 px-2 py-1">{t(`degree.${m.degree}`)}</td>
              <td className="border border-slate-300 px-2 py-1">{t(`teamRole.${m.role}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
  return (
    <div className="rounded border border-slate-200 p-3 text-sm" data-testid="roster-summary">
      <h3 className="font-medium">
        {state === 'snapshot' ? t('reports.roster.snapshot', { date: roster.takenOn }) : t('reports.roster.live')}
      </h3>
      {state === 'missing' ? <p className="text-amber-700">{t('reports.roster.missing')}</p> : null}
      <ul className="mt-1 space-y-0.5">
        <li>
          {t('labs.threshold.headcount', { n: thresholds.headcount, min: thresholds.minHeadcount })} · {met(thresholds.meetsHeadcount)}
        </li>
        <li>
          {t('labs.threshold.qualified', { n: thresholds.qualifiedCount, min: thresholds.minQualified })} · {met(thresholds.meetsQualified)}
        </li>
      </ul>
      {changes ? (
        <ul className="mt-2 space-y-0.5 text-slate-700" data-testid="roster-changes">
          {changes.joined.length === 0 && changes.left.length === 0 ? <li>{t('reports.roster.noChanges')}</li> : null}
          {changes.joined.length ? <li>{t('reports.roster.joined', { names: changes.joined.join(sep) })}</li> : null}
          {changes.left.length ? <li>{t('reports.roster.left', { names: changes.left.join(sep) })}</li> : null}
        </ul>
      ) : null}
      {expanded ? (
        table
      ) : (
        <details className="mt-2">
          <summary className="cursor-pointer text-sky-700">{t('reports.roster.show', { n: active.length })}</summary>
          <p className="mt-1 text-xs text-slate-500">{t('reports.roster.activeOnly')}</p>
          {table}
        </details>
      )}
    </div>
  )
}
