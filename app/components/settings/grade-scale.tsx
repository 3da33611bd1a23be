import { Form, Link } from '@remix-run/react'
import { SavedNotice } from '~/components/ui/saved-notice'
import { GRADE_LABEL_MAX, type Grade } from '~/domain/grades'
import { isMessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import { LabelInputs, OrderedLabelRow } from './ordered-label-row'

export type GradeRow = Grade & { updatedAt: string; updatedBy: string | null }

// what a grade form sent back with its errors: which form (intent, and the grade's code) and what it held
export type GradeFeedback = { intent: string; code: string; errors: FieldErrors; values: Record<string, string> }

const GRADE_INTENTS = {
  rename: 'renameGrade',
  moveUp: 'moveGradeUp',
  moveDown: 'moveGradeDown',
  deactivate: 'deactivateGrade',
  reactivate: 'reactivateGrade',
} as const

const GRADE_MESSAGES = {
  labelZh: 'grades.field.labelZh',
  labelEn: 'grades.field.labelEn',
  rename: 'grades.rename',
  moveUp: 'grades.moveUp',
  moveDown: 'grades.moveDown',
  deactivate: 'grades.deactivate',
  reactivate: 'grades.reactivate',
  active: 'grades.status.active',
  inactive: 'grades.status.inactive',
  initial: 'grades.initial',
} as const

const GRADE_LABEL_INPUT = { className: 'input w-44', maxLength: GRADE_LABEL_MAX }

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
      {isMessageKey(savedKey) && !feedback ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      <ol className="divide-y divide-slate-200" data-testid="grade-scale">
        {rows.map((row, i) => (
          <OrderedLabelRow
            key={row.code}
            kind="grade"
            keyName="code"
            keyValue={row.code}
            row={row}
            first={i === 0}
            last={i === rows.length - 1}
            feedback={feedback && feedback.intent !== 'addGrade' && feedback.code === row.code ? feedback : undefined}
            intents={GRADE_INTENTS}
            messages={GRADE_MESSAGES}
            labelInput={GRADE_LABEL_INPUT}
            detail={<GradeCode text={t('grades.code', { code: '\u0000' })} code={row.code} />}
          />
        ))}
      </ol>
      <AddGrade feedback={feedback?.intent === 'addGrade' ? feedback : undefined} />
    </section>
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
        <LabelInputs
          idPrefix="grade-new"
          values={{ labelZh: feedback?.values.labelZh ?? '', labelEn: feedback?.values.labelEn ?? '' }}
          errors={feedback?.errors}
          messages={GRADE_MESSAGES}
          input={GRADE_LABEL_INPUT}
        />
        <button type="submit" className="btn-primary mt-6">
          {t('grades.add.button')}
        </button>
      </div>
    </Form>
  )
}

// The code a grade is stored and exported by: literal in either language, so marked as code
// inside its sentence (代码：excellent).
function GradeCode({ text, code }: { text: string; code: string }) {
  const [before, after = ''] = text.split('\u0000')
  return (
    <>
      {before}
      <code translate="no">{code}</code>
      {after}
    </>
  )
}
