import { Link } from '@remix-run/react'
import { Badge } from '~/components/ui/badge'
import { CodeText } from '~/components/ui/code-text'
import { formatShanghaiTime } from '~/domain/dates'
import type { FirstRunItem, FirstRunItemId } from '~/domain/first-run'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'

// Where each item is done. Mail and the scheduler are the server's environment, so theirs open
// the page that shows their effect; a backup is made on the server (`npm run backup`), no page.
const PATHS: Record<FirstRunItemId, string | ((item: FirstRunItem) => string) | null> = {
  calendar: (item) => `/calendar?year=${item.vars.open}`,
  settings: '/settings',
  districts: '/users/new',
  experts: '/users/new',
  // the import form needs its kind: without one it is not found
  labs: '/imports/new?kind=labs',
  mail: '/outbox',
  scheduler: '/jobs',
  backup: null,
}

const LINKS: Record<Exclude<FirstRunItemId, 'backup'>, MessageKey> = {
  calendar: 'nav.calendar',
  settings: 'nav.settings',
  districts: 'nav.users',
  experts: 'nav.users',
  labs: 'nav.imports',
  mail: 'outbox.title',
  scheduler: 'nav.jobs',
}

export function FirstRunChecklist({ items }: { items: FirstRunItem[] }) {
  const t = useT()
  const done = items.filter((i) => i.done).length
  return (
    <section className="card space-y-2" aria-labelledby="help-first-run" data-testid="first-run">
      <h2 id="help-first-run" className="font-semibold">
        {t('help.firstRun.title')}{' '}
        <span className="text-sm font-normal text-slate-600">· {t('help.firstRun.summary', { done, all: items.length })}</span>
      </h2>
      <p className="text-sm text-slate-600">{t('help.firstRun.intro')}</p>
      <ul className="divide-y divide-slate-200">
        {items.map((item) => (
          <Item key={item.id} item={item} />
        ))}
      </ul>
    </section>
  )
}

function Item({ item }: { item: FirstRunItem }) {
  const t = useT()
  const path = PATHS[item.id]
  const vars = {
    ...item.vars,
    at: item.vars.at ? formatShanghaiTime(String(item.vars.at)) : '',
    missing: item.missingDistricts ? item.missingDistricts.map((code) => t(`district.${code}`)).join('、') : (item.vars.missing ?? ''),
  }
  return (
    <li className="flex flex-wrap items-start gap-3 py-2" data-item={item.id} data-done={item.done}>
      <Badge
        className={item.done ? 'bg-emerald-100 text-emerald-900' : 'bg-amber-100 text-amber-900'}
        data={{ 'data-first-run-state': item.done ? 'done' : 'todo' }}
      >
        {t(item.done ? 'help.firstRun.done' : 'help.firstRun.todo')}
      </Badge>
      <div className="min-w-0 flex-1">
        <p className="font-medium">{t(`help.firstRun.${item.id}.title`)}</p>
        <p className="text-sm text-slate-700">
          <CodeText text={t(item.done ? `help.firstRun.${item.id}.done` : `help.firstRun.${item.id}.todo`, vars)} />
        </p>
      </div>
      {path !== null && item.id !== 'backup' ? (
        <Link to={typeof path === 'string' ? path : path(item)} className="link text-sm">
          {t(LINKS[item.id])}
        </Link>
      ) : null}
    </li>
  )
}
