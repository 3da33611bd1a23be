import { Link } from '@remix-run/react'
import { groupByYear, type TimelineEvent, type TimelineIcon } from '~/domain/timeline'
import type { Translate } from '~/i18n'
import { useT } from '~/i18n/use-t'
import { actorText, labelText } from './label'

// The mark beside each event. It is decoration (aria-hidden): the event's text says what happened.
const ICONS: Record<TimelineIcon, { glyph: string; tone: string }> = {
  certificate: { glyph: '★', tone: 'bg-sky-700 text-white' },
  renewal: { glyph: '↻', tone: 'bg-sky-800 text-white' },
  expiry: { glyph: '◷', tone: 'bg-amber-700 text-white' },
  renewed: { glyph: '✓', tone: 'bg-green-700 text-white' },
  not_renewed: { glyph: '–', tone: 'bg-slate-500 text-white' },
  revoked: { glyph: '✕', tone: 'bg-slate-900 text-white' },
  violation: { glyph: '!', tone: 'bg-red-700 text-white' },
  lab: { glyph: '✎', tone: 'bg-slate-200 text-slate-700' },
  period: { glyph: '▤', tone: 'bg-slate-200 text-slate-700' },
  team: { glyph: '☺', tone: 'bg-slate-200 text-slate-700' },
  filing: { glyph: '✉', tone: 'bg-violet-700 text-white' },
  event: { glyph: '•', tone: 'bg-slate-200 text-slate-700' },
}

function EventItem({ event, t }: { event: TimelineEvent; t: Translate }) {
  const icon = ICONS[event.icon] ?? ICONS.event
  return (
    <li className="relative pb-4 pl-9 last:pb-0" data-kind={event.kind} data-testid="timeline-event">
      <span
        aria-hidden="true"
        className={`absolute left-0 top-0 flex h-6 w-6 items-center justify-center rounded-full text-xs font-bold ${icon.tone}`}
      >
        {icon.glyph}
      </span>
      <div className="text-xs tabular-nums text-slate-500">
        <time dateTime={event.time ? event.at : event.date}>
          {event.date}
          {event.time ? ` ${event.time}` : ''}
        </time>
      </div>
      <div className="text-sm">
        {event.href ? (
          <Link to={event.href} className="link">
            {labelText(t, event.label)}
          </Link>
        ) : (
          labelText(t, event.label)
        )}
      </div>
      {event.detail ? <div className="text-sm text-slate-600">{labelText(t, event.detail)}</div> : null}
      {event.note ? <div className="whitespace-pre-line text-sm text-slate-600">{t('timeline.note', { note: event.note })}</div> : null}
      {event.actor !== null ? <div className="text-xs text-slate-500">{t('timeline.by', { actor: actorText(t, event.actor) })}</div> : null}
    </li>
  )
}

// A vertical line of events, newest first. Grouped under year headings unless `compact` (the
// lab home's short list). `moreHref` is the "show more" link when further events exist.
export function LabTimeline({
  events,
  moreHref = null,
  compact = false,
  label,
}: {
  events: TimelineEvent[]
  moreHref?: string | null
  compact?: boolean
  label?: string
}) {
  const t = useT()
  if (events.length === 0) return <p className="text-sm text-slate-600">{t('timeline.empty')}</p>
  const line = 'border-l-2 border-slate-200 ml-3 pl-0 [&>li]:-ml-3'
  return (
    <div data-testid="timeline">
      {compact ? (
        <ol className={line} aria-label={label ?? t('timeline.title')}>
          {events.map((e) => (
            <EventItem key={e.id} event={e} t={t} />
          ))}
        </ol>
      ) : (
        <ol className="space-y-4" aria-label={label ?? t('timeline.title')}>
          {groupByYear(events).map((group) => (
            <li key={group.year}>
              <h3 className="mb-2 text-sm font-semibold text-slate-700">{t('timeline.year', { year: group.year })}</h3>
              <ol className={line}>
                {group.events.map((e) => (
                  <EventItem key={e.id} event={e} t={t} />
                ))}
              </ol>
            </li>
          ))}
        </ol>
      )}
      {moreHref ? (
        <Link to={moreHref} className="btn mt-3" preventScrollReset>
          {t('timeline.showMore')}
        </Link>
      ) : null}
    </div>
  )
}
