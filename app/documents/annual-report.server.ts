import type { Locale } from '~db/schema/enums'
import { figureOf, indicatorName } from '~/components/progress/progress-table'
import { formatWan, fundingTotals } from '~/domain/annual-report'
import { formatShanghaiTime } from '~/domain/dates'
import { formatFileSize } from '~/domain/file-types'
import { gradeLabel, type GradeLabels } from '~/domain/grades'
import { sharePercent } from '~/domain/progress'
import type { MessageKey, Translate } from '~/i18n'
import type { AttachmentListItem } from '~/models/attachments.server'
import type { ReportDetail } from '~/models/annual-reports.server'
import {
  buildDocx,
  dataTable,
  fieldTable,
  heading,
  mark,
  note,
  numberedLines,
  paragraph,
  signatureBlock,
  subtitle,
  textBlocks,
  title,
  type DocBlock,
} from '~/utils/docx.server'

// The annual report (年度报告) as an editable Word document: what its print view
// (app/routes/labs.$labId.reports.$reportId_.print.tsx) shows, in the same order and with the same
// labels: the header table, the eight sections with their tables, the attachments, and the
// signature and seal lines.

export type ReportDocumentInput = {
  detail: ReportDetail
  attachments: readonly Pick<AttachmentListItem, 'originalName' | 'size'>[]
  grades: readonly GradeLabels[]
  t: Translate
  locale: Locale
}

export function annualReportBlocks({ detail: d, attachments, grades, t, locale }: ReportDocumentInput): DocBlock[] {
  const { lab, report, content } = d
  const grade = (code: string) => gradeLabel(grades, code, locale)
  const section = (key: MessageKey) => heading(t(key), 1)
  const text = (value: string) => textBlocks(value, t('reports.empty.section'))

  const header = [
    title(t('reports.print.heading')),
    subtitle(t('reports.yearLabel', { sequence: d.period.sequence, year: report.validityYear })),
    ...(report.status === 'draft' ? [mark(t('reports.print.draftMark'))] : []),
    fieldTable([
      { label: t('reports.field.lab'), value: lab.name },
      { label: t('reports.field.host'), value: lab.hostName },
      { label: t('reports.field.district'), value: t(`district.${lab.districtCode}` as MessageKey) },
      { label: t('reports.field.director'), value: lab.directorName },
      { label: t('reports.field.year'), value: t('reports.yearRange', { start: d.year.startDate, end: d.year.endDate }) },
      {
        label: t('reports.field.status'),
        value: `${t(`reports.status.${report.status}`)}${report.grade ? ` · ${t('reports.thread.grade', { grade: grade(report.grade) })}` : ''}`,
      },
      { label: t('reports.field.submittedAt'), value: report.submittedAt ? formatShanghaiTime(report.submittedAt) : '—' },
    ]),
  ]

  const targets = content.progress.targets.map((r) => [r.target, r.planned, r.achieved])
  const totals = fundingTotals(content.funding)
  const activeMembers = d.roster.members.filter((m) => m.active)
  const { thresholds } = d.roster
  const met = (ok: boolean) => t(ok ? 'labs.threshold.met' : 'labs.threshold.notMet')
  const sep = t('reports.roster.separator')
  const changes = d.rosterChanges

  return [
    ...header,

    section('reports.section.progress'),
    ...text(content.progress.summary),
    heading(t('reports.field.targets'), 2),
    dataTable(
      { headers: [t('reports.targets.target'), t('reports.targets.planned'), t('reports.targets.achieved')], rows: targets },
      t('reports.empty.rows'),
    ),
    ...progressBlocks(d, t, locale),

    section('reports.section.deliverables'),
    dataTable(
      {
        headers: [
          t('reports.deliverables.title'),
          t('reports.deliverables.type'),
          t('reports.deliverables.completedOn'),
          t('reports.deliverables.status'),
        ],
        rows: d.deliverables.map((x) => [x.title, t(`reports.deliverableType.${x.type}`), x.completedOn, t(`reports.status.${x.status}`)]),
      },
      t('reports.deliverables.empty'),
    ),

    section('reports.section.teamChanges'),
    ...text(content.teamChanges),
    heading(d.rosterState === 'snapshot' ? t('reports.roster.snapshot', { date: d.roster.takenOn }) : t('reports.roster.live'), 2),
    ...(d.rosterState === 'missing' ? [note(t('reports.roster.missing'))] : []),
    paragraph(
      `${t('labs.threshold.headcount', { n: thresholds.headcount, min: thresholds.minHeadcount })} · ${met(thresholds.meetsHeadcount)}`,
    ),
    paragraph(
      `${t('labs.threshold.qualified', { n: thresholds.qualifiedCount, min: thresholds.minQualified })} · ${met(thresholds.meetsQualified)}`,
    ),
    ...(changes
      ? changes.joined.length === 0 && changes.left.length === 0
        ? [paragraph(t('reports.roster.noChanges'))]
        : [
            ...(changes.joined.length ? [paragraph(t('reports.roster.joined', { names: changes.joined.join(sep) }))] : []),
            ...(changes.left.length ? [paragraph(t('reports.roster.left', { names: changes.left.join(sep) }))] : []),
          ]
      : []),
    dataTable(
      {
        headers: [t('team.name'), t('team.titleLevel'), t('team.degree'), t('team.role')],
        rows: activeMembers.map((m) => [m.name, t(`title.${m.titleLevel}`), t(`degree.${m.degree}`), t(`teamRole.${m.role}`)]),
      },
      t('reports.empty.rows'),
    ),

    section('reports.section.security'),
    ...text(content.security),

    section('reports.section.resources'),
    heading(t('reports.field.resourcesRequested'), 2),
    ...text(content.resources.requested),
    heading(t('reports.field.resourcesReceived'), 2),
    ...text(content.resources.received),

    section('reports.section.funding'),
    note(t('reports.funding.unit')),
    heading(t('reports.funding.income'), 2),
    dataTable(
      {
        headers: [t('reports.funding.source'), t('reports.funding.amount')],
        rows: [
          ...content.funding.income.map((r) => [r.source, formatWan(r.amount)]),
          [t('reports.funding.totalIncome'), formatWan(totals.income)],
        ],
      },
      t('reports.empty.rows'),
      { right: [1], totalRow: true },
    ),
    heading(t('reports.funding.expenditure'), 2),
    dataTable(
      {
        headers: [t('reports.funding.item'), t('reports.funding.amount')],
        rows: [
          ...content.funding.expenditure.map((r) => [r.item, formatWan(r.amount)]),
          [t('reports.funding.totalExpenditure'), formatWan(totals.expenditure)],
        ],
      },
      t('reports.empty.rows'),
      { right: [1], totalRow: true },
    ),
    paragraph(t('reports.funding.balanceLine', { value: formatWan(totals.balance) }), { bold: true }),

    section('reports.section.typicalCases'),
    ...text(content.typicalCases),

    section('reports.section.nextYearPlan'),
    ...text(content.nextYearPlan),

    section('reports.section.attachments'),
    ...(attachments.length
      ? numberedLines(attachments.map((a) => `${a.originalName} (${formatFileSize(a.size)})`))
      : [note(t('attachments.none'))]),

    ...signatureBlock([t('reports.print.sign.director'), t('reports.print.sign.host'), t('reports.print.sign.date')]),
  ]
}

