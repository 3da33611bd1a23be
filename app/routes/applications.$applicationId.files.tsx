import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { refusalResponse } from '~/models/result.server'
import { attachApplicationFile } from '~/models/round-applications.server'
import { findRoundApplication } from '~/models/round-application-access.server'
import { actingUserOf, actorOf, requireCapability } from '~/utils/auth.server'
import { idParam } from '~/utils/params'
import { withUploadForm } from '~/utils/upload.server'

// An application's file (issue 21): the applicant's required kinds, the office's sealed letter.
// One file per post; the model decides who may attach which kind and when.
export async function loader() {
  throw new Response('Not found', { status: 404 })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'application:view')
  const id = idParam(params.applicationId)
  // scope and role before the body is read: out of scope is 404, the bureau never attaches
  const found = findRoundApplication(actorOf(user), id)
  if (!found) throw new Response('Not found', { status: 404 })
  if (found.who.role === 'bureau') throw new Response('Forbidden', { status: 403 })
  return withUploadForm(
    request,
    (upload) => {
      // the page shows a refused file by its message key (a file input cannot be refilled anyway)
      const back = (key: string) => redirect(`/applications/${id}?fileError=${encodeURIComponent(key)}`)
      if (!upload.ok) return back(Object.values(upload.errors)[0]?.key ?? 'form.required')
      const file = upload.files[0]
      if (!file) return back('form.required')
      const result = attachApplicationFile({ by: actingUserOf(user, context), id, kind: upload.values.kind ?? '', file })
      if (!result.ok) {
        // out of scope or a role that never attaches: the same 404/403 as the page's
        if (result.error === 'not_found' || result.error === 'forbidden')
          return refusalResponse(result, { intent: 'file', values: upload.values })
        return back(Object.values(result.errors)[0]?.key ?? 'form.invalidChoice')
      }
      return redirect(`/applications/${id}?saved=file`)
    },
    { field: 'file', maxFiles: 1 },
  )
}
