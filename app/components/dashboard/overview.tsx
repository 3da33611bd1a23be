import { Link } from '@remix-run/react'
import { LabsByDistrictChart } from '~/components/charts/labs-by-district-chart'
import { StatusBadge } from '~/components/status-badge'
import { useT } from '~/i18n/use-t'
import type { DashboardData } from '~/models/dashboard.server'

function Tile({ label, value, to, tone }: { label: string; value: number; to: string; tone: string }) {
  return (
    <Link to={to} className={`card block border-l-4 ${tone} hover:shadow`} data-testid="tile">
      <div className="text-sm text-slate-600">{label}</div>
      <div className="mt-1 text-3xl font-semibold tabular-nums">{value}</div>
    </Link>
  )
}

// The bureau's dashboard; a district officer sees the same, scoped to its district.
export function Overview({ data }: { data: DashboardData }) {
  const t = useT()
  const scopeLabel = data.scope ? t(`district.${data.scope}`) : t('dashboard.scopeCity')
  return (
    <div className="space-y-6">
      <div className="flex items-baseline gap-3">
        <h1 className="text-xl font-semibold">{t('dashboard.title')}</h1>
        <span className="text-slate-600">{scopeLabel}</span>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <Tile label={t('dashboard.tile.total')} value={data.tiles.total} to="/labs" tone="border-sky-700" />
        <Tile label={t('dashboard.tile.active')} value={data.tiles.active} to="/labs?status=active" tone="border-green-700" />
        <Tile
          label={t('dashboard.tile.expiring', { days: data.windowDays })}
          value={data.tiles.expiring}
          to="/labs?status=expiring"
          tone="border-amber-600"
        />
        <Tile label={t('dashboard.tile.expired')} value={data.tiles.expired} to="/labs?status=expired" tone="border-red-700" />
        <Tile
          label={t('dashboard.tile.belowThreshold')}
          value={data.tiles.belowThreshold}
          to="/labs?sort=headcount&dir=asc"
          tone="border-slate-500"
        />
      </div>
      <section className="card">
        <h2 className="mb-2 font-semibold">{t('dashboard.byDistrict')}</h2>
        <LabsByDistrictChart counts={data.byDistrict} districts={data.districts} />
      </section>
      <section className="card">
        <h2 className="mb-2 font-semibold">{t('dashboard.expiringSoon')}</h2>
        {data.attention.length === 0 ? (
          <p className="text-slate-600">{t('dashboard.noExpiring')}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="attention-list">
            {data.attention.map((lab) => (
              <li key={lab.id} className="flex flex-wrap items-center gap-3 py-2">
                <StatusBadge status={lab.status} />
                <Link to={`/labs/${lab.id}`} className="link">
                  {lab.name}
                </Link>
                <span className="text-sm text-slate-600">{t(`district.${lab.districtCode}`)}</span>
                <span className="ml-auto text-sm tabular-nums text-slate-700">
                  {lab.endDate} ·{' '}
                  {lab.daysLeft !== null && lab.daysLeft >= 0
                    ? t('dashboard.daysLeft', { n: lab.daysLeft })
                    : t('dashboard.daysOverdue', { n: -(lab.daysLeft ?? 0) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
