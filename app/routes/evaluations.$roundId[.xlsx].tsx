import type { LoaderFunctionArgs } from '@remix-run/node'
import { RESULT_SCORE } from '~/components/evaluations/lab-results'
import { formatScore } from '~/components/evaluations/parts'
import { EVALUATION_COMPONENTS } from '~/domain/evaluation'
import { parseResultParams } from '~/models/evaluation-form'
import { getRoundPage } from '~/models/evaluations.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'
import { xlsxResponse } from '~/utils/xlsx.server'

// One evaluation round's table as a workbook (/evaluations/:roundId.xlsx): every row the page's
// filters and sort select, not just one page. Scoped as the page is (the bureau every round, a
// district office its own labs of a published round, anyone else 404).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const page = getRoundPage({
    actor: actorOf(user),
    roundId: idParam(params.roundId),
    params: { ...parseResultParams(new URL(request.url).searchParams), page: 1 },
    pageSize: null,
  })
  if (!page) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const grade = (g: string | null) => (g ? t(`evaluation.grade.${g}` as Parameters<typeof t>[0]) : '')
  const header = [
    t('evaluation.col.rank'),
    t('evaluation.col.lab'),
    t('evaluation.col.district'),
    ...EVALUATION_COMPONENTS.map((c) => t(`evaluation.component.${c}`)),
    t('evaluation.col.score'),
    t('evaluation.col.proposed'),
    t('evaluation.col.final'),
    t('evaluation.col.reason'),
  ]
  const rows = page.rows.map((r) => [
    String(r.rank),
    r.labName,
    t(`district.${r.districtCode}`),
    ...EVALUATION_COMPONENTS.map((c) => {
      const v = r[RESULT_SCORE[c]]
      return v === null ? t('evaluation.na') : String(v)
    }),
    formatScore(r.score) ?? '',
    grade(r.proposedGrade),
    grade(r.finalGrade),
    r.adjustmentReason,
  ])
  const year = page.round.year
  return xlsxResponse({
    sheet: t('evaluation.fileName', { year }),
    header,
    rows,
    fileName: t('evaluation.fileName', { year }),
    asciiName: `evaluation-${year}`,
  })
}
