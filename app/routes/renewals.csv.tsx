import type { LoaderFunctionArgs } from '@remix-run/node'
import { gradeLabel } from '~/domain/grades'
import { allGrades } from '~/models/grades.server'
import { listPipeline } from '~/models/renewal-pipeline.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { toCsv } from '~/utils/csv'
import { localeOf, translatorFor } from '~/utils/locale.server'
import { parsePipelineParams, PIPELINE_COLUMNS } from '~/models/renewal-pipeline-params'

// The renewal pipeline as CSV (/renewals/csv): the same query with the same filters and sort,
// every page, the table's columns plus the renewal's number, the rectification deadline and
// whether it is overdue. Scoped like the table; labs and experts have no pipeline (404).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'renewal:pipeline')
  const state = parsePipelineParams(new URL(request.url).searchParams, { isDistrict: user.role === 'district' })
  const date = today()
  const { rows } = listPipeline({
    actor: actorOf(user),
    today: date,
    filter: state.filter,
    sort: state.sort,
    dir: state.dir,
    pageSize: null,
  })
  const t = translatorFor(request, user.locale)
  const locale = localeOf(request, user.locale)
  const scale = allGrades()
  const grade = (code: string | null) => (code ? gradeLabel(scale, code, locale) : '')
  const csv = toCsv(
    PIPELINE_COLUMNS.map((c) => t(c.label)),
    rows.map((row) => PIPELINE_COLUMNS.map((c) => c.text(row, t, grade))),
  )
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="renewals-${date}.csv"; filename*=UTF-8''${encodeURIComponent(
        `${t('renewalPipeline.csvName')}-${date}.csv`,
      )}`,
      'Cache-Control': 'no-store',
    },
  })
}
