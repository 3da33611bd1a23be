import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { LabForm } from '~/components/labs/lab-form'
import { PageHeader } from '~/components/ui/page-header'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { createLab, organisationOptions } from '~/models/lab-mutations.server'
import { auditActorOf } from '~/models/result.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { fieldErrorsOf, formValues, type FieldErrors } from '~/utils/forms'
import { labInputProblems } from '~/utils/lab-action.server'
import { checkPeriod, labInputFrom, PeriodSchema } from '~/models/lab-form'
import { readForm } from '~/utils/form-body.server'

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'lab:create')
  return { orgs: organisationOptions() }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'lab:create')
  const form = await readForm(request)
  const values = { ...formValues(form), partnerOrgIds: form.getAll('partnerOrgIds').map(String) }
  const lab = labInputFrom(form)
  const periodInput = PeriodSchema.safeParse(Object.fromEntries(form))
  const errors: FieldErrors = {
    ...(lab.success ? {} : fieldErrorsOf(lab.error)),
    ...(periodInput.success ? {} : fieldErrorsOf(periodInput.error)),
  }
  const period = periodInput.success ? checkPeriod(periodInput.data, today()) : null
  if (period?.error) errors[period.errorField] = { key: period.error }
  if (lab.success) Object.assign(errors, labInputProblems(0, lab.data))
  if (Object.keys(errors).length > 0 || !lab.success || !period) return data({ errors, values }, { status: 400 })

  const created = createLab({
    input: lab.data,
    period: period.period,
    actor: auditActorOf(actingUserOf(user, context)),
  })
  return redirect(`/labs/${created.id}`)
}

export default function NewLab() {
  const { orgs } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader title={t('labs.new')} />
      <LabForm values={actionData?.values ?? {}} errors={actionData?.errors} orgs={orgs} withPeriod submitLabel={t('common.save')} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'labs.new')
