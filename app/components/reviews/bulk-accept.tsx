import { Form, Link, useNavigation } from '@remix-run/react'
import { useActiveGradeOptions } from '~/components/filings/grade-label'
import { OptionsSelect } from '~/components/ui/options-select'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'
import type { Grade } from '~/domain/grades'
import { useT } from '~/i18n/use-t'
import type { FilingKind } from '~db/schema/enums'
import type { FieldErrors } from '~/utils/forms'
import type { MessageKey } from '~/i18n'

export const BULK_FORM_ID = 'bulk-accept'

export type BulkFeedback = {
  errors?: FieldErrors
  results?: {
    kind: FilingKind
    id: number
    labId: number
    accepted: boolean
    reason?: { key: MessageKey; vars?: Record<string, string | number> }
  }[]
}

// The bureau's bulk acceptance on the review queue (issue 19 item 9): the rows' checkboxes belong
// to this form (form="bulk-accept"), so the table stays where it is. The dialog says how many
// will be accepted; the server checks each as a single accept and answers per filing.
export function BulkAcceptBar({ selected, grades, feedback }: { selected: number; grades: readonly Grade[]; feedback?: BulkFeedback }) {
  const t = useT()
  const gradeOptions = useActiveGradeOptions(grades)
  const navigation = useNavigation()
  const error = feedback?.errors?.selected ?? feedback?.errors?._form
  return (
    <Form method="post" id={BULK_FORM_ID} className="card flex flex-wrap items-end gap-3" data-testid="bulk-accept">
      <input type="hidden" name="intent" value="acceptSelected" />
      <div>
        <label htmlFor="bulk-grade" className="label">
          {t('filings.bulk.grade')}
        </label>
        <OptionsSelect
          id="bulk-grade"
          name="grade"
          defaultValue=""
          aria-describedby="bulk-grade-hint"
          blank={t('deliverables.grade.none')}
          options={gradeOptions}
        />
        <p id="bulk-grade-hint" className="text-xs text-slate-500">
          {t('filings.bulk.gradeHint')}
        </p>
      </div>
      <ConfirmSubmit
        className="btn-primary"
        danger={false}
        label={t('filings.bulk.accept')}
        disabled={selected === 0 || navigation.state === 'submitting'}
        question={t('filings.bulk.question', { n: selected })}
        consequence={<p>{t('filings.bulk.body')}</p>}
        testId="bulk-accept-submit"
      />
      {error ? (
        <p role="alert" className="w-full text-sm text-red-800" data-testid="bulk-error">
          {t(error.key, error.vars)}
        </p>
      ) : null}
      {feedback?.results ? <BulkResults results={feedback.results} /> : null}
    </Form>
  )
}

function BulkResults({ results }: { results: NonNullable<BulkFeedback['results']> }) {
  const t = useT()
  const accepted = results.filter((r) => r.accepted).length
  return (
    <div className="w-full text-sm" role="status" data-testid="bulk-results">
      <p className="font-medium">{t('filings.bulk.result', { accepted, refused: results.length - accepted })}</p>
      <ul className="mt-1 space-y-0.5">
        {results.map((r) => (
          <li key={`${r.kind}:${r.id}`} data-accepted={r.accepted}>
            <Link
              to={r.kind === 'deliverable' ? `/labs/${r.labId}/deliverables/${r.id}` : `/labs/${r.labId}/reports/${r.id}`}
              className="link"
            >
              {`${t(`reviews.kind.${r.kind}`)} #${r.id}`}
            </Link>{' '}
            {r.accepted
              ? t('filings.bulk.itemAccepted')
              : t('filings.bulk.itemRefused', { reason: r.reason ? t(r.reason.key, r.reason.vars) : '' })}
          </li>
        ))}
      </ul>
    </div>
  )
}
