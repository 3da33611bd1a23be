import type { LoaderFunctionArgs } from '@remix-run/node'
import { formatShanghaiTime } from '~/domain/dates'
import { timingMessage } from '~/domain/incidents'
import { listIncidents, parseSecurityParams } from '~/models/security-overview.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { toCsv } from '~/utils/csv'
import { translatorFor } from '~/utils/locale.server'

// The security page's incident table as CSV: the same query with the same filters and sort,
// every page. Scoped like the table, so an export never holds more than the user sees.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'incident:view_all')
  const actor = actorOf(user)
  const p = parseSecurityParams(new URL(request.url).searchParams, actor)
  const { rows } = listIncidents({ actor, filter: p.filter, sort: p.sort, dir: p.dir, pageSize: null, now: now() })
  const t = translatorFor(request, user.locale)
  const time = (at: string | null) => (at ? formatShanghaiTime(at) : '')
  const csv = toCsv(
    [
      t('incidents.col.id'),
      t('incidents.col.lab'),
      t('incidents.col.district'),
      t('incidents.col.grade'),
      t('incidents.col.title'),
      t('incidents.col.status'),
      t('incidents.col.discovered'),
      t('incidents.col.reported'),
      t('incidents.col.deadline'),
      t('incidents.col.timing'),
      t('incidents.col.closedAt'),
      t('incidents.field.dataAffected'),
    ],
    rows.map((r) => {
      const timing = timingMessage(r.timing)
      return [
        String(r.id),
        r.labName,
        t(`district.${r.districtCode}`),
        t(`incidents.grade.${r.grade}`),
        r.title,
        t(`incidents.status.${r.status}`),
        time(r.discoveredAt),
        time(r.reportedAt),
        time(r.reportDeadline),
        t(timing.key, timing.vars),
        time(r.closedAt),
        r.dataAffected,
      ]
    }),
  )
  const date = today()
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="incidents-${date}.csv"; filename*=UTF-8''${encodeURIComponent(
        `数据安全事件-${date}.csv`,
      )}`,
      'Cache-Control': 'no-store',
    },
  })
}
