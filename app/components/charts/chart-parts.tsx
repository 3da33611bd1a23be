import { useNavigate } from '@remix-run/react'
import { useCallback, useEffect, useState, type MouseEvent, type ReactNode } from 'react'
// types only (erased): the module itself is imported lazily below, in the browser only
import type * as RechartsModule from './recharts-used'
import { importRecharts } from './load-recharts.client'
import { LAB_STATUSES, type LabStatus } from '~db/schema/enums'
import type { MessageKey, Translate } from '~/i18n'
import { useLocale, useT } from '~/i18n/use-t'
import { STATUS_COLOURS } from '~/components/status-badge'

// Pieces the dashboard charts share: the accessible frame (a caption, the chart as one image
// with a spoken summary, and the same numbers as a table of links a keyboard can reach), a
// bar segment that names itself, and the table of counts per category and series.
//
// The charts are drawn in the browser only (issue 18): the server sends each chart's caption,
// summary and data table, and a box of the chart's size; after hydration ChartDrawing loads
// recharts (its own chunk, fetched once, only by pages with a chart) and draws the SVG there.
// Server-rendered SVG made most of the dashboard's HTML and much of its render time. Nothing
// outside this file imports recharts at run time: charts get it from ChartDrawing, and only the
// parts recharts-used.ts names.

export type Recharts = typeof RechartsModule

let recharts: Recharts | null = null
let loadingRecharts: Promise<Recharts> | null = null
function loadRecharts(): Promise<Recharts> {
  loadingRecharts ??= importRecharts().then((m) => (recharts = m))
  return loadingRecharts
}

/**
 * recharts once it has loaded in the browser, else null: always null on the server and in the
 * hydrating render (so the markup matches the server's), at once after a client-side navigation.
 */
export function useRecharts(): Recharts | null {
  const [lib, setLib] = useState<Recharts | null>(() => (typeof document === 'undefined' ? null : recharts))
  useEffect(() => {
    if (lib) return
    let live = true
    void loadRecharts().then((m) => live && setLib(m))
    return () => {
      live = false
    }
  }, [lib])
  return lib
}

/** The width `element` has to give, kept up to date as it resizes (null until measured). */
function useWidthOf(element: HTMLElement | null): number | null {
  const [width, setWidth] = useState<number | null>(null)
  useEffect(() => {
    if (!element) return
    const measure = () => setWidth(Math.floor(element.clientWidth))
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [element])
  return width
}

/**
 * The chart itself, drawn after hydration at the width its card gives (issue 19: a chart drawn
 * at a fixed width in a narrower card lost its legend and its last categories), never narrower
 * than `minWidth` (below that its box scrolls sideways). Until recharts has loaded and the card
 * is measured (and on the server, and without JavaScript) a box of `width` × `height` that says
 * where the numbers are. `children` gets the width to draw at.
 */
export function ChartDrawing({
  width,
  height,
  minWidth = 320,
  children,
}: {
  width: number
  height: number
  minWidth?: number
  children: (r: Recharts, width: number) => ReactNode
}) {
  const r = useRecharts()
  const t = useT()
  const [frame, setFrame] = useState<HTMLDivElement | null>(null)
  const available = useWidthOf(frame)
  return (
    // contain: the drawn chart's width must not hold its card open when the card narrows
    <div ref={setFrame} className="w-full [contain:inline-size]">
      {r && available !== null ? (
        <div data-chart-drawn="">{children(r, Math.max(minWidth, available))}</div>
      ) : (
        <ChartPlaceholder width={width} height={height} noScript={t('dashboard.chartNoScript')} />
      )}
    </div>
  )
}

function ChartPlaceholder({ width, height, noScript }: { width: number; height: number; noScript: string }) {
  return (
    <div data-chart-pending="" className="flex max-w-full items-center justify-center rounded bg-slate-50" style={{ width, height }}>
      <noscript>
        <span className="text-sm text-slate-500">{noScript}</span>
      </noscript>
    </div>
  )
}

/** A category axis's label width: 250 px, less on a narrow chart so that the bars keep room. */
export function categoryAxisWidth(chartWidth: number) {
  return Math.min(250, Math.round(chartWidth * 0.4))
}

export function ChartFigure({
  title,
  label,
  table,
  testId,
  hint = 'dashboard.chartHint',
  children,
}: {
  title: string
  label: string
  table: ReactNode
  testId: string
  // charts whose marks are not links say so instead of inviting a click
  hint?: MessageKey
  children: ReactNode
}) {
  const t = useT()
  const followInApp = useInAppNavigation()
  return (
    <figure className="card min-w-0" data-testid={testId}>
      <figcaption className="mb-1 font-semibold">{title}</figcaption>
      <p className="mb-2 text-xs text-slate-500">{t(hint)}</p>
      <div role="img" aria-label={label} className="table-scroll">
        {children}
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-700">{t('dashboard.dataTable')}</summary>
        {/* the table's links are plain <a>: their clicks (a keyboard's Enter too) bubble here */}
        <div className="mt-2 table-scroll" tabIndex={0} onClick={followInApp}>
          {table}
        </div>
      </details>
    </figure>
  )
}

// One formatter per language for the process: constructing an Intl.DateTimeFormat costs about a
// hundred times what formatting with one does, and a dashboard labels some hundred months per
// view (the profile of issue 18 found it a quarter of the page's server time).
const monthFormats = new Map<string, Intl.DateTimeFormat>()
function monthFormat(locale: string) {
  let format = monthFormats.get(locale)
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: 'short', timeZone: 'UTC' })
    monthFormats.set(locale, format)
  }
  return format
}

