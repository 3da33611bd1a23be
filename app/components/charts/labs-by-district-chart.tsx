import { useNavigate } from '@remix-run/react'
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts'
import { LAB_STATUSES, type DistrictCode, type LabStatus } from '../../../db/schema/enums'
import { useT } from '~/i18n/use-t'
import { STATUS_COLOURS } from '../status-badge'

export type DistrictStatusCount = { districtCode: DistrictCode; status: LabStatus; n: number }

// Stacked bars per district; clicking a bar opens the registry filtered to that district.
// Fixed size: recharts' ResponsiveContainer renders nothing on the server.
export function LabsByDistrictChart({ counts, districts }: { counts: DistrictStatusCount[]; districts: readonly DistrictCode[] }) {
  const t = useT()
  const navigate = useNavigate()
  const statuses = LAB_STATUSES.filter((s) => counts.some((c) => c.status === s))
  const rows = districts.map((code) => {
    const row: Record<string, string | number> = { code, name: t(`district.${code}`) }
    for (const s of statuses) row[s] = counts.find((c) => c.districtCode === code && c.status === s)?.n ?? 0
    return row
  })
  return (
    <div role="img" aria-label={t('dashboard.chartLabel')} className="overflow-x-auto">
      <BarChart width={900} height={320} data={rows} margin={{ top: 8, right: 16, bottom: 48, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" interval={0} angle={-30} textAnchor="end" height={60} tick={{ fontSize: 12 }} />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend verticalAlign="top" />
        {statuses.map((s) => (
          <Bar
            key={s}
            dataKey={s}
            name={t(`status.${s}`)}
            stackId="status"
            fill={STATUS_COLOURS[s]}
            cursor="pointer"
            onClick={(entry: { payload?: { code?: string } }) => {
              if (entry.payload?.code) navigate(`/labs?district=${entry.payload.code}&status=${s}`)
            }}
          />
        ))}
      </BarChart>
    </div>
  )
}
