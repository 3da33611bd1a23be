import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ApplicantFields, type OfficeChoices } from '~/components/applicants/applicant-fields'
import { CopyableSecret } from '~/components/ui/copyable-secret'
import { Field, FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import type { Actor } from '~/domain/permissions'
import { pageMessages } from '~/i18n/messages-asset.server'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { createApplicantByOffice, officeChoices } from '~/models/applicants.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, actorOf, requireCapability } from '~/utils/auth.server'
import { formValues } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'
import { localeOf } from '~/utils/locale.server'

// An office creates an applicant's account itself (issue 21): confirmed at once, the initial
// password shown on this answer only (never stored in clear, never sent again).

// A district office or a department offers only itself as the recommending office; the bureau every office.
function officesFor(actor: Actor): OfficeChoices {
  const all = officeChoices()
  if (actor.role === 'district') return { districts: all.districts.filter((d) => d === actor.districtCode), departments: [] }
  if (actor.role === 'department') return { districts: [], departments: all.departments.filter((d) => d.id === actor.departmentId) }
  return all
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'applicant:manage')
  return { offices: officesFor(actorOf(user)), messages: pageMessages(localeOf(request, user.locale), 'applicants.') }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'applicant:manage')
  const values = formValues(await readForm(request))
  const result = await createApplicantByOffice({ by: actingUserOf(user, context), values })
  if (!result.ok) return refusalResponse(result, { values, created: null })
  return data({ errors: undefined, values, created: { id: result.applicantId, username: result.username, password: result.password } })
}

export default function NewApplicantPage() {
  const { offices, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const sent = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const created = sent?.created
  if (created)
    return (
      <div className="mx-auto max-w-2xl space-y-4">
        <PageHeader title={t('applicants.new')} back={{ to: '/applicants', label: t('applicants.title') }} />
        <SavedNotice>{t('applicants.created')}</SavedNotice>
        <section className="card space-y-3">
          <CopyableSecret
            id="initial-password"
            label={t('applicants.createdPassword', { username: created.username })}
            value={created.password}
            testId="initial-password"
          />
          <Link to={`/applicants/${created.id}`} className="link text-sm">
            {sent.values.name}
          </Link>
        </section>
      </div>
    )
  const errors = sent?.errors
  const v: Record<string, string | undefined> = sent?.values ?? {}
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader
        title={t('applicants.new')}
        back={{ to: '/applicants', label: t('applicants.title') }}
        subtitle={t('applicants.newIntro')}
      />
      <Form method="post" className="card space-y-6" noValidate>
        <FormAlert errors={errors} />
        <ApplicantFields values={v} errors={errors} offices={offices} />
        <Field name="username" label={t('applicants.field.username')} hint={t('users.field.usernameHint')} errors={errors} required>
          {(p) => <input {...p} className="input font-mono" defaultValue={v.username ?? ''} autoComplete="off" maxLength={32} />}
        </Field>
        <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
          {t('common.create')}
        </button>
      </Form>
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'applicants.new')