/** Formats 'YYYY-MM' as a month in the user's language: 2026年12月, Dec 2026. */
export function useMonthLabel() {
  const locale = useLocale()
  return useCallback(
    (month: string) => {
      const [y, m] = month.split('-').map(Number)
      return monthFormat(locale).format(new Date(Date.UTC(y, m - 1, 1)))
    },
    [locale],
  )
}

export type SegmentProps = {
  x?: number
  y?: number
  width?: number
  height?: number
  fill?: string
  dataKey?: string | number
  payload?: Record<string, string | number | null>
}

/**
 * A bar segment that carries its own name and count (a <title> for pointer and screen-reader
 * users, data attributes for the browser tests); the click is handled by the Bar.
 */
export function segmentShape(
  describe: (payload: Record<string, string | number | null>, dataKey: string) => { id: string; title: string },
) {
  // recharts types the shape's props as unknown; it passes the segment's geometry and its row
  function Segment(shapeProps: unknown) {
    const props = shapeProps as SegmentProps
    const { payload, dataKey } = props
    const value = payload && dataKey !== undefined ? Number(payload[String(dataKey)] ?? 0) : 0
    if (!payload || !value) return <g />
    const { id, title } = describe(payload, String(dataKey))
    return (
      <g data-testid="bar" data-bar={id} data-value={value} style={{ cursor: 'pointer' }}>
        <title>{`${title}: ${value}`}</title>
        <rect x={props.x} y={props.y} width={props.width} height={props.height} fill={props.fill} />
      </g>
    )
  }
  return Segment
}

export type StatusRow = { key: string; name: string; counts: Partial<Record<LabStatus, number>> }

/** The numbers behind a status-stacked chart; every count links to the registry rows it counts. */
export function StatusTable({
  rows,
  statuses,
  rowHeader,
  href,
}: {
  rows: StatusRow[]
  statuses: readonly LabStatus[]
  rowHeader: string
  href: (key: string, status?: LabStatus) => string
}) {
  const t = useT()
  const counts = new Map(rows.map((r) => [r.key, r.counts]))
  return (
    <SeriesCountTable
      rows={rows.map((r) => ({ key: r.key, label: r.name }))}
      series={statuses.map((s) => ({ key: s, label: t(`status.${s}`), colour: STATUS_COLOURS[s] }))}
      count={(key, s) => counts.get(key)?.[s] ?? 0}
      href={href}
      rowHeader={rowHeader}
    />
  )
}

export type CountTableRow<R extends string> = { key: R; label: string }
export type CountTableSeries<S extends string> = { key: S; label: string; colour: string }

/**
 * The numbers behind a stacked chart as a table: a row per category, a column per series (its
 * bar colour as a swatch) and a total. With `href`, every count links to the records it counts
 * (the total to the whole row); without, the counts are plain numbers.
 */
