import { DELIVERABLE_FORMS, DIRECTIONS, EVALUATION_GRADES, LAB_STATUSES, type DistrictCode } from '~db/schema/enums'
import type { Actor } from '~/domain/permissions'
import { isMessageKey, type MessageKey, type Translate } from '~/i18n'
import type { XlsxSheet, XlsxValue } from '~/utils/xlsx.server'
import { needsAttention } from './compliance.server'
import { DASHBOARD_MONTHS, dashboardData } from './dashboard.server'
import { outcomeDashboardData } from './outcome-dashboard.server'
import type { OutcomeFilter } from './outcome-dashboard-params'
import { requestServiceStats } from './request-stats.server'

// The dashboards as workbooks for the bureau's periodic report to its superiors (issue 17, part 3):
// one sheet per panel the page shows, the figures read from the very functions the page calls
// (dashboardData, requestServiceStats, outcomeDashboardData), so the workbook and the page agree.
// Scoped as the pages are: a district office gets its own district only.

const sheet = (name: string, columns: XlsxSheet['columns'], rows: XlsxValue[][]): XlsxSheet => ({ name, columns, rows })
const int = (header: string) => ({ header, type: 'integer' as const })
const label = (t: Translate, key: string) => (isMessageKey(key) ? t(key) : key)

/** A count per category and status as one row per category, a column per status, and the total. */
function byStatus<K extends string | number>(
  rows: readonly { key: K; status: (typeof LAB_STATUSES)[number]; n: number }[],
  keys: readonly K[],
): XlsxValue[][] {
  return keys.map((k) => {
    const counts = LAB_STATUSES.map((s) => rows.find((r) => r.key === k && r.status === s)?.n ?? 0)
    return [k, ...counts, counts.reduce((a, b) => a + b, 0)]
  })
}

/** The bureau's or a district's dashboard (/): tiles, charts, what needs attention, resource requests. */
export function dashboardSummary({ actor, today, t }: { actor: Actor; today: string; t: Translate }): XlsxSheet[] {
  const d = dashboardData({ actor, today })
  const scope = d.scope ? t(`district.${d.scope}`) : t('dashboard.scopeCity')
  const statusColumns = LAB_STATUSES.map((s) => int(t(`status.${s}`)))
  const overview = sheet(
    t('exports.summary.sheet.overview'),
    // figures as numbers; the scope and the date, not numbers, stay text
    [{ header: t('exports.summary.col.item') }, { header: t('exports.summary.col.value'), type: 'number' }],
    [
      [t('exports.summary.scope'), scope],
      [t('exports.summary.date'), today],
      [t('dashboard.tile.total'), d.tiles.total],
      [t('dashboard.tile.active'), d.tiles.active],
      [t('status.active'), d.tiles.activeOnly],
      [t('status.renewed'), d.tiles.renewed],
      [t('dashboard.tile.expiring', { days: d.windowDays }), d.tiles.expiring],
      [t('dashboard.tile.expired'), d.tiles.expired],
      [t('dashboard.tile.failing'), d.tiles.failing],
      [t(d.scope ? 'dashboard.tile.awaitingOpinion' : 'dashboard.tile.awaitingReview'), d.tiles.awaitingReview],
    ],
  )
  const districts = sheet(
    t('dashboard.byDistrict'),
    [{ header: t('dashboard.col.district') }, ...statusColumns, int(t('dashboard.col.total'))],
    byStatus(
      d.byDistrict.map((r) => ({ key: r.districtCode as DistrictCode, status: r.status, n: r.n })),
      d.districts,
    ).map(([k, ...rest]) => [t(`district.${k as DistrictCode}`), ...rest]),
  )
  const directions = sheet(
    t('dashboard.byDirection'),
    [{ header: t('dashboard.col.direction') }, ...statusColumns, int(t('dashboard.col.total'))],
    byStatus(
      d.byDirection.map((r) => ({ key: r.direction as number, status: r.status, n: r.n })),
      DIRECTIONS,
    ).map(([k, ...rest]) => [`${k}. ${label(t, `direction.${k}`)}`, ...rest]),
  )
  const expiries = sheet(
    t('dashboard.expiries', { months: DASHBOARD_MONTHS }),
    [{ header: t('dashboard.col.month') }, int(t('dashboard.col.expiring'))],
    d.expiries.map((r) => [r.month, r.n]),
  )
  const compliance = sheet(
    t('dashboard.complianceShare', { months: DASHBOARD_MONTHS }),
    [
      { header: t('dashboard.col.month') },
      int(t('dashboard.col.inForce')),
      int(t('dashboard.col.compliant')),
      { header: t('dashboard.col.share'), type: 'percent' },
    ],
    // a month without records stays blank, as the chart leaves a gap
    d.complianceShare.map((r) => [r.month, r.share === null ? null : r.total, r.share === null ? null : r.compliant, r.share]),
  )
  // every check needing attention, not the page's ten: the same function, one page of them all
  const attention = needsAttention({ actor, today, filter: {}, page: 1, pageSize: Math.max(1, d.attention.total) })
  const attentionSheet = sheet(
    t('exports.summary.sheet.attention'),
    [
      { header: t('dashboard.attention.col.lab') },
      { header: t('dashboard.col.district') },
      { header: t('compliance.col.check') },
      { header: t('compliance.col.result') },
      { header: t('compliance.col.reason') },
      { header: t('compliance.col.date'), type: 'date' },
    ],
    attention.rows.map((r) => {
      const check = label(t, `compliance.check.${r.checkId}`)
      return [
        r.labName,
        t(`district.${r.districtCode}`),
        r.subject ? `${check}（${r.subject}）` : check,
        t(`compliance.result.${r.result}` as MessageKey),
        isMessageKey(r.reasonKey) ? t(r.reasonKey, r.reasonParams as Record<string, string | number>) : r.reasonKey,
        r.concernsDate,
      ]
    }),
  )
  return [overview, districts, directions, expiries, compliance, attentionSheet, ...requestSheets({ actor, today, t })]
}

