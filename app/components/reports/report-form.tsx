import { Form } from '@remix-run/react'
import { useState, type ReactNode } from 'react'
import { Field, FormAlert } from '~/components/ui/field'
import { formatWan, REPORT_LIMITS, rowCount, sumAmountTexts, type ReportForm, type RowList } from '~/domain/annual-report'
import type { MessageKey } from '~/i18n'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import { DeclaredInputs, type DeclaredLineView } from '~/components/progress/report-progress'
import type { FieldErrors } from '~/utils/forms'

// the attachments' upload posts this form (DraftUploadFields), so the draft is saved with it
export const REPORT_FORM_ID = 'report-form'

type Column = { field: string; label: MessageKey; amount?: boolean }

const TARGET_COLUMNS: Column[] = [
  { field: 'target', label: 'reports.targets.target' },
  { field: 'planned', label: 'reports.targets.planned' },
  { field: 'achieved', label: 'reports.targets.achieved' },
]
const INCOME_COLUMNS: Column[] = [
  { field: 'source', label: 'reports.funding.source' },
  { field: 'amount', label: 'reports.funding.amount', amount: true },
]
const EXPENDITURE_COLUMNS: Column[] = [
  { field: 'item', label: 'reports.funding.item' },
  { field: 'amount', label: 'reports.funding.amount', amount: true },
]

/**
 * The lab's form for a draft or returned report. Field names are the content's paths
 * (app/domain/annual-report.ts). The linked deliverables and the roster are shown in their
 * sections but are not part of what is posted.
 */
export function ReportEditForm({
  values,
  errors,
  submitLabel,
  canSubmitNow,
  yearEnd,
  deliverables,
  roster,
  version,
  progress,
  declaredLines = [],
}: {
  // the period's plan progress (issue 16), and the plan lines whose figures the report states
  progress?: ReactNode
  declaredLines?: DeclaredLineView[]
  // the report's row version the form was filled from
  version: number
  values: ReportForm
  errors?: FieldErrors
  submitLabel: 'reports.submit' | 'reports.resubmit'
  canSubmitNow: boolean
  yearEnd: string
  deliverables: ReactNode
  roster: ReactNode
}) {
  const t = useT()
  const text = (
    name: string,
    label: MessageKey,
    { hint, required, rows = 6 }: { hint?: MessageKey; required?: boolean; rows?: number } = {},
  ) => (
    <Field name={name} label={t(label)} errors={errors} hint={hint ? t(hint) : undefined} required={required}>
      {(p) => <textarea {...p} rows={rows} maxLength={REPORT_LIMITS.text} className="input" defaultValue={values[name] ?? ''} />}
    </Field>
  )
  return (
    <Form method="post" noValidate className="space-y-4" data-testid="report-form" id={REPORT_FORM_ID}>
      <VersionField version={version} />
      <FormAlert errors={errors} />
      <Section title="reports.section.progress">
        {text('progress.summary', 'reports.field.progressSummary', { hint: 'reports.field.progressSummaryHint', required: true })}
        <RowsEditor
          list="progress.targets"
          label="reports.field.targets"
          columns={TARGET_COLUMNS}
          values={values}
          errors={errors}
          required
        />
        {progress}
        <DeclaredInputs lines={declaredLines} values={values} errors={errors} />
      </Section>
      <Section title="reports.section.deliverables">{deliverables}</Section>
      <Section title="reports.section.teamChanges">
        {text('teamChanges', 'reports.field.teamChanges', { hint: 'reports.field.teamChangesHint', required: true, rows: 4 })}
        {roster}
      </Section>
      <Section title="reports.section.security">
        {text('security', 'reports.field.security', { hint: 'reports.field.securityHint', required: true })}
      </Section>
      <Section title="reports.section.resources">
        <p className="text-xs text-slate-500">{t('reports.field.resourcesHint')}</p>
        <div className="grid gap-4 md:grid-cols-2">
          {text('resources.requested', 'reports.field.resourcesRequested', { rows: 4 })}
          {text('resources.received', 'reports.field.resourcesReceived', { rows: 4 })}
        </div>
      </Section>
      <Section title="reports.section.funding">
        <p className="text-xs text-slate-500">{t('reports.funding.unit')}</p>
        <div className="grid gap-4 lg:grid-cols-2">
          <RowsEditor
            list="funding.income"
            label="reports.funding.income"
            columns={INCOME_COLUMNS}
            values={values}
            errors={errors}
            required
            totalLabel="reports.funding.totalIncome"
          />
          <RowsEditor
            list="funding.expenditure"
            label="reports.funding.expenditure"
            columns={EXPENDITURE_COLUMNS}
            values={values}
            errors={errors}
            required
            totalLabel="reports.funding.totalExpenditure"
          />
        </div>
      </Section>
      <Section title="reports.section.typicalCases">
        {text('typicalCases', 'reports.field.typicalCases', { hint: 'reports.field.typicalCasesHint', required: true })}
      </Section>
      <Section title="reports.section.nextYearPlan">{text('nextYearPlan', 'reports.field.nextYearPlan', { required: true })}</Section>

      <div className="card sticky bottom-0 flex flex-wrap items-center gap-3">
        <button type="submit" name="intent" value="save" className="btn">
          {t('reports.saveDraft')}
        </button>
        {canSubmitNow ? (
          <>
            <button type="submit" name="intent" value="submit" className="btn-primary">
              {t(submitLabel)}
            </button>
            <span className="text-xs text-slate-500">{t('reports.submitHint')}</span>
          </>
        ) : (
          <span className="text-sm text-slate-600" data-testid="year-not-ended">
            {t('reports.notice.yearNotEnded', { date: yearEnd })}
          </span>
        )}
      </div>
    </Form>
  )
}