// 任务指标完成情况 as the print view's ReportProgress shows it: the summary line, the plan's lines
// for the report's year and the period so far, and the figures the report states.
function progressBlocks(d: ReportDetail, t: Translate, locale: Locale): DocBlock[] {
  const panel = d.progress
  if (!panel?.plan || panel.lines.length === 0) return []
  const y = d.report.validityYear === 2 ? 2 : 1
  const declared = d.content.progress.declared
  const stated = d.declaredLines.filter((l) => declared[l.field] !== undefined)
  const pace =
    panel.pace === null
      ? null
      : panel.pace > 0
        ? t('progress.pace.ahead', { points: panel.pace })
        : panel.pace < 0
          ? t('progress.pace.behind', { points: -panel.pace })
          : t('progress.pace.even')
  const summary = [
    panel.fulfilment === null ? t('progress.fulfilmentNone') : t('progress.fulfilment', { percent: panel.fulfilment }),
    t('progress.elapsed', { percent: panel.elapsed }),
    ...(pace ? [pace] : []),
  ].join(locale === 'zh' ? '；' : '; ')
  const columns = [t('reports.progress.yearColumn'), t('reports.progress.cumulative')]
  return [
    heading(t('reports.progress.title'), 2),
    note(t('reports.progress.intro', { year: y })),
    ...(panel.plan.status !== 'approved' ? [note(t('progress.notApproved'))] : []),
    paragraph(summary),
    dataTable(
      {
        headerRows: [
          [
            { text: t('progress.col.indicator'), rowSpan: 2 },
            { text: t('progress.col.target'), rowSpan: 2 },
            ...columns.map((text) => ({ text, columnSpan: 2 })),
            { text: t('progress.col.share'), rowSpan: 2 },
          ],
          columns.flatMap(() => [{ text: t('progress.col.achieved') }, { text: t('progress.col.verified') }]),
        ],
        rows: panel.lines.map((line) => {
          const share = sharePercent(line.achieved, line.target)
          const name = `${indicatorName(t, line, locale)} (${t(`indicators.unit.${line.unit}` as MessageKey)})`
          return [
            line.declared ? `${name} · ${t('progress.declared')}` : name,
            figureOf(line, line.target),
            figureOf(line, line.byYear[y].achieved),
            figureOf(line, line.byYear[y].verified),
            figureOf(line, line.achieved),
            figureOf(line, line.verified),
            share === null ? '—' : `${share}%`,
          ]
        }),
      },
      t('progress.noTargets'),
      { right: [1, 2, 3, 4, 5, 6] },
    ),
    ...stated.map((l) =>
      paragraph(
        `${indicatorName(t, l, locale)}：${t('reports.progress.declaredValue', { value: figureOf(l, declared[l.field]!) })} ${t(
          `indicators.unit.${l.unit}` as MessageKey,
        )}`,
      ),
    ),
  ]
}

export function annualReportDocx(input: ReportDocumentInput): Promise<Buffer> {
  const { detail, t } = input
  return buildDocx({
    docTitle: `${t('reports.print.heading')} · ${detail.lab.name}`,
    children: annualReportBlocks(input),
    pageLabel: t('word.page'),
    headerText: detail.report.status === 'draft' ? t('reports.print.draftMark') : undefined,
  })
}
