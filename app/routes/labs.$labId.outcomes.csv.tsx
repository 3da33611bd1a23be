import type { LoaderFunctionArgs } from '@remix-run/node'
import { formatWan } from '~/domain/money'
import { exportOutcomes } from '~/models/outcomes.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { toCsv } from '~/utils/csv'
import { translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'
import { parseOutcomeListParams } from '~/models/outcome-list-params'

// The lab's outcome register as CSV (/labs/:labId/outcomes/csv), with the list's filters, every
// page, every field; values in 万元 exactly as stored (whole yuan, four decimals at most). Scoped
// like the list (404 out of scope). Accepted deliverables are on the deliverables' own pages.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const filter = parseOutcomeListParams(new URL(request.url).searchParams)
  const found = exportOutcomes({ actor: actorOf(user), labId: idParam(params.labId), filter })
  if (!found) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const header = [
    t('outcomes.col.title'),
    t('outcomes.col.form'),
    t('outcomes.col.kind'),
    t('outcomes.col.occurredOn'),
    t('outcomes.col.year'),
    t('outcomes.col.value'),
    t('outcomes.field.partners'),
    t('outcomes.field.patentNumber'),
    t('outcomes.field.patentStatus'),
    t('outcomes.field.standardLevel'),
    t('outcomes.field.awardLevel'),
    t('outcomes.field.userOrganisation'),
    t('outcomes.field.counterpart'),
    t('outcomes.col.verification'),
    t('outcomes.reason'),
  ]
  const rows = found.rows.map(({ outcome: o, periodSequence }) => [
    o.title,
    t(`deliverables.form.${o.form}`),
    t(`outcomes.kind.${o.kind}`),
    o.occurredOn,
    t('outcomes.periodLabel', { sequence: periodSequence, year: o.validityYear }),
    o.valueYuan === null ? '' : formatWan(o.valueYuan),
    o.partners,
    o.patentNumber,
    o.patentStatus ? t(`outcomes.patentStatus.${o.patentStatus}`) : '',
    o.standardLevel ? t(`outcomes.standardLevel.${o.standardLevel}`) : '',
    o.awardLevel ? t(`outcomes.awardLevel.${o.awardLevel}`) : '',
    o.userOrganisation,
    o.counterpart,
    t(`outcomes.verification.${o.verification}`),
    o.decisionReason,
  ])
  const date = today()
  return new Response(toCsv(header, rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="outcomes-${found.lab.id}-${date}.csv"; filename*=UTF-8''${encodeURIComponent(
        `${t('outcomes.title')}-${found.lab.name}-${date}.csv`,
      )}`,
      'Cache-Control': 'no-store',
    },
  })
}
