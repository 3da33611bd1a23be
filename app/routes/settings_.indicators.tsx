import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormAlert, RefusalNotice } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { isStaleAnswer, revalidateWhenStale, StaleNotice, VersionField } from '~/components/ui/stale-notice'
import { INDICATOR_UNITS } from '~/domain/indicators'
import { isMessageKey, type MessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { addCustomIndicator, listCustomIndicators, updateCustomIndicator } from '~/models/custom-indicators.server'
import { refusalResponse } from '~/models/result.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { readForm } from '~/utils/form-body.server'
import { formValues, type FieldErrors } from '~/utils/forms'

// 自定义任务指标 (/settings/indicators, issue 16): the indicators the bureau adds to the built-in
// catalogue. The bureau's alone, like the other rule settings.
const Intent = z.enum(['addIndicator', 'renameIndicator', 'deactivateIndicator', 'reactivateIndicator'])

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'settings:manage')
  return { rows: listCustomIndicators() }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const by = actingUserOf(requireCapability(request, 'settings:manage'), context)
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success)
    return data({ intent: '', id: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const id = Number(values.id)
  const result =
    intent.data === 'addIndicator'
      ? addCustomIndicator({ by, raw: values })
      : !Number.isSafeInteger(id) || id <= 0
        ? null
        : updateCustomIndicator({
            by,
            id,
            raw:
              intent.data === 'renameIndicator'
                ? { nameZh: values.nameZh ?? '', nameEn: values.nameEn ?? '' }
                : { active: intent.data === 'reactivateIndicator' },
            version: values.rowVersion,
          })
  if (!result) throw new Response('Not found', { status: 404 })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, id: values.id ?? '', values })
  const saved = !result.changed ? 'unchanged' : intent.data === 'addIndicator' ? 'added' : 'changed'
  return redirect(`/settings/indicators?saved=${saved}`)
}

export default function IndicatorsPage() {
  const { rows } = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const savedKey = `indicators.saved.${params.get('saved')}`
  const errors: FieldErrors | undefined = sent && !isStaleAnswer(sent) ? sent.errors : undefined
  const typed = sent?.values as Record<string, string> | undefined
  const adding = sent?.intent === 'addIndicator'
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('indicators.title')}
        back={{ to: '/settings', label: t('settings.title') }}
        actions={
          <Link to="/audit?entityType=custom_indicator" className="link text-sm">
            {t('settings.history')}
          </Link>
        }
        subtitle={t('indicators.intro')}
      />
      {sent?.intent === '' ? <RefusalNotice errors={sent.errors} /> : null}
      {isMessageKey(savedKey) && !sent ? <SavedNotice>{t(savedKey)}</SavedNotice> : null}
      <StaleNotice answer={sent} typedField="nameZh" />
      <section className="card space-y-3">
        {rows.length === 0 ? <p className="text-sm text-slate-600">{t('indicators.none')}</p> : null}
        {rows.map((row) => {
          const mine = sent && sent.intent !== 'addIndicator' && sent.id === String(row.id)
          return (
            <div
              key={`${row.id}.${row.rowVersion}`}
              className="flex flex-wrap items-end gap-2 border-b pb-3"
              data-testid={`indicator-${row.id}`}
            >
              <Form method="post" className="flex flex-wrap items-end gap-2" noValidate>
                <input type="hidden" name="id" value={row.id} />
                <VersionField version={row.rowVersion} />
                <Field idPrefix={`i${row.id}`} name="nameZh" label={t('indicators.col.nameZh')} errors={mine ? errors : undefined}>
                  {(p) => <input {...p} className="input" defaultValue={mine ? typed?.nameZh : row.nameZh} />}
                </Field>
                <Field idPrefix={`i${row.id}`} name="nameEn" label={t('indicators.col.nameEn')} errors={mine ? errors : undefined}>
                  {(p) => <input {...p} className="input" defaultValue={mine ? typed?.nameEn : row.nameEn} />}
                </Field>
                <span className="text-sm">
                  {t(`indicators.unit.${row.unit}` as MessageKey)} · {row.active ? t('indicators.active') : t('indicators.inactive')}
                </span>
                <button className="btn" name="intent" value="renameIndicator">
                  {t('indicators.rename')}
                </button>
                <button className="btn" name="intent" value={row.active ? 'deactivateIndicator' : 'reactivateIndicator'}>
                  {row.active ? t('indicators.deactivate') : t('indicators.reactivate')}
                </button>
              </Form>
              {mine ? <FormAlert errors={errors?._form ? errors : undefined} /> : null}
            </div>
          )
        })}
      </section>
      <Form method="post" className="card flex flex-wrap items-end gap-2" noValidate>
        <input type="hidden" name="intent" value="addIndicator" />
        <Field idPrefix="new" name="nameZh" label={t('indicators.col.nameZh')} errors={adding ? errors : undefined} required>
          {(p) => <input {...p} className="input" defaultValue={adding ? typed?.nameZh : ''} />}
        </Field>
        <Field idPrefix="new" name="nameEn" label={t('indicators.col.nameEn')} errors={adding ? errors : undefined} required>
          {(p) => <input {...p} className="input" defaultValue={adding ? typed?.nameEn : ''} />}
        </Field>
        <Field idPrefix="new" name="unit" label={t('indicators.col.unit')} errors={adding ? errors : undefined}>
          {(p) => (
            <select {...p} className="input w-auto" defaultValue={adding ? typed?.unit : 'count'}>
              {INDICATOR_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`indicators.unit.${u}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button className="btn btn-primary">{t('indicators.add')}</button>
      </Form>
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'indicators.title')
