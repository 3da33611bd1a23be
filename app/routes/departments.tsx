import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { revalidateWhenStale, StaleNotice, VersionField } from '~/components/ui/stale-notice'
import { TableScroll } from '~/components/ui/table-scroll'
import { isMessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { addDepartment, listDepartments, renameDepartment, setDepartmentActive } from '~/models/city-departments.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { roundPageMessages } from '~/i18n/messages-asset.server'
import { localeOf } from '~/utils/locale.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'

// 市级部门 (issue 21): the city departments that recommend applicants in certification rounds
// beside the ten district offices. The bureau adds, renames, deactivates and reactivates them.
const Intent = z.enum(['addDepartment', 'renameDepartment', 'deactivateDepartment', 'reactivateDepartment'])

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'round:manage')
  return { departments: listDepartments(), messages: roundPageMessages(localeOf(request, user.locale)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'round:manage')
  const by = actingUserOf(user, context)
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success)
    return data({ intent: '', id: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const id = Number(values.id)
  const result =
    intent.data === 'addDepartment'
      ? addDepartment({ by, values })
      : intent.data === 'renameDepartment'
        ? renameDepartment({ by, id, values })
        : setDepartmentActive({ by, id, active: intent.data === 'reactivateDepartment', version: values.rowVersion })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, id: values.id ?? '', values })
  return redirect(`/departments?saved=${result.changed ? intent.data : 'unchanged'}`)
}

export default function DepartmentsPage() {
  const { departments, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const sent = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const savedKey = `departments.saved.${params.get('saved')}`
  const adding = sent?.intent === 'addDepartment' ? sent : undefined
  const rowErrors = (id: number) => (sent && sent.intent !== 'addDepartment' && sent.id === String(id) ? sent : undefined)
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('departments.title')}
        back={{ to: '/rounds', label: t('rounds.title') }}
        subtitle={t('departments.intro')}
        actions={
          <Link to="/audit?entityType=city_department" className="link text-sm">
            {t('settings.history')}
          </Link>
        }
      />
      {isMessageKey(savedKey) && !sent ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      {sent?.intent === '' ? <FormAlert errors={sent.errors} /> : null}
      <StaleNotice answer={sent} />
      <section className="card">
        {departments.length === 0 ? <p className="text-sm text-slate-500">{t('departments.none')}</p> : null}
        <TableScroll>
          <table className="w-full text-sm" data-testid="departments-table">
            <tbody>
              {departments.map((d) => {
                const mine = rowErrors(d.id)
                return (
                  <tr key={d.id} className="border-t align-top" data-department-active={String(d.active)}>
                    <td className="py-2 pr-3">
                      <code translate="no">{d.code}</code>
                      {d.active ? null : <span className="ml-2 text-xs text-slate-500">{t('departments.inactive')}</span>}
                    </td>
                    <td className="py-2 pr-3">
                      <Form method="post" className="flex flex-wrap items-start gap-2" noValidate>
                        <input type="hidden" name="intent" value="renameDepartment" />
                        <input type="hidden" name="id" value={d.id} />
                        <VersionField version={d.rowVersion} />
                        <NameInput
                          name="nameZh"
                          label={t('departments.nameZh')}
                          value={mine?.values.nameZh ?? d.nameZh}
                          errors={mine?.errors}
                        />
                        <NameInput
                          name="nameEn"
                          label={t('departments.nameEn')}
                          value={mine?.values.nameEn ?? d.nameEn}
                          errors={mine?.errors}
                        />
                        <button type="submit" className="btn">
                          {t('departments.rename')}
                        </button>
                      </Form>
                      {mine?.errors._form ? <FormAlert errors={mine.errors} /> : null}
                    </td>
                    <td className="py-2">
                      <Form method="post">
                        <input type="hidden" name="intent" value={d.active ? 'deactivateDepartment' : 'reactivateDepartment'} />
                        <input type="hidden" name="id" value={d.id} />
                        <VersionField version={d.rowVersion} />
                        <button type="submit" className="link text-sm">
                          {t(d.active ? 'departments.deactivate' : 'departments.reactivate')}
                        </button>
                      </Form>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="card max-w-3xl">
        <h2 className="mb-3 font-semibold">{t('departments.add')}</h2>
        <Form method="post" className="grid items-end gap-3 md:grid-cols-4" noValidate>
          <input type="hidden" name="intent" value="addDepartment" />
          {(['code', 'nameZh', 'nameEn'] as const).map((name) => (
            <Field key={name} idPrefix="add" name={name} label={t(`departments.${name}`)} errors={adding?.errors} required>
              {(p) => <input {...p} className="input" defaultValue={adding?.values[name] ?? ''} />}
            </Field>
          ))}
          <div>
            <button type="submit" className="btn-primary">
              {t('departments.add')}
            </button>
          </div>
        </Form>
      </section>
    </div>
  )
}

function NameInput({ name, label, value, errors }: { name: string; label: string; value: string; errors?: FieldErrors }) {
  const t = useT()
  const error = errors?.[name]
  return (
    <div>
      <input name={name} aria-label={label} className="input" defaultValue={value} aria-invalid={Boolean(error)} />
      {error ? (
        <p className="field-error" role="alert">
          {t(error.key, error.vars)}
        </p>
      ) : null}
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'departments.title')
