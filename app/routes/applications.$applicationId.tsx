import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { ApplicationStatusBadge } from '~/components/applications/status-badge'
import { CertifiedLab } from '~/components/applications/certified-lab'
import { Findings } from '~/components/applications/findings'
import { NoticeSection } from '~/components/applications/notice-section'
import {
  BasicsForm,
  CommitmentsForm,
  PartnersForm,
  PlanForm,
  RosterForm,
  SecurityForm,
  type Typed,
  useIndicatorName,
} from '~/components/applications/section-forms'
import { RosterImportForm } from '~/components/applications/roster-import-form'
import { FilesSection, OfficeCheckForm, StepButtons } from '~/components/applications/step-forms'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { revalidateWhenStale, StaleNotice } from '~/components/ui/stale-notice'
import { formatShanghaiMinute } from '~/domain/dates'
import { applicationPageMessages } from '~/i18n/messages-asset.server'
import { isMessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useLocale, usePageMessages, useT } from '~/i18n/use-t'
import { refusalResponse } from '~/models/result.server'
import { labOfApplication } from '~/models/application-lab.server'
import { importApplicationRoster } from '~/models/application-roster-import.server'
import { IMPORT_MAX_BYTES } from '~/models/imports/imports.server'
import type { ActingUser } from '~/models/result.server'
import { applySection } from '~/models/round-application-sections.server'
import { LETTER_KIND, SECTION_INTENTS, STEP_INTENTS } from '~/models/round-application-form'
import { noticesOf } from '~/models/notice-records.server'
import { applicationPage, sideRefusal } from '~/models/round-applications.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { readForm } from '~/utils/form-body.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { localeOf } from '~/utils/locale.server'
import { readSpreadsheetUpload } from '~/utils/spreadsheet-upload.server'
import { idParam } from '~/utils/params'

// One certification application (issue 21): the applicant's 申报表 in sections, each saved on its
// own; the conditions as the server finds them; the steps the table allows the viewer now; the
// office's check, return, rejection and recommendation with its sealed letter.
const Intent = z.enum([...SECTION_INTENTS, ...STEP_INTENTS])

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // an assigned expert reads it too (read-only: the action stays application:view's)
  const user = requireCapability(request, 'application:read')
  const actor = actingUserOf(user, context)
  const page = applicationPage({ actor, id: idParam(params.applicationId) })
  if (!page) throw new Response('Not found', { status: 404 })
  // its 公示 once published (the latest: a withdrawn one after a sustained objection)
  const notice = ['in_notice', 'objection_sustained', 'certified'].includes(page.application.status)
    ? (noticesOf('application', page.application.id)[0] ?? null)
    : null
  return {
    ...page,
    notice: notice && { id: notice.id, startsOn: notice.startsOn, endsOn: notice.endsOn, withdrawnReason: notice.withdrawnReason },
    bureau: user.role === 'bureau',
    // the lab 授牌 made of it, linked for those its pages admit
    lab: page.application.status === 'certified' ? labOfApplication({ actor, labId: page.application.labId, today: today() }) : null,
    messages: applicationPageMessages(localeOf(request, user.locale)),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'application:view')
  const id = idParam(params.applicationId)
  // the roster import posts a spreadsheet; every other form of the page is a plain post
  if (/^multipart\/form-data/i.test(request.headers.get('Content-Type') ?? ''))
    return importRoster(request, actingUserOf(user, context), id)
  const form = await readForm(request)
  const values: Record<string, string | string[]> = {
    ...formValues(form),
    commitments: form.getAll('commitments').map(String),
    grounds: form.getAll('grounds').map(String),
  }
  const parsed = Intent.safeParse(values.intent)
  if (!parsed.success) return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const intent = parsed.data
  const result = applySection({ by: actingUserOf(user, context), id, intent, values })
  if (!result.ok) return refusalResponse(result, { intent, values })
  return redirect(`/applications/${id}?saved=${intent}`)
}

/** The roster import's post: scope and side before the body is read, then the file replaces the roster. */
async function importRoster(request: Request, by: ActingUser, id: number) {
  const refused = sideRefusal(by, id, 'applicant')
  if (refused && !refused.ok) return refusalResponse(refused, { intent: 'importRoster' })
  const upload = await readSpreadsheetUpload(request, { maxBytes: IMPORT_MAX_BYTES })
  if (!upload.ok) return data({ intent: 'importRoster', errors: upload.errors, values: upload.values }, { status: upload.status })
  if (upload.values.intent !== 'importRoster')
    return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values: upload.values }, { status: 400 })
  const result = await importApplicationRoster({
    by,
    id,
    version: upload.values.rowVersion,
    bytes: upload.bytes,
    fileName: upload.fileName,
  })
  if (!result.ok && 'rows' in result)
    return data({ intent: 'importRoster', errors: result.errors as FieldErrors, rows: result.rows, values: upload.values }, { status: 400 })
  if (!result.ok) return refusalResponse(result, { intent: 'importRoster', values: upload.values })
  return redirect(`/applications/${id}?saved=importRoster&imported=${result.imported}`)
}

export const shouldRevalidate = revalidateWhenStale

