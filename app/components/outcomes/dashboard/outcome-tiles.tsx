import { Link } from '@remix-run/react'
import { OUTCOME_VERIFICATIONS } from '~db/schema/enums'
import { formatWanText } from '~/domain/money'
import { useT } from '~/i18n/use-t'
import type { OutcomeDashboardData } from '~/models/outcome-dashboard.server'
import { registerHref, type OutcomeFilter } from '~/models/outcome-dashboard-params'

// The dashboard's totals: every number links to the register rows it counts (the transfer tiles
// to the transfers under the other filters), so a tile's number is the register's total.
function Tile({ label, value, to, tone, testId }: { label: string; value: string | number; to: string; tone: string; testId: string }) {
  return (
    <Link to={to} className={`card block border-l-4 ${tone} hover:shadow`} data-testid={testId} data-href={to}>
      <div className="text-sm text-slate-600">{label}</div>
      <div className="mt-1 text-3xl font-semibold tabular-nums" data-testid="tile-value">
        {value}
      </div>
    </Link>
  )
}

export function OutcomeTiles({
  data,
  filter,
}: {
  data: Pick<OutcomeDashboardData, 'totals' | 'transfers' | 'byVerification'>
  filter: OutcomeFilter
}) {
  const t = useT()
  const { totals, transfers } = data
  const transfersHref = registerHref(filter, { kind: 'transfer' })
  return (
    <div className="space-y-3">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <Tile label={t('cityOutcomes.tile.total')} value={totals.n} to={registerHref(filter)} tone="border-sky-700" testId="tile-total" />
        <Tile
          label={t('cityOutcomes.tile.outcomes')}
          value={totals.outcomes}
          to={registerHref(filter, { source: 'outcome' })}
          tone="border-sky-500"
          testId="tile-outcomes"
        />
        <Tile
          label={t('cityOutcomes.tile.deliverables')}
          value={totals.deliverables}
          to={registerHref(filter, { source: 'deliverable' })}
          tone="border-teal-600"
          testId="tile-deliverables"
        />
        <Tile
          label={t('cityOutcomes.tile.transfers')}
          value={transfers.n}
          to={transfersHref}
          tone="border-amber-600"
          testId="tile-transfers"
        />
        <Tile
          label={t('cityOutcomes.tile.transferValue')}
          value={formatWanText(transfers.valueYuan)}
          to={transfersHref}
          tone="border-amber-800"
          testId="tile-transfer-value"
        />
      </div>
      <div className="card flex flex-wrap gap-x-5 gap-y-1 text-sm" data-testid="verification-counts">
        <span className="text-slate-600">{t('cityOutcomes.chart.byVerification')}</span>
        {OUTCOME_VERIFICATIONS.map((v) => {
          const n = data.byVerification.find((c) => c.key === v)?.n ?? 0
          return (
            <Link
              key={v}
              to={registerHref(filter, { verification: v })}
              className="link"
              data-testid="verification-count"
              data-key={v}
              data-value={n}
            >
              {t(`outcomes.verification.${v}`)} {n}
            </Link>
          )
        })}
      </div>
    </div>
  )
}
