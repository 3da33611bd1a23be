import { Form } from '@remix-run/react'
import { FormAlert } from '~/components/ui/field'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// Bulk expert assignment on /renewals (issue 19 item 9). The table's checkboxes belong to this
// form through their `form` attribute (BULK_FORM_ID), so the table stays as it is; the count the
// button and its second look show is the page's own tally of the ticked boxes.
export const BULK_FORM_ID = 'bulk-assign'

export type BulkAnswer = {
  errors?: FieldErrors
  assigned?: { renewalId: number; labName: string }[]
  refused?: { renewalId: number; labName: string; reason: string; vars?: Record<string, string | number> }[]
}

export function RowCheckbox({ renewalId, labName, onToggle }: { renewalId: number; labName: string; onToggle: () => void }) {
  const t = useT()
  return (
    <input
      type="checkbox"
      name="renewalId"
      value={renewalId}
      form={BULK_FORM_ID}
      aria-label={t('bulkAssign.selectRow', { lab: labName })}
      data-testid="bulk-select"
      onChange={onToggle}
    />
  )
}

export function BulkAssignForm({
  experts,
  selected,
  answer,
}: {
  experts: { id: number; displayName: string; orgName: string | null }[]
  selected: number
  answer?: BulkAnswer
}) {
  const t = useT()
  return (
    <section className="card space-y-2" aria-labelledby="bulk-assign-title" data-testid="bulk-assign">
      <h2 id="bulk-assign-title" className="font-semibold">
        {t('bulkAssign.title')}
      </h2>
      <p className="text-sm text-slate-600">{t('bulkAssign.intro')}</p>
      {answer?.assigned && answer.refused ? (
        <div role="status" className="rounded border border-sky-200 bg-sky-50 p-3 text-sm" data-testid="bulk-result">
          <p>{t('bulkAssign.done', { assigned: answer.assigned.length, refused: answer.refused.length })}</p>
          {answer.refused.length ? (
            <ul className="mt-1 list-disc pl-5">
              {answer.refused.map((r) => (
                <li key={r.renewalId} data-refused={r.renewalId}>
                  {t('bulkAssign.refusedItem', {
                    lab: r.labName,
                    renewalId: String(r.renewalId),
                    reason: t(r.reason as MessageKey, r.vars),
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <FormAlert errors={answer?.errors} />
      <Form method="post" id={BULK_FORM_ID} className="flex flex-wrap items-end gap-3" data-unsaved-ok>
        <input type="hidden" name="intent" value="bulkAssignExpert" />
        <label className="block text-sm">
          <span className="label">{t('bulkAssign.expert')}</span>
          <select name="expertId" className="input" required defaultValue="">
            <option value="" disabled>
              {t('bulkAssign.choose')}
            </option>
            {experts.map((e) => (
              <option key={e.id} value={e.id}>
                {e.orgName ? `${e.displayName}（${e.orgName}）` : e.displayName}
              </option>
            ))}
          </select>
        </label>
        <ConfirmSubmit
          label={t('bulkAssign.submit', { n: selected })}
          question={t('bulkAssign.question', { n: selected })}
          consequence={t('bulkAssign.consequence')}
          confirmLabel={t('bulkAssign.confirm')}
          className="btn-primary"
          danger={false}
          skip={selected === 0}
          testId="bulk-assign-submit"
        />
      </Form>
    </section>
  )
}
