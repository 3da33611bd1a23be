import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Field, FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { UserFields } from '~/components/users/user-fields'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { auditActorOf, refusalResponse } from '~/models/result.server'
import { createUser, departmentOptions, labOptions, organisationOptions, parseNewUserForm } from '~/models/users.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { formValues } from '~/utils/forms'
import { hashPassword, MIN_PASSWORD_LENGTH } from '~/utils/password.server'
import { readForm } from '~/utils/form-body.server'

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'user:manage')
  return { labs: labOptions(), organisations: organisationOptions(), departments: departmentOptions(), minPassword: MIN_PASSWORD_LENGTH }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const me = requireCapability(request, 'user:manage')
  const form = await readForm(request)
  const parsed = parseNewUserForm(form)
  // the password is never sent back to the page
  const values: Record<string, string> = { ...formValues(form), password: '' }
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 })
  const result = createUser({
    username: parsed.username,
    passwordHash: await hashPassword(parsed.password),
    fields: parsed.fields,
    actor: auditActorOf(actingUserOf(me, context)),
  })
  if (!result.ok) return refusalResponse(result, { values })
  return redirect(`/users/${result.user.id}?saved=created`)
}

export default function NewUserPage() {
  const { labs, organisations, departments, minPassword } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const errors = actionData?.errors
  const v: Record<string, string | undefined> = actionData?.values ?? { active: 'on' }
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader title={t('users.newTitle')} back={{ to: '/users', label: t('users.title') }} />
      <Form method="post" className="card space-y-4" noValidate>
        <FormAlert errors={errors} />
        <Field name="username" label={t('users.field.username')} hint={t('users.field.usernameHint')} errors={errors} required>
          {(props) => <input {...props} className="input font-mono" defaultValue={v.username ?? ''} autoComplete="off" maxLength={32} />}
        </Field>
        <UserFields
          values={{
            displayName: v.displayName ?? '',
            email: v.email ?? '',
            role: v.role ?? '',
            districtCode: v.districtCode ?? '',
            labId: v.labId ?? '',
            organisationId: v.organisationId ?? '',
            departmentId: v.departmentId ?? '',
            active: v.active === 'on',
          }}
          errors={errors}
          labs={labs}
          organisations={organisations}
          departments={departments}
          roleBlank
        />
        <Field
          name="password"
          label={t('users.field.password')}
          hint={t('users.field.passwordHint', { min: minPassword })}
          errors={errors}
          required
        >
          {(props) => <input {...props} type="password" className="input" autoComplete="new-password" minLength={minPassword} />}
        </Field>
        <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
          {t('common.create')}
        </button>
      </Form>
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'users.newTitle')
