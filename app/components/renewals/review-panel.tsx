import { Form, Link } from '@remix-run/react'
import { AssignmentStatusBadge } from '~/components/renewals/review-status'
import { Field, FormAlert } from '~/components/ui/field'
import { VersionField } from '~/components/ui/stale-notice'
import { formatShanghaiTime } from '~/domain/dates'
import { isReviewIntent, type PanelAssignment, type ReviewPanelData } from '~/domain/expert-review'
import { useLocale, useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import { TableScroll } from '~/components/ui/table-scroll'

export type { ReviewPanelData } from '~/domain/expert-review'

// What the renewal page's action sent back from one of this panel's forms (intent 'assignExpert'
// or 'unassignExpert'); feedback of the page's other forms is ignored here.
export type ReviewPanelFeedback = { intent: string; errors: FieldErrors; values: Record<string, string | undefined> }

export type ReviewPanelProps = ReviewPanelData & { feedback?: ReviewPanelFeedback }

// The bureau's view of a renewal's expert review: who is on it, their scores, totals, opinions
// and declared conflicts, the mean of the totals, and the forms to assign and remove experts.
// The forms post to the page that embeds the panel, which hands them to handleReviewIntent.
export function ReviewPanel({ assignments, meanTotal, experts, canAssign, weightsOk, renewalVersion, feedback }: ReviewPanelProps) {
  const t = useT()
  const mine = feedback && isReviewIntent(feedback.intent) ? feedback : undefined
  const assignFeedback = mine?.intent === 'assignExpert' ? mine : undefined
  const unassignFeedback = mine?.intent === 'unassignExpert' ? mine : undefined
  const choosable = experts.filter((e) => !e.conflicted && !e.assigned)
  return (
    <section id="review" className="card space-y-4" aria-labelledby="review-panel-title" data-testid="review-panel">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 id="review-panel-title" className="text-lg font-semibold">
          {t('reviewPanel.title')}
        </h2>
        {canAssign ? (
          <Link to="/settings/criteria" className="link ml-auto text-sm">
            {t('reviewPanel.criteriaLink')}
          </Link>
        ) : null}
      </div>
      {!weightsOk ? (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
          {t('reviewPanel.weightsOff')}
        </p>
      ) : null}
      <FormAlert errors={unassignFeedback?.errors} />
      {assignments.length === 0 ? (
        <p className="text-sm text-slate-600">{t('reviewPanel.empty')}</p>
      ) : (
        <>
          <p className="text-sm font-medium" data-testid="review-mean">
            {meanTotal === null ? t('reviewPanel.noMean') : t('reviewPanel.mean', { mean: meanTotal })}
          </p>
          <ul className="divide-y divide-slate-200" data-testid="review-assignments">
            {assignments.map((a) => (
              <AssignmentItem key={a.id} a={a} canRemove={canAssign && a.status === 'assigned'} version={renewalVersion} />
            ))}
          </ul>
        </>
      )}
      {canAssign ? (
        <Form
          method="post"
          className="space-y-2 border-t border-slate-200 pt-4"
          noValidate
          key={JSON.stringify(assignFeedback?.values ?? {})}
        >
          <h3 className="font-medium">{t('reviewPanel.assign.title')}</h3>
          <input type="hidden" name="intent" value="assignExpert" />
          <VersionField version={renewalVersion} />
          {experts.length === 0 ? (
            <p className="text-sm text-slate-600">{t('reviewPanel.assign.none')}</p>
          ) : (
            <div className="flex flex-wrap items-start gap-2">
              <Field name="expertId" label={t('reviewPanel.assign.expert')} errors={assignFeedback?.errors} required>
                {(p) => (
                  <select {...p} className="input" defaultValue={assignFeedback?.values.expertId ?? ''}>
                    <option value="">—</option>
                    {experts.map((e) => (
                      <option key={e.id} value={e.id} disabled={e.conflicted || e.assigned} data-conflicted={e.conflicted || undefined}>
                        {e.name}
                        {e.organisationName ? ` · ${e.organisationName}` : ''}
                        {e.conflicted ? ` ${t('reviewPanel.assign.conflicted')}` : e.assigned ? ` ${t('reviewPanel.assign.onIt')}` : ''}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit" className="btn-primary mt-6" disabled={choosable.length === 0}>
                {t('reviewPanel.assign.button')}
              </button>
            </div>
          )}
        </Form>
      ) : null}
    </section>
  )
}

function AssignmentItem({ a, canRemove, version }: { a: PanelAssignment; canRemove: boolean; version: number }) {
  const t = useT()
  const locale = useLocale()
  return (
    <li className="space-y-2 py-3" data-assignment={a.id} data-status={a.status}>
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-medium">{a.expertName}</span>
        <span className="text-sm text-slate-600">{a.organisationName ?? t('reviewPanel.noOrganisation')}</span>
        <AssignmentStatusBadge status={a.status} />
        {a.totalScore !== null ? (
          <span className="text-sm">
            {t('reviewPanel.col.total')}: <span className="font-semibold token tabular-nums">{a.totalScore}</span>
          </span>
        ) : null}
        <span className="ml-auto text-xs text-slate-500">{formatShanghaiTime(a.submittedAt ?? a.assignedAt)}</span>
        {canRemove ? (
          <Form method="post">
            <input type="hidden" name="intent" value="unassignExpert" />
            <input type="hidden" name="assignmentId" value={a.id} />
            <VersionField version={version} />
            <button type="submit" className="btn text-sm">
              {t('reviewPanel.unassign')}
            </button>
          </Form>
        ) : null}
      </div>
      {a.scores.length ? (
        <TableScroll>
          <table className="text-sm" aria-label={t('reviewPanel.scores')}>
            <tbody>
              {a.scores.map((s) => (
                <tr key={s.criterionId}>
                  <td className="pr-4 text-slate-700">{locale === 'en' ? s.labelEn : s.labelZh}</td>
                  <td className="text-right token tabular-nums">{s.score}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {a.opinion ? (
        <div className="text-sm">
          <p className="font-medium text-slate-700">{t('reviewPanel.opinion')}</p>
          <p className="whitespace-pre-wrap">{a.opinion}</p>
        </div>
      ) : null}
      {a.status === 'conflict' ? (
        <div className="text-sm">
          <p className="font-medium text-slate-700">{t('reviewPanel.conflictNote')}</p>
          <p className="whitespace-pre-wrap">{a.conflictNote}</p>
        </div>
      ) : null}
    </li>
  )
}
