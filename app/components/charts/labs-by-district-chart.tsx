import { useNavigate } from '@remix-run/react'
import type { DistrictCode, LabStatus } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import { ChartDrawing, ChartFigure, presentStatuses, segmentShape, StatusTable, statusBars } from './chart-parts'
import { registryHref } from './registry-links'

export type DistrictStatusCount = { districtCode: DistrictCode; status: LabStatus; n: number }

const districtHref = (district: string, status?: LabStatus) => registryHref({ district, status })

// Stacked bars per district; a segment opens the registry filtered to that district and status.
// Fixed size: recharts' ResponsiveContainer renders nothing on the server.
export function LabsByDistrictChart({ counts, districts }: { counts: DistrictStatusCount[]; districts: readonly DistrictCode[] }) {
  const t = useT()
  const navigate = useNavigate()
  const statuses = presentStatuses(counts)
  const table = districts.map((code) => ({
    key: code,
    name: t(`district.${code}`),
    counts: Object.fromEntries(statuses.map((s) => [s, counts.find((c) => c.districtCode === code && c.status === s)?.n ?? 0])),
  }))
  const rows = table.map((r) => ({ code: r.key, name: r.name, ...r.counts }))
  const Segment = segmentShape((payload, status) => ({
    id: `${payload.code}-${status}`,
    title: `${payload.name} · ${t(`status.${status as LabStatus}`)}`,
  }))
  return (
    <ChartFigure
      title={t('dashboard.byDistrict')}
      label={t('dashboard.byDistrict.label')}
      testId="chart-by-district"
      table={<StatusTable rows={table} statuses={statuses} rowHeader={t('dashboard.col.district')} href={districtHref} />}
    >
      <ChartDrawing width={districts.length === 1 ? 360 : 900} height={340}>
        {(r, w) => (
          <r.BarChart width={w} height={340} data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <r.CartesianGrid strokeDasharray="3 3" vertical={false} />
            <r.XAxis dataKey="name" interval={0} angle={-30} textAnchor="end" height={70} tick={{ fontSize: 12 }} />
            <r.YAxis allowDecimals={false} label={{ value: t('dashboard.axis.labs'), angle: -90, position: 'insideLeft', fontSize: 12 }} />
            <r.Tooltip />
            <r.Legend verticalAlign="top" />
            {statusBars({ r, statuses, t, shape: Segment, maxBarSize: 64, categoryKey: 'code', hrefOf: districtHref, navigate })}
          </r.BarChart>
        )}
      </ChartDrawing>
    </ChartFigure>
  )
}
