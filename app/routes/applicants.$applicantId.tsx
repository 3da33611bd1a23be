import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import type { ApplicantStatus } from '~db/schema/enums'
import { ApplicantStatusBadge, useOfficeName } from '~/components/applicants/office-name'
import { Field, FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { revalidateWhenStale, StaleNotice, VersionField } from '~/components/ui/stale-notice'
import { formatShanghaiMinute } from '~/domain/dates'
import { pageMessages } from '~/i18n/messages-asset.server'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { decideApplicant, getApplicant } from '~/models/applicants.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, actorOf, requireCapability } from '~/utils/auth.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'
import { localeOf } from '~/utils/locale.server'

// One registration: what the applicant gave, and the office's confirm or refuse (with a reason)
// on the version the page showed. Out of the office's scope is 404, as a lab out of scope is.
const Intent = z.enum(['confirm', 'refuse'])

function applicantOr404(request: Request, id: string | undefined) {
  const user = requireCapability(request, 'applicant:manage')
  const applicant = getApplicant({ actor: actorOf(user), id: Number(id) })
  if (!applicant) throw new Response('Not found', { status: 404 })
  return { user, applicant }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, applicant } = applicantOr404(request, params.applicantId)
  return {
    applicant: {
      ...applicant,
      createdText: formatShanghaiMinute(applicant.createdAt),
      decidedText: applicant.decidedAt ? formatShanghaiMinute(applicant.decidedAt) : null,
    },
    messages: pageMessages(localeOf(request, user.locale), 'applicants.'),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, applicant } = applicantOr404(request, params.applicantId)
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success) return data({ intent: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const result = decideApplicant({
    by: actingUserOf(user, context),
    id: applicant.id,
    decision: intent.data,
    reason: values.reason,
    version: values.rowVersion,
  })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, values })
  return redirect(`/applicants/${applicant.id}?saved=${intent.data}`)
}

export default function ApplicantPage() {
  const { applicant: a, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const sent = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const officeName = useOfficeName()
  const saved = params.get('saved')
  const refusing = sent?.intent === 'refuse' ? sent : undefined
  const rows: [string, string][] = [
    [t('applicants.field.uscc'), a.uscc],
    [t('applicants.field.orgKind'), t(`orgKind.${a.orgKind}`)],
    [t('applicants.field.office'), officeName(a)],
    [t('applicants.field.contactName'), a.contactName],
    [t('applicants.field.contactPhone'), a.contactPhone],
    [t('applicants.field.contactEmail'), a.contactEmail],
    [t('applicants.detail.registered'), a.createdText],
  ]
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader
        title={a.name}
        back={{ to: '/applicants', label: t('applicants.title') }}
        badges={<ApplicantStatusBadge status={a.status} />}
      />
      {(saved === 'confirm' || saved === 'refuse') && !sent ? <SavedNotice>{t(`applicants.saved.${saved}`)}</SavedNotice> : null}
      <StaleNotice answer={sent} typedField="reason" statusLabel={(s) => t(`applicants.status.${s as ApplicantStatus}`)} />
      {sent && !('stale' in sent) && sent.intent !== 'refuse' ? <FormAlert errors={sent.errors} /> : null}
      <section className="card">
        <dl className="grid gap-x-4 gap-y-2 text-sm md:grid-cols-[12rem_1fr]">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-500">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
          {a.status === 'refused' ? (
            <div className="contents">
              <dt className="text-slate-500">{t('applicants.reason')}</dt>
              <dd data-testid="refusal-reason">{a.statusReason}</dd>
            </div>
          ) : null}
        </dl>
        {a.decidedText ? (
          <p className="mt-3 text-xs text-slate-500">{t('applicants.decidedBy', { by: a.deciderName ?? '', at: a.decidedText })}</p>
        ) : null}
      </section>
      {a.status === 'pending' ? (
        <section className="card grid gap-4 md:grid-cols-2">
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            <VersionField version={a.rowVersion} />
            <button type="submit" className="btn-primary">
              {t('applicants.confirm')}
            </button>
          </Form>
          <Form method="post" className="space-y-2" noValidate>
            <input type="hidden" name="intent" value="refuse" />
            <VersionField version={a.rowVersion} />
            <Field idPrefix="refuse" name="reason" label={t('applicants.reason')} errors={refusing?.errors} required>
              {(p) => <textarea {...p} className="input" rows={3} maxLength={500} defaultValue={refusing?.values.reason ?? ''} />}
            </Field>
            {refusing?.errors?._form ? <FormAlert errors={refusing.errors} /> : null}
            <button type="submit" className="btn">
              {t('applicants.refuse')}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) =>
  pageTitle(args, 'applicants.title', (args.data as { applicant?: { name: string } })?.applicant?.name)
