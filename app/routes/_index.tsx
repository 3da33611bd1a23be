import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DISTRICT_CODES, type LabStatus } from '../../db/schema/enums'
import { LabsByDistrictChart } from '~/components/charts/labs-by-district-chart'
import { StatusBadge } from '~/components/status-badge'
import { daysUntilExpiry, DEFAULT_EXPIRY_WINDOW_DAYS } from '~/domain/validity'
import { useT } from '~/i18n/use-t'
import {
  countLabsBelowThreshold,
  countLabsByDistrictAndStatus,
  countLabsByStatus,
  listLabs,
} from '~/models/labs.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today as todayInShanghai } from '~/utils/clock.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const today = todayInShanghai()
  const windowDays = DEFAULT_EXPIRY_WINDOW_DAYS
  if (user.role === 'expert') return { kind: 'expert' as const }
  const byStatus = countLabsByStatus({ actor, today, windowDays })
  const statusCount = (s: LabStatus) => byStatus.find((r) => r.status === s)?.n ?? 0
  const attention = (['expired', 'expiring'] as const).flatMap(
    (status) =>
      listLabs({ actor, filter: { status, sort: 'endDate', dir: 'asc' }, today, windowDays, page: 1, pageSize: 10 }).rows,
  )
  return {
    kind: user.role === 'lab' ? ('lab' as const) : ('overview' as const),
    today,
    windowDays,
    scope: user.role === 'district' ? user.districtCode : null,
    tiles: {
      total: byStatus.reduce((sum, r) => sum + r.n, 0),
      active: statusCount('active') + statusCount('renewed'),
      expiring: statusCount('expiring'),
      expired: statusCount('expired'),
      belowThreshold: countLabsBelowThreshold({ actor }),
    },
    byDistrict: countLabsByDistrictAndStatus({ actor, today, windowDays }),
    districts: user.role === 'district' && user.districtCode ? [user.districtCode] : DISTRICT_CODES,
    attention: attention.map((lab) => ({
      ...lab,
      daysLeft: lab.endDate ? daysUntilExpiry({ endDate: lab.endDate, today }) : null,
    })),
    myLab:
      user.role === 'lab'
        ? (listLabs({ actor, filter: { sort: 'name', dir: 'asc' }, today, windowDays, page: 1, pageSize: 1 }).rows[0] ?? null)
        : null,
  }
}

function Tile({ label, value, to, tone }: { label: string; value: number; to: string; tone: string }) {
  return (
    <Link to={to} className={`card block border-l-4 ${tone} hover:shadow`} data-testid="tile">
      <div className="text-sm text-slate-600">{label}</div>
      <div className="mt-1 text-3xl font-semibold tabular-nums">{value}</div>
    </Link>
  )
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  if (data.kind === 'expert') {
    return (
      <div className="card">
        <h1 className="mb-2 text-xl font-semibold">{t('dashboard.title')}</h1>
        <p className="text-slate-700">{t('dashboard.expertEmpty')}</p>
      </div>
    )
  }
  if (data.kind === 'lab') {
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
                  ? t('dashboard.daysLeft', { n: daysUntilExpiry({ endDate: lab.endDate, today: data.today }) })
                  : t('dashboard.daysOverdue', { n: -daysUntilExpiry({ endDate: lab.endDate, today: data.today }) })}
              </p>
            ) : null}
          </Link>
        ) : null}
      </div>
    )
  }
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

export const meta: MetaFunction = () => [{ title: 'Labcycle' }]
