import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { RoundFunnelChart } from '~/components/charts/round-funnel-chart'
import { CsvLink } from '~/components/data-table/csv-link'
import { DataTable, type ColumnDef } from '~/components/data-table/data-table'
import { XlsxLink } from '~/components/data-table/xlsx-link'
import { RoundStageBadge } from '~/components/rounds/stage-badge'
import { PageHeader } from '~/components/ui/page-header'
import { TableScroll } from '~/components/ui/table-scroll'
import { officeKey, type RecommendingOffice } from '~/domain/certification/actors'
import { FUNNEL_STAGES, type FunnelCounts } from '~/domain/certification/funnel'
import { formatShanghaiMinute } from '~/domain/dates'
import { funnelPageMessages } from '~/i18n/messages-asset.server'
import { localeOfMatches, pageTitle } from '~/i18n/meta'
import { useLocale, usePageMessages, useT } from '~/i18n/use-t'
import { roundFunnelPage, type RoundFunnelPage } from '~/models/round-funnel.server'
import { parseFunnelParams } from '~/models/round-funnel-params'
import { actorOf, requireUser } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { localeOf } from '~/utils/locale.server'
import { idParam } from '~/utils/params'

// The round at a glance (issue 21 item 8): the funnel as a chart, by office (with places used
// against the quota) and by direction, the late items and the round's dates. The bureau sees
// every office; a district office or a city department its own row only; anyone else 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const roundId = idParam(params.roundId)
  const sort = parseFunnelParams(new URL(request.url).searchParams)
  // scope first: out of scope is 404 whatever the query says
  const page = roundFunnelPage({ actor: actorOf(user), roundId, at: now(), params: sort ?? { sort: 'name', dir: 'asc' } })
  if (!page) throw new Response('Not found', { status: 404 })
  if (!sort) throw new Response('Bad request', { status: 400 })
  return { ...page, sort, messages: funnelPageMessages(localeOf(request, user.locale)) }
}

type Page = RoundFunnelPage
type Sortable = { counts: FunnelCounts }

function useStageColumns<R extends Sortable>(): ColumnDef<R>[] {
  const t = useT()
  return FUNNEL_STAGES.map((stage) => ({
    id: stage,
    header: t(`funnel.stage.${stage}`),
    meta: { sortKey: stage },
    cell: ({ row }) => <span className="token tabular-nums">{row.original.counts[stage]}</span>,
  }))
}

export default function RoundFunnelPage() {
  const data = useLoaderData<typeof loader>()
  usePageMessages(data.messages)
  const t = useT()
  const locale = useLocale()
  const { round } = data
  const base = `/rounds/${round.id}/funnel`
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('funnel.title')}
        subtitle={t(data.isBureau ? 'funnel.intro' : 'funnel.introOffice')}
        back={
          data.isBureau
            ? { to: `/rounds/${round.id}`, label: locale === 'zh' ? round.nameZh : round.nameEn }
            : { to: `/applications?round=${round.id}`, label: locale === 'zh' ? round.nameZh : round.nameEn }
        }
        badges={<RoundStageBadge stage={round.stage} />}
        actions={
          <>
            <CsvLink path={`${base}.csv`} label={t('funnel.exportCsv')} />
            <XlsxLink path={`${base}.xlsx`} />
          </>
        }
      />
      {/* each date one unbroken piece, the line free to wrap between them (390 px screens) */}
      <p className="flex flex-wrap gap-x-4 text-sm text-slate-600" data-testid="round-dates">
        <span className="token tabular-nums">{t('funnel.dates.applications', { at: formatShanghaiMinute(round.applicationsDueAt) })}</span>
        <span className="token tabular-nums">
          {t('funnel.dates.recommendations', { at: formatShanghaiMinute(round.recommendationsDueAt) })}
        </span>
        <span>{t('funnel.dates.zone')}</span>
      </p>
      <RoundFunnelChart total={data.total} />
      {data.withdrawn > 0 ? <p className="text-sm text-slate-600">{t('funnel.withdrawn', { count: data.withdrawn })}</p> : null}
      <OfficeTable data={data} />
      <DirectionTable data={data} />
      <LateItems data={data} />
    </div>
  )
}

function useOfficeName(departments: Page['departments']) {
  const t = useT()
  const locale = useLocale()
  return (office: RecommendingOffice) => {
    if (office.kind === 'district') return t(`district.${office.districtCode}`)
    const d = departments.find((x) => x.id === office.departmentId)
    return d ? (locale === 'zh' ? d.nameZh : d.nameEn) : ''
  }
}

