import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PrintButton, PrintSheet } from '~/components/reports/print-sheet'
import { RenewalDossier } from '~/components/renewals/dossier'
import { printTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { findRenewal } from '~/models/renewal-access.server'
import { renewalDossier } from '~/models/renewal-dossier.server'
import { dossierEvaluations } from '~/models/evaluations.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import { idParam } from '~/utils/params'
import { pageMessages } from '~/i18n/messages-asset.server'
import { localeOf } from '~/utils/locale.server'

// /labs/:labId/renewals/:renewalId/dossier — the renewal dossier on A4 paper, with the lab's
// application. `$renewalId_` keeps it out of the renewal page's layout, so it renders alone.
// Who may read it is findRenewal's answer, the same as for the renewal page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const found = findRenewal(actorOf(user), idParam(params.labId), idParam(params.renewalId))
  if (!found) throw new Response('Not found', { status: 404 })
  const { renewal } = found
  const dossier = renewalDossier({ labId: found.lab.id, periodId: renewal.periodId, today: today(), now: now() })
  if (!dossier) throw new Response('Not found', { status: 404 })
  return {
    // the dossier's words come with the page, not in every page's messages script
    messages: pageMessages(localeOf(request, user.locale), 'dossier.'),
    dossier,
    evaluations: dossierEvaluations({ labId: found.lab.id, ...dossier.period }),
    renewal: {
      id: renewal.id,
      status: renewal.status,
      summary: renewal.summary,
      selfAssessment: renewal.selfAssessment,
      planTargets: renewal.planTargets,
      planIp: renewal.planIp,
      planFunding: renewal.planFunding,
      planScenarios: renewal.planScenarios,
      submittedAt: renewal.submittedAt,
    },
  }
}

// Each section on its own page; a section's heading never ends a page.
const DOSSIER_PRINT_CSS = `
@media print {
  .dossier-section + .dossier-section { break-before: page; page-break-before: always; }
  .dossier-section h2, .dossier-section h3 { break-after: avoid; page-break-after: avoid; }
}
`

export default function RenewalDossierPrintPage() {
  const { dossier, renewal, evaluations, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const t = useT()
  const { lab, period } = dossier
  return (
    <PrintSheet
      toolbar={
        <>
          <PrintButton />
          <a href={`/labs/${lab.id}/renewals/${renewal.id}/dossier.xlsx`} className="btn" download>
            {t('dossier.export')}
          </a>
          <a href={`/labs/${lab.id}/renewals/${renewal.id}/dossier.docx`} className="btn" title={t('word.downloadHint')} download>
            {t('word.download')}
          </a>
          <Link to={`/labs/${lab.id}/renewals/${renewal.id}`} className="btn">
            {t('dossier.backToRenewal')}
          </Link>
          <span className="text-sm text-slate-600">{t('dossier.printHint')}</span>
        </>
      }
    >
      <style dangerouslySetInnerHTML={{ __html: DOSSIER_PRINT_CSS }} />
      <header className="mb-6 text-center" data-testid="dossier-header">
        <h1 className="text-[16pt] font-bold tracking-wide">{t('dossier.printHeading')}</h1>
        <p className="mt-2 text-[12pt]">{lab.name}</p>
        <p className="mt-1 text-sm">
          {t('dossier.field.periodSequence', { n: period.sequence })} ·{' '}
          {t('dossier.range', { start: period.startDate, end: period.endDate })}
        </p>
        <p className="mt-1 text-sm">{t('dossier.compiledOn', { date: dossier.compiledOn })}</p>
        {renewal.status === 'draft' ? <p className="mt-1 text-sm font-medium text-red-700">{t('dossier.draftMark')}</p> : null}
      </header>
      <RenewalDossier dossier={dossier} application={renewal} evaluations={evaluations} />
    </PrintSheet>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => printTitle(args, 'dossier.title', args.data?.dossier.lab.name)
