import { Form, Link } from '@remix-run/react'
import { ResultBadge } from '~/components/compliance/result-badge'
import { VersionField } from '~/components/ui/stale-notice'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { DrillRow } from '~/models/security.server'
import type { CheckResult } from '~db/schema/enums'
import { DrillForm, type DrillLimits } from './drill-form'
import { feedbackFor, type SecurityFeedback } from './types'

// 应急演练: the drills, newest first, and for the lab the forms to record, edit and close them.
// One drill form is on the page at a time (a new one, or the one chosen with ?drill=), so the
// fields' ids stay unique.
export function DrillsSection({
  drills,
  check,
  canEdit,
  editingId,
  feedback,
  today,
  limits,
}: {
  drills: DrillRow[]
  check: { result: CheckResult; reasonKey: string; reasonParams: Record<string, string | number> } | null
  canEdit: boolean
  editingId: number | null
  feedback?: SecurityFeedback
  today: string
  limits: DrillLimits
}) {
  const t = useT()
  const editing = editingId === null ? null : (drills.find((d) => d.id === editingId) ?? null)
  const add = feedbackFor(feedback, 'addDrill')
  const update = editing ? feedbackFor(feedback, 'updateDrill', String(editing.id)) : undefined
  return (
    <section className="card space-y-4" id="drills" aria-labelledby="drills-title">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="drills-title" className="font-semibold">
          {t('security.drills.title')}
        </h2>
        {check ? <ResultBadge result={check.result} /> : null}
        {check ? <span className="text-sm text-slate-700">{t(check.reasonKey as MessageKey, check.reasonParams)}</span> : null}
      </div>
      <p className="text-sm text-slate-600">{t('security.drills.intro')}</p>
      {drills.length === 0 ? (
        <p className="text-sm text-slate-500">{t('security.drills.none')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="min-w-full" data-testid="drills">
            <thead>
              <tr>
                <th className="th">{t('security.drills.heldOn')}</th>
                <th className="th">{t('security.drills.scenario')}</th>
                <th className="th">{t('security.drills.participants')}</th>
                <th className="th">{t('security.drills.findings')}</th>
                <th className="th">{t('security.drills.followUp')}</th>
                <th className="th">{t('security.drills.followUpState')}</th>
              </tr>
            </thead>
            <tbody>
              {drills.map((d) => (
                <tr key={d.id} data-drill={d.id} className="align-top">
                  <td className="td whitespace-nowrap tabular-nums">
                    <span className="token">{d.heldOn}</span>
                    {canEdit ? (
                      <p>
                        <Link to={`?drill=${d.id}#drill-form`} className="link text-sm" preventScrollReset>
                          {t('security.drills.edit')}
                        </Link>
                      </p>
                    ) : null}
                  </td>
                  <td className="td text-sm">{d.scenario}</td>
                  <td className="td text-sm">{d.participants}</td>
                  <td className="td whitespace-pre-wrap text-sm">{d.findings}</td>
                  <td className="td whitespace-pre-wrap text-sm">{d.followUp}</td>
                  <td className="td text-sm">
                    <FollowUpState drill={d} />
                    {canEdit && d.followUp.trim() && !d.followUpClosedOn ? (
                      <CloseFollowUp drill={d} today={today} feedback={feedbackFor(feedback, 'closeFollowUp', String(d.id))} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit ? (
        <div id="drill-form" className="border-t border-slate-200 pt-4">
          <h3 className="mb-3 font-medium">
            {editing ? `${t('security.drills.edit')} · ${editing.heldOn} ${editing.scenario}` : t('security.drills.add')}
          </h3>
          {editing ? (
            <DrillForm
              key={`${editing.id}-${editing.rowVersion}`}
              intent="updateDrill"
              drillId={editing.id}
              version={editing.rowVersion}
              values={update?.values ?? storedValues(editing)}
              errors={update?.errors}
              today={today}
              limits={limits}
              submitLabel={t('security.drills.saveChanges')}
            />
          ) : (
            <DrillForm
              intent="addDrill"
              values={add?.values ?? {}}
              errors={add?.errors}
              today={today}
              limits={limits}
              submitLabel={t('security.drills.save')}
            />
          )}
        </div>
      ) : null}
    </section>
  )
}

const storedValues = (d: DrillRow) => ({
  heldOn: d.heldOn,
  scenario: d.scenario,
  participants: d.participants,
  findings: d.findings,
  followUp: d.followUp,
  followUpClosedOn: d.followUpClosedOn ?? '',
})

function FollowUpState({ drill }: { drill: DrillRow }) {
  const t = useT()
  if (!drill.followUp.trim()) return <span className="text-slate-500">{t('security.followUp.none')}</span>
  if (drill.followUpClosedOn)
    return <span className="text-green-800">{t('security.followUp.closed', { date: drill.followUpClosedOn })}</span>
  return <span className="text-amber-800">{t('security.followUp.open')}</span>
}

// The completion date of the drill's follow-up, today unless the lab says otherwise.
function CloseFollowUp({ drill, today, feedback }: { drill: DrillRow; today: string; feedback?: SecurityFeedback }) {
  const t = useT()
  const id = `close-${drill.id}`
  const error = feedback?.errors.followUpClosedOn ?? feedback?.errors._form
  return (
    <Form method="post" className="mt-2 flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="intent" value="closeFollowUp" />
      <input type="hidden" name="drillId" value={drill.id} />
      <VersionField version={drill.rowVersion} />
      <div>
        <label htmlFor={id} className="label">
          {t('security.drills.closedOn')}
        </label>
        <input
          id={id}
          name="followUpClosedOn"
          type="date"
          className="input"
          min={drill.heldOn}
          max={today}
          defaultValue={feedback?.values.followUpClosedOn ?? today}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      <button type="submit" className="btn">
        {t('security.drills.close')}
      </button>
      {error ? (
        <p id={`${id}-error`} className="field-error w-full" role="alert">
          {t(error.key, error.vars)}
        </p>
      ) : null}
    </Form>
  )
}
