import type { LoaderFunctionArgs } from '@remix-run/node'
import { attachmentDisposition } from '~/domain/file-types'
import { attachmentForDownload, openStoredFile } from '~/models/attachments.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { STORED_FILE_CACHE_CONTROL } from '~/utils/compression.server'
import { idParam } from '~/utils/params'

// Downloads an attachment (issue 4): only for users who may see its lab (404 otherwise, as for
// any page outside one's scope), always as a download under its original name, never rendered
// inline, so an uploaded file cannot run as a page of this site.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const found = attachmentForDownload({ id: idParam(params.attachmentId), actor: actorOf(user) })
  if (!found) throw new Response('Not found', { status: 404 })
  const body = await openStoredFile(found.path)
  if (!body) throw new Response('Not found', { status: 404 })
  const { attachment } = found
  return new Response(body, {
    headers: {
      'Content-Type': attachment.mediaType,
      'Content-Length': String(attachment.size),
      'Content-Disposition': attachmentDisposition(attachment.originalName, `attachment-${attachment.id}`),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': STORED_FILE_CACHE_CONTROL,
      // should a browser render it after all, it gets no script and no same-origin access
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}
