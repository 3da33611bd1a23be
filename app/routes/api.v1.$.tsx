import type { LoaderFunctionArgs } from '@remix-run/node'
import { problem } from '~/api/problem.server'

// Any other address under /api/v1 (issue 20): a problem document, not the pages' HTML 404.
export function loader({ request }: LoaderFunctionArgs) {
  const locale = request.headers.get('Accept-Language')?.toLowerCase().startsWith('en') ? 'en' : 'zh'
  return problem({ status: 404, detail: 'api.detail.notFound', locale })
}
