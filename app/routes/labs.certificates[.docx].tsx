import type { LoaderFunctionArgs } from '@remix-run/node'
import { certificationAnnouncementDocx } from '~/documents/certification-announcement.server'
import { isIsoDate } from '~/domain/dates'
import { certifiedLabsOn } from '~/models/certificates.server'
import { requireCapability } from '~/utils/auth.server'
import { docxResponse } from '~/utils/docx.server'
import { translatorFor } from '~/utils/locale.server'

// /labs/certificates.docx?on=YYYY-MM-DD — the announcement list (认定名单) of the labs certified
// that day, as Word (issue 21 item 7). Beside /labs/export.xlsx: a document about the registry's
// labs. The bureau's alone (it certifies): every other role 404, as for any page out of role.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'lab:create')
  const t = translatorFor(request, user.locale)
  const on = new URL(request.url).searchParams.get('on') ?? ''
  if (!isIsoDate(on))
    return new Response(t('certification.announcement.badDate'), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const buffer = await certificationAnnouncementDocx({ on, rows: certifiedLabsOn(on), t })
  return docxResponse({ buffer, fileName: t('certification.announcement.fileName', { date: on }), asciiName: `certified-labs-${on}` })
}
