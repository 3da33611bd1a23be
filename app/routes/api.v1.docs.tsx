import type { LoaderFunctionArgs } from '@remix-run/node'
import { docsHtml } from '~/api/docs.server'
import { isLocale } from '~/i18n'
import { localeOf } from '~/utils/locale.server'

// GET /api/v1/docs (issue 20): the API described for people, public like openapi.json. The
// language is the visitor's (cookie), or ?lang=en|zh to switch without signing in.
export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const asked = url.searchParams.get('lang')
  const locale = isLocale(asked) ? asked : localeOf(request)
  return new Response(docsHtml({ locale, origin: url.origin }), { headers: { 'Content-Type': 'text/html; charset=utf-8' } })
}
