import { useT } from '~/i18n/use-t'
import type { HelpPage } from '~/routes/help'

// The deadlines of the role shown, with the numbers the rules use now, and for a lab account its
// own lab's next dates from the ledger.
export function DeadlinesSection({ page }: { page: Pick<HelpPage, 'role' | 'deadlines' | 'requestRules' | 'ownLab'> }) {
  const t = useT()
  return (
    <section className="card space-y-3" aria-labelledby="help-deadlines">
      <h2 id="help-deadlines" className="font-semibold">
        {t('help.deadlinesTitle')}
      </h2>
      {page.ownLab ? <OwnLab own={page.ownLab} /> : null}
      {page.deadlines.length > 0 ? (
        <>
          <p className="text-sm text-slate-600">{t('help.deadlinesNote')}</p>
          <ul className="list-disc space-y-1 pl-5" data-testid="help-deadlines">
            {page.deadlines.map((d) => (
              <li key={d.key} data-deadline={d.key}>
                {t(d.key, d.vars)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p data-testid="help-no-deadlines">{t('help.noDeadlines')}</p>
      )}
      {page.requestRules ? (
        <div className="table-scroll" tabIndex={0}>
          <table className="min-w-full text-sm" data-testid="help-request-rules">
            <caption className="mb-1 text-left font-medium">{t('help.requestRules.title')}</caption>
            <thead>
              <tr className="text-left text-slate-600">
                <th className="py-1 pr-4 font-medium">{t('help.requestRules.type')}</th>
                <th className="py-1 pr-4 font-medium">{t('help.requestRules.days')}</th>
                <th className="py-1 font-medium">{t('help.requestRules.opinion')}</th>
              </tr>
            </thead>
            <tbody>
              {page.requestRules.map((rule) => (
                <tr key={rule.type} className="border-t border-slate-200" data-type={rule.type}>
                  <td className="py-1 pr-4">{t(`requests.type.${rule.type}`)}</td>
                  <td className="whitespace-nowrap py-1 pr-4">{t('help.requestRules.daysValue', { days: rule.decisionDays })}</td>
                  <td className="py-1">{t(rule.districtOpinion ? 'help.requestRules.opinionYes' : 'help.requestRules.opinionNo')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  )
}

function OwnLab({ own }: { own: NonNullable<HelpPage['ownLab']> }) {
  const t = useT()
  return (
    <div className="rounded border border-sky-200 bg-sky-50 p-3" data-testid="help-own-lab">
      <h3 className="mb-1 font-medium">
        {t('help.ownTitle')} · {own.labName}
      </h3>
      {own.periodEnd ? (
        <p>
          {t('help.own.periodEnd', { date: own.periodEnd })}{' '}
          {own.renewalOpensOn ? t('help.own.renewalOpens', { date: own.renewalOpensOn }) : null}
        </p>
      ) : (
        <p>{t('help.own.noPeriod')}</p>
      )}
      {own.upcoming.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {own.upcoming.map((o) => (
            <li key={`${o.kind}-${o.validityYear}-${o.dueDate}`}>
              {t('help.own.upcoming', { kind: t(`obligations.kind.${o.kind}`), year: o.validityYear, date: o.dueDate })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-600">{t('help.own.none')}</p>
      )}
    </div>
  )
}
