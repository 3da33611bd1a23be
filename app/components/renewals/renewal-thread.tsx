import type { RenewalEvent } from '~db/schema/renewals'
import { formatShanghaiTime } from '~/domain/dates'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'

export type RenewalThreadEntry = Pick<RenewalEvent, 'id' | 'action' | 'toStatus' | 'comment' | 'actorName' | 'at'>

const ACTION_LABEL: Record<RenewalEvent['action'], MessageKey> = {
  create: 'renewals.status.draft',
  submit: 'renewals.submit',
  update: 'renewals.save',
  assign_expert: 'renewals.status.under_review',
  unassign_expert: 'renewals.section.review',
  review: 'renewals.section.review',
  decide: 'renewals.section.decision',
  recheck: 'renewals.doRecheck',
  comment: 'renewals.section.thread',
  notice: 'notice.action.notice',
  notice_returned: 'notice.action.returned',
}

// Every step of a renewal, oldest first.
export function RenewalThread({ entries }: { entries: RenewalThreadEntry[] }) {
  const t = useT()
  return (
    <ol className="space-y-3" data-testid="renewal-thread">
      {entries.map((e) => (
        <li key={e.id} className="border-l-2 border-slate-200 pl-3" data-action={e.action}>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{t(ACTION_LABEL[e.action])}</span>
            <span className="text-slate-600">{e.actorName}</span>
            <time className="token tabular-nums text-slate-500" dateTime={e.at}>
              {formatShanghaiTime(e.at)}
            </time>
          </div>
          {e.comment ? <p className="mt-1 whitespace-pre-line text-sm text-slate-800">{e.comment}</p> : null}
        </li>
      ))}
    </ol>
  )
}
