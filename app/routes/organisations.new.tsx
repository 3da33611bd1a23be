import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { OrganisationForm } from '~/components/organisations/organisation-form'
import { PageHeader } from '~/components/ui/page-header'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { createOrganisation, parseOrganisationForm } from '~/models/organisations.server'
import { auditActorOf, refusalResponse } from '~/models/result.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { formValues } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'organisation:manage')
  return {}
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'organisation:manage')
  const form = await readForm(request)
  const parsed = parseOrganisationForm(form)
  if (!parsed.ok) {
    const { errors, warnings, needsRegionConfirmation } = parsed
    return data({ errors, warnings, needsRegionConfirmation, values: formValues(form) }, { status: 400 })
  }
  const result = createOrganisation({
    input: parsed.input,
    actor: auditActorOf(actingUserOf(user, context)),
  })
  // another organisation took the code between the check and the write
  if (!result.ok) return refusalResponse(result, { warnings: {}, needsRegionConfirmation: false, values: formValues(form) })
  return redirect(`/organisations/${result.org.id}?saved=created`)
}

export default function NewOrganisationPage() {
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={t('orgs.newTitle')} back={{ to: '/organisations', label: t('orgs.title') }} />
      <div className="card">
        <OrganisationForm
          values={actionData?.values ?? {}}
          errors={actionData?.errors}
          warnings={actionData?.warnings}
          needsRegionConfirmation={actionData?.needsRegionConfirmation}
          submitLabel={t('common.create')}
        />
      </div>
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'orgs.newTitle')
