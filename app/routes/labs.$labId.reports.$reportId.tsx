import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import type { ReactNode } from 'react'
import { z } from 'zod'
import type { FilingStatus } from '~db/schema/enums'
import { REPORT_FORM_ID, ReportEditForm } from '~/components/reports/report-form'
import { ReportStatusBadge } from '~/components/reports/report-status'
import { DistrictOpinionNote } from '~/components/filings/district-opinion-note'
import { ReportThread } from '~/components/reports/report-thread'
import { ReportContentView } from '~/components/reports/report-view'
import { REVIEW_STEPS, ReviewSteps, type ReviewStep } from '~/components/reports/review-steps'
import { RosterSummary } from '~/components/reports/roster-summary'
import { YearDeliverables } from '~/components/reports/year-deliverables'
import { ReportProgress } from '~/components/progress/report-progress'
import { AttachmentList } from '~/components/attachments/attachment-list'
import { DraftUploadFields } from '~/components/attachments/attachment-upload-form'
import { useGradeLabel } from '~/components/filings/grade-label'
import { DecisionFacts } from '~/components/compliance/decision-facts'
import { DueStateTag } from '~/components/status/due-state'
import { FormAlert, RefusalNotice } from '~/components/ui/field'
import { isStaleAnswer, revalidateWhenStale, StaleNotice, withoutStale } from '~/components/ui/stale-notice'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { compactReportForm, reportFormValues } from '~/domain/annual-report'
import { formatShanghaiTime } from '~/domain/dates'
import { availableSteps, canEditFiling, type FilingRef } from '~/domain/filing-workflow'
import { isOwnLab } from '~/domain/permissions'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { fileReport, getReport, saveReport, takeReportStep, type ReportResult } from '~/models/annual-reports.server'
import { attachmentsOf, removeAttachment, saveAttachments } from '~/models/attachments.server'
import { decisionFactsOf } from '~/models/decision-facts.server'
import { allGrades } from '~/models/grades.server'
import { auditActorOf, refusalResponse } from '~/models/result.server'
import { ruleSettings } from '~/models/settings.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import type { FieldErrors } from '~/utils/forms'
import { idParam } from '~/utils/params'
import { withUploadForm, type StagedFile } from '~/utils/upload.server'

