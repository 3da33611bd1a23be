import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { formatShanghaiTime } from '~/domain/dates'
import { REMINDER_RULE_LIMITS, type ReminderRules } from '~/domain/reminders'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { readReminderRules, updateReminderRules } from '~/models/reminders.server'
import { auditActorOf } from '~/models/result.server'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { db } from '~/utils/db.server'
import { fieldErrorsOf, formValues, type FieldErrors } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'

// The bureau's reminder rules (issue 7). Outside the settings.tsx layout (the underscore), linked
// from it. Day lists are typed as "90,60,30,7,1"; a Chinese comma is accepted too.
const { maxDays, maxSteps, maxRepeat } = REMINDER_RULE_LIMITS
const DayList = z
  .string()
  .trim()
  .max(100, 'form.tooLong')
  .regex(/^(\d{1,3}(\s*[,，]\s*\d{1,3})*)?$/, 'reminderRules.error.days')
  .transform((s) => (s ? s.split(/\s*[,，]\s*/).map(Number) : []))
  .refine((days) => days.every((d) => d >= 1 && d <= maxDays), 'reminderRules.error.days')
  .refine((days) => days.length <= maxSteps, 'reminderRules.error.tooMany')
  .refine((days) => new Set(days).size === days.length, 'reminderRules.error.duplicate')
const WholeDays = (max: number) =>
  z
    .string({ error: 'form.required' })
    .trim()
    .regex(/^\d{1,3}$/, 'reminderRules.error.integer')
    .transform(Number)
    .refine((n) => n <= max, 'reminderRules.error.integer')
const RulesForm = z.object({
  beforeDays: DayList,
  onDueDate: z.enum(['on']).optional(),
  afterDays: DayList,
  repeatEveryDays: WholeDays(maxRepeat),
  escalateDistrictAfterDays: WholeDays(maxDays),
  escalateBureauAfterDays: WholeDays(maxDays),
})

// the bound each message names
const LIMIT_OF: Record<string, number> = {
  repeatEveryDays: maxRepeat,
  escalateDistrictAfterDays: maxDays,
  escalateBureauAfterDays: maxDays,
}

function asForm(rules: ReminderRules) {
  return {
    beforeDays: rules.beforeDays.join(','),
    onDueDate: rules.onDueDate ? 'on' : '',
    afterDays: rules.afterDays.join(','),
    repeatEveryDays: String(rules.repeatEveryDays),
    escalateDistrictAfterDays: String(rules.escalateDistrictAfterDays),
    escalateBureauAfterDays: String(rules.escalateBureauAfterDays),
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'settings:manage')
  const rules = readReminderRules(db())
  return { values: asForm(rules), updatedAt: rules.updatedAt ? formatShanghaiTime(rules.updatedAt) : null, updatedBy: rules.updatedBy }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'settings:manage')
  const values = formValues(await readForm(request))
  const parsed = RulesForm.safeParse(values)
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error)
    for (const [field, error] of Object.entries(errors)) {
      if (!error) continue
      if (error.key === 'reminderRules.error.days') error.vars = { max: maxDays }
      if (error.key === 'reminderRules.error.tooMany') error.vars = { max: maxSteps }
      if (error.key === 'reminderRules.error.integer') error.vars = { max: LIMIT_OF[field] ?? maxDays }
    }
    return data({ errors, values }, { status: 400 })
  }
  const p = parsed.data
  const rules: ReminderRules = {
    beforeDays: [...p.beforeDays].sort((a, b) => b - a),
    onDueDate: p.onDueDate === 'on',
    afterDays: [...p.afterDays].sort((a, b) => a - b),
    repeatEveryDays: p.repeatEveryDays,
    escalateDistrictAfterDays: p.escalateDistrictAfterDays,
    escalateBureauAfterDays: p.escalateBureauAfterDays,
  }
  const changed = updateReminderRules({ db: db(), rules, actor: auditActorOf(actingUserOf(user, context)), at: now() })
  return redirect(`/settings/reminders?saved=${changed ? 1 : 0}`)
}

export default function ReminderRulesPage() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const errors: FieldErrors | undefined = actionData?.errors
  const values: Record<string, string> = actionData?.values ?? loaded.values
  const saved = params.get('saved')
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <PageHeader
        title={t('reminderRules.title')}
        actions={
          <Link to="/audit?entityType=reminder_rules" className="link text-sm">
            {t('nav.audit')}
          </Link>
        }
        subtitle={t('reminderRules.intro')}
      />
      {saved !== null && !actionData ? (
        <SavedNotice>{saved === '1' ? t('reminderRules.saved') : t('reminderRules.unchanged')}</SavedNotice>
      ) : null}
      <p className="text-xs text-slate-500" data-testid="rules-last-change">
        {loaded.updatedAt
          ? t('reminderRules.lastChange', { at: loaded.updatedAt, by: loaded.updatedBy ?? '—' })
          : t('reminderRules.defaults')}
      </p>
      <Form method="post" className="card space-y-4" noValidate>
        <FormAlert errors={errors} />
        <Field name="beforeDays" label={t('reminderRules.beforeDays')} hint={t('reminderRules.beforeDays.hint')} errors={errors}>
          {(props) => <input {...props} className="input" defaultValue={values.beforeDays} inputMode="numeric" />}
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="onDueDate" value="on" defaultChecked={values.onDueDate === 'on'} />
          {t('reminderRules.onDueDate')}
        </label>
        <Field name="afterDays" label={t('reminderRules.afterDays')} hint={t('reminderRules.afterDays.hint')} errors={errors}>
          {(props) => <input {...props} className="input" defaultValue={values.afterDays} inputMode="numeric" />}
        </Field>
        {(['repeatEveryDays', 'escalateDistrictAfterDays', 'escalateBureauAfterDays'] as const).map((name) => (
          <Field key={name} name={name} label={t(`reminderRules.${name}`)} errors={errors} required>
            {(props) => <input {...props} className="input w-32" defaultValue={values[name]} inputMode="numeric" />}
          </Field>
        ))}
        <button type="submit" className="btn-primary">
          {t('reminderRules.save')}
        </button>
      </Form>
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'reminderRules.title')
