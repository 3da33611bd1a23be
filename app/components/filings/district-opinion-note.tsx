import type { DistrictOpinion } from '~db/schema/enums'
import type { ThreadEntry } from '~/components/filings/thread-entry'
import { formatShanghaiTime } from '~/domain/dates'
import { useT } from '~/i18n/use-t'

// The district's opinion as the bureau decides beside it (issue 19 item 7): 推荐 / 不推荐 and its
// reasons, the latest district_opinion entry of the thread (a resubmission clears the filing's
// opinion, so an older entry is never shown as current). Shown while the filing is under review.
export function DistrictOpinionNote({
  filing,
  thread,
  deciding,
}: {
  filing: { status: string; districtOpinion: DistrictOpinion | null; districtOpinionAt: string | null }
  thread: ThreadEntry[]
  // the bureau's decision is on the page: say so when no opinion has come yet
  deciding: boolean
}) {
  const t = useT()
  if (filing.status !== 'submitted') return null
  if (!filing.districtOpinionAt)
    return deciding ? (
      <p className="text-sm text-slate-600" data-testid="district-opinion">
        {t('filings.opinion.noneYet')}
      </p>
    ) : null
  const entry = thread.filter((e) => e.action === 'district_opinion').at(-1)
  const stance = filing.districtOpinion ? t(`filings.opinion.${filing.districtOpinion}`) : t('filings.opinion.given')
  return (
    <div
      className={`rounded border p-3 text-sm ${filing.districtOpinion === 'oppose' ? 'border-amber-300 bg-amber-50' : 'border-slate-200 bg-slate-50'}`}
      data-testid="district-opinion"
      data-opinion={filing.districtOpinion ?? 'given'}
    >
      <p className="font-medium">
        {t('filings.opinion.beside', { opinion: stance })}
        {entry ? <span className="ml-2 font-normal text-slate-600">{`${entry.actorName} · ${formatShanghaiTime(entry.at)}`}</span> : null}
      </p>
      {entry?.comment ? <p className="mt-1 whitespace-pre-line">{entry.comment}</p> : null}
    </div>
  )
}
