import type { LoaderFunctionArgs } from '@remix-run/node'
import { annualReportDocx } from '~/documents/annual-report.server'
import { getReport } from '~/models/annual-reports.server'
import { attachmentsOf } from '~/models/attachments.server'
import { allGrades } from '~/models/grades.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { docxResponse } from '~/utils/docx.server'
import { localeOf, translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'

// /labs/:labId/reports/:reportId/report.docx — the annual report as an editable Word document
// (issue 17), beside the print view it copies. Who may download it is getReport's answer, the same
// as for the report page and its print view: a draft is there for whoever may read it, marked as
// a draft on every page as the print view marks it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const detail = getReport({ actor: actorOf(user), labId: idParam(params.labId), reportId: idParam(params.reportId) })
  if (!detail) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const buffer = await annualReportDocx({
    detail,
    attachments: attachmentsOf({ type: 'annual_report', id: detail.report.id, labId: detail.lab.id }),
    grades: allGrades(),
    t,
    locale: localeOf(request, user.locale),
  })
  const { lab, report, period } = detail
  return docxResponse({
    buffer,
    fileName: `${t('word.reportFileName')}-${lab.name}-${t('reports.yearLabel', { sequence: period.sequence, year: report.validityYear })}`,
    asciiName: `annual-report-${lab.id}-p${period.sequence}-y${report.validityYear}`,
  })
}
