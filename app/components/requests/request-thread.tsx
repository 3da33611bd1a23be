import type { RequestEvent } from '~db/schema/requests'
import { formatShanghaiTime } from '~/domain/dates'
import { useT } from '~/i18n/use-t'
import { RequestStatusBadge } from './request-status-badge'

export type RequestThreadEntry = Pick<RequestEvent, 'id' | 'action' | 'fromStatus' | 'toStatus' | 'comment' | 'actorName' | 'at'>

// Every step and comment on a request, oldest first as a conversation reads.
export function RequestThread({ entries }: { entries: RequestThreadEntry[] }) {
  const t = useT()
  if (entries.length === 0) return <p className="text-sm text-slate-600">{t('requests.thread.empty')}</p>
  return (
    <ol className="space-y-3" data-testid="request-thread">
      {entries.map((e) => (
        <li key={e.id} className="border-l-2 border-slate-200 pl-3" data-action={e.action}>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{t(`requests.step.${e.action}`)}</span>
            {e.fromStatus !== e.toStatus ? <RequestStatusBadge status={e.toStatus} /> : null}
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
