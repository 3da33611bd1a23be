import { Link } from '@remix-run/react'
import { TILE_LINKS } from '~/components/charts/registry-links'
import { useT } from '~/i18n/use-t'
import type { DashboardData } from '~/models/dashboard.server'

// Each number links to the registry filtered to exactly the labs it counts, so the number on
// the tile is the total the registry shows.
function Tile({ label, value, to, tone }: { label: string; value: number; to: string; tone: string }) {
  return (
    <Link to={to} className={`card block border-l-4 ${tone} hover:shadow`} data-testid="tile" data-href={to}>
      <div className="text-sm text-slate-600">{label}</div>
      <div className="mt-1 text-3xl font-semibold tabular-nums" data-testid="tile-value">
        {value}
      </div>
    </Link>
  )
}

// "In force" is two registry statuses (active, and renewed with the next period recorded). The
// registry filters one status at a time, so the tile links each part to its own exact list.
function InForceTile({ tiles }: { tiles: DashboardData['tiles'] }) {
  const t = useT()
  return (
    <div className="card border-l-4 border-green-700" data-testid="tile-in-force">
      <div className="text-sm text-slate-600">{t('dashboard.tile.active')}</div>
      <div className="mt-1 text-3xl font-semibold tabular-nums" data-testid="tile-value">
        {tiles.active}
      </div>
      <div className="mt-1 flex flex-wrap gap-x-3 text-sm">
        <Link to={TILE_LINKS.activeOnly} className="link" data-testid="tile-part" data-value={tiles.activeOnly}>
          {t('status.active')} {tiles.activeOnly}
        </Link>
        <Link to={TILE_LINKS.renewed} className="link" data-testid="tile-part" data-value={tiles.renewed}>
          {t('status.renewed')} {tiles.renewed}
        </Link>
      </div>
    </div>
  )
}

export function DashboardTiles({ data }: { data: DashboardData }) {
  const t = useT()
  const { tiles } = data
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6">
      <Tile label={t('dashboard.tile.total')} value={tiles.total} to={TILE_LINKS.total} tone="border-sky-700" />
      <InForceTile tiles={tiles} />
      <Tile
        label={t('dashboard.tile.expiring', { days: data.windowDays })}
        value={tiles.expiring}
        to={TILE_LINKS.expiring}
        tone="border-amber-600"
      />
      <Tile label={t('dashboard.tile.expired')} value={tiles.expired} to={TILE_LINKS.expired} tone="border-red-700" />
      <Tile label={t('dashboard.tile.failing')} value={tiles.failing} to={TILE_LINKS.failing} tone="border-red-900" />
      {/* not a registry view: its number is the review queue's total */}
      <Link to="/reviews" className="card block border-l-4 border-violet-700 hover:shadow" data-testid="tile-reviews">
        <div className="text-sm text-slate-600">{t(data.scope ? 'dashboard.tile.awaitingOpinion' : 'dashboard.tile.awaitingReview')}</div>
        <div className="mt-1 text-3xl font-semibold tabular-nums" data-testid="tile-value">
          {tiles.awaitingReview}
        </div>
      </Link>
    </div>
  )
}
