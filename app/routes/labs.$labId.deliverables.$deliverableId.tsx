import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import type { FilingStatus } from '~db/schema/enums'
import { DeliverableDetails, VersionsList, versionNote } from '~/components/deliverables/deliverable-details'
import { DeliverableForm } from '~/components/deliverables/deliverable-form'
import { FilingStatusBadge } from '~/components/deliverables/filing-status-badge'
import { FiledLateTag } from '~/components/status/due-state'
import { FilingThread } from '~/components/deliverables/filing-thread'
import { StepForms } from '~/components/deliverables/step-forms'
import { DecisionFacts } from '~/components/compliance/decision-facts'
import { DistrictOpinionNote } from '~/components/filings/district-opinion-note'
import { ConfirmSubmit } from '~/components/ui/confirm-submit'
import { AttachmentList } from '~/components/attachments/attachment-list'
import { FormAlert, RefusalNotice } from '~/components/ui/field'
import { isStaleAnswer, editFormKey, revalidateWhenStale, StaleNotice, withoutStale } from '~/components/ui/stale-notice'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { completionYears } from '~/domain/deliverables'
import { availableSteps, canEditFiling, FILING_STEPS, type FilingStep } from '~/domain/filing-workflow'
import { isMessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import {
  canCreateDeliverable,
  deleteDeliverable,
  getDeliverable,
  takeDeliverableStep,
  updateDeliverable,
} from '~/models/deliverables.server'
import { attachmentsOf, copyAttachments, removeAllAttachments, removeAttachment, saveAttachments } from '~/models/attachments.server'
import { decisionFactsOf } from '~/models/decision-facts.server'
import { filingThread } from '~/models/filing-events.server'
import { allGrades } from '~/models/grades.server'
import type { FilingUser } from '~/models/filing-steps.server'
import { refusalResponse } from '~/models/result.server'
import { ruleSettings } from '~/models/settings.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import type { FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { withUploadForm } from '~/utils/upload.server'

const STEPS = Object.keys(FILING_STEPS) as [FilingStep, ...FilingStep[]]
const REVIEW_STEPS: ReadonlySet<FilingStep> = new Set(['district_opinion', 'return', 'accept'])
const Intent = z.enum(['update', 'delete', 'removeAttachment', ...STEPS])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const found = getDeliverable({ actor, labId: idParam(params.labId), deliverableId: idParam(params.deliverableId) })
  if (!found) throw new Response('Not found', { status: 404 })
  const { lab, periods, deliverable, versions, placement, filedLateDays } = found
  const ref = { kind: 'deliverable' as const, status: deliverable.status, lab }
  const isLatest = versions[versions.length - 1]?.id === deliverable.id
  const canEdit = canEditFiling(actor, ref)
  // only the latest version can be revised; an earlier accepted one already has its revision
  const steps = availableSteps(actor, ref).filter((s) => s !== 'revise' || isLatest)
  return {
    lab: { id: lab.id, name: lab.name },
    deliverable,
    versions,
    placement,
    filedLateDays,
    steps,
    canEdit,
    ownLab: canCreateDeliverable(actor, lab),
    canDelete: canEdit && deliverable.status === 'draft',
    // the district's opinion and the bureau's decision are taken beside the lab's record (issue 19)
    facts: steps.some((s) => REVIEW_STEPS.has(s)) ? decisionFactsOf({ labId: lab.id, today: today() }) : null,
    today: today(),
    thread: filingThread('deliverable', deliverable.id),
    // labels for the grades shown (inactive ones too) and, active ones in order, the accept form's choices
    grades: allGrades(),
    attachments: attachmentsOf({ type: 'deliverable', id: deliverable.id, labId: lab.id }),
    maxMb: ruleSettings().attachmentMaxMb,
    // the edit form's hint: the years a completion date may fall in
    years: canEdit ? completionYears(periods) : [],
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const labId = idParam(params.labId)
  const deliverableId = idParam(params.deliverableId)
  const by = actingUserOf(user, context)
  return withUploadForm(request, (upload) => {
    const fields = upload.values
    const values = { ...fields, forms: upload.ok ? upload.form.getAll('forms').map(String) : [] }
    if (!upload.ok) return data({ intent: fields.intent ?? '', errors: upload.errors, values }, { status: upload.status })
    const intent = Intent.safeParse(fields.intent)
    if (!intent.success) {
      const errors: FieldErrors = { _form: { key: 'form.invalidChoice' } }
      return data({ intent: '', errors, values }, { status: 400 })
    }
    const base = `/labs/${labId}/deliverables`
    const owner = { type: 'deliverable', id: deliverableId, labId }
    if (intent.data === 'removeAttachment') return removeAttachmentOf({ by, owner, attachmentId: fields.attachmentId, base })
    const result =
      intent.data === 'update'
        ? updateDeliverable({ by, labId, deliverableId, raw: values, version: fields.rowVersion })
        : intent.data === 'delete'
          ? deleteDeliverable({ by, labId, deliverableId })
          : takeDeliverableStep({
              by,
              labId,
              deliverableId,
              input: {
                step: intent.data,
                comment: fields.comment,
                grade: fields.grade,
                opinion: fields.opinion,
                rowVersion: fields.rowVersion,
              },
            })
    if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
    // files come only with the edit form; a step never carries any
    if (intent.data === 'update') saveAttachments({ owner, files: upload.files, actor: by })
    if (intent.data === 'delete') removeAllAttachments({ owner, actor: by })
    if (intent.data === 'revise') copyAttachments({ from: owner, to: { ...owner, id: result.deliverable.id }, actor: by })
    if (intent.data === 'delete') return redirect(`${base}?saved=deleted`)
    const saved = intent.data === 'update' ? 'updated' : intent.data
    return redirect(`${base}/${result.deliverable.id}?saved=${saved}`)
  })
}

// Only the lab, and only while it may edit the filing, detaches a file from it.
function removeAttachmentOf({
  by,
  owner,
  attachmentId,
  base,
}: {
  by: FilingUser
  owner: { type: string; id: number; labId: number }
  attachmentId: string | undefined
  base: string
}) {
  const found = getDeliverable({ actor: by, labId: owner.labId, deliverableId: owner.id })
  if (!found) throw new Response('Not found', { status: 404 })
  if (!canEditFiling(by, { kind: 'deliverable', status: found.deliverable.status, lab: found.lab }))
    throw new Response('Forbidden', { status: 403 })
  if (!removeAttachment({ owner, attachmentId: Number(attachmentId), actor: by })) throw new Response('Not found', { status: 404 })
  return redirect(`${base}/${owner.id}?saved=attachmentRemoved`)
}

export default function DeliverablePage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const [params] = useSearchParams()
  const { deliverable } = d
  const savedKey = `deliverables.saved.${params.get('saved')}`
  const note = versionNote(d.versions, deliverable)
  const updateFeedback = actionData?.intent === 'update' ? actionData : undefined
  const deleteFeedback = actionData?.intent === 'delete' ? actionData : undefined
  // where each intent's form shows its messages, when the page offers that form now
  const shownOnPage = (intent: string) =>
    (intent === 'update' && d.canEdit) || (intent === 'delete' && d.canDelete) || (d.steps as string[]).includes(intent)
  return (
    <div className="space-y-6">
      <PageHeader
        title={deliverable.title}
        titleTestId="deliverable-title"
        badges={
          <>
            <span className="text-sm text-slate-600">{t('deliverables.version', { n: deliverable.version })}</span>
            <FilingStatusBadge status={deliverable.status} />
            <FiledLateTag days={d.filedLateDays} />
            {actionData && !isStaleAnswer(actionData) && !shownOnPage(actionData.intent) ? (
              <RefusalNotice errors={actionData.errors} />
            ) : null}
          </>
        }
        actions={
          <Link to={`/labs/${d.lab.id}/deliverables`} className="btn">
            {t('deliverables.backToList')}
          </Link>
        }
        subtitle={d.lab.name}
      />

      {isMessageKey(savedKey) ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      <StaleNotice answer={actionData} statusLabel={(s) => t(`deliverables.status.${s as FilingStatus}`)} />
      {note ? <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm">{t(note.key, { n: note.n })}</p> : null}
      {deliverable.status === 'accepted' && d.ownLab ? <p className="text-sm text-slate-600">{t('deliverables.locked')}</p> : null}
      {deliverable.status === 'submitted' && d.ownLab ? <p className="text-sm text-slate-600">{t('deliverables.underReview')}</p> : null}

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title" className="mb-3 font-semibold">
          {t('deliverables.section.details')}
        </h2>
        <DeliverableDetails d={deliverable} placement={d.placement} grades={d.grades} />
        <h3 className="mb-2 mt-4 font-medium">{t('attachments.list')}</h3>
        <AttachmentList attachments={d.attachments} canRemove={d.canEdit} />
      </section>

      {d.canEdit ? (
        <details className="card" open={Boolean(updateFeedback)} data-testid="edit-section">
          <summary className="cursor-pointer font-semibold">{t('deliverables.editTitle')}</summary>
          <div className="mt-3">
            <DeliverableForm
              key={editFormKey(updateFeedback, deliverable.rowVersion)}
              // a stale edit shows the deliverable as it is now: typing over someone's change is not a merge
              values={(!isStaleAnswer(updateFeedback) && updateFeedback?.values) || deliverable}
              errors={withoutStale(updateFeedback)?.errors}
              version={deliverable.rowVersion}
              years={d.years}
              intent="update"
              submitLabel={t('deliverables.saveChanges')}
              maxMb={d.maxMb}
            />
          </div>
        </details>
      ) : null}

      <section className="card space-y-4" aria-labelledby="review-title">
        <h2 id="review-title" className="font-semibold">
          {t('deliverables.section.review')}
        </h2>
        {d.facts ? <DecisionFacts facts={d.facts} today={d.today} /> : null}
        <DistrictOpinionNote filing={deliverable} thread={d.thread} deciding={d.steps.includes('accept')} />
        <StepForms
          facts={d.facts}
          steps={d.steps}
          feedback={withoutStale(actionData && actionData.intent !== 'update' ? actionData : undefined)}
          grades={d.grades}
          version={deliverable.rowVersion}
        />
        <h3 className="font-medium">{t('deliverables.thread.title')}</h3>
        <FilingThread entries={d.thread} grades={d.grades} />
      </section>

      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title" className="mb-1 font-semibold">
          {t('deliverables.versions')}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{t('deliverables.versionsHint')}</p>
        <VersionsList versions={d.versions} currentId={deliverable.id} labId={d.lab.id} />
      </section>

      {d.canDelete ? <DeleteDraft errors={deleteFeedback?.errors} /> : null}
    </div>
  )
}

function DeleteDraft({ errors }: { errors?: FieldErrors }) {
  const t = useT()
  return (
    <Form method="post" className="card space-y-2">
      <FormAlert errors={errors} />
      <input type="hidden" name="intent" value="delete" />
      <p className="text-sm text-slate-600">{t('deliverables.deleteHint')}</p>
      <ConfirmSubmit
        label={t('deliverables.delete')}
        question={t('confirm.deliverable.question')}
        consequence={<p>{t('confirm.deliverable.body')}</p>}
      />
    </Form>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'deliverables.title', args.data?.deliverable.title)
