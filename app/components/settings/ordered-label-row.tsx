import { Form } from '@remix-run/react'
import { VersionField } from '~/components/ui/stale-notice'
import type { InputHTMLAttributes, ReactNode } from 'react'
import { formatShanghaiTime } from '~/domain/dates'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// One row of an ordered settings list with zh/en names that are never deleted (the grade scale,
// the review criteria): its names to edit, its move and (de)activate buttons, its status and who
// changed it last. Each list keeps its own intents, message keys and ids, passed in here.

export type OrderedLabelRowData = { labelZh: string; labelEn: string; active: boolean; updatedAt: string; updatedBy: string | null }

// what the row's forms sent back with their errors
export type OrderedLabelRowFeedback = { intent: string; errors: FieldErrors; values: Record<string, string> }

export type OrderedLabelRowIntents = { rename: string; moveUp: string; moveDown: string; deactivate: string; reactivate: string }

export type OrderedLabelRowMessages = {
  labelZh: MessageKey
  labelEn: MessageKey
  rename: MessageKey
  moveUp: MessageKey
  moveDown: MessageKey
  deactivate: MessageKey
  reactivate: MessageKey
  active: MessageKey
  inactive: MessageKey
  initial: MessageKey
}

export function OrderedLabelRow({
  kind,
  keyName,
  keyValue,
  row,
  first,
  last,
  feedback,
  intents,
  messages,
  labelInput,
  detail,
  version,
}: {
  // names the row's data-* attribute, its inputs' ids and its error's test id: data-grade, grade-A-labelZh, grade-error-A
  kind: string
  // the hidden field that tells the action which row: code=A, id=3
  keyName: string
  keyValue: string | number
  row: OrderedLabelRowData
  first: boolean
  last: boolean
  feedback?: OrderedLabelRowFeedback
  intents: OrderedLabelRowIntents
  messages: OrderedLabelRowMessages
  // the name inputs' width and length limit
  labelInput: { className: string; maxLength: number }
  // after the status badge: the grade's code, the criterion's weight
  detail: ReactNode
  // the row version the page showed, posted with every form of the row (versioned rows only)
  version?: number
}) {
  const t = useT()
  const renamed = feedback?.intent === intents.rename ? feedback : undefined
  const formError = feedback?.errors._form
  return (
    <li className="flex flex-wrap items-start gap-x-4 gap-y-2 py-3" {...{ [`data-${kind}`]: keyValue }} data-active={row.active}>
      {/* keyed by the stored names and what was sent back, so a save or a failure resets the inputs */}
      <Form
        method="post"
        className="flex flex-wrap items-start gap-2"
        key={`${row.labelZh}|${row.labelEn}|${version ?? ''}|${renamed ? JSON.stringify(renamed.values) : ''}`}
        noValidate
      >
        <input type="hidden" name="intent" value={intents.rename} />
        <input type="hidden" name={keyName} value={keyValue} />
        {version !== undefined ? <VersionField version={version} /> : null}
        <LabelInputs
          idPrefix={`${kind}-${keyValue}`}
          values={{ labelZh: renamed?.values.labelZh ?? row.labelZh, labelEn: renamed?.values.labelEn ?? row.labelEn }}
          errors={renamed?.errors}
          messages={messages}
          input={labelInput}
        />
        <button type="submit" className="btn mt-6">
          {t(messages.rename)}
        </button>
      </Form>
      <Form method="post" className="mt-6 flex flex-wrap gap-1">
        <input type="hidden" name={keyName} value={keyValue} />
        {version !== undefined ? <VersionField version={version} /> : null}
        <button type="submit" name="intent" value={intents.moveUp} className="btn" disabled={first}>
          ↑ {t(messages.moveUp)}
        </button>
        <button type="submit" name="intent" value={intents.moveDown} className="btn" disabled={last}>
          ↓ {t(messages.moveDown)}
        </button>
        <button type="submit" name="intent" value={row.active ? intents.deactivate : intents.reactivate} className="btn">
          {t(row.active ? messages.deactivate : messages.reactivate)}
        </button>
      </Form>
      <div className="mt-6 space-y-0.5 text-xs text-slate-600">
        <p>
          <span
            className={`mr-2 rounded border px-1.5 py-0.5 font-medium ${
              row.active ? 'border-green-300 bg-green-50 text-green-800' : 'border-slate-300 bg-slate-100 text-slate-600'
            }`}
          >
            {t(row.active ? messages.active : messages.inactive)}
          </span>
          {detail}
        </p>
        <p>
          {row.updatedBy ? t('settings.changedBy', { who: row.updatedBy, at: formatShanghaiTime(row.updatedAt) }) : t(messages.initial)}
        </p>
      </div>
      {formError ? (
        <p
          role="alert"
          className="w-full rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800"
          data-testid={`${kind}-error-${keyValue}`}
        >
          {t(formError.key, formError.vars)}
        </p>
      ) : null}
    </li>
  )
}

// The pair of name inputs (zh, en), ids `${idPrefix}-labelZh` and `${idPrefix}-labelEn`: a row's
// rename form and the list's add form.
export function LabelInputs({
  idPrefix,
  values,
  errors,
  messages,
  input,
}: {
  idPrefix: string
  values: { labelZh: string; labelEn: string }
  errors?: FieldErrors
  messages: Pick<OrderedLabelRowMessages, 'labelZh' | 'labelEn'>
  input: { className: string; maxLength: number }
}) {
  const t = useT()
  return (
    <>
      {(['labelZh', 'labelEn'] as const).map((name) => (
        <RequiredInput
          key={name}
          id={`${idPrefix}-${name}`}
          name={name}
          label={t(messages[name])}
          value={values[name]}
          errors={errors}
          {...input}
        />
      ))}
    </>
  )
}

// A labelled, required input whose id is given: each row has its own inputs, so ids carry the
// row's key (Field's ids are by name alone). The rest (class, limits, type) goes on the input.
export function RequiredInput({
  id,
  name,
  label,
  value,
  errors,
  ...input
}: {
  id: string
  name: string
  label: string
  value: string
  errors?: FieldErrors
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'value' | 'defaultValue'>) {
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
        {...input}
        defaultValue={value}
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
