import { Link } from '@remix-run/react'
import { StatusBadge } from '~/components/status-badge'
import { daysUntilExpiry } from '~/domain/validity'
import { useT } from '~/i18n/use-t'
import type { LabHomeData } from '~/models/lab-home.server'

// Home page of the `lab` role: its own lab, what is due next, recent events.
export function LabHome({ data }: { data: LabHomeData }) {
  const t = useT()
  const lab = data.myLab
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t('dashboard.myLab')}</h1>
      {lab ? (
        <Link to={`/labs/${lab.id}`} className="card block hover:shadow" data-testid="my-lab">
          <div className="flex flex-wrap items-center gap-3">
            <span className="text-lg font-medium">{lab.name}</span>
            <StatusBadge status={lab.status} />
          </div>
          {lab.endDate ? (
            <p className="mt-2 text-slate-700">
              {t('dashboard.validUntil', { date: lab.endDate })} ·{' '}
              {daysUntilExpiry({ endDate: lab.endDate, today: data.today }) >= 0
                ? t('dashboard.daysLeft', {
                    n: daysUntilExpiry({
                      endDate: lab.endDate,
                      today: data.today,
                    }),
                  })
                : t('dashboard.daysOverdue', {
                    n: -daysUntilExpiry({
                      endDate: lab.endDate,
                      today: data.today,
                    }),
                  })}
            </p>
          ) : null}
        </Link>
      ) : null}
    </div>
  )
}
