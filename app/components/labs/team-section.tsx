import { Link } from '@remix-run/react'
import type { TeamThresholds } from '~/domain/team'
import { isQualifiedResearcher } from '~/domain/team'
import { useT } from '~/i18n/use-t'
import type { TeamMember } from '~db/schema'

// The lab page's roster with the guide's thresholds; the roster is edited on the team page.
export function TeamSection({ team, thresholds, canEditTeam }: { team: TeamMember[]; thresholds: TeamThresholds; canEditTeam: boolean }) {
  const t = useT()
  return (
    <section className="card" id="team">
      <div className="mb-3 flex items-center gap-3">
        <h2 className="font-semibold">{t('labs.section.team')}</h2>
        {canEditTeam ? (
          <Link to="team" className="btn ml-auto">
            {t('team.manage')}
          </Link>
        ) : null}
      </div>
      <ul className="mb-3 space-y-1 text-sm" data-testid="thresholds">
        <Threshold
          label={t('labs.threshold.headcount', { n: thresholds.headcount, min: thresholds.minHeadcount })}
          met={thresholds.meetsHeadcount}
        />
        <Threshold
          label={t('labs.threshold.qualified', { n: thresholds.qualifiedCount, min: thresholds.minQualified })}
          met={thresholds.meetsQualified}
        />
      </ul>
      {team.length === 0 ? (
        <p className="text-sm text-slate-600">{t('team.empty')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="min-w-full">
            <thead>
              <tr>
                <th className="th">{t('team.name')}</th>
                <th className="th">{t('team.role')}</th>
                <th className="th">{t('team.titleLevel')}</th>
                <th className="th">{t('team.degree')}</th>
                <th className="th">{t('team.active')}</th>
              </tr>
            </thead>
            <tbody>
              {team.map((m) => (
                <tr key={m.id} className={m.active ? '' : 'text-slate-400'}>
                  <td className="td">
                    {m.name}
                    {isQualifiedResearcher(m) ? (
                      <span className="ml-1 text-xs text-sky-700" title={t('team.qualified')}>
                        ★
                      </span>
                    ) : null}
                  </td>
                  <td className="td">{t(`teamRole.${m.role}`)}</td>
                  <td className="td">{t(`title.${m.titleLevel}`)}</td>
                  <td className="td">{t(`degree.${m.degree}`)}</td>
                  <td className="td">{m.active ? t('team.active') : t('team.left')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function Threshold({ label, met }: { label: string; met: boolean }) {
  const t = useT()
  return (
    <li className="flex items-center gap-2" data-met={met}>
      <span className={`rounded px-2 py-0.5 text-xs font-medium text-white ${met ? 'bg-green-700' : 'bg-red-700'}`}>
        {met ? t('labs.threshold.met') : t('labs.threshold.notMet')}
      </span>
      {label}
    </li>
  )
}
