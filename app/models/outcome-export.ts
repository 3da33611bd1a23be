import { formatWan } from '~/domain/money'
import type { Translate } from '~/i18n'
import type { exportOutcomes } from './outcomes.server'

// The lab's outcome register as a table for its exports (CSV and .xlsx): every field, values in
// 万元 exactly as stored (whole yuan, four decimals at most). Accepted deliverables are on the
// deliverables' own pages.
export function outcomeExportTable(found: NonNullable<ReturnType<typeof exportOutcomes>>, t: Translate) {
  const header = [
    t('outcomes.col.title'),
    t('outcomes.col.form'),
    t('outcomes.col.kind'),
    t('outcomes.col.occurredOn'),
    t('outcomes.col.year'),
    t('outcomes.col.value'),
    t('outcomes.field.partners'),
    t('outcomes.field.patentNumber'),
    t('outcomes.field.patentStatus'),
    t('outcomes.field.standardLevel'),
    t('outcomes.field.awardLevel'),
    t('outcomes.field.userOrganisation'),
    t('outcomes.field.counterpart'),
    t('outcomes.col.verification'),
    t('outcomes.reason'),
  ]
  const rows = found.rows.map(({ outcome: o, periodSequence }) => [
    o.title,
    t(`deliverables.form.${o.form}`),
    t(`outcomes.kind.${o.kind}`),
    o.occurredOn,
    t('outcomes.periodLabel', { sequence: periodSequence, year: o.validityYear }),
    o.valueYuan === null ? '' : formatWan(o.valueYuan),
    o.partners,
    o.patentNumber,
    o.patentStatus ? t(`outcomes.patentStatus.${o.patentStatus}`) : '',
    o.standardLevel ? t(`outcomes.standardLevel.${o.standardLevel}`) : '',
    o.awardLevel ? t(`outcomes.awardLevel.${o.awardLevel}`) : '',
    o.userOrganisation,
    o.counterpart,
    t(`outcomes.verification.${o.verification}`),
    o.decisionReason,
  ])
  return { header, rows }
}
