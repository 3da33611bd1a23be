import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { RoundStageBadge } from '~/components/rounds/stage-badge'
import { PageHeader } from '~/components/ui/page-header'
import { TableScroll } from '~/components/ui/table-scroll'
import { formatShanghaiMinute } from '~/domain/dates'
import { pageTitle } from '~/i18n/meta'
import { useLocale, usePageMessages, useT } from '~/i18n/use-t'
import { listRounds } from '~/models/rounds.server'
import { requireCapability } from '~/utils/auth.server'
import { roundPageMessages } from '~/i18n/messages-asset.server'
import { localeOf } from '~/utils/locale.server'

// 申报批次 (issue 21): the bureau's certification rounds, newest first, each with its two
// deadlines in Beijing time and where it stands on them.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'round:manage')
  // the round pages' words come with their data, not in every page's messages script
  return { rounds: listRounds(), messages: roundPageMessages(localeOf(request, user.locale)) }
}

export default function RoundsPage() {
  const { rounds, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const t = useT()
  const locale = useLocale()
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('rounds.title')}
        subtitle={t('rounds.intro')}
        actions={
          <>
            <Link to="/departments" className="link text-sm">
              {t('departments.title')}
            </Link>
            <Link to="/rounds/new" className="btn-primary">
              {t('rounds.new')}
            </Link>
          </>
        }
      />
      {rounds.length === 0 ? (
        <p className="card text-sm text-slate-500">{t('rounds.none')}</p>
      ) : (
        <TableScroll className="card">
          <table className="w-full text-sm" data-testid="rounds-table">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="pr-3 font-medium">{t('rounds.field.year')}</th>
                <th className="pr-3 font-medium">{t('rounds.col.name')}</th>
                <th className="pr-3 font-medium">{t('rounds.field.applicationsDueAt')}</th>
                <th className="pr-3 font-medium">{t('rounds.field.recommendationsDueAt')}</th>
                <th className="font-medium">{t('rounds.col.stage')}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id} className="border-t">
                  <td className="py-2 pr-3 tabular-nums">{r.year}</td>
                  <td className="py-2 pr-3">
                    <Link to={`/rounds/${r.id}`} className="link font-medium">
                      {locale === 'zh' ? r.nameZh : r.nameEn}
                    </Link>
                  </td>
                  <td className="token py-2 pr-3 tabular-nums">{formatShanghaiMinute(r.applicationsDueAt)}</td>
                  <td className="token py-2 pr-3 tabular-nums">{formatShanghaiMinute(r.recommendationsDueAt)}</td>
                  <td className="py-2">
                    <RoundStageBadge stage={r.stage} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'rounds.title')
