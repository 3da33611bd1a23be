import { useNavigate } from '@remix-run/react'
import { DIRECTIONS, type Direction, type LabStatus } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import { ChartDrawing, ChartFigure, presentStatuses, segmentShape, StatusTable, statusBars, categoryAxisWidth } from './chart-parts'
import { registryHref } from './registry-links'

export type DirectionStatusCount = { direction: Direction; status: LabStatus; n: number }

const directionHref = (direction: string, status?: LabStatus) => registryHref({ direction, status })

// The guide's 14 directions as horizontal stacked bars (the names are too long for a category
// axis along the bottom); a segment opens the registry filtered to that direction and status.
export function LabsByDirectionChart({ counts }: { counts: DirectionStatusCount[] }) {
  const t = useT()
  const navigate = useNavigate()
  const statuses = presentStatuses(counts)
  const table = DIRECTIONS.map((d) => ({
    key: String(d),
    name: `${d}. ${t(`direction.${d}`)}`,
    counts: Object.fromEntries(statuses.map((s) => [s, counts.find((c) => c.direction === d && c.status === s)?.n ?? 0])),
  }))
  const rows = table.map((r) => ({ direction: r.key, name: r.name, ...r.counts }))
  const Segment = segmentShape((payload, status) => ({
    id: `${payload.direction}-${status}`,
    title: `${payload.name} · ${t(`status.${status as LabStatus}`)}`,
  }))
  return (
    <ChartFigure
      title={t('dashboard.byDirection')}
      label={t('dashboard.byDirection.label')}
      testId="chart-by-direction"
      table={<StatusTable rows={table} statuses={statuses} rowHeader={t('dashboard.col.direction')} href={directionHref} />}
    >
      <ChartDrawing width={900} height={DIRECTIONS.length * 28 + 90}>
        {(r, w) => (
          <r.BarChart
            layout="vertical"
            width={w}
            height={DIRECTIONS.length * 28 + 90}
            data={rows}
            margin={{ top: 8, right: 24, bottom: 24, left: 8 }}
          >
            <r.CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <r.XAxis
              type="number"
              allowDecimals={false}
              label={{ value: t('dashboard.axis.labs'), position: 'insideBottom', offset: -12, fontSize: 12 }}
            />
            <r.YAxis type="category" dataKey="name" width={categoryAxisWidth(w)} interval={0} tick={{ fontSize: 12 }} />
            <r.Tooltip />
            <r.Legend verticalAlign="top" />
            {statusBars({ r, statuses, t, shape: Segment, maxBarSize: 40, categoryKey: 'direction', hrefOf: directionHref, navigate })}
          </r.BarChart>
        )}
      </ChartDrawing>
    </ChartFigure>
  )
}
