import type { Actor } from '~/domain/permissions'
import type { UnjudgedState } from '~/domain/obligations'
import type { MessageKey, Translate } from '~/i18n'
import { progressText } from '~/components/renewals/dossier/progress-tables'
import type { Locale } from '~db/schema/enums'
import { listSheet, type ListColumn, type XlsxSheet, type XlsxValue } from '~/utils/xlsx.server'
import { getPlanPage, type PlanLine } from './indicator-plans.server'
import { getLab } from './labs.server'
import { ledgerWithState, type LedgerPageRow } from './obligations.server'

// One lab's tables as workbooks (issue 17): its obligation ledger and its plan page. Scoped as the
// pages are (getLab, getPlanPage): null when the lab is not the actor's to see.

const UNJUDGED_LABEL: Record<UnjudgedState, MessageKey> = {
  not_due: 'obligations.state.notDue',
  unjudged: 'obligations.state.unjudged',
  past_period: 'obligations.noCheck',
}

const LEDGER_COLUMNS: ListColumn<LedgerPageRow>[] = [
  { label: 'exports.obligations.period', text: (r, t) => t('obligations.periodShort', { n: r.sequence }) },
  { label: 'obligations.col.year', text: (r, t) => t('obligations.year', { n: r.validityYear }) },
  { label: 'obligations.col.kind', text: (r, t) => t(`obligations.kind.${r.kind}`) },
  { label: 'exports.obligations.yearStart', type: 'date', text: (r) => r.yearStart },
  { label: 'exports.obligations.yearEnd', type: 'date', text: (r) => r.yearEnd },
  { label: 'obligations.col.due', type: 'date', text: (r) => r.dueDate },
  { label: 'exports.obligations.originalDue', type: 'date', text: (r) => r.originalDueDate },
  { label: 'exports.obligations.estimated', text: (r, t) => (r.dueDateEstimated ? t('common.yes') : '') },
  {
    label: 'obligations.col.filed',
    text: (r, t) =>
      r.kind === 'deliverable'
        ? t('obligations.filed.deliverable', r.deliverables)
        : r.report
          ? [
              t(`filing.status.${r.report.status}` as MessageKey),
              r.filedLateDays !== null ? t('status.filedLateDays', { days: r.filedLateDays }) : '',
            ]
              .filter(Boolean)
              .join(' · ')
          : t('obligations.filed.report.none'),
  },
  {
    label: 'exports.obligations.result',
    // the page's words (docs/status-language.md): a verdict, an ended period's met / not met, or why none
    text: (r, t) =>
      r.verdict
        ? t(`compliance.result.${r.verdict.result}` as MessageKey)
        : r.closed
          ? t(`status.${r.closed.state}`, { days: r.closed.days })
          : t(UNJUDGED_LABEL[r.state ?? 'past_period']),
  },
  { label: 'exports.obligations.reason', text: (r, t) => (r.verdict ? t(r.verdict.reasonKey as MessageKey, r.verdict.reasonParams) : '') },
]

/** The lab's obligation ledger (/labs/:labId/obligations): every period's rows, the latest period first. */
export function ledgerExport({ actor, labId, today, t }: { actor: Actor; labId: number; today: string; t: Translate }) {
  const detail = getLab({ id: labId, actor })
  if (!detail) return null
  const rows = ledgerWithState({ labId: detail.lab.id, today })
  return { lab: detail.lab, sheet: (name: string) => listSheet({ name, columns: LEDGER_COLUMNS, rows, t }) }
}

// a target in its unit: money read in 万元 (stored in whole yuan), counts as they are
const targetValue = (line: Pick<PlanLine, 'target' | 'unit'>): XlsxValue =>
  line.target === null ? null : line.unit === 'yuan' ? line.target / 10_000 : line.target

/**
 * The plan page (/labs/:labId/plan?period=): the plan's targets and the progress table, each a
 * sheet, as the page shows them for that period.
 */
export function planExport({
  actor,
  labId,
  periodId,
  t,
  locale,
}: {
  actor: Actor
  labId: number
  periodId: number | null
  t: Translate
  locale: Locale
}): { lab: { id: number; name: string }; sheets: XlsxSheet[] } | null {
  const page = getPlanPage({ actor, labId, periodId })
  if (!page) return null
  const name = (l: PlanLine) =>
    l.builtinKey
      ? t(`indicators.builtin.${l.builtinKey}` as MessageKey)
      : `${(locale === 'en' ? l.nameEn : l.nameZh) ?? ''} · ${t('plan.custom')}`
  const status = t(`plan.status.${page.plan?.status ?? 'none'}` as MessageKey)
  const targets: XlsxSheet = {
    name: t('exports.plan.targets'),
    columns: [
      { header: t('exports.obligations.period') },
      { header: t('plan.status') },
      { header: t('plan.col.indicator') },
      { header: t('plan.col.target'), type: 'number' },
      { header: t('plan.col.unit') },
    ],
    rows: page.plan
      ? page.lines
          .filter((l) => l.target !== null)
          .map((l) => [
            page.period ? t('obligations.periodShort', { n: page.period.sequence }) : '',
            status,
            name(l),
            targetValue(l),
            t(`indicators.unit.${l.unit}` as MessageKey),
          ])
      : [],
  }
  const progress = progressText(page.progress, t, locale)
  const progressSheet: XlsxSheet = {
    name: t('exports.plan.progress'),
    columns: progress.table.headers.map((header, i) => ({ header, type: i >= 2 && i <= 8 ? ('number' as const) : undefined })),
    rows: progress.table.rows,
  }
  return { lab: page.lab, sheets: [targets, progressSheet] }
}
