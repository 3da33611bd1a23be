import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { REMINDER_SOURCES, type ReminderSource } from '~db/schema/enums'
import { isWhollyOptional, noticeKindsFor } from '~/domain/notice-kinds'
import { ApiTokensSection } from '~/components/api-tokens-section'
import { CalendarFeedSection } from '~/components/calendar-feed-section'
import { Field, FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { pageMessages } from '~/i18n/messages-asset.server'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { listApiTokens } from '~/models/api-tokens.server'
import { handleTokenIntent, isTokenIntent } from '~/models/api-token-form.server'
import { handleFeedIntent, isFeedIntent } from '~/models/calendar-feed-form.server'
import { liveFeedOf } from '~/models/calendar-feeds.server'
import { mailOptOuts, saveMailPreferences } from '~/models/reminders.server'
import { auditActorOf } from '~/models/result.server'
import { changeOwnPassword, labNameOf, NewPasswordField, passwordHashOf, withPasswordMin } from '~/models/users.server'
import { actingUserOf, requireUser } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { fieldErrorsOf, type FieldErrors } from '~/utils/forms'
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '~/utils/password.server'
import { readForm } from '~/utils/form-body.server'
import { localeOf } from '~/utils/locale.server'

// A function, not a constant: NewPasswordField lives in a .server module, which is empty in the
// browser bundle.
const changePasswordSchema = () =>
  z
    .object({
      currentPassword: z.string({ error: 'form.required' }).min(1, 'form.required').max(200, 'form.tooLong'),
      newPassword: NewPasswordField,
      confirmPassword: z.string({ error: 'form.required' }),
    })
    .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'account.passwordMismatch' })

// Which reminders also come by mail: the ticked sources; an unticked one is opted out.
const MailPrefs = z.object({ intent: z.literal('mailPrefs'), mail: z.array(z.enum(REMINDER_SOURCES)).max(REMINDER_SOURCES.length) })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const optOuts = mailOptOuts(db(), user.id)
  return {
    // one switch per kind of notice this role can receive; the inbox always has them all
    // a wholly optional kind (the weekly summary): off, it reaches neither the inbox nor mail
    mailPrefs: noticeKindsFor(user.role).map((source) => ({ source, mail: !optOuts.has(source), wholly: isWhollyOptional(source) })),
    user: {
      username: user.username,
      displayName: user.displayName,
      email: user.email,
      role: user.role,
      districtCode: user.districtCode,
      labId: user.labId,
      labName: labNameOf(user.labId),
    },
    minPassword: MIN_PASSWORD_LENGTH,
    tokens: listApiTokens(user.id, now()),
    feed: liveFeedOf(user.id),
    // the calendar feed section's words come with this page, not in every page's messages script
    messages: pageMessages(localeOf(request, user.locale), 'calendarFeed.'),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request)
  const form = await readForm(request)
  // createToken, revokeToken (app/models/api-token-form.server.ts)
  if (isTokenIntent(form.get('intent')))
    return handleTokenIntent({ form, userId: user.id, actor: auditActorOf(actingUserOf(user, context)), now: now() })
  // createFeed, replaceFeed, revokeFeed (app/models/calendar-feed-form.server.ts)
  if (isFeedIntent(form.get('intent')))
    return handleFeedIntent({ form, userId: user.id, actor: auditActorOf(actingUserOf(user, context)), now: now() })
  if (form.get('intent') === 'mailPrefs') {
    const prefs = MailPrefs.safeParse({ intent: form.get('intent'), mail: form.getAll('mail') })
    if (!prefs.success)
      return data({ errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, form: 'mailPrefs' as const }, { status: 400 })
    saveMailPreferences({
      db: db(),
      userId: user.id,
      kinds: noticeKindsFor(user.role),
      mailed: new Set<ReminderSource>(prefs.data.mail),
      at: now(),
    })
    return redirect('/account?mailSaved=1')
  }
  // passwords are never echoed back: a refused form comes back empty
  const fail = (errors: FieldErrors) => data({ errors, form: 'password' as const }, { status: 400 })
  const parsed = changePasswordSchema().safeParse(Object.fromEntries(form))
  if (!parsed.success) return fail(withPasswordMin(fieldErrorsOf(parsed.error)))
  const stored = passwordHashOf(user.id)
  if (!stored || !(await verifyPassword(parsed.data.currentPassword, stored))) {
    return fail({ currentPassword: { key: 'account.wrongPassword' } })
  }
  changeOwnPassword({
    userId: user.id,
    passwordHash: await hashPassword(parsed.data.newPassword),
    request,
    actor: auditActorOf(actingUserOf(user, context)),
  })
  return redirect('/account?changed=1')
}