export default function ApplicationPage() {
  const page = useLoaderData<typeof loader>()
  usePageMessages(page.messages)
  const sent = useActionData<typeof action>() as Typed & { stale?: unknown }
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const app = page.application
  const saved = params.get('saved')
  const fileError = params.get('fileError')
  const kinds = page.round.requiredAttachments
  // the office's one letter for the round: the office and the bureau see it, the applicant does not
  const officeKinds = page.seesLetter && (page.isOffice || app.status === 'recommended') ? [{ kind: LETTER_KIND }] : []
  return (
    <div className="space-y-4">
      <PageHeader
        title={app.labName || t('applications.untitled')}
        subtitle={`${page.applicant.name} · ${locale === 'zh' ? page.round.nameZh : page.round.nameEn}`}
        actions={
          <Link to={page.isExpert ? '/assignments' : '/applications'} className="link text-sm">
            {t(page.isExpert ? 'applications.backToAssignments' : 'applications.back')}
          </Link>
        }
      />
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <ApplicationStatusBadge status={app.status} />
        <span className="token tabular-nums">{t('applications.dueAt', { at: formatShanghaiMinute(page.round.applicationsDueAt) })}</span>
        <span className="token tabular-nums">
          {t('applications.officeDueAt', { at: formatShanghaiMinute(page.round.recommendationsDueAt) })}
        </span>
        <span data-testid="quota">{t('applications.quota', { used: page.quota.used, quota: page.quota.quota })}</span>
      </div>
      {saved ? (
        <SavedNotice>
          {saved === 'importRoster'
            ? t('applications.rosterImport.imported', { n: Number(params.get('imported')) || 0 })
            : t('applications.saved')}
        </SavedNotice>
      ) : null}
      {fileError && isMessageKey(fileError) ? (
        <SavedNotice tone="failed">
          {t('applications.fileRefused')} {t(fileError)}
        </SavedNotice>
      ) : null}
      <StaleNotice answer={sent} statusLabel={(s) => t(`applications.status.${s}` as never)} typedField="reasons" />
      {sent && !sent.stale ? <FormAlert errors={sent.errors as FieldErrors | undefined} /> : null}
      {app.status === 'returned' && app.returnReasons ? (
        <section className="card border-amber-300 bg-amber-50 text-sm" data-testid="return-reasons">
          <h2 className="font-semibold">{t('applications.returnedBecause')}</h2>
          <p className="whitespace-pre-wrap">{app.returnReasons}</p>
        </section>
      ) : null}
      {app.status === 'rejected' ? (
        <section className="card border-red-300 bg-red-50 text-sm" data-testid="reject-reasons">
          <h2 className="font-semibold">{t('applications.rejectedBecause')}</h2>
          <p>{app.rejectGrounds.map((g) => t(`certification.ground.${g}` as never)).join('、')}</p>
          <p className="whitespace-pre-wrap">{app.rejectReasons}</p>
        </section>
      ) : null}
      {page.lab ? <CertifiedLab lab={page.lab} /> : null}
      {page.notice ? <NoticeSection notice={page.notice} status={app.status} bureau={page.bureau} /> : null}
      <Findings findings={page.findings} />
      {page.steps.length ? <StepButtons version={app.rowVersion} steps={page.steps} typed={sent} /> : null}
      {page.isOffice ? <OfficeCheckForm version={app.rowVersion} check={app} typed={sent} /> : null}
      <FilesSection
        applicationId={app.id}
        kinds={[...kinds, ...officeKinds]}
        files={page.files}
        canUpload={(kind) => (kind === LETTER_KIND ? page.isOffice : page.editable)}
      />
      {page.editable ? (
        <>
          <BasicsForm app={app} typed={sent} />
          <PartnersForm app={app} partners={page.partners} typed={sent} />
          <RosterForm app={app} members={page.members} typed={sent} />
          <RosterImportForm version={app.rowVersion} typed={sent} />
          <PlanForm app={app} lines={page.indicatorLines} typed={sent} />
          <SecurityForm app={app} typed={sent} />
          <CommitmentsForm app={app} />
        </>
      ) : (
        <ReadOnly page={page} />
      )}
    </div>
  )
}

function ReadOnly({ page }: { page: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const t = useT()
  const nameOf = useIndicatorName()
  const app = page.application
  const plan = ['planTechnicalGoals', 'planIntellectualProperty', 'planFunding', 'planApplicationScenarios'] as const
  return (
    <section className="card space-y-3 text-sm" data-testid="read-only">
      <p>
        {t('common.labelled', {
          label: t('applications.col.direction'),
          value: app.direction ? t(`direction.${app.direction}` as never) : '—',
        })}
      </p>
      <div>
        <h2 className="font-semibold">{t('applications.section.partners')}</h2>
        <ul>
          {page.partners.map((p) => (
            <li key={p.id}>
              {p.name} <span className="token">{p.uscc}</span>
            </li>
          ))}
        </ul>
      </div>
      <div>
        <h2 className="font-semibold">{t('applications.section.roster', { count: page.members.length })}</h2>
        <ol className="list-decimal pl-5">
          {page.members.map((m) => (
            <li key={m.id}>
              {m.name} · {t(`title.${m.titleLevel}` as never)} · {t(`degree.${m.degree}` as never)}
            </li>
          ))}
        </ol>
      </div>
      {plan.map((name) => (
        <div key={name}>
          <h2 className="font-semibold">{t(`applications.field.${name}`)}</h2>
          <p className="whitespace-pre-wrap">{app[name]}</p>
        </div>
      ))}
      <div>
        <h2 className="font-semibold">{t('applications.field.indicators')}</h2>
        <ul>
          {page.indicatorLines
            .filter((line) => line.target !== null)
            .map((line) => (
              <li key={line.field}>{t('common.labelled', { label: nameOf(line), value: line.target! })}</li>
            ))}
        </ul>
      </div>
      <div>
        <h2 className="font-semibold">{t('applications.field.dataSecurity')}</h2>
        <p className="whitespace-pre-wrap">{app.dataSecurity}</p>
      </div>
    </section>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'applications.title')
