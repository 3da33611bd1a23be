import { Link } from '@remix-run/react'
import { formatShare } from '~/components/charts/decision-time-chart'
import { useT } from '~/i18n/use-t'
import type { RequestServiceStats } from '~/models/request-stats.server'
import { requestQueueHref } from '~/models/request-queue-params'

// What each tile counts, as the queue view that lists exactly those requests.
export const SERVICE_TILE_LINKS = {
  open: requestQueueHref({ stage: 'open' }),
  overdue: requestQueueHref({ stage: 'overdue' }),
  decided: requestQueueHref({ stage: 'decided', sort: 'decidedOn' }),
} as const

function Tile({
  label,
  value,
  sub,
  to,
  tone,
  testId,
}: {
  label: string
  value: string
  sub?: string
  to: string
  tone: string
  testId: string
}) {
  return (
    <Link to={to} className={`card block border-l-4 ${tone} hover:shadow`} data-testid={testId} data-href={to}>
      <div className="text-sm text-slate-600">{label}</div>
      <div className="mt-1 text-3xl font-semibold tabular-nums" data-testid="tile-value">
        {value}
      </div>
      {sub ? <div className="mt-1 text-sm text-slate-600">{sub}</div> : null}
    </Link>
  )
}

// Open and overdue are today's; the share in time, the median and the 90th percentile are over
// the decided requests, so those tiles open the decided list.
export function ServiceTiles({ stats }: { stats: RequestServiceStats }) {
  const t = useT()
  const { stages, speed } = stats
  const none = t('requests.dash.none')
  const days = (n: number | null) => (n === null ? none : String(n))
  const daysSub = (n: number | null) => (n === null ? undefined : t('requests.dash.workingDays', { n }))
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6">
      <Tile
        label={t('requests.dash.open')}
        value={String(stages.open)}
        to={SERVICE_TILE_LINKS.open}
        tone="border-sky-700"
        testId="service-tile-open"
      />
      <Tile
        label={t('requests.dash.overdue')}
        value={String(stages.overdue)}
        to={SERVICE_TILE_LINKS.overdue}
        tone={stages.overdue > 0 ? 'border-red-700' : 'border-slate-300'}
        testId="service-tile-overdue"
      />
      <Tile
        label={t('requests.dash.decided')}
        value={String(stages.decided)}
        to={SERVICE_TILE_LINKS.decided}
        tone="border-green-700"
        testId="service-tile-decided"
      />
      <Tile
        label={t('requests.dash.inTimeShare')}
        value={formatShare(speed.inTime, speed.n) ?? none}
        sub={speed.n > 0 ? t('requestService.dash.inTimeOf', { inTime: speed.inTime, n: speed.n }) : undefined}
        to={SERVICE_TILE_LINKS.decided}
        tone="border-green-600"
        testId="service-tile-in-time"
      />
      <Tile
        label={t('requests.dash.median')}
        value={days(speed.median)}
        sub={daysSub(speed.median)}
        to={SERVICE_TILE_LINKS.decided}
        tone="border-violet-700"
        testId="service-tile-median"
      />
      <Tile
        label={t('requests.dash.p90')}
        value={days(speed.p90)}
        sub={daysSub(speed.p90)}
        to={SERVICE_TILE_LINKS.decided}
        tone="border-amber-600"
        testId="service-tile-p90"
      />
    </div>
  )
}
