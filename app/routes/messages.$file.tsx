import type { LoaderFunctionArgs } from '@remix-run/node'
import { messagesScript } from '~/i18n/messages-asset.server'

// One language's messages for the browser (app/i18n/messages-asset.server.ts). The address names
// the content, so it is cached like the build's own scripts (server.ts leaves it out of no-store).
export function loader({ params }: LoaderFunctionArgs) {
  const script = messagesScript(params.file ?? '')
  if (script === null) throw new Response('Not found', { status: 404 })
  return new Response(script, {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable' },
  })
}
