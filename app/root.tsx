import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import type { ReactNode } from 'react'
import { can } from './domain/permissions'
import { useT } from './i18n/use-t'
import { actorOf, getUser } from './utils/auth.server'
import { countAwaiting } from './models/review-queue.server'
import { countPendingAssignments } from './models/expert-review.server'
import { countAwaitingRequests } from './models/request-queue.server'
import { today } from './utils/clock.server'
import { unreadCount } from './models/inbox.server'
import { db } from './utils/db.server'
import { localeOf } from './utils/locale.server'
import stylesheet from './tailwind.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = getUser(request)
  const locale = localeOf(request, user?.locale)
  const actor = user ? actorOf(user) : null
  const nav = user && actor
    ? {
        registry: user.role !== 'expert',
        organisations: can(actor, 'organisation:manage'),
        users: can(actor, 'user:manage'),
        audit: can(actor, 'audit:view'),
        reviews: can(actor, 'review:view') ? countAwaiting(actor) : null,
        // the bureau's and districts' queue, or the lab's own requests
        requests: can(actor, 'request:queue') ? '/requests' : user.role === 'lab' && user.labId ? `/labs/${user.labId}/requests` : null,
        // what waits for this office's step, for the badge
        requestsAwaiting: can(actor, 'request:queue') ? countAwaitingRequests(actor, today()) : 0,
        // the renewal pipeline: the bureau's and the districts'
        renewals: can(actor, 'renewal:pipeline'),
        security: can(actor, 'incident:view_all'),
        calendar: can(actor, 'calendar:view'),
        settings: can(actor, 'settings:manage'),
        jobs: can(actor, 'jobs:manage'),
        outbox: can(actor, 'mail:manage'),
        // an expert's renewals to review, and how many wait for their scores
        assignments: user.role === 'expert' ? countPendingAssignments(actor) : null,
        // every signed-in person has an inbox; the header shows its unread count
        inbox: unreadCount(db(), user.id),
      }
    : null
  return { user, locale, nav }
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  return (
    <html lang={data?.locale === 'en' ? 'en' : 'zh-CN'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-slate-100 font-sans text-slate-900">
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

function Header() {
  const data = useRouteLoaderData<typeof loader>('root')
  const t = useT()
  const location = useLocation()
  const user = data?.user
  const here = `${location.pathname}${location.search}`
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded px-3 py-1.5 text-sm ${isActive ? 'bg-sky-800 text-white' : 'text-sky-50 hover:bg-sky-800/60'}`
  return (
    <header className="bg-sky-900 text-white">
      <a href="#main" className="sr-only focus:not-sr-only">
        {t('nav.skip')}
      </a>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
        <Link to="/" className="mr-4 font-semibold">
          {t('app.name')}
        </Link>
        {user && data?.nav ? (
          <nav className="flex flex-wrap gap-1" aria-label="main">
            <NavLink to="/" end className={navClass}>
              {t('nav.dashboard')}
            </NavLink>
            {data.nav.registry ? (
              <NavLink to={user.role === 'lab' && user.labId ? `/labs/${user.labId}` : '/labs'} className={navClass}>
                {t('nav.labs')}
              </NavLink>
            ) : null}
            {data.nav.assignments !== null ? (
              <NavLink to="/assignments" className={navClass}>
                {t('nav.assignments')}
                {data.nav.assignments > 0 ? (
                  <span className="ml-1 rounded-full bg-amber-400 px-1.5 text-xs font-semibold text-slate-900" data-testid="nav-assignments-count">
                    {data.nav.assignments}
                  </span>
                ) : null}
              </NavLink>
            ) : null}
            {data.nav.organisations ? (
              <NavLink to="/organisations" className={navClass}>
                {t('nav.organisations')}
              </NavLink>
            ) : null}
            {data.nav.users ? (
              <NavLink to="/users" className={navClass}>
                {t('nav.users')}
              </NavLink>
            ) : null}
            {data.nav.reviews !== null ? (
              <NavLink to="/reviews" className={navClass}>
                {t('nav.reviews')}
                {data.nav.reviews > 0 ? (
                  <span className="ml-1 rounded-full bg-amber-400 px-1.5 text-xs font-semibold text-slate-900" data-testid="nav-reviews-count">
                    {data.nav.reviews}
                  </span>
                ) : null}
              </NavLink>
            ) : null}
            {data.nav.requests ? (
              <NavLink to={data.nav.requests} className={navClass}>
                {t('nav.requests')}
                {data.nav.requestsAwaiting > 0 ? (
                  <span className="ml-1 rounded-full bg-amber-400 px-1.5 text-xs font-semibold text-slate-900" data-testid="nav-requests-count">
                    {data.nav.requestsAwaiting}
                  </span>
                ) : null}
              </NavLink>
            ) : null}
            {data.nav.renewals ? (
              <NavLink to="/renewals" className={navClass}>
                {t('nav.renewals')}
              </NavLink>
            ) : null}
            {data.nav.security ? (
              <NavLink to="/security" className={navClass}>
                {t('nav.security')}
              </NavLink>
            ) : null}
            {data.nav.calendar ? (
              <NavLink to="/calendar" className={navClass}>
                {t('nav.calendar')}
              </NavLink>
            ) : null}
            {data.nav.settings ? (
              <NavLink to="/settings" className={navClass}>
                {t('nav.settings')}
              </NavLink>
            ) : null}
            {data.nav.jobs ? (
              <NavLink to="/jobs" className={navClass}>
                {t('nav.jobs')}
              </NavLink>
            ) : null}
            {data.nav.outbox ? (
              <NavLink to="/outbox" className={navClass}>
                {t('outbox.title')}
              </NavLink>
            ) : null}
            {data.nav.audit ? (
              <NavLink to="/audit" className={navClass}>
                {t('nav.audit')}
              </NavLink>
            ) : null}
          </nav>
        ) : null}
        <div className="ml-auto flex items-center gap-3 text-sm">
          <Form method="post" action="/language" className="inline">
            <input type="hidden" name="locale" value={data?.locale === 'en' ? 'zh' : 'en'} />
            <input type="hidden" name="redirectTo" value={here} />
            <button type="submit" className="rounded px-2 py-1 hover:bg-sky-800" aria-label={t('nav.languageLabel')}>
              {t('nav.language')}
            </button>
          </Form>
          {user && data?.nav ? (
            <NavLink to="/inbox" className={navClass} aria-label={`${t('nav.inbox')}${data.nav.inbox > 0 ? ` · ${t('nav.inboxUnread', { n: data.nav.inbox })}` : ''}`}>
              {t('nav.inbox')}
              {data.nav.inbox > 0 ? (
                <span className="ml-1 rounded-full bg-amber-400 px-1.5 text-xs font-semibold text-slate-900" data-testid="nav-inbox-count">
                  {data.nav.inbox}
                </span>
              ) : null}
            </NavLink>
          ) : null}
          {user ? (
            <>
              <Link to="/account" className="hover:underline" data-testid="current-user">
                {user.displayName} · {t(`role.${user.role}`)}
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="rounded border border-sky-700 px-2 py-1 hover:bg-sky-800">
                  {t('nav.signOut')}
                </button>
              </Form>
            </>
          ) : null}
        </div>
      </div>
    </header>
  )
}

export default function App() {
  return (
    <>
      <Header />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <Outlet />
      </main>
    </>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const t = useT()
  let message = t('error.server')
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) message = t('error.notFound')
    else if (error.status === 403) message = t('error.forbidden')
    else if (error.status === 400) message = t('error.badRequest')
  } else {
    console.error(error)
  }
  return (
    <>
      <Header />
      <main id="main" className="mx-auto max-w-3xl px-4 py-12">
        <div className="card">
          <h1 className="mb-2 text-xl font-semibold">{t('error.title')}</h1>
          <p className="mb-4 text-slate-700" data-testid="error-message">
            {message}
          </p>
          <Link to="/" className="link">
            {t('error.backHome')}
          </Link>
        </div>
      </main>
    </>
  )
}
