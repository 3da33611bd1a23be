import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { DeliverableForm } from '~/components/deliverables/deliverable-form'
import { PageHeader } from '~/components/ui/page-header'
import { completionYears } from '~/domain/deliverables'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { canCreateDeliverable, createDeliverable } from '~/models/deliverables.server'
import { saveAttachments } from '~/models/attachments.server'
import { getLab } from '~/models/labs.server'
import { refusalResponse } from '~/models/result.server'
import { ruleSettings } from '~/models/settings.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { idParam } from '~/utils/params'
import { withUploadForm } from '~/utils/upload.server'

// Only the lab's own staff file; another lab's URL does not exist for them (404), and the
// bureau or the district may look but not file (403).
function loadOwnLab(request: Request, labIdRaw: string | undefined) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const detail = getLab({ id: idParam(labIdRaw), actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  if (!canCreateDeliverable(actor, detail.lab)) throw new Response('Forbidden', { status: 403 })
  return { user, actor, detail }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail } = loadOwnLab(request, params.labId)
  return {
    lab: { id: detail.lab.id, name: detail.lab.name },
    years: completionYears(detail.periods),
    maxMb: ruleSettings().attachmentMaxMb,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, detail } = loadOwnLab(request, params.labId)
  return withUploadForm(request, (upload) => {
    const values = { ...upload.values, forms: upload.ok ? upload.form.getAll('forms').map(String) : [] }
    if (!upload.ok) return data({ errors: upload.errors, values }, { status: upload.status })
    const by = actingUserOf(user, context)
    const result = createDeliverable({ by, labId: detail.lab.id, raw: values })
    if (!result.ok) return refusalResponse(result, { values })
    saveAttachments({ owner: { type: 'deliverable', id: result.deliverable.id, labId: detail.lab.id }, files: upload.files, actor: by })
    return redirect(`/labs/${detail.lab.id}/deliverables/${result.deliverable.id}?saved=created`)
  })
}

export default function NewDeliverable() {
  const { lab, years, maxMb } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('deliverables.newTitle')} · ${lab.name}`}
        actions={
          <Link to={`/labs/${lab.id}/deliverables`} className="btn">
            {t('deliverables.backToList')}
          </Link>
        }
      />
      <DeliverableForm
        values={actionData?.values ?? {}}
        errors={actionData?.errors}
        years={years}
        submitLabel={t('deliverables.saveDraft')}
        maxMb={maxMb}
      />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'deliverables.newTitle')