// the dashboard's resource-support section
function requestSheets({ actor, today, t }: { actor: Actor; today: string; t: Translate }): XlsxSheet[] {
  const s = requestServiceStats({ actor, today })
  const speedColumns = [
    int(t('requests.dash.decided')),
    int(t('requestService.col.inTime')),
    int(t('requests.dash.median')),
    int(t('requests.dash.p90')),
  ]
  const speedRow = (r: { n: number; inTime: number; median: number | null; p90: number | null }) => [r.n, r.inTime, r.median, r.p90]
  const overview = sheet(
    t('requests.dash.title'),
    [{ header: t('exports.summary.col.item') }, int(t('exports.summary.col.value'))],
    [
      [t('requests.dash.open'), s.stages.open],
      [t('requests.dash.overdue'), s.stages.overdue],
      [t('requests.dash.decided'), s.stages.decided],
      [t('requestService.col.inTime'), s.speed.inTime],
      [t('requests.dash.median'), s.speed.median],
      [t('requests.dash.p90'), s.speed.p90],
    ],
  )
  const byTypeStatus = sheet(
    t('requests.dash.byTypeStatus'),
    [{ header: t('requests.col.type') }, { header: t('requests.col.status') }, int(t('exports.col.count'))],
    s.byTypeStatus.map((r) => [t(`requests.type.${r.type}` as MessageKey), t(`requests.status.${r.status}` as MessageKey), r.n]),
  )
  const speedByType = sheet(
    t('requests.dash.speedByType'),
    [{ header: t('requests.col.type') }, ...speedColumns],
    s.speedByType.map((r) => [t(`requests.type.${r.group}` as MessageKey), ...speedRow(r)]),
  )
  const speedByDistrict = sheet(
    t('requests.dash.speedByDistrict'),
    [{ header: t('dashboard.col.district') }, ...speedColumns],
    s.speedByDistrict.map((r) => [t(`district.${r.group}`), ...speedRow(r)]),
  )
  const granted = sheet(
    t('requests.dash.grantedTitle'),
    [
      { header: t('dashboard.col.district') },
      { header: t('requests.col.type') },
      { header: t('exports.col.kind') },
      int(t('requests.dash.grantedCount')),
      { header: t('requests.dash.grantedTotal'), type: 'number' },
    ],
    s.granted.map((r) => [
      t(`district.${r.districtCode}`),
      t(`requests.type.${r.type}` as MessageKey),
      t(`requests.unit.${r.unit}` as MessageKey),
      r.n,
      r.total,
    ]),
  )
  return [overview, byTypeStatus, speedByType, speedByDistrict, granted]
}

