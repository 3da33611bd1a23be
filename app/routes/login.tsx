import {
  data,
  redirect,
  redirectDocument,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { isDemoInstallation } from '~/models/meta.server'
import { getUser, login } from '~/utils/auth.server'
import { clientIpOf, safeRedirectPath } from '~/utils/request.server'
import { destroySessionOf } from '~/utils/session.server'
import { readForm } from '~/utils/form-body.server'

const LoginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  redirectTo: z.string().optional(),
})

export const DEMO_PASSWORD = 'labcycle-demo'
const DEMO_ACCOUNTS = ['bureau', 'gusu', 'lab', 'lab2', 'expert'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  if (getUser(request)) throw redirect('/')
  return { demo: isDemoInstallation() ? { accounts: DEMO_ACCOUNTS, password: DEMO_PASSWORD } : null }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = LoginSchema.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) return data({ error: 'failed' as const, minutes: 0, scope: null }, { status: 400 })
  const { username, password, redirectTo } = parsed.data
  // A new session id at every sign-in: whatever session the browser carried ends here.
  destroySessionOf(request)
  const result = await login({ username, password, request, ip: clientIpOf(context) })
  if (!result.ok) {
    const status = result.reason === 'throttled' ? 429 : result.reason === 'inactive' ? 403 : 401
    const wait = result.reason === 'throttled' ? { minutes: result.minutes, scope: result.scope } : { minutes: 0, scope: null }
    return data({ error: result.reason, ...wait }, { status, headers: wait.minutes ? { 'Retry-After': String(wait.minutes * 60) } : {} })
  }
  // a whole new document: the signed-in page may be in another language (a stored preference),
  // whose messages the browser has not loaded (app/i18n/index.ts)
  return redirectDocument(safeRedirectPath(redirectTo, '/'), { headers: { 'Set-Cookie': result.cookie } })
}

export default function LoginPage() {
  const { demo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const t = useT()
  const error =
    actionData?.error === 'throttled'
      ? t(actionData.scope === 'address' ? 'login.throttledAddress' : 'login.throttled', { minutes: actionData.minutes })
      : actionData?.error === 'inactive'
        ? t('login.inactive')
        : actionData?.error
          ? t('login.failed')
          : null
  return (
    <div className="mx-auto mt-8 grid max-w-3xl gap-6 md:grid-cols-2">
      <div className="card">
        <h1 className="mb-4 text-xl font-semibold">{t('login.title')}</h1>
        {params.get('registered') ? (
          <p role="status" className="mb-4 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-800">
            {t('login.registered')}
          </p>
        ) : null}
        <Form method="post" className="space-y-4" data-unsaved-ok="">
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
          <div>
            <label htmlFor="username" className="label">
              {t('login.username')}
            </label>
            <input id="username" name="username" className="input" autoComplete="username" required autoFocus />
          </div>
          <div>
            <label htmlFor="password" className="label">
              {t('login.password')}
            </label>
            <input id="password" name="password" type="password" className="input" autoComplete="current-password" required />
          </div>
          {error ? (
            <p role="alert" className="field-error">
              {error}
            </p>
          ) : null}
          <button type="submit" className="btn-primary w-full justify-center" disabled={navigation.state === 'submitting'}>
            {t('login.submit')}
          </button>
        </Form>
        {/* 公示 needs no account (issue 21 item 6) */}
        <p className="mt-4 text-sm">
          <Link to="/public/notices" className="link" data-testid="public-notices-link">
            {t('nav.publicNotices')}
          </Link>
        </p>
        <p className="mt-4 text-sm text-slate-600">
          {t('login.registerHint')}{' '}
          <Link to="/register" className="link" data-testid="register-link">
            {t('login.register')}
          </Link>
        </p>
      </div>
      {demo ? (
        <div className="card text-sm" data-testid="demo-accounts">
          <h2 className="mb-2 font-semibold">{t('login.demoTitle', { password: demo.password })}</h2>
          <p className="mb-3 text-slate-600">{t('login.demoHint')}</p>
          <ul className="space-y-1">
            {demo.accounts.map((name) => (
              <li key={name}>
                <code className="rounded bg-slate-100 px-1">{name}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}

// A document answer (a form posted without JavaScript) carries the action's Retry-After too.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}

export const meta: MetaFunction = (args) => pageTitle(args, 'login.title')
