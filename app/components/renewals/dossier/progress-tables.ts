// 任务指标完成情况 in the renewal dossier (issue 16, part 3), as labelled fields and a text table
// the page, the print view and the .xlsx export all lay out (as ./tables.ts does for the other
// sections). Money is read in 万元; counts stay numbers so the spreadsheet can sum them.
import type { Locale } from '~db/schema/enums'
import { sharePercent } from '~/domain/progress'
import type { DossierProgress } from '~/domain/renewal-dossier'
import type { MessageKey, Translate } from '~/i18n'
import type { Cell, Field, TextTable } from './tables'

type Line = DossierProgress['lines'][number]

const wan = (line: Line, n: number): Cell => (line.unit === 'yuan' ? n / 10_000 : n)

export function progressText(progress: DossierProgress | null, t: Translate, locale: Locale) {
  const lines = progress?.plan ? progress.lines : []
  const name = (l: Line) =>
    l.builtinKey ? t(`indicators.builtin.${l.builtinKey}` as MessageKey) : ((locale === 'en' ? l.nameEn : l.nameZh) ?? '')
  const y1 = t('progress.col.year1')
  const y2 = t('progress.col.year2')
  const all = t('progress.col.period')
  const a = t('progress.col.achieved')
  const v = t('progress.col.verified')
  const table: TextTable = {
    headers: [
      t('progress.col.indicator'),
      t('plan.col.unit'),
      t('progress.col.target'),
      `${y1} ${a}`,
      `${y1} ${v}`,
      `${y2} ${a}`,
      `${y2} ${v}`,
      `${all} ${a}`,
      `${all} ${v}`,
      t('progress.col.share'),
    ],
    rows: lines.map((l) => {
      const share = sharePercent(l.achieved, l.target)
      return [
        l.declared ? `${name(l)}（${t('progress.declared')}）` : name(l),
        t(`indicators.unit.${l.unit}` as MessageKey),
        l.target === null ? '—' : wan(l, l.target),
        wan(l, l.byYear[1].achieved),
        wan(l, l.byYear[1].verified),
        wan(l, l.byYear[2].achieved),
        wan(l, l.byYear[2].verified),
        wan(l, l.achieved),
        wan(l, l.verified),
        share === null ? '—' : `${share}%`,
      ]
    }),
  }
  const fields: Field[] = progress?.plan
    ? [
        { label: t('plan.status'), value: t(`plan.status.${progress.plan.status}` as MessageKey) },
        {
          label: t('progress.title'),
          value: progress.fulfilment === null ? t('progress.fulfilmentNone') : t('progress.fulfilment', { percent: progress.fulfilment }),
        },
        { label: t('progress.col.period'), value: t('progress.elapsed', { percent: progress.elapsed }) },
      ]
    : []
  // why the table is empty, when it is
  const empty = !progress?.plan ? t('progress.noPlan') : t('progress.noTargets')
  return { fields, table, empty }
}