type OfficeRow = Page['byOffice'][number]

function OfficeTable({ data }: { data: Page & { sort: { sort: string; dir: 'asc' | 'desc' } } }) {
  const t = useT()
  const nameOf = useOfficeName(data.departments)
  const stages = useStageColumns<OfficeRow>()
  const columns = useMemo<ColumnDef<OfficeRow>[]>(
    () => [
      { id: 'office', header: t('funnel.col.office'), meta: { sortKey: 'name' }, cell: ({ row }) => nameOf(row.original.office) },
      ...stages,
      {
        id: 'quota',
        header: t('funnel.col.quota'),
        meta: { sortKey: 'quotaUsed' },
        cell: ({ row }) => (
          <span className={`token tabular-nums ${row.original.quotaUsed > row.original.quota ? 'text-red-700' : ''}`}>
            {row.original.quotaUsed} / {row.original.quota}
          </span>
        ),
      },
    ],
    [t, nameOf, stages],
  )
  return (
    <section className="space-y-2" aria-labelledby="funnel-by-office" data-testid="funnel-by-office">
      <h2 id="funnel-by-office" className="font-semibold">
        {t('funnel.byOffice')}
      </h2>
      <DataTable
        rows={data.byOffice}
        columns={columns}
        visibility={{}}
        sort={data.sort.sort}
        dir={data.sort.dir}
        getRowId={(r) => officeKey(r.office)}
      />
    </section>
  )
}

type DirectionRow = Page['byDirection'][number]

function DirectionTable({ data }: { data: Page & { sort: { sort: string; dir: 'asc' | 'desc' } } }) {
  const t = useT()
  const stages = useStageColumns<DirectionRow>()
  const columns = useMemo<ColumnDef<DirectionRow>[]>(
    () => [
      {
        id: 'direction',
        header: t('funnel.col.direction'),
        meta: { sortKey: 'name' },
        cell: ({ row }) => (row.original.direction ? t(`direction.${row.original.direction}` as never) : t('funnel.noDirection')),
      },
      ...stages,
    ],
    [t, stages],
  )
  return (
    <section className="space-y-2" aria-labelledby="funnel-by-direction" data-testid="funnel-by-direction">
      <h2 id="funnel-by-direction" className="font-semibold">
        {t('funnel.byDirection')}
      </h2>
      <DataTable
        rows={data.byDirection}
        columns={columns}
        visibility={{}}
        sort={data.sort.sort}
        dir={data.sort.dir}
        getRowId={(r) => String(r.direction ?? 'none')}
      />
    </section>
  )
}

function LateItems({ data }: { data: Page }) {
  const t = useT()
  const nameOf = useOfficeName(data.departments)
  return (
    <section className="card space-y-2" aria-labelledby="funnel-late">
      <h2 id="funnel-late" className="font-semibold">
        {t('funnel.late.title')}
      </h2>
      {data.late.length === 0 ? (
        <p className="text-sm text-slate-500">{t('funnel.late.none')}</p>
      ) : (
        <TableScroll>
          <table className="w-full text-sm" data-testid="late-items">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="pr-3 font-medium">{t('funnel.late.col.what')}</th>
                <th className="pr-3 font-medium">{t('funnel.late.col.whose')}</th>
                <th className="pr-3 font-medium">{t('funnel.late.col.lab')}</th>
                <th className="pr-3 font-medium">{t('funnel.col.office')}</th>
                <th className="font-medium">{t('funnel.late.col.since')}</th>
              </tr>
            </thead>
            <tbody>
              {data.late.map((item) => (
                <tr key={item.applicationId} className="border-t" data-kind={item.kind}>
                  <td className="py-2 pr-3">{t(`funnel.late.kind.${item.kind}`)}</td>
                  <td className="py-2 pr-3">
                    <Link to={`/applications/${item.applicationId}`} className="link font-medium">
                      {item.applicantName}
                    </Link>
                  </td>
                  <td className="py-2 pr-3">{item.labName}</td>
                  <td className="py-2 pr-3">{nameOf(item.office)}</td>
                  <td className="token py-2 tabular-nums">{formatShanghaiMinute(item.since)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}

// the round's name in the reader's language
export const meta: MetaFunction<typeof loader> = (args) =>
  pageTitle(args, 'funnel.title', args.data ? args.data.round[localeOfMatches(args.matches) === 'zh' ? 'nameZh' : 'nameEn'] : null)
