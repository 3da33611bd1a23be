import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { RequestForm } from '~/components/requests/request-form'
import { PageHeader } from '~/components/ui/page-header'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { saveAttachments } from '~/models/attachments.server'
import { canAskForSupport, createRequest, findScopedLab } from '~/models/resource-requests.server'
import { refusalResponse } from '~/models/result.server'
import { ruleSettings } from '~/models/settings.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { idParam } from '~/utils/params'
import { withUploadForm } from '~/utils/upload.server'

// Only the lab's own staff ask; another lab's URL does not exist for them (404), and the bureau
// or the district may look at the lab but not ask for it (403).
function loadOwnLab(request: Request, labIdRaw: string | undefined) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const lab = findScopedLab(actor, idParam(labIdRaw))
  if (!lab) throw new Response('Not found', { status: 404 })
  if (!canAskForSupport(actor, lab)) throw new Response('Forbidden', { status: 403 })
  return { user, actor, lab }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { lab } = loadOwnLab(request, params.labId)
  return { lab, maxMb: ruleSettings().attachmentMaxMb, today: today() }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, lab } = loadOwnLab(request, params.labId)
  return withUploadForm(request, (upload) => {
    const values = upload.values
    if (!upload.ok) return data({ errors: upload.errors, values }, { status: upload.status })
    const by = actingUserOf(user, context)
    const result = createRequest({ by, labId: lab.id, raw: values })
    if (!result.ok) return refusalResponse(result, { values })
    saveAttachments({ owner: { type: 'resource_request', id: result.request.id, labId: lab.id }, files: upload.files, actor: by })
    return redirect(`/labs/${lab.id}/requests/${result.request.id}?saved=created`)
  })
}

export default function NewRequest() {
  const { lab, maxMb, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('requests.newTitle')} · ${lab.name}`}
        actions={
          <Link to={`/labs/${lab.id}/requests`} className="btn">
            {t('requests.backToList')}
          </Link>
        }
        subtitle={t('requests.intro')}
      />
      <RequestForm
        values={actionData?.values ?? {}}
        errors={actionData?.errors}
        submitLabel={t('requests.saveDraft')}
        maxMb={maxMb}
        today={today}
      />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'requests.newTitle')
