import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { OrganisationForm } from '~/components/organisations/organisation-form'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { MAX_JOINT_APPLICATIONS } from '~/domain/joint-applications'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { getOrganisation, parseOrganisationForm, regionWarningOf, updateOrganisation } from '~/models/organisations.server'
import { auditActorOf, refusalResponse } from '~/models/result.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { formValues } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'

const IdParam = z.coerce.number().int().positive()

function orgIdOf(params: { orgId?: string }) {
  const id = IdParam.safeParse(params.orgId)
  if (!id.success) throw new Response('Not found', { status: 404 })
  return id.data
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  requireCapability(request, 'organisation:manage')
  const detail = getOrganisation(orgIdOf(params))
  if (!detail) throw new Response('Not found', { status: 404 })
  return { ...detail, maxJoint: MAX_JOINT_APPLICATIONS, storedWarnings: regionWarningOf(detail.org.creditCode) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'organisation:manage')
  const id = orgIdOf(params)
  const current = getOrganisation(id)
  if (!current) throw new Response('Not found', { status: 404 })
  const form = await readForm(request)
  const parsed = parseOrganisationForm(form, { orgId: id, storedCode: current.org.creditCode })
  if (!parsed.ok) {
    const { errors, warnings, needsRegionConfirmation } = parsed
    return data({ errors, warnings, needsRegionConfirmation, values: formValues(form) }, { status: 400 })
  }
  const result = updateOrganisation({
    id,
    input: parsed.input,
    actor: auditActorOf(actingUserOf(user, context)),
  })
  // gone meanwhile (404), or another organisation took the code between the check and the write
  if (!result.ok) return refusalResponse(result, { warnings: {}, needsRegionConfirmation: false, values: formValues(form) })
  return redirect(`/organisations/${id}?saved=updated`)
}

export default function OrganisationPage() {
  const { org, hostedLabs, partnerLabs, jointApplications, maxJoint, storedWarnings } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const saved = params.get('saved')
  return (
    <div className="space-y-4">
      <PageHeader
        title={org.name}
        back={{ to: '/organisations', label: t('orgs.title') }}
        badges={<code className="text-sm text-slate-600">{org.creditCode}</code>}
        actions={
          <Link to={`/audit?entityType=organisation&entityId=${org.id}`} className="link text-sm">
            {t('orgs.auditLink')}
          </Link>
        }
      />
      {saved && !actionData ? <SavedNotice>{t(saved === 'created' ? 'orgs.created' : 'orgs.saved')}</SavedNotice> : null}

      <div className="grid gap-4 md:grid-cols-3">
        <section className="card">
          <h2 className="mb-2 font-semibold">{t('orgs.jointCount')}</h2>
          <p className={`text-2xl tabular-nums ${jointApplications > maxJoint ? 'text-red-700' : ''}`} data-testid="joint-count">
            {t('orgs.jointOf', { n: jointApplications, max: maxJoint })}
          </p>
          {jointApplications > maxJoint ? <p className="text-sm text-red-700">{t('orgs.jointOver')}</p> : null}
        </section>
        <section className="card">
          <h2 className="mb-2 font-semibold">{t('orgs.section.hosted')}</h2>
          <LabList labs={hostedLabs} />
        </section>
        <section className="card">
          <h2 className="mb-2 font-semibold">{t('orgs.section.partner')}</h2>
          <LabList labs={partnerLabs} />
        </section>
      </div>

      <section className="card max-w-2xl">
        <h2 className="mb-3 font-semibold">{t('orgs.section.edit')}</h2>
        <OrganisationForm
          values={actionData?.values ?? org}
          errors={actionData?.errors}
          warnings={actionData?.warnings ?? storedWarnings}
          needsRegionConfirmation={actionData?.needsRegionConfirmation}
          submitLabel={t('common.save')}
        />
      </section>
    </div>
  )
}

function LabList({ labs }: { labs: { id: number; name: string; hostName?: string }[] }) {
  const t = useT()
  if (labs.length === 0) return <p className="text-sm text-slate-500">{t('orgs.noLabs')}</p>
  return (
    <ul className="space-y-1 text-sm">
      {labs.map((lab) => (
        <li key={lab.id}>
          <Link to={`/labs/${lab.id}`} className="link">
            {lab.name}
          </Link>
          {lab.hostName ? <span className="ml-1 text-slate-500">（{t('orgs.hostName', { name: lab.hostName })}）</span> : null}
        </li>
      ))}
    </ul>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'nav.organisations', args.data?.org.name)
