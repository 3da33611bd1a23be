import type { LoaderFunctionArgs } from '@remix-run/node'
import { attachmentDisposition } from '~/domain/file-types'
import { openStoredFile } from '~/models/attachments.server'
import { batchFile } from '~/models/imports/imports.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { STORED_FILE_CACHE_CONTROL } from '~/utils/compression.server'
import { idParam } from '~/utils/params'

// The file an import was made from, as it was uploaded (issue 17): the bureau's only (404 for
// anyone else), always as a download.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const found = batchFile({ id: idParam(params.batchId), actor: actorOf(user) })
  if (!found) throw new Response('Not found', { status: 404 })
  const body = await openStoredFile(found.path)
  if (!body) throw new Response('Not found', { status: 404 })
  const csv = /\.csv$/i.test(found.batch.fileName)
  return new Response(body, {
    headers: {
      'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Length': String(found.batch.size),
      'Content-Disposition': attachmentDisposition(found.batch.fileName, `import-${found.batch.id}`),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': STORED_FILE_CACHE_CONTROL,
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  })
}
