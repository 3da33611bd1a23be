import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { UserFields } from '~/components/users/user-fields'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { formatShanghaiTime } from '~/domain/dates'
import { auditActorOf } from '~/models/result.server'
import {
  departmentOptions,
  getUserById,
  labOptions,
  NewPasswordField,
  organisationOptions,
  parseUserFields,
  resetUserPassword,
  updateUser,
  withPasswordMin,
} from '~/models/users.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { fieldErrorsOf, formValues, type FieldErrors } from '~/utils/forms'
import { hashPassword, MIN_PASSWORD_LENGTH } from '~/utils/password.server'
import { readForm } from '~/utils/form-body.server'

const IdParam = z.coerce.number().int().positive()
// A function, not a constant: NewPasswordField lives in a .server module, empty in the browser.
const resetSchema = () => z.object({ password: NewPasswordField })

function userIdOf(params: { userId?: string }) {
  const id = IdParam.safeParse(params.userId)
  if (!id.success) throw new Response('Not found', { status: 404 })
  return id.data
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = requireCapability(request, 'user:manage')
  const user = getUserById(userIdOf(params))
  if (!user) throw new Response('Not found', { status: 404 })
  return {
    user: { ...user, lastLoginText: user.lastLoginAt ? formatShanghaiTime(user.lastLoginAt) : null },
    labs: labOptions(),
    organisations: organisationOptions(),
    departments: departmentOptions(),
    isSelf: user.id === me.id,
    minPassword: MIN_PASSWORD_LENGTH,
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const me = requireCapability(request, 'user:manage')
  const id = userIdOf(params)
  const current = getUserById(id)
  if (!current) throw new Response('Not found', { status: 404 })
  const form = await readForm(request)
  const actor = auditActorOf(actingUserOf(me, context))
  const values: Record<string, string> = { ...formValues(form), password: '' }
  const fail = (intent: 'update' | 'resetPassword', errors: FieldErrors) => data({ intent, errors, values }, { status: 400 })

  switch (form.get('intent')) {
    case 'update': {
      const parsed = parseUserFields(form, { currentRole: current.role })
      const errors: FieldErrors = parsed.ok ? {} : parsed.errors
      // the bureau cannot lock itself out: no self-deactivation, no self-demotion
      if (id === me.id) {
        if (form.get('active') !== 'on') errors.active = { key: 'users.error.selfDeactivate' }
        if (form.get('role') !== me.role) errors.role = { key: 'users.error.selfDemote' }
      }
      if (!parsed.ok || Object.keys(errors).length > 0) return fail('update', errors)
      updateUser({ id, fields: parsed.fields, actor })
      return redirect(`/users/${id}?saved=updated`)
    }
    case 'resetPassword': {
      const parsed = resetSchema().safeParse({ password: form.get('password') ?? '' })
      if (!parsed.success) return fail('resetPassword', withPasswordMin(fieldErrorsOf(parsed.error)))
      resetUserPassword({ id, passwordHash: await hashPassword(parsed.data.password), actor })
      return redirect(`/users/${id}?saved=password`)
    }
    default:
      throw new Response('Bad request', { status: 400 })
  }
}

export default function UserPage() {
  const { user, labs, organisations, departments, isSelf, minPassword } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const t = useT()
  const saved = params.get('saved')
  const updateErrors = actionData?.intent === 'update' ? actionData.errors : undefined
  const resetErrors = actionData?.intent === 'resetPassword' ? actionData.errors : undefined
  const typed = actionData?.intent === 'update' ? actionData.values : undefined
  const v = {
    displayName: typed?.displayName ?? user.displayName,
    email: typed?.email ?? user.email,
    role: typed?.role ?? user.role,
    districtCode: typed?.districtCode ?? user.districtCode ?? '',
    labId: typed?.labId ?? (user.labId === null ? '' : String(user.labId)),
    organisationId: typed?.organisationId ?? (user.organisationId === null ? '' : String(user.organisationId)),
    departmentId: typed?.departmentId ?? (user.departmentId === null ? '' : String(user.departmentId)),
    active: typed ? typed.active === 'on' : user.active,
  }
  const busy = navigation.state === 'submitting'
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader
        title={user.username}
        titleClassName="font-mono"
        back={{ to: '/users', label: t('users.title') }}
        badges={
          <>
            {isSelf ? <span className="text-sm text-slate-500">{t('users.self')}</span> : null}
            {!user.active ? <span className="rounded bg-slate-200 px-2 py-0.5 text-xs">{t('users.inactive')}</span> : null}
          </>
        }
        actions={<span className="text-sm text-slate-500">{t('users.lastLogin', { at: user.lastLoginText ?? t('users.never') })}</span>}
      />
      {saved && !actionData ? (
        <SavedNotice>{t(saved === 'password' ? 'users.passwordReset' : saved === 'created' ? 'users.created' : 'users.saved')}</SavedNotice>
      ) : null}

      <section className="card">
        <h2 className="mb-3 font-semibold">{t('users.section.edit')}</h2>
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="update" />
          <FormAlert errors={updateErrors} />
          <UserFields
            values={v}
            errors={updateErrors}
            labs={labs}
            organisations={organisations}
            departments={departments}
            roleBlank={false}
          />
          <button type="submit" className="btn-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </Form>
      </section>

      <section className="card">
        <h2 className="mb-1 font-semibold">{t('users.section.resetPassword')}</h2>
        <p className="mb-3 text-sm text-slate-600">{t('users.resetPasswordHint')}</p>
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="resetPassword" />
          <FormAlert errors={resetErrors} />
          <Field
            name="password"
            label={t('users.field.newPassword')}
            hint={t('users.field.passwordHint', { min: minPassword })}
            errors={resetErrors}
            required
          >
            {(props) => <input {...props} type="password" className="input" autoComplete="new-password" minLength={minPassword} />}
          </Field>
          <button type="submit" className="btn-danger" disabled={busy}>
            {t('users.resetPassword')}
          </button>
        </Form>
      </section>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'nav.users', args.data?.user.username)
