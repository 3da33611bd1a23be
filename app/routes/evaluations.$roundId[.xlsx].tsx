import type { LoaderFunctionArgs } from '@remix-run/node'
import { RESULT_SCORE } from '~/components/evaluations/lab-results'
import { EVALUATION_COMPONENTS } from '~/domain/evaluation'
import { parseResultParams } from '~/models/evaluation-form'
import { getRoundPage } from '~/models/evaluations.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'
import { sheetResponse, type XlsxColumn } from '~/utils/xlsx.server'

// One evaluation round's table as a workbook (/evaluations/:roundId.xlsx): every row the page's
// filters and sort select, not just one page. Scoped as the page is (the bureau every round, a
// district office its own labs of a published round, anyone else 404). Ranks and scores are numbers;
// a part that does not apply says so in words.
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
  const columns: XlsxColumn[] = [
    { header: t('evaluation.col.rank'), type: 'integer' },
    { header: t('evaluation.col.lab') },
    { header: t('evaluation.col.district') },
    ...EVALUATION_COMPONENTS.map((c) => ({ header: t(`evaluation.component.${c}`), type: 'integer' as const })),
    { header: t('evaluation.col.score'), type: 'decimal' },
    { header: t('evaluation.col.proposed') },
    { header: t('evaluation.col.final') },
    { header: t('evaluation.col.reason') },
  ]
  const rows = page.rows.map((r) => [
    r.rank,
    r.labName,
    t(`district.${r.districtCode}`),
    ...EVALUATION_COMPONENTS.map((c) => r[RESULT_SCORE[c]] ?? t('evaluation.na')),
    // kept in hundredths
    r.score === null ? null : r.score / 100,
    grade(r.proposedGrade),
    grade(r.finalGrade),
    r.adjustmentReason,
  ])
  const year = page.round.year
  return sheetResponse({
    sheet: { name: t('evaluation.fileName', { year }), columns, rows },
    fileName: t('evaluation.fileName', { year }),
    asciiName: `evaluation-${year}`,
  })
}
