import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PrintButton, PrintSheet } from '~/components/reports/print-sheet'
import { useGradeLabel } from '~/components/filings/grade-label'
import { ReportContentView } from '~/components/reports/report-view'
import { RosterSummary } from '~/components/reports/roster-summary'
import { YearDeliverables } from '~/components/reports/year-deliverables'
import { ReportProgress } from '~/components/progress/report-progress'
import { formatShanghaiTime } from '~/domain/dates'
import { formatFileSize } from '~/domain/file-types'
import { printTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { getReport } from '~/models/annual-reports.server'
import { attachmentsOf } from '~/models/attachments.server'
import { allGrades } from '~/models/grades.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { idParam } from '~/utils/params'

// /labs/:labId/reports/:reportId/print — the report on A4 paper. The file name's `$reportId_`
// keeps this page out of the report page's layout (Remix flat routes), so it renders alone.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const detail = getReport({ actor: actorOf(user), labId: idParam(params.labId), reportId: idParam(params.reportId) })
  if (!detail) throw new Response('Not found', { status: 404 })
  const { content: _raw, rosterSnapshot: _snapshot, ...report } = detail.report
  return {
    ...detail,
    report,
    thread: undefined,
    attachments: attachmentsOf({ type: 'annual_report', id: report.id, labId: detail.lab.id }),
    grades: allGrades(),
  }
}

export default function ReportPrintPage() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const gradeLabel = useGradeLabel(d.grades)
  const { lab, report } = d
  const filed = report.status !== 'draft'
  return (
    <PrintSheet
      toolbar={
        <>
          <PrintButton />
          <a href={`/labs/${lab.id}/reports/${report.id}/report.docx`} className="btn" title={t('word.downloadHint')} download>
            {t('word.download')}
          </a>
          <Link to={`/labs/${lab.id}/reports/${report.id}`} className="btn">
            {t('reports.backToReport')}
          </Link>
          <span className="text-sm text-slate-600">{t('reports.print.hint')}</span>
        </>
      }
    >
      <header className="mb-6 text-center">
        <h1 className="text-[16pt] font-bold tracking-wide">{t('reports.print.heading')}</h1>
        <p className="mt-1 text-[12pt]">{t('reports.yearLabel', { sequence: d.period.sequence, year: report.validityYear })}</p>
        {!filed ? <p className="mt-1 text-sm font-medium text-red-700">{t('reports.print.draftMark')}</p> : null}
      </header>
      <table className="report-table mb-6 w-full border-collapse text-sm" data-testid="print-header">
        <tbody>
          <Row term={t('reports.field.lab')} value={lab.name} />
          <Row term={t('reports.field.host')} value={lab.hostName} />
          <Row term={t('reports.field.district')} value={t(`district.${lab.districtCode}` as 'district.320508')} />
          <Row term={t('reports.field.director')} value={lab.directorName} />
          <Row term={t('reports.field.year')} value={t('reports.yearRange', { start: d.year.startDate, end: d.year.endDate })} />
          <Row
            term={t('reports.field.status')}
            value={`${t(`reports.status.${report.status}`)}${
              report.grade ? ` · ${t('reports.thread.grade', { grade: gradeLabel(report.grade) })}` : ''
            }`}
          />
          <Row term={t('reports.field.submittedAt')} value={report.submittedAt ? formatShanghaiTime(report.submittedAt) : '—'} />
        </tbody>
      </table>
      <ReportContentView
        content={d.content}
        deliverables={<YearDeliverables labId={lab.id} rows={d.deliverables} links={false} />}
        roster={<RosterSummary roster={d.roster} state={d.rosterState} changes={d.rosterChanges} expanded />}
        progress={
          <ReportProgress
            panel={d.progress}
            year={report.validityYear}
            declaredLines={d.declaredLines}
            declared={d.content.progress.declared}
          />
        }
      />

      <section className="mt-6" style={{ breakInside: 'avoid' }}>
        <h2 className="mb-2 font-semibold">{t('reports.section.attachments')}</h2>
        {d.attachments.length ? (
          <ol className="list-decimal pl-6 text-sm">
            {d.attachments.map((a) => (
              <li key={a.id}>
                {a.originalName} ({formatFileSize(a.size)})
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm">{t('attachments.none')}</p>
        )}
      </section>

      <footer className="mt-12 grid grid-cols-3 gap-6 text-sm" style={{ breakInside: 'avoid' }}>
        <p>{t('reports.print.sign.director')}</p>
        <p>{t('reports.print.sign.host')}</p>
        <p>{t('reports.print.sign.date')}</p>
      </footer>
    </PrintSheet>
  )
}

function Row({ term, value }: { term: string; value: string }) {
  return (
    <tr>
      <th className="w-32 border border-slate-400 bg-slate-50 px-2 py-1 text-left font-medium">{term}</th>
      <td className="border border-slate-400 px-2 py-1">{value}</td>
    </tr>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => printTitle(args, 'reports.title', args.data?.lab.name)
