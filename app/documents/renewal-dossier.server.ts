import type { Locale } from '~db/schema/enums'
import { evaluationTable, type DossierEvaluationRow } from '~/components/renewals/dossier/evaluation'
import { progressText } from '~/components/renewals/dossier/progress-tables'
import { applicationFields, dossierText, type DossierApplication } from '~/components/renewals/dossier/tables'
import type { RenewalDossier } from '~/domain/renewal-dossier'
import type { MessageKey, Translate } from '~/i18n'
import {
  buildDocx,
  centered,
  dataTable,
  fieldTable,
  heading,
  mark,
  note,
  paragraph,
  signatureBlock,
  subtitle,
  title,
  type DocBlock,
} from '~/utils/docx.server'

// The renewal dossier (续期材料) as an editable Word document: the print view's sections
// (app/components/renewals/dossier.tsx), from the same labelled fields and text tables
// (dossierText, progressText, evaluationTable, applicationFields) the page and the .xlsx lay out,
// each section from a new page as on paper, and the signature and seal lines at the end.

export type DossierDocumentInput = {
  dossier: RenewalDossier
  application: DossierApplication
  evaluations: readonly DossierEvaluationRow[]
  draft: boolean
  t: Translate
  locale: Locale
}

export function renewalDossierBlocks({ dossier, application, evaluations, draft, t, locale }: DossierDocumentInput): DocBlock[] {
  const text = dossierText(dossier, t, locale)
  const progress = progressText(dossier.progress, t, locale)
  const { lab, period } = dossier
  let first = true
  // every section after the first starts a new page, as the print view's CSS has it
  const section = (key: MessageKey) => {
    const h = heading(t(key), 1, { pageBreakBefore: !first })
    first = false
    return h
  }
  const sub = (value: string) => heading(value, 2)

  return [
    title(t('dossier.printHeading')),
    subtitle(lab.name),
    centered(
      `${t('dossier.field.periodSequence', { n: period.sequence })} · ${t('dossier.range', { start: period.startDate, end: period.endDate })}`,
    ),
    centered(t('dossier.compiledOn', { date: dossier.compiledOn })),
    ...(draft ? [mark(t('dossier.draftMark'))] : []),

    section('dossier.section.overview'),
    fieldTable(text.overview),
    sub(t('dossier.section.summary')),
    fieldTable(text.summary),
    note(t('dossier.autoNote')),

    section('dossier.section.deliverables'),
    ...text.deliverablesByYear.flatMap((y) => [sub(y.heading), dataTable(y.table, t('dossier.deliverables.none'))]),

    section('dossier.progress.title'),
    ...(progress.fields.length ? [fieldTable(progress.fields)] : []),
    dataTable(progress.table, progress.empty),
    note(t('progress.intro')),

    section('dossier.section.reports'),
    dataTable(text.reports, ''),

    section('dossier.section.team'),
    fieldTable(text.team),
    ...(text.teamChanges ? [sub(text.teamChanges.heading), fieldTable(text.teamChanges.fields)] : [note(t('dossier.team.noSnapshot'))]),

    section('dossier.section.security'),
    sub(t('dossier.security.plans')),
    ...(dossier.security.planInForce ? [paragraph(t('dossier.security.inForce', { version: dossier.security.planInForce.version }))] : []),
    dataTable(text.plans, t('dossier.security.noPlan')),
    sub(t('dossier.security.drills')),
    dataTable(text.drills, t('dossier.security.noDrills')),
    sub(t('dossier.security.incidents')),
    dataTable(text.incidents, t('dossier.security.noIncidents')),

    section('dossier.section.requests'),
    dataTable(text.requests, t('dossier.requests.none')),
    sub(t('dossier.requests.granted')),
    dataTable(text.granted, t('dossier.requests.noneGranted')),

    section('dossier.section.compliance'),
    sub(t('dossier.eligibility')),
    dataTable(text.violations, t('dossier.eligibility.none')),
    sub(t('dossier.checks')),
    dataTable(text.checks, t('dossier.checks.none')),
    sub(t('dossier.months')),
    dataTable(text.months, t('dossier.months.empty')),

    section('dossier.section.evaluation'),
    dataTable(evaluationTable(evaluations, t), t('dossier.evaluation.none')),

    section('dossier.section.proposedPlan'),
    ...(text.proposedPlan.status ? [paragraph(text.proposedPlan.status)] : []),
    dataTable(text.proposedPlan.table, t('dossier.proposedPlan.none')),

    section('dossier.section.application'),
    fieldTable(applicationFields(application, t)),

    // the paper copy the lab seals: the same lines as the annual report's
    ...signatureBlock([t('reports.print.sign.director'), t('reports.print.sign.host'), t('reports.print.sign.date')]),
  ]
}

export function renewalDossierDocx(input: DossierDocumentInput): Promise<Buffer> {
  const { dossier, draft, t } = input
  return buildDocx({
    docTitle: `${t('dossier.printHeading')} · ${dossier.lab.name}`,
    children: renewalDossierBlocks(input),
    pageLabel: t('word.page'),
    headerText: draft ? t('dossier.draftMark') : undefined,
  })
}