const Intent = z.enum(['save', 'submit', 'addAttachments', 'saveDraftAndUpload', 'removeAttachment', ...REVIEW_STEPS])
const isReviewStep = (s: string): s is ReviewStep => (REVIEW_STEPS as readonly string[]).includes(s)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const detail = getReport({ actor, labId: idParam(params.labId), reportId: idParam(params.reportId) })
  if (!detail) throw new Response('Not found', { status: 404 })
  const { content: _raw, rosterSnapshot: _snapshot, ...report } = detail.report
  const ref: FilingRef = { kind: 'annual_report', status: report.status, lab: detail.lab }
  const lastReturn = report.status === 'returned' ? (detail.thread.filter((e) => e.action === 'return').at(-1) ?? null) : null
  const reviewSteps = availableSteps(actor, ref).filter(isReviewStep)
  return {
    ...detail,
    report,
    canEdit: canEditFiling(actor, ref),
    isOwnLab: isOwnLab(actor, detail.lab),
    reviewSteps,
    // the district's opinion and the bureau's decision are taken beside the lab's record (issue 19)
    facts: reviewSteps.length ? decisionFactsOf({ labId: detail.lab.id, today: today() }) : null,
    today: today(),
    // an empty targets table of a report being written starts from the plan (getReport's suggestion)
    formValues: reportFormValues(
      detail.suggestedTargets.length
        ? { ...detail.content, progress: { ...detail.content.progress, targets: detail.suggestedTargets } }
        : detail.content,
      detail.declaredLines,
    ),
    lastReturn,
    attachments: attachmentsOf({ type: 'annual_report', id: report.id, labId: detail.lab.id }),
    maxMb: ruleSettings().attachmentMaxMb,
    // labels for the grades shown (inactive ones too) and, active ones in order, the accept form's choices
    grades: allGrades(),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const labId = idParam(params.labId)
  const reportId = idParam(params.reportId)
  // out of scope is 404 whatever was posted
  const found = getReport({ actor: actorOf(user), labId, reportId })
  if (!found) throw new Response('Not found', { status: 404 })
  return withUploadForm(request, (upload) => {
    const values = upload.values
    if (!upload.ok) {
      // a refused file of a draft-and-upload still gives back every field typed (issue 19 item 6)
      const keptDraft = values.intent === 'saveDraftAndUpload'
      return data(
        { intent: 'addAttachments' as string, errors: upload.errors, values: keptDraft ? compactReportForm(values) : values, keptDraft },
        { status: upload.status },
      )
    }
    const intent = Intent.safeParse(values.intent)
    if (!intent.success || (intent.data !== 'addAttachments' && intent.data !== 'saveDraftAndUpload' && upload.files.length))
      return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
    if (intent.data === 'addAttachments' || intent.data === 'removeAttachment' || intent.data === 'saveDraftAndUpload') {
      const canEdit = canEditFiling(actorOf(user), { kind: 'annual_report', status: found.report.status, lab: found.lab })
      if (!canEdit) throw new Response('Forbidden', { status: 403 })
      const owner = { type: 'annual_report', id: reportId, labId }
      const actor = auditActorOf(actingUserOf(user, context))
      if (intent.data === 'saveDraftAndUpload') return saveDraftAndUpload({ by: actingUserOf(user, context), labId, reportId, upload })
      if (intent.data === 'addAttachments') {
        if (upload.files.length === 0)
          return data(
            { intent: intent.data, errors: { attachments: { key: 'attachments.error.required' } } as FieldErrors, values },
            { status: 400 },
          )
        saveAttachments({ owner, files: upload.files, actor })
      } else if (!removeAttachment({ owner, attachmentId: Number(values.attachmentId), actor }))
        throw new Response('Not found', { status: 404 })
      return redirect(`/labs/${labId}/reports/${reportId}#attachments`)
    }
    const by = actingUserOf(user, context)
    const target = { by, labId, reportId }
    let result: ReportResult
    switch (intent.data) {
      case 'save':
        result = saveReport({ ...target, values, version: values.rowVersion })
        break
      case 'submit':
        result = fileReport({ ...target, values, version: values.rowVersion })
        break
      default:
        result = takeReportStep({
          ...target,
          input: {
            step: intent.data,
            comment: values.comment,
            grade: values.grade,
            opinion: values.opinion,
            rowVersion: values.rowVersion,
          },
        })
    }
    if (result.ok) return redirect(`/labs/${labId}/reports/${reportId}?saved=${intent.data}`)
    const echoed = intent.data === 'save' || intent.data === 'submit' ? compactReportForm(values) : values
    return refusalResponse(result, { intent: intent.data, values: echoed })
  })
}

/**
 * Nothing typed is lost (issue 19 item 6): the upload carries the form's fields, so the draft is
 * saved first, with its usual checks, then the files. Refused, the page comes back with what was
 * typed and the files are not kept (withUploadForm removes them).
 */
function saveDraftAndUpload({
  by,
  labId,
  reportId,
  upload,
}: {
  by: ReturnType<typeof actingUserOf>
  labId: number
  reportId: number
  upload: { values: Record<string, string>; files: StagedFile[] }
}) {
  const saved = saveReport({ by, labId, reportId, values: upload.values, version: upload.values.rowVersion })
  if (!saved.ok) return refusalResponse(saved, { intent: 'save', values: compactReportForm(upload.values) })
  if (upload.files.length)
    saveAttachments({ owner: { type: 'annual_report', id: reportId, labId }, files: upload.files, actor: auditActorOf(by) })
  return redirect(`/labs/${labId}/reports/${reportId}?saved=${upload.files.length ? 'saveDraftAndUpload' : 'save'}#attachments`)
}

