import { Link } from '@remix-run/react'
import { StatusBadge } from '~/components/status-badge'
import { LabTimeline } from '~/components/timeline/lab-timeline'
import { labelText } from '~/components/timeline/label'
import type { ChecklistItem } from '~/domain/lab-checklist'
import type { Translate } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { LabHomeData } from '~/models/lab-home.server'

type HomeOfLab = Extract<LabHomeData, { state: 'lab' }>

// Home page of the `lab` role: its own lab, what is due next, recent notices (issue 3 item 6).
export function LabHome({ data }: { data: LabHomeData }) {
  const t = useT()
  if (data.state === 'no_lab') {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">{t('labHome.title')}</h1>
        <p className="card text-slate-700" data-testid="no-lab">
          {t('labHome.noLab')}
        </p>
      </div>
    )
  }
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold" data-testid="my-lab">
          {data.lab.name}
        </h1>
        <StatusBadge status={data.status} />
        <div className="ml-auto flex flex-wrap gap-2">
          <Link to={`/labs/${data.lab.id}/deliverables/new`} className="btn-primary">
            {t('labHome.fileDeliverable')}
          </Link>
          <Link to={`/labs/${data.lab.id}/reports`} className="btn">
            {t('labs.link.reports')}
          </Link>
          <Link to={`/labs/${data.lab.id}/requests`} className="btn">
            {t('requests.title')}
          </Link>
          <Link to={`/labs/${data.lab.id}/renewal`} className="btn">
            {t('renewals.title')}
          </Link>
          <Link to={`/labs/${data.lab.id}`} className="btn">
            {t('labHome.openLab')}
          </Link>
        </div>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Countdown data={data} t={t} />
        <CurrentPeriod data={data} t={t} />
      </div>
      <section className="card" aria-labelledby="checklist-title">
        <h2 id="checklist-title" className="mb-3 font-semibold">
          {t('labHome.checklist.title')}
        </h2>
        {!data.tracked ? <p className="mb-3 text-sm text-slate-600">{t('compliance.notTracked')}</p> : null}
        {data.allClear ? (
          <p className="mb-3 rounded bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="all-clear">
            {t('labHome.checklist.allClear')}
          </p>
        ) : null}
        {data.checklist.length === 0 ? (
          <p className="text-sm text-slate-600">{t('labHome.checklist.nothingAhead')}</p>
        ) : (
          <ol className="divide-y divide-slate-100" data-testid="checklist">
            {data.checklist.map((item) => (
              <ChecklistRow key={item.id} item={item} t={t} />
            ))}
          </ol>
        )}
      </section>
      <section className="card" aria-labelledby="recent-title">
        <div className="mb-3 flex flex-wrap items-center gap-3">
          <h2 id="recent-title" className="font-semibold">
            {t('labHome.recent.title')}
          </h2>
          <Link to={`/labs/${data.lab.id}#timeline`} className="link ml-auto text-sm">
            {t('labHome.recent.all')}
          </Link>
        </div>
        <LabTimeline events={data.recent} compact label={t('labHome.recent.title')} />
      </section>
    </div>
  )
}

function Countdown({ data, t }: { data: HomeOfLab; t: Translate }) {
  const { expiry, status } = data
  let body
  if (!expiry) body = <p className="text-slate-700">{t('labHome.uncertified')}</p>
  else if (status === 'revoked')
    body = <p className="text-slate-700">{t('labHome.closed.revoked', { date: expiry.outcomeDate ?? expiry.endDate })}</p>
  else if (status === 'not_renewed') body = <p className="text-slate-700">{t('labHome.closed.not_renewed', { end: expiry.endDate })}</p>
  else {
    const overdue = expiry.daysLeft < 0
    const tone = overdue ? 'text-red-700' : status === 'expiring' ? 'text-amber-700' : 'text-slate-900'
    body = (
      <>
        <p className="text-sm text-slate-600">{overdue ? t('labHome.countdown.overdue') : t('labHome.countdown.left')}</p>
        <p className={`my-1 text-5xl font-semibold tabular-nums ${tone}`} data-testid="days-left">
          {Math.abs(expiry.daysLeft)}
          <span className="ml-2 text-base font-normal text-slate-600">{t('labHome.countdown.days')}</span>
        </p>
        <p className="text-sm text-slate-700">
          {expiry.daysLeft === 0
            ? t('labHome.countdown.lastDay')
            : overdue
              ? t('labHome.countdown.ended', { date: expiry.endDate })
              : t('labHome.countdown.until', { date: expiry.endDate })}
        </p>
      </>
    )
  }
  return (
    <section className="card" aria-label={t('labHome.countdown.title')}>
      {body}
    </section>
  )
}

