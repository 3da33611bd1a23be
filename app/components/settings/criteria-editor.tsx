import { Form } from '@remix-run/react'
import { CRITERION_LABEL_MAX, WEIGHT_TOTAL, type Criterion } from '~/domain/expert-review'
import { useLocale, useT } from '~/i18n/use-t'
import { FormAlert } from '~/components/ui/field'
import { VERSION_FIELD } from '~/models/stale-state'
import type { FieldErrors } from '~/utils/forms'
import { LabelInputs, OrderedLabelRow, RequiredInput } from './ordered-label-row'
import { TableScroll } from '~/components/ui/table-scroll'

export type CriterionRow = Criterion & { updatedAt: string; updatedBy: string | null; rowVersion: number }

// what a criteria form sent back with its errors: which form (intent, and the criterion's id) and what it held
export type CriteriaFeedback = { intent: string; id: string; errors: FieldErrors; values: Record<string, string> }

const CRITERION_INTENTS = {
  rename: 'renameCriterion',
  moveUp: 'moveCriterionUp',
  moveDown: 'moveCriterionDown',
  deactivate: 'deactivateCriterion',
  reactivate: 'reactivateCriterion',
} as const

const CRITERION_MESSAGES = {
  labelZh: 'criteria.field.labelZh',
  labelEn: 'criteria.field.labelEn',
  rename: 'criteria.rename',
  moveUp: 'criteria.moveUp',
  moveDown: 'criteria.moveDown',
  deactivate: 'criteria.deactivate',
  reactivate: 'criteria.reactivate',
  active: 'criteria.status.active',
  inactive: 'criteria.status.inactive',
  initial: 'criteria.initial',
} as const

const CRITERION_LABEL_INPUT = { className: 'input w-56', maxLength: CRITERION_LABEL_MAX }

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
            <OrderedLabelRow
              key={row.id}
              kind="criterion"
              keyName="id"
              keyValue={row.id}
              row={row}
              version={row.rowVersion}
              first={i === 0}
              last={i === rows.length - 1}
              feedback={feedback && feedback.id === String(row.id) && feedback.intent !== 'setWeights' ? feedback : undefined}
              intents={CRITERION_INTENTS}
              messages={CRITERION_MESSAGES}
              labelInput={CRITERION_LABEL_INPUT}
              detail={
                <>
                  {t('criteria.col.weight')}: <span className="token tabular-nums">{row.weight}</span>
                </>
              }
            />
          ))}
        </ol>
      </section>

      <Form
        method="post"
        className="card space-y-3"
        noValidate
        key={JSON.stringify(weights?.values ?? rows.map((r) => [r.weight, r.rowVersion]))}
      >
        <h2 className="font-semibold">{t('criteria.weights.title')}</h2>
        <p className="text-sm text-slate-600">{t('criteria.weights.hint')}</p>
        <input type="hidden" name="intent" value="setWeights" />
        {/* one version per active criterion: the weights are decided on all of them as shown */}
        {active.map((row) => (
          <input key={row.id} type="hidden" name={`${VERSION_FIELD}.${row.id}`} value={row.rowVersion} />
        ))}
        <FormAlert errors={weights?.errors} />
        <TableScroll>
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
        </TableScroll>
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
          <LabelInputs
            idPrefix="criterion-new"
            values={{ labelZh: add?.values.labelZh ?? '', labelEn: add?.values.labelEn ?? '' }}
            errors={add?.errors}
            messages={CRITERION_MESSAGES}
            input={CRITERION_LABEL_INPUT}
          />
          <RequiredInput
            id="criterion-new-weight"
            name="weight"
            label={t('criteria.field.weight')}
            value={add?.values.weight ?? ''}
            errors={add?.errors}
            className="input w-24"
            type="number"
            inputMode="numeric"
            min={1}
            max={WEIGHT_TOTAL}
            step={1}
          />
          <button type="submit" className="btn-primary mt-6">
            {t('criteria.add.button')}
          </button>
        </div>
      </Form>
    </div>
  )
}
