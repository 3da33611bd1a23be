import { useMemo } from 'react'
import type { RenewalDossier as RenewalDossierData } from '~/domain/renewal-dossier'
import { useLocale, useT } from '~/i18n/use-t'
import { DossierSection, DossierTable, FieldTable, SubHeading } from './dossier/parts'
import { applicationFields, dossierText, type DossierApplication } from './dossier/tables'
import { EvaluationDossierSection, type DossierEvaluationRow } from './dossier/evaluation'
import { DossierProgressSection } from './dossier/progress-section'

// The renewal dossier (issue 8), compiled by renewalDossier() in app/models/renewal-dossier.server.ts.
// Embed it in a page whose loader returns `dossier: renewalDossier({ labId, periodId, today })`
// (after findRenewal has said the user may see the renewal):
//   <RenewalDossier dossier={data.dossier} />
// With `application` (the renewal row's text fields) it ends with the lab's application.
export type { RenewalDossierData, DossierApplication }

export function RenewalDossier({
  dossier,
  application,
  evaluations,
}: {
  dossier: RenewalDossierData
  application?: DossierApplication
  // the lab's published annual evaluations of the period's years (issue 16, part 5)
  evaluations?: readonly DossierEvaluationRow[]
}) {
  const t = useT()
  const locale = useLocale()
  const text = useMemo(() => dossierText(dossier, t, locale), [dossier, t, locale])
  return (
    <div className="space-y-8" data-testid="renewal-dossier">
      <DossierSection id="overview" title={t('dossier.section.overview')}>
        <FieldTable fields={text.overview} testId="dossier-overview" />
        <SubHeading>{t('dossier.section.summary')}</SubHeading>
        <FieldTable fields={text.summary} testId="dossier-summary" />
        <p className="text-xs text-slate-500">{t('dossier.autoNote')}</p>
      </DossierSection>

      <DossierSection id="deliverables" title={t('dossier.section.deliverables')}>
        {text.deliverablesByYear.map((y) => (
          <div key={y.year} className="space-y-2" data-year={y.year}>
            <SubHeading>{y.heading}</SubHeading>
            <DossierTable table={y.table} empty={t('dossier.deliverables.none')} testId={`dossier-deliverables-${y.year}`} />
          </div>
        ))}
      </DossierSection>

      <DossierProgressSection progress={dossier.progress} />

      <DossierSection id="reports" title={t('dossier.section.reports')}>
        <DossierTable table={text.reports} empty="" testId="dossier-reports" />
      </DossierSection>

      <DossierSection id="team" title={t('dossier.section.team')}>
        <FieldTable fields={text.team} testId="dossier-team" />
        {text.teamChanges ? (
          <>
            <SubHeading>{text.teamChanges.heading}</SubHeading>
            <FieldTable fields={text.teamChanges.fields} />
          </>
        ) : (
          <p className="text-sm text-slate-500">{t('dossier.team.noSnapshot')}</p>
        )}
      </DossierSection>

      <DossierSection id="security" title={t('dossier.section.security')}>
        <SubHeading>{t('dossier.security.plans')}</SubHeading>
        {dossier.security.planInForce ? (
          <p className="text-sm">{t('dossier.security.inForce', { version: dossier.security.planInForce.version })}</p>
        ) : null}
        <DossierTable table={text.plans} empty={t('dossier.security.noPlan')} testId="dossier-plans" />
        <SubHeading>{t('dossier.security.drills')}</SubHeading>
        <DossierTable table={text.drills} empty={t('dossier.security.noDrills')} testId="dossier-drills" />
        <SubHeading>{t('dossier.security.incidents')}</SubHeading>
        <DossierTable table={text.incidents} empty={t('dossier.security.noIncidents')} testId="dossier-incidents" />
      </DossierSection>

      <DossierSection id="requests" title={t('dossier.section.requests')}>
        <DossierTable table={text.requests} empty={t('dossier.requests.none')} testId="dossier-requests" />
        <SubHeading>{t('dossier.requests.granted')}</SubHeading>
        <DossierTable table={text.granted} empty={t('dossier.requests.noneGranted')} testId="dossier-granted" />
      </DossierSection>

      <DossierSection id="compliance" title={t('dossier.section.compliance')}>
        <SubHeading>{t('dossier.eligibility')}</SubHeading>
        <DossierTable table={text.violations} empty={t('dossier.eligibility.none')} testId="dossier-violations" />
        <SubHeading>{t('dossier.checks')}</SubHeading>
        <DossierTable table={text.checks} empty={t('dossier.checks.none')} testId="dossier-checks" />
        <SubHeading>{t('dossier.months')}</SubHeading>
        <DossierTable table={text.months} empty={t('dossier.months.empty')} testId="dossier-months" />
      </DossierSection>

      {evaluations ? <EvaluationDossierSection rows={evaluations} /> : null}
      <DossierSection id="proposed-plan" title={t('dossier.section.proposedPlan')}>
        {text.proposedPlan.status ? <p className="text-sm">{text.proposedPlan.status}</p> : null}
        <DossierTable table={text.proposedPlan.table} empty={t('dossier.proposedPlan.none')} testId="dossier-proposed-plan" />
      </DossierSection>

      {application ? (
        <DossierSection id="application" title={t('dossier.section.application')}>
          <FieldTable fields={applicationFields(application, t)} testId="dossier-application" />
        </DossierSection>
      ) : null}
    </div>
  )
}

/** Links to the dossier's print view, its .xlsx export and its Word copy, for the pages that embed it. */
export function DossierLinks({ labId, renewalId }: { labId: number; renewalId: number }) {
  const t = useT()
  const base = `/labs/${labId}/renewals/${renewalId}/dossier`
  return (
    <div className="flex flex-wrap gap-2 print:hidden">
      <a href={base} className="btn">
        {t('dossier.print')}
      </a>
      <a href={`${base}.xlsx`} className="btn" download>
        {t('dossier.export')}
      </a>
      <a href={`${base}.docx`} className="btn" title={t('word.downloadHint')} download>
        {t('word.download')}
      </a>
    </div>
  )
}
