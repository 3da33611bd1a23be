import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { OutcomeForm } from '~/components/outcomes/outcome-form'
import { PageHeader } from '~/components/ui/page-header'
import { canRecordOutcome } from '~/domain/outcomes'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { saveAttachments } from '~/models/attachments.server'
import { getLab } from '~/models/labs.server'
import { createOutcome } from '~/models/outcomes.server'
import { refusalResponse } from '~/models/result.server'
import { ruleSettings } from '~/models/settings.server'
import { actingUserOf, actorOf, requireUser } from '~/utils/auth.server'
import { idParam } from '~/utils/params'
import { withUploadForm } from '~/utils/upload.server'

// Only the lab's own accounts record outcomes; another lab's URL does not exist for them (404),
// and the bureau or the district may look but not record (403).
function loadOwnLab(request: Request, labIdRaw: string | undefined) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const detail = getLab({ id: idParam(labIdRaw), actor })
  if (!detail) throw new Response('Not found', { status: 404 })
  if (!canRecordOutcome(actor, detail.lab)) throw new Response('Forbidden', { status: 403 })
  return { user, detail }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail } = loadOwnLab(request, params.labId)
  return { lab: { id: detail.lab.id, name: detail.lab.name }, maxMb: ruleSettings().attachmentMaxMb }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, detail } = loadOwnLab(request, params.labId)
  return withUploadForm(request, (upload) => {
    const values = upload.values
    if (!upload.ok) return data({ errors: upload.errors, values }, { status: upload.status })
    const by = actingUserOf(user, context)
    const result = createOutcome({ by, labId: detail.lab.id, raw: values })
    if (!result.ok) return refusalResponse(result, { values })
    // the evidence (佐证材料)
    saveAttachments({ owner: { type: 'outcome', id: result.outcome.id, labId: detail.lab.id }, files: upload.files, actor: by })
    return redirect(`/labs/${detail.lab.id}/outcomes/${result.outcome.id}?saved=created`)
  })
}

export default function NewOutcome() {
  const { lab, maxMb } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader
        title={`${t('outcomes.newTitle')} · ${lab.name}`}
        actions={
          <Link to={`/labs/${lab.id}/outcomes`} className="btn">
            {t('outcomes.backToList')}
          </Link>
        }
      />
      <OutcomeForm values={actionData?.values ?? {}} errors={actionData?.errors} submitLabel={t('outcomes.save')} maxMb={maxMb} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'outcomes.newTitle')
