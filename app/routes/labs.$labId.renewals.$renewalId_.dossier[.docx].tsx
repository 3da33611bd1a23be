import type { LoaderFunctionArgs } from '@remix-run/node'
import { renewalDossierDocx } from '~/documents/renewal-dossier.server'
import { dossierDownload } from '~/models/dossier-download.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { docxResponse } from '~/utils/docx.server'
import { localeOf, translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'

// /labs/:labId/renewals/:renewalId/dossier.docx — the renewal dossier as an editable Word document
// (issue 17), with what its print view holds. Access is findRenewal's, as for every renewal page
// (a draft application is its lab's own).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const found = dossierDownload(actorOf(user), idParam(params.labId), idParam(params.renewalId))
  if (!found) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const buffer = await renewalDossierDocx({
    dossier: found.dossier,
    application: found.application,
    evaluations: found.evaluations,
    draft: found.application.status === 'draft',
    t,
    locale: localeOf(request, user.locale),
  })
  return docxResponse({ buffer, ...found.names(t) })
}