function CurrentPeriod({ data, t }: { data: HomeOfLab; t: Translate }) {
  const period = data.period
  return (
    <section className="card" aria-labelledby="period-title">
      <h2 id="period-title" className="mb-2 font-semibold">
        {t('labHome.period.title')}
      </h2>
      {period ? (
        <>
          <p className="mb-2 text-sm text-slate-700">
            {t('labHome.period.range', { n: period.sequence, start: period.startDate, end: period.endDate })}
          </p>
          <ol className="space-y-2 text-sm" data-testid="validity-years">
            {period.years.map((y) => {
              const now = period.yearNow === y.year
              return (
                <li
                  key={y.year}
                  className={`rounded border px-3 py-2 ${now ? 'border-sky-600 bg-sky-50' : 'border-slate-200'}`}
                  aria-current={now ? 'step' : undefined}
                  data-current={now}
                >
                  <span className="font-medium">{t('labHome.period.year', { year: y.year })}</span>
                  <span className="ml-2 token tabular-nums text-slate-700">
                    {t('labHome.period.yearRange', { start: y.startDate, end: y.endDate })}
                  </span>
                  {now ? <span className="ml-2 rounded bg-sky-700 px-2 py-0.5 text-xs text-white">{t('labHome.period.now')}</span> : null}
                </li>
              )
            })}
          </ol>
          {period.yearNow === null ? <p className="mt-2 text-sm text-slate-600">{t('labHome.period.outside')}</p> : null}
        </>
      ) : (
        <p className="text-sm text-slate-600">{t('labHome.uncertified')}</p>
      )}
    </section>
  )
}

const RESULT_TONE = {
  failing: 'bg-red-700 text-white',
  warning: 'bg-amber-700 text-white',
  milestone: 'bg-slate-200 text-slate-700',
} as const

function ChecklistRow({ item, t }: { item: ChecklistItem; t: Translate }) {
  const kind = item.result === 'failing' || item.result === 'warning' ? item.result : 'milestone'
  const when =
    item.daysLeft === null
      ? t('labHome.checklist.now')
      : item.daysLeft < 0
        ? t(item.overdue ? 'labHome.checklist.overdueDays' : 'labHome.checklist.daysAgo', { n: -item.daysLeft })
        : item.daysLeft === 0
          ? t('labHome.checklist.today')
          : t('labHome.checklist.daysLeft', { n: item.daysLeft })
  return (
    <li className="flex flex-wrap items-start gap-3 py-3" data-testid="checklist-item" data-id={item.id} data-overdue={item.overdue}>
      <div className="w-28 shrink-0 text-sm tabular-nums">
        <div className="font-medium">{item.date ? <time dateTime={item.date}>{item.date}</time> : '—'}</div>
        <div className={item.overdue ? 'text-red-700' : 'text-slate-600'}>{when}</div>
      </div>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className={`rounded px-2 py-0.5 text-xs font-medium ${RESULT_TONE[kind]}`}>{t(`labHome.checklist.result.${kind}`)}</span>
          {item.overdue ? (
            <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800">{t('labHome.checklist.overdue')}</span>
          ) : null}
          <span className="font-medium">{labelText(t, item.title)}</span>
        </div>
        <p className="text-sm text-slate-700">{labelText(t, item.reason)}</p>
      </div>
      <Link to={item.href} className="btn shrink-0">
        {item.source === 'check' ? t('labHome.checklist.fix') : t('labHome.checklist.view')}
      </Link>
    </li>
  )
}
