import { useNavigate } from '@remix-run/react'
import { REQUEST_STATUSES, RESOURCE_TYPES, type RequestStatus, type ResourceType } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import { requestQueueHref } from '~/models/request-queue-params'
import { ChartDrawing, ChartFigure, segmentShape, SeriesCountTable } from './chart-parts'

export type TypeStatusCount = { type: ResourceType; status: RequestStatus; n: number }

// Blue while the bureau has it, amber when back with the lab, green once granted, red refused,
// grey settled otherwise (as the request pages' badges).
export const REQUEST_STATUS_COLOURS: Record<RequestStatus, string> = {
  draft: '#cbd5e1',
  submitted: '#0369a1',
  district_reviewed: '#0ea5e9',
  returned: '#d97706',
  accepted: '#0c4a6e',
  approved: '#15803d',
  partly_approved: '#4ade80',
  rejected: '#b91c1c',
  fulfilled: '#14532d',
  closed: '#64748b',
  withdrawn: '#a1a1aa',
}

const queueHref = (type: string, status?: RequestStatus) => requestQueueHref({ type: type as ResourceType, status })

// Requests per type of support, stacked by status; a segment opens the queue filtered to that
// type and status. Fixed size: recharts' ResponsiveContainer renders nothing on the server.
export function RequestsByTypeChart({ counts }: { counts: TypeStatusCount[] }) {
  const t = useT()
  const navigate = useNavigate()
  const statuses = REQUEST_STATUSES.filter((s) => counts.some((c) => c.status === s && c.n > 0))
  const countOf = (type: ResourceType, status: RequestStatus) => counts.find((c) => c.type === type && c.status === status)?.n ?? 0
  const rows = RESOURCE_TYPES.map((type) => ({
    type,
    name: t(`requests.type.${type}`),
    ...Object.fromEntries(statuses.map((s) => [s, countOf(type, s)])),
  }))
  const Segment = segmentShape((payload, status) => ({
    id: `${payload.type}-${status}`,
    title: `${payload.name} · ${t(`requests.status.${status as RequestStatus}`)}`,
  }))
  const table = (
    <SeriesCountTable
      rows={RESOURCE_TYPES.map((type) => ({ key: type, label: t(`requests.type.${type}`) }))}
      series={statuses.map((s) => ({ key: s, label: t(`requests.status.${s}`), colour: REQUEST_STATUS_COLOURS[s] }))}
      count={countOf}
      href={queueHref}
      rowHeader={t('requests.col.type')}
    />
  )
  return (
    <ChartFigure
      title={t('requests.dash.byTypeStatus')}
      label={t('requestService.dash.byTypeStatusLabel', { n: counts.reduce((sum, c) => sum + c.n, 0) })}
      hint="requestService.dash.chartHint"
      testId="chart-requests-by-type"
      table={table}
    >
      <ChartDrawing width={900} height={340}>
        {(r, w) => (
          <r.BarChart width={w} height={340} data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <r.CartesianGrid strokeDasharray="3 3" vertical={false} />
            <r.XAxis dataKey="name" interval={0} angle={-30} textAnchor="end" height={70} tick={{ fontSize: 12 }} />
            <r.YAxis
              allowDecimals={false}
              label={{ value: t('requestService.dash.axis.requests'), angle: -90, position: 'insideLeft', fontSize: 12 }}
            />
            <r.Tooltip />
            <r.Legend verticalAlign="top" />
            {statuses.map((s) => (
              <r.Bar
                key={s}
                dataKey={s}
                name={t(`requests.status.${s}`)}
                stackId="status"
                fill={REQUEST_STATUS_COLOURS[s]}
                isAnimationActive={false}
                maxBarSize={56}
                shape={Segment}
                onClick={(entry: { payload?: Record<string, unknown> }) => {
                  const type = entry.payload?.type
                  if (typeof type === 'string') navigate(queueHref(type, s))
                }}
              />
            ))}
          </r.BarChart>
        )}
      </ChartDrawing>
    </ChartFigure>
  )
}
