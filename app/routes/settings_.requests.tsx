import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { RESOURCE_TYPES, type ResourceType } from '~db/schema/enums'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { formatShanghaiTime } from '~/domain/dates'
import { DECISION_DAYS_MAX, DECISION_DAYS_MIN, DEFAULT_DECISION_DAYS } from '~/domain/resource-requests'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { RuleInput } from '~/models/request-rules-form'
import { typeRuleRows, updateTypeRule } from '~/models/request-rules.server'
import { refusalResponse } from '~/models/result.server'
import { VERSION_FIELD } from '~/models/stale-state'
import { revalidateWhenStale, StaleNotice, VersionField } from '~/components/ui/stale-notice'
import { auditActorOf } from '~/models/result.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'

// The bureau's service rules for resource requests, one form per type: the working days it has
// to decide and whether the lab's district gives its opinion first. Every change is audited.

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'settings:manage')
  return { rows: typeRuleRows() }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'settings:manage')
  const values = formValues(await readForm(request))
  const parsed = RuleInput.safeParse(values)
  if (!parsed.success) {
    const badType = parsed.error.issues.some((i) => i.path[0] === 'type')
    const errors: FieldErrors = badType
      ? { _form: { key: 'form.invalidChoice' } }
      : { decisionDays: { key: 'requests.rules.error.days', vars: { min: DECISION_DAYS_MIN, max: DECISION_DAYS_MAX } } }
    return data({ type: badType ? '' : values.type, errors, values }, { status: 400 })
  }
  const { type, decisionDays, districtOpinion } = parsed.data
  const result = updateTypeRule({
    type,
    rule: { decisionDays, districtOpinion },
    actor: auditActorOf(actingUserOf(user, context)),
    at: now(),
    version: values[VERSION_FIELD],
  })
  if (!result.ok) return refusalResponse(result, { type, values })
  return redirect(`/settings/requests?${result.changed ? 'saved' : 'unchanged'}=${type}`)
}

export default function RequestRulesPage() {
  const { rows } = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  const t = useT()
  const [params] = useSearchParams()
  const saved = params.get('saved') ?? params.get('unchanged')
  const savedType = (RESOURCE_TYPES as readonly string[]).includes(saved ?? '') ? (saved as ResourceType) : null
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('requests.rules.title')}
        actions={
          <>
            <Link to="/audit?entityType=request_type_rule" className="link text-sm">
              {t('settings.history')}
            </Link>
            <Link to="/settings" className="btn">
              {t('settings.title')}
            </Link>
          </>
        }
        subtitle={t('requests.rules.intro')}
      />
      {savedType && !sent ? (
        <SavedNotice>
          {t(params.get('saved') ? 'requests.rules.saved' : 'requests.rules.unchanged', { type: t(`requests.type.${savedType}`) })}
        </SavedNotice>
      ) : null}
      <StaleNotice answer={sent} />
      {sent?.type === '' && sent.errors._form ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {t(sent.errors._form.key)}
        </p>
      ) : null}
      <div className="card table-scroll" tabIndex={0}>
        <table className="min-w-full" data-testid="request-rules">
          <thead>
            <tr>
              <th className="th">{t('requests.col.type')}</th>
              <th className="th">{t('requests.rules.decisionDays')}</th>
              <th className="th">{t('requests.rules.districtOpinion')}</th>
              <th className="th">{t('requests.rules.updated')}</th>
              <th className="th" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const mine = sent?.type === row.type ? sent : undefined
              const error = mine?.errors.decisionDays
              const formId = `rule-${row.type}`
              return (
                <tr key={row.type} data-type={row.type}>
                  <td className="td font-medium">{t(`requests.type.${row.type}`)}</td>
                  <td className="td">
                    <input
                      form={formId}
                      name="decisionDays"
                      type="number"
                      min={DECISION_DAYS_MIN}
                      max={DECISION_DAYS_MAX}
                      step={1}
                      aria-label={`${t(`requests.type.${row.type}`)} · ${t('requests.rules.decisionDays')}`}
                      aria-invalid={Boolean(error)}
                      className="input w-24"
                      defaultValue={mine?.values.decisionDays ?? String(row.decisionDays)}
                    />
                    {row.decisionDays !== DEFAULT_DECISION_DAYS ? (
                      <span className="ml-2 text-xs text-slate-500">({DEFAULT_DECISION_DAYS})</span>
                    ) : null}
                    {error ? (
                      <p className="field-error" role="alert" data-testid={`error-${row.type}`}>
                        {t(error.key, error.vars)}
                      </p>
                    ) : null}
                  </td>
                  <td className="td">
                    <input
                      form={formId}
                      name="districtOpinion"
                      type="checkbox"
                      aria-label={`${t(`requests.type.${row.type}`)} · ${t('requests.rules.districtOpinion')}`}
                      defaultChecked={mine ? mine.values.districtOpinion === 'on' : row.districtOpinion}
                    />
                  </td>
                  <td className="td text-sm text-slate-600">
                    {row.updatedAt
                      ? t('settings.changedBy', { who: row.updatedBy ?? '—', at: formatShanghaiTime(row.updatedAt) })
                      : t('settings.never')}
                  </td>
                  <td className="td">
                    <Form method="post" id={formId} noValidate>
                      <input type="hidden" name="type" value={row.type} />
                      <VersionField version={row.rowVersion} />
                      <button type="submit" className="btn">
                        {t('requests.rules.save')}
                      </button>
                    </Form>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'requests.rules.title')
