import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ApplicantFields } from '~/components/applicants/applicant-fields'
import { Field, FormAlert } from '~/components/ui/field'
import { pageMessages } from '~/i18n/messages-asset.server'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { officeChoices, registerApplicant } from '~/models/applicants.server'
import { registrationThrottle } from '~/models/registration-throttle.server'
import { getUser } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'
import { localeOf } from '~/utils/locale.server'
import { MIN_PASSWORD_LENGTH } from '~/utils/password.server'
import { clientIpOf } from '~/utils/request.server'

// 申报单位注册 (issue 21): public. An organisation registers itself and an account; the office it
// chose confirms it on /applicants. Throttled per address (app/domain/registration-throttle.ts).

export async function loader({ request }: LoaderFunctionArgs) {
  const user = getUser(request)
  if (user) throw redirect('/')
  return { offices: officeChoices(), minPassword: MIN_PASSWORD_LENGTH, messages: pageMessages(localeOf(request, null), 'applicants.') }
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (getUser(request)) throw redirect('/')
  const values = formValues(await readForm(request))
  const ip = clientIpOf(context)
  const at = now()
  const result = await registerApplicant({ values, ip, throttle: registrationThrottle(ip, at), now: at })
  // the password is never sent back to the page
  const kept = { ...values, password: '' }
  if (result.ok) return redirect('/login?registered=1')
  if (result.error === 'throttled') {
    const errors: FieldErrors = { _form: { key: 'applicants.error.throttled', vars: { minutes: result.minutes } } }
    return data({ errors, values: kept }, { status: 429, headers: { 'Retry-After': String(result.minutes * 60) } })
  }
  return data({ errors: result.errors, values: kept }, { status: 400 })
}

export default function RegisterPage() {
  const { offices, minPassword, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const sent = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const errors = sent?.errors
  const v: Record<string, string | undefined> = sent?.values ?? {}
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t('applicants.register.title')}</h1>
        <p className="mt-1 text-sm text-slate-600">{t('applicants.register.intro')}</p>
      </div>
      <Form method="post" className="card space-y-6" noValidate>
        <FormAlert errors={errors} />
        <ApplicantFields values={v} errors={errors} offices={offices} />
        <fieldset className="grid gap-4 md:grid-cols-2">
          <legend className="mb-2 font-semibold">{t('applicants.section.account')}</legend>
          <Field name="username" label={t('applicants.field.username')} hint={t('users.field.usernameHint')} errors={errors} required>
            {(p) => <input {...p} className="input font-mono" defaultValue={v.username ?? ''} autoComplete="username" maxLength={32} />}
          </Field>
          <Field
            name="password"
            label={t('applicants.field.password')}
            hint={t('users.field.passwordHint', { min: minPassword })}
            errors={errors}
            required
          >
            {(p) => <input {...p} type="password" className="input" autoComplete="new-password" minLength={minPassword} />}
          </Field>
        </fieldset>
        <div className="flex flex-wrap items-center gap-4">
          <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
            {t('applicants.register.submit')}
          </button>
          <Link to="/login" className="link text-sm">
            {t('applicants.register.haveAccount')}
          </Link>
        </div>
      </Form>
    </div>
  )
}

// A document answer (a form posted without JavaScript) carries the action's Retry-After too.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}

export const meta: MetaFunction = (args) => pageTitle(args, 'applicants.register.title')
