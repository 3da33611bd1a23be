import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import type { ReminderKind } from '~db/schema/enums'
import { FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { revalidateWhenStale, StaleNotice, VersionField } from '~/components/ui/stale-notice'
import { formatShanghaiTime } from '~/domain/dates'
import { followUpDaysByGrade, isReminderKind } from '~/domain/reminder-kinds'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { asForm, KindField, RulesForm, rulesOf, withLimits } from '~/models/reminder-rules-form'
import { readKindRules, readReminderRules, updateKindRules, updateReminderRules } from '~/models/reminders.server'
import { auditActorOf, refusalResponse } from '~/models/result.server'
import { ruleSettings } from '~/models/settings.server'
import { VERSION_FIELD } from '~/models/stale-state'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { fieldErrorsOf, formValues, type FieldErrors } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'

// The bureau's reminder rules (issue 7), per kind of obligation (issue 15): the default rules,
// then one section per kind showing the steps it follows, each saved on its own (or put back on
// its default), audited and stale-protected (docs/decisions/010-stale-decisions.md). Outside the
// settings.tsx layout (the underscore), linked from it.
const RulesIntent = z.enum(['defaults', 'kind', 'resetKind'])

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'settings:manage')
  const rules = readReminderRules(db())
  return {
    values: asForm(rules),
    rowVersion: rules.rowVersion,
    updatedAt: rules.updatedAt ? formatShanghaiTime(rules.updatedAt) : null,
    updatedBy: rules.updatedBy,
    kinds: readKindRules(db()).map((k) => ({
      kind: k.kind,
      origin: k.origin,
      rules: k.rules,
      values: asForm(k.rules),
      rowVersion: k.rowVersion,
      updatedAt: k.updatedAt && k.origin === 'own' ? formatShanghaiTime(k.updatedAt) : null,
      updatedBy: k.updatedBy,
    })),
    followUpDays: followUpDaysByGrade(ruleSettings()),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'settings:manage')
  const values = formValues(await readForm(request))
  const intent = RulesIntent.safeParse(values.intent ?? 'defaults')
  const kind = values.kind && isReminderKind(values.kind) ? values.kind : null
  if (!intent.success || (intent.data !== 'defaults' && !KindField.safeParse(values.kind).success))
    return data({ kind: null, errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const actor = auditActorOf(actingUserOf(user, context))
  const version = values[VERSION_FIELD]
  if (intent.data === 'resetKind') {
    const result = updateKindRules({ db: db(), kind: kind!, rules: null, actor, at: now(), version })
    if (!result.ok) return refusalResponse(result, { kind, values })
    return redirect(`/settings/reminders?kind=${kind}&saved=${result.changed ? 'reset' : '0'}`)
  }
  const parsed = RulesForm.safeParse(values)
  const checked = parsed.success ? rulesOf(parsed.data) : { errors: withLimits(fieldErrorsOf(parsed.error)) }
  if ('errors' in checked) return data({ kind, errors: checked.errors, values }, { status: 400 })
  const result =
    intent.data === 'defaults'
      ? updateReminderRules({ db: db(), rules: checked.rules, actor, at: now(), version })
      : updateKindRules({ db: db(), kind: kind!, rules: checked.rules, actor, at: now(), version })
  if (!result.ok) return refusalResponse(result, { kind, values })
  const saved = result.changed ? 1 : 0
  return redirect(intent.data === 'defaults' ? `/settings/reminders?saved=${saved}` : `/settings/reminders?kind=${kind}&saved=${saved}`)
}

type Values = Record<string, string>

// The six rule fields; `prefix` keeps the ids of the default form and each kind's form apart.
function RuleFields({ prefix, values, errors, pace }: { prefix: string; values: Values; errors?: FieldErrors; pace?: string }) {
  const t = useT()
  const input = (name: string, label: string, hint?: string, narrow = false) => {
    const id = `${prefix}-${name}`
    const error = errors?.[name]
    return (
      <div key={name}>
        <label htmlFor={id} className="label">
          {label}
        </label>
        <input
          id={id}
          name={name}
          className={narrow ? 'input w-32' : 'input'}
          defaultValue={values[name]}
          inputMode="numeric"
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        />
        {hint ? (
          <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={`${id}-error`} className="field-error" role="alert" data-testid={`error-${prefix}-${name}`}>
            {t(error.key, error.vars)}
          </p>
        ) : null}
      </div>
    )
  }
  return (
    <>
      {input('beforeDays', t('reminderRules.beforeDays'), t('reminderRules.beforeDays.hint'))}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="onDueDate" value="on" defaultChecked={values.onDueDate === 'on'} />
        {t('reminderRules.onDueDate')}
      </label>
      {input('afterDays', t('reminderRules.afterDays'), t('reminderRules.afterDays.hint'))}
      {pace ? (
        <p className="text-sm text-slate-600">
          <input type="hidden" name="repeatEveryDays" value={values.repeatEveryDays} />
          {pace}
        </p>
      ) : (
        input('repeatEveryDays', t('reminderRules.repeatEveryDays'), undefined, true)
      )}
      {input('escalateDistrictAfterDays', t('reminderRules.escalateDistrictAfterDays'), undefined, true)}
      {input('escalateBureauAfterDays', t('reminderRules.escalateBureauAfterDays'), undefined, true)}
    </>
  )
}

export default function ReminderRulesPage() {
  const loaded = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const sentKind = sent && 'kind' in sent ? sent.kind : null
  const errors: FieldErrors | undefined = sent && !sentKind && !('stale' in sent) ? sent.errors : undefined
  const values: Values = sent && !sentKind && !('stale' in sent) ? (sent.values as Values) : loaded.values
  const saved = params.get('saved')
  const savedKind = params.get('kind')
  const kindName = (kind: string) => t(`reminders.source.${kind as ReminderKind}`)
  const list = (days: number[]) => (days.length ? days.join(',') : t('reminderKinds.summary.none'))
  const pace = t('reminderKinds.followUpPace', loaded.followUpDays)
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader
        title={t('reminderRules.title')}
        actions={
          <Link to="/audit?entityType=reminder_kind_rules" className="link text-sm">
            {t('nav.audit')}
          </Link>
        }
        subtitle={t('reminderRules.intro')}
      />
      {saved !== null && !sent ? (
        <SavedNotice>
          {savedKind && isReminderKind(savedKind)
            ? t(saved === '1' ? 'reminderKinds.saved' : saved === 'reset' ? 'reminderKinds.resetDone' : 'reminderKinds.unchanged', {
                kind: kindName(savedKind),
              })
            : saved === '1'
              ? t('reminderRules.saved')
              : t('reminderRules.unchanged')}
        </SavedNotice>
      ) : null}
      <StaleNotice answer={sent} />
      <section className="card space-y-4" data-testid="default-rules">
        <h2 className="font-semibold">{t('reminderKinds.defaultTitle')}</h2>
        <p className="text-sm text-slate-600">{t('reminderKinds.defaultIntro')}</p>
        <p className="text-xs text-slate-500" data-testid="rules-last-change">
          {loaded.updatedAt
            ? t('reminderRules.lastChange', { at: loaded.updatedAt, by: loaded.updatedBy ?? '—' })
            : t('reminderRules.defaults')}
        </p>
        <Form method="post" className="space-y-4" noValidate key={`defaults-${loaded.rowVersion}`}>
          <FormAlert errors={errors} />
          <input type="hidden" name="intent" value="defaults" />
          <VersionField version={loaded.rowVersion} />
          <RuleFields prefix="defaults" values={values} errors={errors} />
          <button type="submit" className="btn-primary">
            {t('reminderRules.save')}
          </button>
        </Form>
      </section>
      <section className="space-y-2" data-testid="kind-rules">
        <h2 className="font-semibold">{t('reminderKinds.kindsTitle')}</h2>
        <p className="text-sm text-slate-600">{t('reminderKinds.kindsIntro')}</p>
        {loaded.kinds.map((k) => {
          const mine = sentKind === k.kind && sent && !('stale' in sent) ? sent : undefined
          const r = k.rules
          return (
            <details key={`${k.kind}-${k.rowVersion}`} className="card" data-kind={k.kind} data-origin={k.origin} open={Boolean(mine)}>
              <summary className="cursor-pointer">
                <span className="font-medium">{kindName(k.kind)}</span>
                <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-700">{t(`reminderKinds.origin.${k.origin}`)}</span>
                <p className="mt-1 text-xs text-slate-600" data-testid={`summary-${k.kind}`}>
                  {t('reminderKinds.summary', {
                    before: list(r.beforeDays),
                    onDue: t(r.onDueDate ? 'reminderKinds.summary.onDue' : 'reminderKinds.summary.noOnDue'),
                    after: list(r.afterDays),
                    repeat: r.repeatEveryDays,
                    district: r.escalateDistrictAfterDays,
                    bureau: r.escalateBureauAfterDays,
                  })}
                  {k.kind === 'incident_followup' ? ` · ${pace}` : ''}
                </p>
                {k.updatedAt ? (
                  <p className="text-xs text-slate-500">{t('reminderRules.lastChange', { at: k.updatedAt, by: k.updatedBy ?? '—' })}</p>
                ) : null}
              </summary>
              <Form method="post" className="mt-3 space-y-4" noValidate>
                <FormAlert errors={mine?.errors} />
                <input type="hidden" name="intent" value="kind" />
                <input type="hidden" name="kind" value={k.kind} />
                <VersionField version={k.rowVersion} />
                <RuleFields
                  prefix={k.kind}
                  values={(mine?.values as Values | undefined) ?? k.values}
                  errors={mine?.errors}
                  pace={k.kind === 'incident_followup' ? pace : undefined}
                />
                <button type="submit" className="btn-primary">
                  {t('reminderKinds.save')}
                </button>
              </Form>
              {k.origin === 'own' ? (
                <Form method="post" className="mt-2">
                  <input type="hidden" name="intent" value="resetKind" />
                  <input type="hidden" name="kind" value={k.kind} />
                  <VersionField version={k.rowVersion} />
                  <button type="submit" className="btn">
                    {t('reminderKinds.reset')}
                  </button>
                </Form>
              ) : null}
            </details>
          )
        })}
      </section>
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'reminderRules.title')
