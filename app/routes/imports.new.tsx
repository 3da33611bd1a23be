import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { UploadForm } from '~/components/imports/upload-form'
import { PageHeader } from '~/components/ui/page-header'
import type { ImportKind } from '~db/schema/enums'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { IMPORT_MAX_BYTES, mayImport, stageImport } from '~/models/imports/imports.server'
import { isImportKind } from '~/models/imports/kinds'
import { actorOf, requireUser } from '~/utils/auth.server'
import type { FieldErrors } from '~/utils/forms'

// Upload a file to import (issue 17): it is staged, never written, and the preview page follows.
// A kind the user may not import is 404, like any page outside one's scope.
function allowedKind(request: Request, raw: unknown) {
  const user = requireUser(request)
  if (!isImportKind(raw) || !mayImport(actorOf(user), raw)) throw new Response('Not found', { status: 404 })
  return { user, kind: raw as ImportKind }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { kind } = allowedKind(request, new URL(request.url).searchParams.get('kind'))
  return { kind }
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, kind } = allowedKind(request, new URL(request.url).searchParams.get('kind'))
  const refuse = (errors: FieldErrors, status = 400) => data({ errors }, { status })
  // the file, a few short fields and the multipart framing
  if (Number(request.headers.get('Content-Length') ?? 0) > IMPORT_MAX_BYTES + 64 * 1024)
    return refuse({ file: { key: 'imports.error.tooLarge' } }, 413)
  if (!/^multipart\/form-data/i.test(request.headers.get('Content-Type') ?? '')) return refuse({ file: { key: 'imports.error.file' } })
  let form: FormData
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: IMPORT_MAX_BYTES }))
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return refuse({ file: { key: 'imports.error.tooLarge' } }, 413)
    return refuse({ file: { key: 'attachments.error.malformed' } })
  }
  const file = form.get('file')
  // what the file is, the reader decides by its bytes at the preview (an .xls gets "save as .xlsx")
  if (!(file instanceof File) || file.size === 0) return refuse({ file: { key: 'imports.error.file' } })
  const token = stageImport({
    kind,
    fileName: file.name.slice(-200),
    bytes: new Uint8Array(await file.arrayBuffer()),
    actor: actorOf(user),
  })
  const location = `/imports/preview/${token}`
  // the script's upload asks for the address rather than a redirect its XHR would follow (and
  // so judge every row once for nothing before the browser loads the page itself)
  if (request.headers.get('X-Import-Upload') === '1') return Response.json({ location })
  return redirect(location)
}

export default function NewImport() {
  const { kind } = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('imports.new.title', { kind: t(`imports.kind.${kind}`) })}
        back={{ to: '/imports', label: t('imports.title') }}
        subtitle={t('imports.new.help')}
      />
      <p className="text-sm">
        <a href={`/imports/templates/${kind}.xlsx`} className="link" download>
          {t('imports.template')}
        </a>
        {' · '}
        <a href={`/imports/export/${kind}.xlsx`} className="link" download>
          {t('imports.exportFormat')}
        </a>
      </p>
      <UploadForm kind={kind} errors={sent?.errors} />
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'imports.title')
