import { formatWan } from '~/domain/money'
import type { Translate } from '~/i18n'
import { listSheet, type ListColumn } from '~/utils/xlsx.server'
import type { exportOutcomes } from './outcomes.server'

type Found = NonNullable<ReturnType<typeof exportOutcomes>>
type Row = Found['rows'][number]

// The lab's outcome register as a table for its exports (CSV and .xlsx): every field, values in
// 万元 exactly as stored (whole yuan, four decimals at most). Accepted deliverables are on the
// deliverables' own pages. The workbook writes the date as a date and the value as a number.
const COLUMNS: ListColumn<Row>[] = [
  { label: 'outcomes.col.title', text: ({ outcome: o }) => o.title },
  { label: 'outcomes.col.form', text: ({ outcome: o }, t) => t(`deliverables.form.${o.form}`) },
  { label: 'outcomes.col.kind', text: ({ outcome: o }, t) => t(`outcomes.kind.${o.kind}`) },
  { label: 'outcomes.col.occurredOn', type: 'date', text: ({ outcome: o }) => o.occurredOn },
  {
    label: 'outcomes.col.year',
    text: ({ outcome: o, periodSequence }, t) => t('outcomes.periodLabel', { sequence: periodSequence, year: o.validityYear }),
  },
  {
    label: 'outcomes.col.value',
    type: 'wan',
    value: ({ outcome: o }) => o.valueYuan,
    text: ({ outcome: o }) => (o.valueYuan === null ? '' : formatWan(o.valueYuan)),
  },
  { label: 'outcomes.field.partners', text: ({ outcome: o }) => o.partners },
  { label: 'outcomes.field.patentNumber', text: ({ outcome: o }) => o.patentNumber },
  {
    label: 'outcomes.field.patentStatus',
    text: ({ outcome: o }, t) => (o.patentStatus ? t(`outcomes.patentStatus.${o.patentStatus}`) : ''),
  },
  {
    label: 'outcomes.field.standardLevel',
    text: ({ outcome: o }, t) => (o.standardLevel ? t(`outcomes.standardLevel.${o.standardLevel}`) : ''),
  },
  { label: 'outcomes.field.awardLevel', text: ({ outcome: o }, t) => (o.awardLevel ? t(`outcomes.awardLevel.${o.awardLevel}`) : '') },
  { label: 'outcomes.field.userOrganisation', text: ({ outcome: o }) => o.userOrganisation },
  { label: 'outcomes.field.counterpart', text: ({ outcome: o }) => o.counterpart },
  { label: 'outcomes.col.verification', text: ({ outcome: o }, t) => t(`outcomes.verification.${o.verification}`) },
  { label: 'outcomes.reason', text: ({ outcome: o }) => o.decisionReason },
]

export function outcomeExportTable(found: Found, t: Translate) {
  return {
    header: COLUMNS.map((c) => t(c.label)),
    rows: found.rows.map((r) => COLUMNS.map((c) => c.text(r, t))),
    sheet: (name: string) => listSheet({ name, columns: COLUMNS, rows: found.rows, t }),
  }
}
