import { Link, useNavigate } from '@remix-run/react'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import { ChartDrawing, ChartFigure, CountLink, segmentShape, categoryAxisWidth } from './chart-parts'

// One count per category for the city outcomes dashboard (issue 16): a bar per form, kind,
// verification state, direction, district or year, each opening the register rows it counts
// (the href the loader's filters build). A bar's `text` shows instead of its number (万元).
export type CountBar = { key: string; label: string; n: number; href: string; text?: string }

export function OutcomeCountChart({
  title,
  testId,
  bars,
  axis,
  colour = '#0369a1',
  layout = 'horizontal',
  note,
  label,
  width = 440,
}: {
  title: string
  testId: string
  bars: CountBar[]
  axis: string
  colour?: string
  // 'vertical': categories down the side (long names: the 14 directions)
  layout?: 'horizontal' | 'vertical'
  note?: MessageKey
  // the spoken summary, when the bars are not counts (a sum of money)
  label?: string
  // a horizontal chart's width (a wide card holds more categories)
  width?: number
}) {
  const t = useT()
  const navigate = useNavigate()
  const total = bars.reduce((s, b) => s + b.n, 0)
  const rows = bars.map((b) => ({ key: b.key, name: b.label, n: b.n, href: b.href }))
  const Segment = segmentShape((payload) => ({ id: String(payload.key), title: String(payload.name) }))
  const table = (
    <table className="min-w-full text-sm">
      <thead>
        <tr>
          <th className="th" scope="col">
            {t('cityOutcomes.col.category')}
          </th>
          <th className="th text-right" scope="col">
            {t('cityOutcomes.col.count')}
          </th>
        </tr>
      </thead>
      <tbody>
        {bars.map((b) => (
          <tr key={b.key} data-testid="count-row" data-key={b.key}>
            <th className="td text-left font-normal" scope="row">
              {b.label}
            </th>
            <td className="td text-right token tabular-nums">
              {b.text !== undefined ? (
                b.n > 0 ? (
                  <Link to={b.href} className="link">
                    {b.text}
                  </Link>
                ) : (
                  <span className="text-slate-400">{b.text}</span>
                )
              ) : (
                <CountLink n={b.n} to={b.href} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
  const vertical = layout === 'vertical'
  return (
    <ChartFigure
      title={title}
      label={label ?? t('cityOutcomes.chart.label', { title, n: total })}
      hint="cityOutcomes.chartHint"
      testId={testId}
      table={table}
    >
      {note ? <p className="mb-1 text-xs text-slate-500">{t(note)}</p> : null}
      {total === 0 ? (
        <p className="text-sm text-slate-500">{t('cityOutcomes.chart.none')}</p>
      ) : (
        <ChartDrawing width={vertical ? 900 : width} height={vertical ? bars.length * 28 + 60 : 280}>
          {(r, w) => (
            <r.BarChart
              layout={vertical ? 'vertical' : 'horizontal'}
              width={w}
              height={vertical ? bars.length * 28 + 60 : 280}
              data={rows}
              margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
            >
              <r.CartesianGrid strokeDasharray="3 3" vertical={vertical} horizontal={!vertical} />
              {vertical ? (
                <>
                  <r.XAxis type="number" allowDecimals={false} />
                  <r.YAxis type="category" dataKey="name" width={categoryAxisWidth(w)} interval={0} tick={{ fontSize: 12 }} />
                </>
              ) : (
                <>
                  <r.XAxis dataKey="name" interval={0} angle={-30} textAnchor="end" height={70} tick={{ fontSize: 12 }} />
                  <r.YAxis allowDecimals={false} label={{ value: axis, angle: -90, position: 'insideLeft', fontSize: 12 }} />
                </>
              )}
              <r.Tooltip />
              <r.Bar
                dataKey="n"
                name={axis}
                fill={colour}
                isAnimationActive={false}
                maxBarSize={48}
                shape={Segment}
                onClick={(entry: { payload?: Record<string, unknown> }) => {
                  const href = entry.payload?.href
                  if (typeof href === 'string') navigate(href)
                }}
              />
            </r.BarChart>
          )}
        </ChartDrawing>
      )}
    </ChartFigure>
  )
}
