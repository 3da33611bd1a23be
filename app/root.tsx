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
import { useEffect, type ReactNode } from 'react'
import { UnsavedChangesGuard } from './components/ui/unsaved-changes'
import { MainNav, NavBadgeCount } from './components/layout/main-nav'
import { navFor, type NavBadge } from './components/layout/nav-entries'
import type { Actor } from './domain/permissions'
import { DEFAULT_LOCALE, isMessageKey } from './i18n'
import { messagesSrc } from './i18n/messages-asset.server'
import { useT } from './i18n/use-t'
import { actorOf, getUser } from './utils/auth.server'
import { countPendingAssignments } from './models/expert-review.server'
import { countAwaitingRequests } from './models/request-queue.server'
import { countPendingAlerts } from './models/incidents.server'
import { pendingApplicantCount } from './models/applicants.server'
import { countAwaiting } from './models/review-queue.server'
import { today } from './utils/clock.server'
import { unreadCount } from './models/inbox.server'
import { db } from './utils/db.server'
import { localeOf } from './utils/locale.server'
import { useNonce } from './utils/nonce'
import stylesheet from './tailwind.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

const BADGE_COUNTS: Record<NavBadge, (actor: Actor) => number> = {
  // an expert's renewals waiting for their scores
  assignments: (actor) => countPendingAssignments(actor),
  // the review queue's count, from its tally kept on write (a page's menu must not count the city's filings)
  reviews: (actor) => countAwaiting(actor),
  // what waits for this office's step, from the request queue's tally
  requests: (actor) => countAwaitingRequests(actor, today()),
  // urgent incident alerts the bureau has not acknowledged (0 for a district: the bureau acknowledges)
  alerts: (actor) => countPendingAlerts(actor),
  // registrations waiting for this office's confirmation (issue 21)
  applicants: (actor) => pendingApplicantCount(actor),
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = getUser(request)
  const locale = localeOf(request, user?.locale)
  const actor = user ? actorOf(user) : null
  const nav =
    user && actor
      ? {
          // each shown entry's badge count, asked only for the entries this person sees
          links: navFor(actor).map((item) => ({ ...item, count: item.badge ? BADGE_COUNTS[item.badge](actor) : 0 })),
          // every signed-in person has an inbox; the header shows its unread count
          inbox: unreadCount(db(), user.id),
        }
      : null
  // the page's language's messages for the browser, loaded before the app's modules run
  return { user, locale, messages: messagesSrc(locale), nav }
}

/**
 * The script of the page's messages (app/i18n/messages-asset.server.ts). Blocking, not deferred:
 * Remix's route modules script is `type=module async` and runs as soon as its imports are in,
 * which can be before a deferred script (seen: a page showing its keys). Cached for good, so
 * only a first visit waits for it. Without the root's data (its loader failed) the server names
 * the default language's and the browser keeps the one it loaded.
 */
function MessagesScript({ src }: { src: string | undefined }) {
  const nonce = useNonce()
  const fallback = typeof document === 'undefined' ? messagesSrc(DEFAULT_LOCALE) : window.__labcycleMessages?.src
  return <script src={src ?? fallback} nonce={nonce} />
}

/**
 * The browser holds only the messages it loaded with the document. When the root's data names
 * others (a sign-in whose stored preference is English, a new release's messages), the page is
 * loaded again in full. Not when none loaded: reloading would not help, and would never stop.
 */
function useReloadForOtherMessages(src: string | undefined) {
  useEffect(() => {
    const loaded = window.__labcycleMessages?.src
    if (src && loaded && loaded !== src) window.location.reload()
  }, [src])
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const nonce = useNonce()
  useReloadForOtherMessages(data?.messages)
  return (
    <html lang={data?.locale === 'en' ? 'en' : 'zh-CN'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <MessagesScript src={data?.messages} />
      </head>
      <body className="min-h-screen break-words bg-slate-100 font-sans text-slate-900">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
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
    `whitespace-nowrap rounded px-3 py-1.5 text-sm ${isActive ? 'bg-sky-800 text-white' : 'text-sky-50 hover:bg-sky-800/60'}`
  return (
    <header className="bg-sky-900 text-white">
      <a href="#main" className="sr-only focus:not-sr-only">
        {t('nav.skip')}
      </a>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
        <Link to="/" className="mr-4 font-semibold">
          {t('app.name')}
        </Link>
        {user && data?.nav ? <MainNav links={data.nav.links} linkClass={navClass} /> : null}
        <div className="ml-auto flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          {/* a whole new document: the browser holds one language's messages (app/i18n/index.ts) */}
          <Form method="post" action="/language" className="inline" reloadDocument>
            <input type="hidden" name="locale" value={data?.locale === 'en' ? 'zh' : 'en'} />
            <input type="hidden" name="redirectTo" value={here} />
            {/* the name says what it does and contains what it shows (axe: label-content-name-mismatch) */}
            <button
              type="submit"
              className="rounded px-2 py-1 hover:bg-sky-800"
              aria-label={`${t('nav.languageLabel')} · ${t('nav.language')}`}
            >
              {t('nav.language')}
            </button>
          </Form>
          {user ? (
            <NavLink
              to="/help"
              className={(state) => `${navClass(state)} whitespace-nowrap`}
              aria-label={t('nav.helpLabel')}
              data-testid="nav-help"
            >
              {t('nav.help')}
            </NavLink>
          ) : null}
          {user && data?.nav ? (
            // the unread count is read out in words, the badge's bare number is for the eye
            <NavLink to="/inbox" className={navClass}>
              {t('nav.inbox')}
              {data.nav.inbox > 0 ? (
                <>
                  <NavBadgeCount testId="nav-inbox-count" count={data.nav.inbox} hidden />
                  <span className="sr-only"> · {t('nav.inboxUnread', { n: data.nav.inbox })}</span>
                </>
              ) : null}
            </NavLink>
          ) : null}
          {user ? (
            <>
              <Link to="/account" className="hover:underline" data-testid="current-user">
                {user.displayName} · {t(`role.${user.role}`)}
              </Link>
              {/* a whole new document, as after signing in: nothing of the session stays in the page */}
              <Form method="post" action="/logout" reloadDocument>
                <button type="submit" className="whitespace-nowrap rounded border border-sky-700 px-2 py-1 hover:bg-sky-800">
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
      <UnsavedChangesGuard />
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
    else if (error.status === 503) message = t('error.busy')
    // a stale page's post that was thrown rather than answered on its form (docs/decisions/010)
    else if (error.status === 409) message = t('error.conflict')
    // a refused form body names its message (app/utils/form-body.server.ts)
    if ([400, 413, 415].includes(error.status) && typeof error.data === 'string' && isMessageKey(error.data)) message = t(error.data)
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
