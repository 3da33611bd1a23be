import type { LoaderFunctionArgs } from '@remix-run/node'
import { can } from '~/domain/permissions'
import { listRequestQueue } from '~/models/request-queue.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { toCsv } from '~/utils/csv'
import { translatorFor } from '~/utils/locale.server'
import { parseRequestQueueParams, REQUEST_QUEUE_COLUMNS } from '~/models/request-queue-params'

// The request queue as CSV (/requests/csv): the same query with the same filters and sort, every
// page, the table's columns plus the request's number, whether it is overdue (still waiting past
// its deadline) and, once decided, the working days taken and whether it was in time. Scoped like
// the table, so an export never holds more than the user sees; labs and experts have no queue (404).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  // like every page outside one's scope, it does not exist for those without a queue
  if (!can(actor, 'request:queue')) throw new Response('Not found', { status: 404 })
  const state = parseRequestQueueParams(new URL(request.url).searchParams, { isDistrict: user.role === 'district' })
  const date = today()
  const { rows } = listRequestQueue({ actor, today: date, filter: state.filter, sort: state.sort, dir: state.dir, pageSize: null })
  const t = translatorFor(request, user.locale)
  const csv = toCsv(
    REQUEST_QUEUE_COLUMNS.map((c) => t(c.label)),
    rows.map((row) => REQUEST_QUEUE_COLUMNS.map((c) => c.text(row, t))),
  )
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="requests-${date}.csv"; filename*=UTF-8''${encodeURIComponent(
        `${t('requestService.csvName')}-${date}.csv`,
      )}`,
      'Cache-Control': 'no-store',
    },
  })
}
