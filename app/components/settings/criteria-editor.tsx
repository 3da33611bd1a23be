import { Form } from '@remix-run/react'
import { formatShanghaiTime } from '~/domain/dates'
import { CRITERION_LABEL_MAX, WEIGHT_TOTAL, type Criterion } from '~/domain/expert-review'
import { useLocale, useT } from '~/i18n/use-t'
import { FormAlert } from '~/components/ui/field'
import type { FieldErrors } from '~/utils/forms'

export type CriterionRow = Criterion & { updatedAt: string; updatedBy: string | null }

// what a criteria form sent back with its errors: which form (intent, and the criterion's id) and what it held
export type CriteriaFeedback = { intent: string; id: string; errors: FieldErrors; values: Record<string, string> }

// The renewal review criteria: each with its names, move and (de)activate buttons; then the
// active weights in one form (they must add up to 100); then a form to add one.
export function CriteriaEditor({ rows, weightSum, feedback }: { rows: CriterionRow[]; weightSum: number; feedback?: CriteriaFeedback }) {
  const t = useT()
  const locale = useLocale()
  const active = rows.filter((r) => r.active)
  const weights = feedback?.intent === 'setWeights' ? feedback : undefined
  const add = feedback?.intent === 'addCriterion' ? feedback : undefined
  return (
    <div className="space-y-4">
      {weightSum !== WEIGHT_TOTAL ? (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="weights-off">
          {t('criteria.weights.off', { sum: weightSum })}
        </p>
      ) : null}
      <section className="card">
        <ol className="divide-y divide-slate-200" data-testid="criteria">
          {rows.map((row, i) => (
            <CriterionItem
              key={row.id}
              row={row}
              first={i === 0}
              last={i === rows.length - 1}
              feedback={feedback && feedback.id === String(row.id) && feedback.intent !== 'setWeights' ? feedback : undefined}
            />
          ))}
        </ol>
      </section>

      <Form method="post" className="card space-y-3" noValidate key={JSON.stringify(weights?.values ?? rows.map((r) => r.weight))}>
        <h2 className="font-semibold">{t('criteria.weights.title')}</h2>
        <p className="text-sm text-slate-600">{t('criteria.weights.hint')}</p>
        <input type="hidden" name="intent" value="setWeights" />
        <FormAlert errors={weights?.errors} />
        <table>
          <tbody>
            {active.map((row) => {
              const name = `weight-${row.id}`
              const error = weights?.errors[name]
              return (
                <tr key={row.id}>
                  <td className="td">
                    <label htmlFor={`criterion-${name}`}>{locale === 'en' ? row.labelEn : row.labelZh}</label>
                  </td>
                  <td className="td">
                    <input
                      id={`criterion-${name}`}
                      name={name}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={WEIGHT_TOTAL}
                      step={1}
                      className="input w-24"
                      defaultValue={weights?.values[name] ?? String(row.weight)}
                      aria-invalid={Boolean(error)}
                      aria-describedby={error ? `criterion-${name}-error` : undefined}
                    />
                    {error ? (
                      <p id={`criterion-${name}-error`} className="field-error" role="alert">
                        {t(error.key, error.vars)}
                      </p>
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <p className="text-sm tabular-nums" data-testid="weight-sum">
          {t('criteria.weights.sum', { sum: weightSum })}
        </p>
        <button type="submit" className="btn-primary">
          {t('criteria.weights.save')}
        </button>
      </Form>

      <Form method="post" className="card space-y-2" noValidate key={add ? JSON.stringify(add.values) : 'new'}>
        <h2 className="font-semibold">{t('criteria.add.title')}</h2>
        <input type="hidden" name="intent" value="addCriterion" />
        <div className="flex flex-wrap items-start gap-2">
          <TextInput
            id="criterion-new-labelZh"
            name="labelZh"
            label={t('criteria.field.labelZh')}
            value={add?.values.labelZh ?? ''}
            errors={add?.errors}
          />
          <TextInput
            id="criterion-new-labelEn"
            name="labelEn"
            label={t('criteria.field.labelEn')}
            value={add?.values.labelEn ?? ''}
            errors={add?.errors}
          />
          <TextInput
            id="criterion-new-weight"
            name="weight"
            label={t('criteria.field.weight')}
            value={add?.values.weight ?? ''}
            errors={add?.errors}
            number
          />
          <button type="submit" className="btn-primary mt-6">
            {t('criteria.add.button')}
          </button>
        </div>
      </Form>
    </div>
  )
}

function CriterionItem({ row, first, last, feedback }: { row: CriterionRow; first: boolean; last: boolean; feedback?: CriteriaFeedback }) {
  const t = useT()
  const renamed = feedback?.intent === 'renameCriterion' ? feedback : undefined
  const formError = feedback?.errors._form
  return (
    <li className="flex flex-wrap items-start gap-x-4 gap-y-2 py-3" data-criterion={row.id} data-active={row.active}>
      <Form
        method="post"
        className="flex flex-wrap items-start gap-2"
        key={`${row.labelZh}|${row.labelEn}|${renamed ? JSON.stringify(renamed.values) : ''}`}
        noValidate
      >
        <input type="hidden" name="intent" value="renameCriterion" />
        <input type="hidden" name="id" value={row.id} />
        <TextInput
          id={`criterion-${row.id}-labelZh`}
          name="labelZh"
          label={t('criteria.field.labelZh')}
          value={renamed?.values.labelZh ?? row.labelZh}
          errors={renamed?.errors}
        />
        <TextInput
          id={`criterion-${row.id}-labelEn`}
          name="labelEn"
          label={t('criteria.field.labelEn')}
          value={renamed?.values.labelEn ?? row.labelEn}
          errors={renamed?.errors}
        />
        <button type="submit" className="btn mt-6">
          {t('criteria.rename')}
        </button>
      </Form>
      <Form method="post" className="mt-6 flex flex-wrap gap-1">
        <input type="hidden" name="id" value={row.id} />
        <button type="submit" name="intent" value="moveCriterionUp" className="btn" disabled={first}>
          ↑ {t('criteria.moveUp')}
        </button>
        <button type="submit" name="intent" value="moveCriterionDown" className="btn" disabled={last}>
          ↓ {t('criteria.moveDown')}
        </button>
        <button type="submit" name="intent" value={row.active ? 'deactivateCriterion' : 'reactivateCriterion'} className="btn">
          {t(row.active ? 'criteria.deactivate' : 'criteria.reactivate')}
        </button>
      </Form>
      <div className="mt-6 space-y-0.5 text-xs text-slate-600">
        <p>
          <span
            className={`mr-2 rounded border px-1.5 py-0.5 font-medium ${
              row.active ? 'border-green-300 bg-green-50 text-green-800' : 'border-slate-300 bg-slate-100 text-slate-600'
            }`}
          >
            {t(row.active ? 'criteria.status.active' : 'criteria.status.inactive')}
          </span>
          {t('criteria.col.weight')}: <span className="tabular-nums">{row.weight}</span>
        </p>
        <p>
          {row.updatedBy ? t('settings.changedBy', { who: row.updatedBy, at: formatShanghaiTime(row.updatedAt) }) : t('criteria.initial')}
        </p>
      </div>
      {formError ? (
        <p
          role="alert"
          className="w-full rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800"
          data-testid={`criterion-error-${row.id}`}
        >
          {t(formError.key, formError.vars)}
        </p>
      ) : null}
    </li>
  )
}

function TextInput({
  id,
  name,
  label,
  value,
  errors,
  number,
}: {
  id: string
  name: string
  label: string
  value: string
  errors?: FieldErrors
  number?: boolean
}) {
  const t = useT()
  const error = errors?.[name]
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
        <span className="ml-1 text-red-700" aria-hidden>
          *
        </span>
      </label>
      <input
        id={id}
        name={name}
        className={number ? 'input w-24' : 'input w-56'}
        defaultValue={value}
        {...(number
          ? { type: 'number', inputMode: 'numeric' as const, min: 1, max: WEIGHT_TOTAL, step: 1 }
          : { maxLength: CRITERION_LABEL_MAX })}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert" data-testid={`error-${id}`}>
          {t(error.key, error.vars)}
        </p>
      ) : null}
    </div>
  )
}