/** The outcomes dashboard (/outcomes) under its filters: totals, each chart, the plan fulfilment and the evaluation. */
export function outcomesSummary({
  actor,
  filter,
  today,
  t,
  scope,
}: {
  actor: Actor
  filter: OutcomeFilter
  today: string
  t: Translate
  scope: string
}): XlsxSheet[] {
  const d = outcomeDashboardData({ actor, filter, today })
  const count = int(t('cityOutcomes.col.count'))
  const category = { header: t('cityOutcomes.col.category') }
  const overview = sheet(
    t('exports.summary.sheet.overview'),
    [{ header: t('exports.summary.col.item') }, { header: t('exports.summary.col.value'), type: 'number' }],
    [
      [t('exports.summary.scope'), scope],
      [t('exports.summary.date'), today],
      [t('cityOutcomes.tile.total'), d.totals.n],
      [t('cityOutcomes.tile.outcomes'), d.totals.outcomes],
      [t('cityOutcomes.tile.deliverables'), d.totals.deliverables],
      [t('cityOutcomes.tile.transfers'), d.transfers.n],
      // whole yuan read in 万元, exactly
      [t('cityOutcomes.tile.transferValue'), d.transfers.valueYuan / 10_000],
    ],
  )
  const counts = (title: MessageKey, rows: { name: string; n: number }[]) =>
    sheet(
      t(title),
      [category, count],
      rows.map((r) => [r.name, r.n]),
    )
  const sheets = [
    overview,
    counts(
      'cityOutcomes.chart.byVerification',
      d.byVerification.map((r) => ({ name: t(`outcomes.verification.${r.key}` as MessageKey), n: r.n })),
    ),
    counts(
      'cityOutcomes.chart.byForm',
      DELIVERABLE_FORMS.map((f) => ({ name: t(`deliverables.form.${f}` as MessageKey), n: d.byForm.find((r) => r.key === f)?.n ?? 0 })),
    ),
    counts(
      'cityOutcomes.chart.byKind',
      d.byKind.map((r) => ({ name: r.key === 'none' ? t('cityOutcomes.kind.none') : t(`outcomes.kind.${r.key}` as MessageKey), n: r.n })),
    ),
    counts(
      'cityOutcomes.chart.byDirection',
      d.byDirection.map((r) => ({ name: `${r.key}. ${label(t, `direction.${r.key}`)}`, n: r.n })),
    ),
    counts(
      'cityOutcomes.chart.byDistrict',
      d.byDistrict.map((r) => ({ name: t(`district.${r.key}`), n: r.n })),
    ),
    sheet(
      t('exports.col.year'),
      [int(t('cityOutcomes.col.year')), count, int(t('cityOutcomes.col.transfers')), { header: t('cityOutcomes.col.value'), type: 'wan' }],
      d.byYear.map((r) => [r.year, r.n, r.transfers, r.valueYuan]),
    ),
    sheet(
      t('cityOutcomes.fulfilment.title'),
      [{ header: t('exports.col.bucket') }, int(t('cityOutcomes.col.count'))],
      d.fulfilment.distribution.buckets.map((b) => [
        b.bucket === 10
          ? t('cityOutcomes.fulfilment.full')
          : t('cityOutcomes.fulfilment.bucket', { from: b.bucket * 10, to: b.bucket * 10 + 9 }),
        b.n,
      ]),
    ),
    sheet(
      t('cityOutcomes.pace.title'),
      [
        { header: t('exports.col.ahead') },
        { header: t('cityOutcomes.col.lab') },
        { header: t('cityOutcomes.col.district') },
        { header: t('cityOutcomes.col.fulfilment'), type: 'percent' },
        { header: t('cityOutcomes.col.elapsed'), type: 'percent' },
        int(t('exports.col.gap')),
      ],
      [
        ...d.fulfilment.ahead.map((r) => ({ ...r, side: t('cityOutcomes.pace.ahead') })),
        ...d.fulfilment.behind.map((r) => ({ ...r, side: t('cityOutcomes.pace.behind') })),
      ].map((r) => [r.side, r.labName, r.districtCode ? t(`district.${r.districtCode}`) : '', r.fulfilment, r.elapsed, r.gap]),
    ),
  ]
  if (d.evaluation)
    sheets.push(
      sheet(
        t('cityOutcomes.chart.evaluation', { year: d.evaluation.year }),
        [{ header: t('exports.col.grade') }, int(t('cityOutcomes.col.count'))],
        EVALUATION_GRADES.map((g) => [t(`evaluation.grade.${g}`), d.evaluation!.counts[g] ?? 0]),
      ),
    )
  return sheets
}