export default function ReportPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const gradeLabel = useGradeLabel(d.grades)
  const [params] = useSearchParams()
  const saved = params.get('saved')
  const { report, lab } = d
  const editFailed = actionData && (actionData.intent === 'save' || actionData.intent === 'submit') ? actionData : undefined
  // what was typed, sent with a file the server refused (too large, wrong type): shown again
  const keptDraft = actionData && 'keptDraft' in actionData && actionData.keptDraft ? actionData.values : undefined
  const stepFailed = actionData && isReviewStep(actionData.intent) ? actionData : undefined
  // where each intent's form shows its messages, when the page offers that form now
  const shownOnPage = (intent: string) =>
    (['save', 'submit', 'addAttachments'].includes(intent) && d.canEdit) || (d.reviewSteps as string[]).includes(intent)
  const deliverables = <YearDeliverables labId={lab.id} rows={d.deliverables} />
  const roster = <RosterSummary roster={d.roster} state={d.rosterState} changes={d.rosterChanges} />
  const progress = (
    <ReportProgress
      panel={d.progress}
      year={report.validityYear}
      declaredLines={d.declaredLines}
      declared={d.canEdit ? undefined : d.content.progress.declared}
    />
  )
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('reports.detailTitle', { sequence: d.period.sequence, year: report.validityYear })} · ${lab.name}`}
        badges={
          <>
            <ReportStatusBadge status={report.status} />
            {actionData && !isStaleAnswer(actionData) && !shownOnPage(actionData.intent) ? (
              <RefusalNotice errors={actionData.errors} />
            ) : null}
            {report.grade ? (
              <span className="text-sm font-medium">{t('reports.thread.grade', { grade: gradeLabel(report.grade) })}</span>
            ) : null}
          </>
        }
        actions={
          <>
            <Link to={`/labs/${lab.id}/reports/${report.id}/print`} className="btn">
              {t('reports.print')}
            </Link>
            <a
              href={`/labs/${lab.id}/reports/${report.id}/report.docx`}
              className="btn"
              title={t('word.downloadHint')}
              data-testid="report-docx"
              download
            >
              {t('word.download')}
            </a>
            <Link to={`/labs/${lab.id}/reports`} className="btn">
              {t('reports.backToList')}
            </Link>
          </>
        }
      />

      <dl className="card grid gap-x-6 gap-y-2 text-sm md:grid-cols-3">
        <Item term={t('reports.field.year')} value={t('reports.yearRange', { start: d.year.startDate, end: d.year.endDate })} />
        <Item
          term={t('reports.field.dueDate')}
          value={`${d.dueDate ?? t('reports.due.none')}${d.dueDateEstimated ? t('reports.due.estimated') : ''}`}
          tag={d.status && d.status.state !== 'open' && d.status.state !== 'done' ? <DueStateTag status={d.status} /> : null}
        />
        <Item term={t('reports.field.submittedAt')} value={report.submittedAt ? formatShanghaiTime(report.submittedAt) : '—'} />
        <Item
          term={t('reports.field.districtOpinionAt')}
          value={report.districtOpinionAt ? formatShanghaiTime(report.districtOpinionAt) : '—'}
        />
        <Item term={t('reports.field.decidedAt')} value={report.decidedAt ? formatShanghaiTime(report.decidedAt) : '—'} />
      </dl>

      {saved && saved in SAVED && !actionData ? <SavedNotice>{t(SAVED[saved as keyof typeof SAVED])}</SavedNotice> : null}
      <StaleNotice answer={actionData} statusLabel={(s) => t(`reports.status.${s as FilingStatus}`)} />
      <StatusNotice status={report.status} grade={gradeLabel(report.grade)} lastReturn={d.lastReturn} isOwnLab={d.isOwnLab} />

      {d.canEdit ? (
        <ReportEditForm
          key={`${report.rowVersion}:${editFailed ? JSON.stringify(editFailed.values) : ''}:${keptDraft ? JSON.stringify(keptDraft) : ''}`}
          // a stale edit shows the report as it is now: typing over someone's change is not a merge
          values={(!isStaleAnswer(editFailed) && editFailed?.values) || keptDraft || d.formValues}
          errors={withoutStale(editFailed)?.errors}
          version={report.rowVersion}
          submitLabel={report.status === 'returned' ? 'reports.resubmit' : 'reports.submit'}
          canSubmitNow={d.canSubmitNow}
          yearEnd={d.year.endDate}
          deliverables={deliverables}
          roster={roster}
          progress={progress}
          declaredLines={d.declaredLines}
        />
      ) : (
        <>
          <FormAlert errors={editFailed?.errors} />
          <div className="card">
            <ReportContentView content={d.content} deliverables={deliverables} roster={roster} progress={progress} />
          </div>
        </>
      )}

      <section className="card" id="attachments">
        <h2 className="mb-2 font-semibold">{t('reports.section.attachments')}</h2>
        <AttachmentList attachments={d.attachments} canRemove={d.canEdit} />
        {d.canEdit ? (
          <DraftUploadFields
            form={REPORT_FORM_ID}
            maxMb={d.maxMb}
            errors={actionData?.intent === 'addAttachments' ? actionData.errors : undefined}
          />
        ) : null}
      </section>

      {d.facts ? (
        <div className="card">
          <DecisionFacts facts={d.facts} today={d.today} />
        </div>
      ) : null}
      <DistrictOpinionNote filing={report} thread={d.thread} deciding={d.reviewSteps.includes('accept')} />
      <ReviewSteps facts={d.facts} steps={d.reviewSteps} failed={withoutStale(stepFailed)} grades={d.grades} version={report.rowVersion} />
      <ReportThread events={d.thread} grades={d.grades} />
    </div>
  )
}

const SAVED = {
  start: 'reports.saved.start',
  save: 'reports.saved.save',
  saveDraftAndUpload: 'reports.saved.saveDraftAndUpload',
  submit: 'reports.saved.submit',
  district_opinion: 'reports.saved.district_opinion',
  return: 'reports.saved.return',
  accept: 'reports.saved.accept',
} as const

function StatusNotice({
  status,
  grade,
  lastReturn,
  isOwnLab,
}: {
  status: string
  grade: string
  lastReturn: { comment: string; actorName: string; at: string } | null
  isOwnLab: boolean
}) {
  const t = useT()
  const box = 'rounded border p-3 text-sm'
  if (status === 'returned' && lastReturn)
    return (
      <div className={`${box} border-amber-300 bg-amber-50 text-amber-900`} data-testid="return-notice">
        {isOwnLab ? <p className="font-medium">{t('reports.notice.returned')}</p> : null}
        <p className="whitespace-pre-line">
          {t('reports.notice.returnComment', {
            actor: lastReturn.actorName,
            at: formatShanghaiTime(lastReturn.at),
            comment: lastReturn.comment,
          })}
        </p>
      </div>
    )
  if (status === 'accepted')
    return <p className={`${box} border-green-300 bg-green-50 text-green-900`}>{t('reports.notice.accepted', { grade })}</p>
  if (status === 'submitted' && isOwnLab)
    return <p className={`${box} border-sky-200 bg-sky-50 text-sky-900`}>{t('reports.notice.underReview')}</p>
  return null
}

function Item({ term, value, tag }: { term: string; value: string; tag?: ReactNode }) {
  return (
    <div>
      <dt className="text-slate-500">{term}</dt>
      <dd className="token tabular-nums">
        {value}
        {tag ? <span className="ml-2">{tag}</span> : null}
      </dd>
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'reports.title', args.data?.lab.name)