export function SeriesCountTable<R extends string, S extends string>({
  rows,
  series,
  count,
  href,
  rowHeader,
  className = 'min-w-full text-sm',
  rowTestId,
}: {
  rows: readonly CountTableRow<R>[]
  series: readonly CountTableSeries<S>[]
  count: (row: R, series: S) => number
  href?: (row: R, series?: S) => string
  rowHeader: string
  className?: string
  // marks each row (with data-key) for the browser tests
  rowTestId?: string
}) {
  const t = useT()
  const cell = (n: number, to: string | undefined) => (to === undefined ? n : <CountLink n={n} to={to} />)
  return (
    <table className={className}>
      <thead>
        <tr>
          <th className="th" scope="col">
            {rowHeader}
          </th>
          {series.map((s) => (
            <th key={s.key} className="th text-right" scope="col">
              <span className="mr-1 inline-block h-2 w-2 rounded-sm" style={{ backgroundColor: s.colour }} aria-hidden />
              {s.label}
            </th>
          ))}
          <th className="th text-right" scope="col">
            {t('dashboard.col.total')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-testid={rowTestId} data-key={rowTestId === undefined ? undefined : row.key}>
            <th className="td text-left font-normal" scope="row">
              {row.label}
            </th>
            {series.map((s) => (
              <td key={s.key} className="td text-right token tabular-nums">
                {cell(count(row.key, s.key), href?.(row.key, s.key))}
              </td>
            ))}
            <td className="td text-right font-medium token tabular-nums">
              {cell(
                series.reduce((sum, s) => sum + count(row.key, s.key), 0),
                href?.(row.key),
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * A click on a plain link inside the element, as <Link> would handle it: a navigation in the app
 * instead of a new document. A data table holds hundreds of count links, and each <Link> costs
 * its hooks on every server render (about 1.5 ms of the bureau dashboard's 30, issue 18), so
 * the tables render plain <a> and the figure follows their clicks once, here. A click with a
 * modifier key or another button, or on a link elsewhere, is left to the browser.
 */
function useInAppNavigation() {
  const navigate = useNavigate()
  return useCallback(
    (event: MouseEvent<HTMLElement>) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
      const link = (event.target as Element).closest('a[href]')
      if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute('download')) return
      if (link.origin !== window.location.origin) return
      event.preventDefault()
      navigate(`${link.pathname}${link.search}${link.hash}`)
    },
    [navigate],
  )
}

/** A count linking to what it counts: a plain <a>, which ChartFigure follows in the app. */
export function CountLink({ n, to }: { n: number; to: string }) {
  return n > 0 ? (
    <a href={to} className="link">
      {n}
    </a>
  ) : (
    <span className="text-slate-400">0</span>
  )
}

// Statuses in their usual order, keeping only those that occur, so the legend stays short.
export function presentStatuses(counts: { status: LabStatus; n: number }[]): LabStatus[] {
  return LAB_STATUSES.filter((s) => counts.some((c) => c.status === s && c.n > 0))
}

/**
 * One stacked <Bar> per status, each segment a link to the registry for its category and
 * status. Called as a function, not rendered as a component: recharts reads its <Bar>
 * children directly.
 */
export function statusBars({
  r,
  statuses,
  t,
  shape,
  maxBarSize,
  categoryKey,
  hrefOf,
  navigate,
}: {
  r: Recharts
  statuses: LabStatus[]
  t: Translate
  shape: ReturnType<typeof segmentShape>
  maxBarSize: number
  categoryKey: string
  hrefOf: (category: string, status: LabStatus) => string
  navigate: (to: string) => void
}) {
  return statuses.map((s) => (
    <r.Bar
      key={s}
      dataKey={s}
      name={t(`status.${s}`)}
      stackId="status"
      fill={STATUS_COLOURS[s]}
      isAnimationActive={false}
      maxBarSize={maxBarSize}
      shape={shape}
      onClick={(entry: { payload?: Record<string, unknown> }) => {
        const category = entry.payload?.[categoryKey]
        if (typeof category === 'string') navigate(hrefOf(category, s))
      }}
    />
  ))
}
