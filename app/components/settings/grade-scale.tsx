import { Form, Link } from '@remix-run/react'
import { formatShanghaiTime } from '~/domain/dates'
import { GRADE_LABEL_MAX, type Grade } from '~/domain/grades'
import { isMessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type GradeRow = Grade & { updatedAt: string; updatedBy: string | null }

// what a grade form sent back with its errors: which form (intent, and the grade's code) and what it held
export type GradeFeedback = { intent: string; code: string; errors: FieldErrors; values: Record<string, string> }

// The settings page's second section: the grade scale in order, each grade with its names to edit,
// its move and (de)activate buttons, then a form to add one. Grades are never deleted.
export function GradeScale({ rows, feedback, saved }: { rows: GradeRow[]; feedback?: GradeFeedback; saved: string | null }) {
  const t = useT()
  const savedKey = `grades.saved.${saved}`
  return (
    <section id="grades" className="card space-y-4" aria-labelledby="grades-title">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id="grades-title" className="text-lg font-semibold">
          {t('grades.title')}
        </h2>
        <Link to="/audit?entityType=grade" className="link ml-auto text-sm">
          {t('settings.history')}
        </Link>
      </div>
      <p className="text-sm text-slate-700">{t('grades.intro')}</p>
      {isMessageKey(savedKey) && !feedback ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          {t(savedKey)}
        </p>
      ) : null}
      <ol className="divide-y divide-slate-200" data-testid="grade-scale">
        {rows.map((row, i) => (
          <GradeItem
            key={row.code}
            row={row}
            first={i === 0}
            last={i === rows.length - 1}
            feedback={feedback && feedback.intent !== 'addGrade' && feedback.code === row.code ? feedback : undefined}
          />
        ))}
      </ol>
      <AddGrade feedback={feedback?.intent === 'addGrade' ? feedback : undefined} />
    </section>
  )
}

function GradeItem({ row, first, last, feedback }: { row: GradeRow; first: boolean; last: boolean; feedback?: GradeFeedback }) {
  const t = useT()
  const renamed = feedback?.intent === 'renameGrade' ? feedback : undefined
  const formError = feedback?.errors._form
  return (
    <li className="flex flex-wrap items-start gap-x-4 gap-y-2 py-3" data-grade={row.code} data-active={row.active}>
      {/* keyed by the stored names and what was sent back, so a save or a failure resets the inputs */}
      <Form
        method="post"
        className="flex flex-wrap items-start gap-2"
        key={`${row.labelZh}|${row.labelEn}|${renamed ? JSON.stringify(renamed.values) : ''}`}
        noValidate
      >
        <input type="hidden" name="intent" value="renameGrade" />
        <input type="hidden" name="code" value={row.code} />
        <LabelInput
          id={`grade-${row.code}-labelZh`}
          name="labelZh"
          label={t('grades.field.labelZh')}
          value={renamed?.values.labelZh ?? row.labelZh}
          errors={renamed?.errors}
        />
        <LabelInput
          id={`grade-${row.code}-labelEn`}
          name="labelEn"
          label={t('grades.field.labelEn')}
          value={renamed?.values.labelEn ?? row.labelEn}
          errors={renamed?.errors}
        />
        <button type="submit" className="btn mt-6">
          {t('grades.rename')}
        </button>
      </Form>
      <Form method="post" className="mt-6 flex flex-wrap gap-1">
        <input type="hidden" name="code" value={row.code} />
        <button type="submit" name="intent" value="moveGradeUp" className="btn" disabled={first}>
          ↑ {t('grades.moveUp')}
        </button>
        <button type="submit" name="intent" value="moveGradeDown" className="btn" disabled={last}>
          ↓ {t('grades.moveDown')}
        </button>
        {row.active ? (
          <button type="submit" name="intent" value="deactivateGrade" className="btn">
            {t('grades.deactivate')}
          </button>
        ) : (
          <button type="submit" name="intent" value="reactivateGrade" className="btn">
            {t('grades.reactivate')}
          </button>
        )}
      </Form>
      <div className="mt-6 space-y-0.5 text-xs text-slate-600">
        <p>
          <span
            className={`mr-2 rounded border px-1.5 py-0.5 font-medium ${
              row.active ? 'border-green-300 bg-green-50 text-green-800' : 'border-slate-300 bg-slate-100 text-slate-600'
            }`}
          >
            {t(row.active ? 'grades.status.active' : 'grades.status.inactive')}
          </span>
          {t('grades.code', { code: row.code })}
        </p>
        <p>
          {row.updatedBy ? t('settings.changedBy', { who: row.updatedBy, at: formatShanghaiTime(row.updatedAt) }) : t('grades.initial')}
        </p>
      </div>
      {formError ? (
        <p
          role="alert"
          className="w-full rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800"
          data-testid={`grade-error-${row.code}`}
        >
          {t(formError.key, formError.vars)}
        </p>
      ) : null}
    </li>
  )
}

function AddGrade({ feedback }: { feedback?: GradeFeedback }) {
  const t = useT()
  return (
    <Form
      method="post"
      className="space-y-2 border-t border-slate-200 pt-4"
      key={feedback ? JSON.stringify(feedback.values) : 'new'}
      noValidate
    >
      <h3 className="font-medium">{t('grades.add.title')}</h3>
      <input type="hidden" name="intent" value="addGrade" />
      <div className="flex flex-wrap items-start gap-2">
        <LabelInput
          id="grade-new-labelZh"
          name="labelZh"
          label={t('grades.field.labelZh')}
          value={feedback?.values.labelZh ?? ''}
          errors={feedback?.errors}
        />
        <LabelInput
          id="grade-new-labelEn"
          name="labelEn"
          label={t('grades.field.labelEn')}
          value={feedback?.values.labelEn ?? ''}
          errors={feedback?.errors}
        />
        <button type="submit" className="btn-primary mt-6">
          {t('grades.add.button')}
        </button>
      </div>
    </Form>
  )
}

// Each grade has its own pair of inputs, so ids carry the grade's code (Field's ids are by name alone).
function LabelInput({
  id,
  name,
  label,
  value,
  errors,
}: {
  id: string
  name: 'labelZh' | 'labelEn'
  label: string
  value: string
  errors?: FieldErrors
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
        className="input w-44"
        defaultValue={value}
        maxLength={GRADE_LABEL_MAX}
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
