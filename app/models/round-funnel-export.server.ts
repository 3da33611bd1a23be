import { FUNNEL_STAGES, type FunnelCounts } from '~/domain/certification/funnel'
import type { Translate } from '~/i18n'
import { actorOf, requireUser } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { localeOf, translatorFor } from '~/utils/locale.server'
import { idParam } from '~/utils/params'
import type { XlsxColumn, XlsxSheet, XlsxValue } from '~/utils/xlsx.server'
import { officeName, roundFunnelPage } from './round-funnel.server'
import { parseFunnelParams } from './round-funnel-params'

// The round at a glance as files (/rounds/:roundId/funnel.csv and .xlsx): the page's tables in
// the reader's language, scoped and sorted as the page is. The workbook has a sheet per table
// (by office, by direction, late items); the CSV, one table, holds the funnel's figures: the
// office rows, the direction rows and the total, told apart by its first column.

/** The request's funnel as the page would show it, or the page's 404 / 400. */
export function funnelOfRequest(request: Request, params: { roundId?: string }) {
  const user = requireUser(request)
  const roundId = idParam(params.roundId)
  const sort = parseFunnelParams(new URL(request.url).searchParams)
  const page = roundFunnelPage({ actor: actorOf(user), roundId, at: now(), params: sort ?? { sort: 'name', dir: 'asc' } })
  if (!page) throw new Response('Not found', { status: 404 })
  if (!sort) throw new Response('Bad request', { status: 400 })
  const locale = localeOf(request, user.locale)
  const t = translatorFor(request, user.locale)
  const roundName = locale === 'zh' ? page.round.nameZh : page.round.nameEn
  return {
    page,
    t,
    locale,
    fileName: t('funnel.fileName', { name: roundName }),
    asciiName: `round-${page.round.year}-${page.round.id}-funnel`,
  }
}

type Loaded = ReturnType<typeof funnelOfRequest>

const stageValues = (counts: FunnelCounts) => FUNNEL_STAGES.map((s) => counts[s])
const stageHeaders = (t: Translate) => FUNNEL_STAGES.map((s) => t(`funnel.stage.${s}`))
const directionName = (direction: number | null, t: Translate) =>
  direction ? t(`direction.${direction}` as Parameters<Translate>[0]) : t('funnel.noDirection')

/** The CSV's header and rows: the funnel by office (with places), by direction, and the total. */
export function funnelCsv({ page, t, locale }: Loaded): { header: string[]; rows: string[][] } {
  const header = [
    t('funnel.col.table'),
    `${t('funnel.col.office')} / ${t('funnel.col.direction')}`,
    ...stageHeaders(t),
    t('funnel.col.quotaUsed'),
    t('funnel.col.quotaTotal'),
  ]
  const text = (values: XlsxValue[]) => values.map((v) => (v === null || v === undefined ? '' : String(v)))
  const rows = [
    ...page.byOffice.map((r) =>
      text([t('funnel.byOffice'), officeName(r.office, page.departments, locale, t), ...stageValues(r.counts), r.quotaUsed, r.quota]),
    ),
    ...page.byDirection.map((r) => text([t('funnel.byDirection'), directionName(r.direction, t), ...stageValues(r.counts), null, null])),
    text([t('funnel.total'), t('funnel.total'), ...stageValues(page.total), null, null]),
  ]
  return { header, rows }
}

/** The workbook's three sheets: by office, by direction (each with a total row), late items. */
export function funnelSheets({ page, t, locale }: Loaded): XlsxSheet[] {
  const stages: XlsxColumn[] = stageHeaders(t).map((header) => ({ header, type: 'integer' }))
  const byOffice: XlsxSheet = {
    name: t('funnel.sheet.byOffice'),
    columns: [
      { header: t('funnel.col.office') },
      ...stages,
      { header: t('funnel.col.quotaUsed'), type: 'integer' },
      { header: t('funnel.col.quotaTotal'), type: 'integer' },
    ],
    rows: [
      ...page.byOffice.map((r) => [officeName(r.office, page.departments, locale, t), ...stageValues(r.counts), r.quotaUsed, r.quota]),
      [t('funnel.total'), ...stageValues(page.total), page.byOffice.reduce((s, r) => s + r.quotaUsed, 0), null],
    ],
  }
  const byDirection: XlsxSheet = {
    name: t('funnel.sheet.byDirection'),
    columns: [{ header: t('funnel.col.direction') }, ...stages],
    rows: [
      ...page.byDirection.map((r) => [directionName(r.direction, t), ...stageValues(r.counts)]),
      [t('funnel.total'), ...stageValues(page.total)],
    ],
  }
  const late: XlsxSheet = {
    name: t('funnel.sheet.late'),
    columns: [
      { header: t('funnel.late.col.what') },
      { header: t('funnel.late.col.whose') },
      { header: t('funnel.late.col.lab') },
      { header: t('funnel.col.office') },
      { header: t('funnel.late.col.since'), type: 'datetime' },
    ],
    rows: page.late.map((item) => [
      t(`funnel.late.kind.${item.kind}`),
      item.applicantName,
      item.labName,
      officeName(item.office, page.departments, locale, t),
      item.since,
    ]),
  }
  return [byOffice, byDirection, late]
}
