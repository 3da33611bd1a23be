import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { LabForm } from '~/components/labs/lab-form'
import { PageHeader } from '~/components/ui/page-header'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { organisationOptions, updateLab } from '~/models/lab-mutations.server'
import { getLab } from '~/models/labs.server'
import { auditActorOf } from '~/models/result.server'
import { actingUserOf, actorOf, requireCapability } from '~/utils/auth.server'
import { fieldErrorsOf, formValues } from '~/utils/forms'
import { labInputProblems } from '~/utils/lab-action.server'
import { labInputFrom } from '~/models/lab-form'
import { idParam } from '~/utils/params'
import { readForm } from '~/utils/form-body.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'lab:edit')
  const detail = getLab({ id: idParam(params.labId), actor: actorOf(user) })
  if (!detail) throw new Response('Not found', { status: 404 })
  const { lab, partners } = detail
  return {
    labId: lab.id,
    labName: lab.name,
    values: {
      ...Object.fromEntries(Object.entries(lab).map(([k, v]) => [k, String(v ?? '')])),
      partnerOrgIds: partners.map((p) => String(p.id)),
    },
    orgs: organisationOptions(),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'lab:edit')
  const id = idParam(params.labId)
  if (!getLab({ id, actor: actorOf(user) })) throw new Response('Not found', { status: 404 })
  const form = await readForm(request)
  const values = { ...formValues(form), partnerOrgIds: form.getAll('partnerOrgIds').map(String) }
  const lab = labInputFrom(form)
  if (!lab.success) return data({ errors: fieldErrorsOf(lab.error), values }, { status: 400 })
  const problems = labInputProblems(id, lab.data)
  if (Object.keys(problems).length > 0) return data({ errors: problems, values }, { status: 400 })
  updateLab({ id, input: lab.data, actor: auditActorOf(actingUserOf(user, context)) })
  return redirect(`/labs/${id}`)
}

export default function EditLab() {
  const { labName, values, orgs } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader title={`${t('labs.edit')} · ${labName}`} />
      <LabForm
        values={actionData?.values ?? values}
        errors={actionData?.errors}
        orgs={orgs}
        withPeriod={false}
        submitLabel={t('common.save')}
      />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'labs.edit')
