import { formatWanText } from '~/domain/money'
import { formatNumber } from '~/domain/numbers'
import type { MessageKey } from '~/i18n'
import { useLocale, useT } from '~/i18n/use-t'
import type { PlanLine } from '~/models/indicator-plans.server'
import { Field } from '~/components/ui/field'
import type { FieldErrors } from '~/utils/forms'
import { TableScroll } from '~/components/ui/table-scroll'

// An indicator plan's lines: the target fields (`target.<key>`, `target.c<id>`) and the read-only
// table, shared by the period's plan page and the renewal's proposed plan.

type T = ReturnType<typeof useT>

export function lineName(t: T, line: Pick<PlanLine, 'builtinKey' | 'nameZh' | 'nameEn'>, locale: string): string {
  if (line.builtinKey) return t(`indicators.builtin.${line.builtinKey}` as MessageKey)
  return `${locale === 'en' ? line.nameEn : line.nameZh} · ${t('plan.custom')}`
}

export const unitOf = (t: T, line: Pick<PlanLine, 'unit'>) => t(`indicators.unit.${line.unit}` as MessageKey)

/** A target as the form and the table show it: money in 万元, counts as they are. */
export const shownTarget = (line: Pick<PlanLine, 'target' | 'unit'>) =>
  line.target === null ? '' : line.unit === 'yuan' ? formatWanText(line.target) : formatNumber(line.target)

export function TargetFields({ lines, errors, typed }: { lines: PlanLine[]; errors?: FieldErrors; typed?: Record<string, string> }) {
  const t = useT()
  const locale = useLocale()
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {lines.map((line) => (
        <Field key={line.field} name={`target.${line.field}`} label={`${lineName(t, line, locale)} (${unitOf(t, line)})`} errors={errors}>
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode={line.unit === 'yuan' ? 'decimal' : 'numeric'}
              defaultValue={typed?.[`target.${line.field}`] ?? shownTarget(line)}
            />
          )}
        </Field>
      ))}
    </div>
  )
}

export function TargetTable({ lines, testId }: { lines: PlanLine[]; testId?: string }) {
  const t = useT()
  const locale = useLocale()
  return (
    <TableScroll>
      <table className="min-w-full text-sm" data-testid={testId}>
        <thead>
          <tr>
            <th className="th" scope="col">
              {t('plan.col.indicator')}
            </th>
            <th className="th text-right" scope="col">
              {t('plan.col.target')}
            </th>
            <th className="th" scope="col">
              {t('plan.col.unit')}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines
            .filter((l) => l.target !== null)
            .map((line) => (
              <tr key={line.field}>
                <td className="td">{lineName(t, line, locale)}</td>
                <td className="td text-right token tabular-nums">{shownTarget(line)}</td>
                <td className="td">{unitOf(t, line)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
