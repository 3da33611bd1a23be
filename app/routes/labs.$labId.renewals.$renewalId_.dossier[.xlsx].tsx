import type { LoaderFunctionArgs } from '@remix-run/node'
import ExcelJS from 'exceljs'
import {
  applicationFields,
  type Cell,
  type DossierApplication,
  type Field,
  type TextTable,
  dossierText,
} from '~/components/renewals/dossier/tables'
import { progressText } from '~/components/renewals/dossier/progress-tables'
import type { RenewalDossier } from '~/domain/renewal-dossier'
import type { Translate } from '~/i18n'
import { evaluationTable, type DossierEvaluationRow } from '~/components/renewals/dossier/evaluation'
import { dossierDownload } from '~/models/dossier-download.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { localeOf, translatorFor } from '~/utils/locale.server'
import { widthOf, workbookResponse } from '~/utils/xlsx.server'
import { idParam } from '~/utils/params'
import type { Locale } from '~db/schema/enums'

// /labs/:labId/renewals/:renewalId/dossier.xlsx — the dossier as a workbook, one sheet per section
// in the reader's language, the same fields and columns as the page (dossierText). Access is
// findRenewal's, as for every renewal page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const found = dossierDownload(actorOf(user), idParam(params.labId), idParam(params.renewalId))
  if (!found) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const book = dossierWorkbook({ dossier: found.dossier, application: found.application, t, locale: localeOf(request, user.locale) })
  addEvaluationSheet(book, found.evaluations, t)
  return workbookResponse({ book, ...found.names(t) })
}

// a column is as wide as its longest line, within bounds
const MIN_WIDTH = 8
const MAX_WIDTH = 60

function sheetWriter(sheet: ExcelJS.Worksheet) {
  const widths: number[] = []
  const add = (cells: Cell[], { bold = false, measure = true } = {}) => {
    const row = sheet.addRow(cells)
    if (bold) row.font = { bold: true }
    row.alignment = { vertical: 'top', wrapText: true }
    // text stays text: a date '2025-03-14' or a code must not turn into a number or a date
    cells.forEach((cell, i) => {
      if (typeof cell === 'string') row.getCell(i + 1).numFmt = '@'
      if (measure) widths[i] = Math.max(widths[i] ?? 0, widthOf(String(cell)))
    })
  }
  return {
    // a title runs across the columns: it does not widen the first one
    title: (text: string) => add([text], { bold: true, measure: false }),
    fields: (fields: Field[]) => fields.forEach((f) => add([f.label, f.value])),
    table: (table: TextTable, empty: string) => {
      add(table.headers, { bold: true })
      if (table.rows.length === 0) add([empty])
      table.rows.forEach((r) => add(r))
    },
    gap: () => sheet.addRow([]),
    finish: () => widths.forEach((w, i) => (sheet.getColumn(i + 1).width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2)))),
  }
}

function dossierWorkbook({
  dossier,
  application,
  t,
  locale,
}: {
  dossier: RenewalDossier
  application: DossierApplication
  t: Translate
  locale: Locale
}): ExcelJS.Workbook {
  const text = dossierText(dossier, t, locale)
  const book = new ExcelJS.Workbook()
  book.creator = 'Labcycle'
  const sheet = (titleKey: Parameters<Translate>[0], write: (w: ReturnType<typeof sheetWriter>) => void) => {
    const w = sheetWriter(book.addWorksheet(t(titleKey)))
    write(w)
    w.finish()
  }

  sheet('dossier.section.overview', (w) => {
    w.title(t('dossier.printHeading'))
    w.fields(text.overview)
    w.gap()
    w.title(t('dossier.section.summary'))
    w.fields(text.summary)
  })
  sheet('dossier.section.deliverables', (w) => w.table(text.deliverables, t('dossier.deliverables.none')))
  sheet('dossier.progress.sheet', (w) => {
    const progress = progressText(dossier.progress, t, locale)
    w.fields(progress.fields)
    if (progress.fields.length) w.gap()
    w.table(progress.table, progress.empty)
  })
  sheet('dossier.section.reports', (w) => w.table(text.reports, ''))
  sheet('dossier.section.team', (w) => {
    w.fields(text.team)
    w.gap()
    if (text.teamChanges) {
      w.title(text.teamChanges.heading)
      w.fields(text.teamChanges.fields)
    } else w.title(t('dossier.team.noSnapshot'))
  })
  sheet('dossier.section.security', (w) => {
    w.title(t('dossier.security.plans'))
    w.table(text.plans, t('dossier.security.noPlan'))
    w.gap()
    w.title(t('dossier.security.drills'))
    w.table(text.drills, t('dossier.security.noDrills'))
    w.gap()
    w.title(t('dossier.security.incidents'))
    w.table(text.incidents, t('dossier.security.noIncidents'))
  })
  sheet('dossier.section.requests', (w) => {
    w.table(text.requests, t('dossier.requests.none'))
    w.gap()
    w.title(t('dossier.requests.granted'))
    w.table(text.granted, t('dossier.requests.noneGranted'))
  })
  sheet('dossier.section.compliance', (w) => {
    w.title(t('dossier.eligibility'))
    w.table(text.violations, t('dossier.eligibility.none'))
    w.gap()
    w.title(t('dossier.checks'))
    w.table(text.checks, t('dossier.checks.none'))
    w.gap()
    w.title(t('dossier.months'))
    w.table(text.months, t('dossier.months.empty'))
  })
  sheet('dossier.section.proposedPlan', (w) => {
    if (text.proposedPlan.status) w.title(text.proposedPlan.status)
    w.table(text.proposedPlan.table, t('dossier.proposedPlan.none'))
  })
  sheet('dossier.section.application', (w) => w.fields(applicationFields(application, t)))
  return book
}

// The annual evaluation's sheet (issue 16, part 5), added after the others.
function addEvaluationSheet(book: ExcelJS.Workbook, rows: readonly DossierEvaluationRow[], t: Translate) {
  const w = sheetWriter(book.addWorksheet(t('dossier.section.evaluation')))
  w.table(evaluationTable(rows, t), t('dossier.evaluation.none'))
  w.finish()
}
