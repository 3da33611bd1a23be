import type { LoaderFunctionArgs } from '@remix-run/node'
import { renewalDossierDocx } from '~/documents/renewal-dossier.server'
import { dossierEvaluations } from '~/models/evaluations.server'
import { findRenewal } from '~/models/renewal-access.server'
import { renewalDossier } from '~/models/renewal-dossier.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { docxResponse } from '~/utils/docx.server'
import { localeOf, translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'

// /labs/:labId/renewals/:renewalId/dossier.docx — the renewal dossier as an editable Word document
// (issue 17), with what its print view holds. Access is findRenewal's, as for every renewal page
// (a draft application is its lab's own).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const found = findRenewal(actorOf(user), idParam(params.labId), idParam(params.renewalId))
  if (!found) throw new Response('Not found', { status: 404 })
  const date = today()
  const dossier = renewalDossier({ labId: found.lab.id, periodId: found.renewal.periodId, today: date, now: now() })
  if (!dossier) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const buffer = await renewalDossierDocx({
    dossier,
    application: found.renewal,
    evaluations: dossierEvaluations({ labId: found.lab.id, ...dossier.period }),
    draft: found.renewal.status === 'draft',
    t,
    locale: localeOf(request, user.locale),
  })
  return docxResponse({
    buffer,
    fileName: `${t('dossier.fileName')}-${dossier.lab.name}-${date}`,
    asciiName: `renewal-dossier-${dossier.lab.id}-${date}`,
  })
}