function Section({ title, children }: { title: MessageKey; children: ReactNode }) {
  const t = useT()
  return (
    <section className="card space-y-3">
      <h2 className="font-semibold">{t(title)}</h2>
      {children}
    </section>
  )
}

// Rows of inputs named `${list}.${i}.${field}`. Always one spare row; "add a row" adds more in
// the browser, and without JavaScript the spare row is there to fill.
function RowsEditor({
  list,
  label,
  columns,
  values,
  errors,
  required,
  totalLabel,
}: {
  list: RowList
  label: MessageKey
  columns: Column[]
  values: ReportForm
  errors?: FieldErrors
  required?: boolean
  totalLabel?: MessageKey
}) {
  const t = useT()
  const initial = Math.max(rowCount(values, list) + 1, 2)
  const [count, setCount] = useState(initial)
  const [amounts, setAmounts] = useState(() => Array.from({ length: initial }, (_, i) => values[`${list}.${i}.amount`] ?? ''))
  const listError = errors?.[list]
  const setAmount = (i: number, v: string) =>
    setAmounts((prev) => {
      const next = [...prev]
      next[i] = v
      return next
    })
  return (
    <fieldset className="min-w-0" aria-describedby={listError ? `error-${list}` : undefined}>
      <legend className="label">
        {t(label)}
        {required ? (
          <span className="ml-1 text-red-700" aria-hidden>
            *
          </span>
        ) : null}
      </legend>
      {listError ? (
        <p id={`error-${list}`} className="field-error mb-2" role="alert" data-testid={`error-${list}`}>
          {t(listError.key, listError.vars)}
        </p>
      ) : null}
      <div className="table-scroll" tabIndex={0}>
        <table className="min-w-full">
          <thead>
            <tr>
              <th className="th w-10">#</th>
              {columns.map((c) => (
                <th key={c.field} className={`th ${c.amount ? 'w-36' : ''}`}>
                  {t(c.label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: count }, (_, i) => (
              <tr key={i}>
                <td className="td text-slate-500">{i + 1}</td>
                {columns.map((c) => {
                  const name = `${list}.${i}.${c.field}`
                  const error = errors?.[name]
                  return (
                    <td key={c.field} className="td align-top">
                      <input
                        name={name}
                        aria-label={`${t(c.label)} · ${t('reports.rows.row', { n: i + 1 })}`}
                        aria-invalid={Boolean(error)}
                        aria-describedby={error ? `error-${name}` : undefined}
                        defaultValue={values[name] ?? ''}
                        inputMode={c.amount ? 'decimal' : undefined}
                        maxLength={REPORT_LIMITS.cell}
                        className={`input ${c.amount ? 'text-right' : ''}`}
                        onChange={c.amount ? (e) => setAmount(i, e.target.value) : undefined}
                      />
                      {error ? (
                        <p id={`error-${name}`} className="field-error" role="alert" data-testid={`error-${name}`}>
                          {t(error.key, error.vars)}
                        </p>
                      ) : null}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
          {totalLabel ? (
            <tfoot>
              <tr>
                <td className="td" />
                <td className="td text-right font-medium">{t(totalLabel)}</td>
                <td className="td text-right font-medium" data-testid={`total-${list}`}>
                  {formatWan(sumAmountTexts(amounts))}
                </td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      <div className="mt-2 flex items-center gap-3">
        {count < REPORT_LIMITS.rows ? (
          <button type="button" className="btn" onClick={() => setCount((n) => Math.min(n + 1, REPORT_LIMITS.rows))}>
            {t('reports.rows.add')}
          </button>
        ) : null}
        <span className="text-xs text-slate-500">{t('reports.rows.hint')}</span>
      </div>
    </fieldset>
  )
}
