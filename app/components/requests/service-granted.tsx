import { RESOURCE_TYPES, RESOURCE_UNITS, type DistrictCode } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import type { GrantedRow } from '~/models/request-stats.server'
import { formatQuantity } from '~/models/request-queue-params'

// What the bureau granted, one row per type and unit (only one unit's quantities add up), one
// column per district in scope: the quantity granted and, in brackets, how many requests.
export function ServiceGranted({ rows, districts }: { rows: GrantedRow[]; districts: readonly DistrictCode[] }) {
  const t = useT()
  const lines = RESOURCE_TYPES.flatMap((type) =>
    RESOURCE_UNITS.filter((unit) => rows.some((r) => r.type === type && r.unit === unit)).map((unit) => ({ type, unit })),
  )
  const cell = (n: number, total: number) => t('requestService.dash.grantedCell', { total: formatQuantity(total), n })
  return (
    <section className="card min-w-0" data-testid="service-granted">
      <h3 className="mb-1 font-semibold">{t('requests.dash.grantedTitle')}</h3>
      <p className="mb-2 text-xs text-slate-500">{t('requests.dash.grantedHint')}</p>
      {lines.length === 0 ? (
        <p className="text-sm text-slate-600">{t('requestService.dash.grantedEmpty')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="min-w-full text-sm">
            <thead>
              <tr>
                <th className="th" scope="col">
                  {t('requestService.dash.col.typeUnit')}
                </th>
                {districts.map((d) => (
                  <th key={d} className="th text-right" scope="col">
                    {t(`district.${d}`)}
                  </th>
                ))}
                {districts.length > 1 ? (
                  <th className="th text-right" scope="col">
                    {t('requestService.dash.col.total')}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {lines.map(({ type, unit }) => {
                const of = rows.filter((r) => r.type === type && r.unit === unit)
                const sum = of.reduce((acc, r) => ({ n: acc.n + r.n, total: acc.total + r.total }), { n: 0, total: 0 })
                return (
                  <tr key={`${type}:${unit}`} data-testid="granted-row" data-type={type} data-unit={unit}>
                    <th className="td text-left font-normal" scope="row">
                      {t(`requests.type.${type}`)}（{t(`requests.unit.${unit}`)}）
                    </th>
                    {districts.map((d) => {
                      const r = of.find((x) => x.districtCode === d)
                      return (
                        <td key={d} className="td whitespace-nowrap text-right token tabular-nums" data-district={d}>
                          {r ? cell(r.n, r.total) : <span className="text-slate-400">—</span>}
                        </td>
                      )
                    })}
                    {districts.length > 1 ? (
                      <td className="td whitespace-nowrap text-right font-medium token tabular-nums">{cell(sum.n, sum.total)}</td>
                    ) : null}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