export default function AccountPage() {
  const { user, minPassword, mailPrefs, tokens, feed, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const t = useT()
  const errors = actionData?.form === 'password' ? actionData.errors : undefined
  const tokenAnswer = actionData?.form === 'token' ? actionData : undefined
  const feedAnswer = actionData?.form === 'feed' ? actionData : undefined
  const scope =
    user.role === 'bureau'
      ? t('account.scope.all')
      : user.role === 'district'
        ? t('account.scope.district', { district: user.districtCode ? t(`district.${user.districtCode}`) : '—' })
        : user.role === 'lab'
          ? t('account.scope.lab', { lab: user.labName ?? '—' })
          : t('account.scope.expert')
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={t('account.title')} />
      {params.get('changed') && !actionData ? <SavedNotice>{t('account.passwordChanged')}</SavedNotice> : null}
      <dl className="card grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-slate-500">{t('account.username')}</dt>
        <dd className="font-mono" data-testid="account-username">
          {user.username}
        </dd>
        <dt className="text-slate-500">{t('account.displayName')}</dt>
        <dd>{user.displayName}</dd>
        <dt className="text-slate-500">{t('account.email')}</dt>
        <dd>{user.email || '—'}</dd>
        <dt className="text-slate-500">{t('account.role')}</dt>
        <dd>{t(`role.${user.role}`)}</dd>
        <dt className="text-slate-500">{t('account.scope')}</dt>
        <dd data-testid="account-scope">{scope}</dd>
      </dl>

      <section className="card" id="mail">
        <h2 className="mb-1 font-semibold">{t('mailPrefs.title')}</h2>
        <p className="mb-3 text-sm text-slate-600">{user.email ? t('mailPrefs.intro') : t('mailPrefs.noEmail')}</p>
        {params.get('mailSaved') && !actionData ? <SavedNotice className="mb-3">{t('mailPrefs.saved')}</SavedNotice> : null}
        <Form method="post" className="space-y-2" data-testid="mail-prefs">
          {actionData?.form === 'mailPrefs' ? <FormAlert errors={actionData.errors} /> : null}
          <input type="hidden" name="intent" value="mailPrefs" />
          {mailPrefs.map((p) => (
            <label key={p.source} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="mail" value={p.source} defaultChecked={p.mail} />
              {t(`reminders.source.${p.source}`)}
              {p.wholly ? (
                <span className="text-xs text-slate-500" data-testid={`wholly-${p.source}`}>
                  {t('notices.weekly.accountHint')}
                </span>
              ) : null}
            </label>
          ))}
          <button type="submit" className="btn">
            {t('mailPrefs.save')}
          </button>
        </Form>
      </section>

      <ApiTokensSection
        tokens={tokens}
        created={tokenAnswer?.created}
        errors={tokenAnswer?.errors}
        values={tokenAnswer?.values}
        revoked={Boolean(params.get('tokenRevoked')) && !actionData}
      />

      <CalendarFeedSection
        live={feed}
        created={feedAnswer?.created}
        errors={feedAnswer?.errors}
        revoked={Boolean(params.get('feedRevoked')) && !actionData}
      />

      <section className="card">
        <h2 className="mb-3 font-semibold">{t('account.changePassword')}</h2>
        <Form method="post" className="space-y-4" noValidate>
          <FormAlert errors={errors} />
          <Field name="currentPassword" label={t('account.currentPassword')} errors={errors} required>
            {(props) => <input {...props} type="password" className="input" autoComplete="current-password" />}
          </Field>
          <Field
            name="newPassword"
            label={t('account.newPassword')}
            hint={t('account.passwordTooShort', { min: minPassword })}
            errors={errors}
            required
          >
            {(props) => <input {...props} type="password" className="input" autoComplete="new-password" minLength={minPassword} />}
          </Field>
          <Field name="confirmPassword" label={t('account.confirmPassword')} errors={errors} required>
            {(props) => <input {...props} type="password" className="input" autoComplete="new-password" />}
          </Field>
          <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
            {t('account.submitPassword')}
          </button>
        </Form>
      </section>
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'account.title')
