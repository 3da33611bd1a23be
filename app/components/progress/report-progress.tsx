import { DECLARED_PREFIX, type ReportForm } from '~/domain/annual-report'
import type { MessageKey } from '~/i18n'
import { useLocale, useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import { Field } from '~/components/ui/field'
import { figureOf, indicatorName, ProgressSummary, ProgressTable, type ProgressPanelProps, type ProgressRow } from './progress-table'

// The annual report's view of its period's plan (issue 16, part 3): target, achieved and verified
// for the report's validity year and the period so far, and the figures the report states for the
// lines the register cannot count. Shown in the edit form, the read-only view and the print view.

export type DeclaredLineView = Pick<ProgressRow, 'field' | 'builtinKey' | 'nameZh' | 'nameEn' | 'unit' | 'target'>

export function ReportProgress({
  panel,
  year,
  declared,
  declaredLines,
}: {
  panel: ProgressPanelProps | null
  year: number
  // the figures this report states (the view); the form shows its inputs instead
  declared?: Record<string, number>
  declaredLines: DeclaredLineView[]
}) {
  const t = useT()
  const locale = useLocale()
  const y = year === 2 ? 2 : 1
  if (!panel?.plan || panel.lines.length === 0) return null
  const stated = declared ? declaredLines.filter((l) => declared[l.field] !== undefined) : []
  return (
    <div className="space-y-2" data-testid="report-progress">
      <h3 className="text-sm font-medium">{t('reports.progress.title')}</h3>
      <p className="text-xs text-slate-500">{t('reports.progress.intro', { year: y })}</p>
      {panel.plan.status !== 'approved' ? <p className="text-xs text-amber-800">{t('progress.notApproved')}</p> : null}
      <ProgressSummary fulfilment={panel.fulfilment} elapsed={panel.elapsed} pace={panel.pace} />
      <ProgressTable lines={panel.lines} year={y} />
      {stated.length ? (
        <ul className="text-sm" data-testid="report-declared">
          {stated.map((l) => (
            <li key={l.field}>
              {t('common.labelled', {
                label: indicatorName(t, l, locale),
                value: t('reports.progress.declaredValue', { value: figureOf(l, declared![l.field]!) }),
              })}{' '}
              {t(`indicators.unit.${l.unit}` as MessageKey)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** The inputs for the declared figures, named progress.declared.<field>. */
export function DeclaredInputs({ lines, values, errors }: { lines: DeclaredLineView[]; values: ReportForm; errors?: FieldErrors }) {
  const t = useT()
  const locale = useLocale()
  if (lines.length === 0) return null
  return (
    <fieldset className="space-y-2" data-testid="declared-inputs">
      <legend className="label">{t('reports.progress.declaredTitle')}</legend>
      <p className="text-xs text-slate-500">{t('reports.progress.declaredIntro')}</p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {lines.map((line) => {
          const name = `${DECLARED_PREFIX}${line.field}`
          return (
            <Field
              key={line.field}
              name={name}
              label={`${indicatorName(t, line, locale)} (${t(`indicators.unit.${line.unit}` as MessageKey)}) · ${t('progress.col.target')} ${figureOf(line, line.target)}`}
              errors={errors}
            >
              {(p) => (
                <input
                  {...p}
                  className="input"
                  inputMode={line.unit === 'yuan' ? 'decimal' : 'numeric'}
                  defaultValue={values[name] ?? ''}
                />
              )}
            </Field>
          )
        })}
      </div>
    </fieldset>
  )
}
