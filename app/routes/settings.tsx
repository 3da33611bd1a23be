import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { GradeScale } from '~/components/settings/grade-scale'
import { Field, FormAlert } from '~/components/ui/field'
import { PageHeader } from '~/components/ui/page-header'
import { SavedNotice } from '~/components/ui/saved-notice'
import { formatShanghaiTime } from '~/domain/dates'
import type { GradeChange } from '~/domain/grades'
import { SETTING_DEFINITIONS, SETTING_KEYS, type SettingKey } from '~/domain/settings'
import type { MessageKey } from '~/i18n'
import { pageTitle } from '~/i18n/meta'
import { useT } from '~/i18n/use-t'
import { addGrade, gradeSettingRows, updateGrade } from '~/models/grades.server'
import { auditActorOf, refusalResponse } from '~/models/result.server'
import { saveSettings, settingRows } from '~/models/settings.server'
import { VERSION_FIELD } from '~/models/stale-state'
import { revalidateWhenStale, StaleNotice } from '~/components/ui/stale-notice'
import { actingUserOf, requireCapability } from '~/utils/auth.server'
import { now } from '~/utils/clock.server'
import { formValues, type FieldErrors } from '~/utils/forms'
import { readForm } from '~/utils/form-body.server'
import { TableScroll } from '~/components/ui/table-scroll'

// The rule settings form, then one form per change to the grade scale. The rule settings form
// came first and posted no intent, so none still means it.
const GRADE_INTENTS = ['addGrade', 'renameGrade', 'moveGradeUp', 'moveGradeDown', 'deactivateGrade', 'reactivateGrade'] as const
type GradeIntent = (typeof GRADE_INTENTS)[number]
const Intent = z.enum(['settings', ...GRADE_INTENTS]).default('settings')

// what each change to an existing grade does, and the word the page's notice uses for it
const GRADE_CHANGES: Record<Exclude<GradeIntent, 'addGrade'>, { change: (v: Record<string, string>) => GradeChange; saved: string }> = {
  renameGrade: { change: (v) => ({ kind: 'rename', labelZh: v.labelZh ?? '', labelEn: v.labelEn ?? '' }), saved: 'renamed' },
  moveGradeUp: { change: () => ({ kind: 'move', direction: 'up' }), saved: 'moved' },
  moveGradeDown: { change: () => ({ kind: 'move', direction: 'down' }), saved: 'moved' },
  deactivateGrade: { change: () => ({ kind: 'deactivate' }), saved: 'deactivated' },
  reactivateGrade: { change: () => ({ kind: 'reactivate' }), saved: 'reactivated' },
}

export async function loader({ request }: LoaderFunctionArgs) {
  requireCapability(request, 'settings:manage')
  return { rows: settingRows(), grades: gradeSettingRows() }
}

// Each value must be a whole number inside its definition's bounds; all are checked before any
// is saved, so a bad value never leaves the others half-applied.
function parseSettings(values: Record<string, string>) {
  const errors: FieldErrors = {}
  const parsed: Partial<Record<SettingKey, number>> = {}
  for (const key of SETTING_KEYS) {
    const raw = values[key]?.trim()
    if (raw === undefined || raw === '') continue
    const { min, max } = SETTING_DEFINITIONS[key]
    if (!/^-?\d+$/.test(raw)) errors[key] = { key: 'settings.error.integer' }
    else if (Number(raw) < min || Number(raw) > max) errors[key] = { key: 'settings.error.range', vars: { min, max } }
    else parsed[key] = Number(raw)
  }
  return { errors, parsed }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireCapability(request, 'settings:manage')
  const values = formValues(await readForm(request))
  const intent = Intent.safeParse(values.intent)
  if (!intent.success)
    return data({ intent: '', code: '', errors: { _form: { key: 'form.invalidChoice' } } as FieldErrors, values }, { status: 400 })
  const at = now()
  const actor = auditActorOf(actingUserOf(user, context))
  if (intent.data !== 'settings') return changeGrades({ intent: intent.data, values, actor, at })
  const { errors, parsed } = parseSettings(values)
  if (Object.keys(errors).length) return data({ intent: intent.data, code: '', errors, values }, { status: 400 })
  const versions = Object.fromEntries(SETTING_KEYS.map((key) => [key, values[`${VERSION_FIELD}.${key}`]]))
  const result = saveSettings({ values: parsed, versions, actor, at })
  if (!result.ok) return refusalResponse(result, { intent: intent.data, code: '', values })
  return redirect(`/settings?saved=${result.changed}`)
}

// Bad names, or a change that would leave no active grade, come back with the form's values; an
// unknown grade is not found.
function changeGrades({
  intent,
  values,
  actor,
  at,
}: {
  intent: GradeIntent
  values: Record<string, string>
  actor: { id: number; displayName: string; ip: string }
  at: Date
}) {
  const code = values.code ?? ''
  const result =
    intent === 'addGrade'
      ? addGrade({ labelZh: values.labelZh ?? '', labelEn: values.labelEn ?? '', actor, at })
      : updateGrade({ code, change: GRADE_CHANGES[intent].change(values), actor, at })
  if (!result.ok) return refusalResponse(result, { intent, code, values })
  const saved = !result.changed ? 'unchanged' : intent === 'addGrade' ? 'added' : GRADE_CHANGES[intent].saved
  return redirect(`/settings?grade=${saved}#grades`)
}

export default function SettingsPage() {
  const { rows, grades } = useLoaderData<typeof loader>()
  const sent = useActionData<typeof action>()
  // each section shows only what its own forms sent back
  const actionData = sent?.intent === 'settings' ? sent : undefined
  const gradeFeedback = sent && sent.intent !== 'settings' && sent.intent !== '' ? sent : undefined
  const [params] = useSearchParams()
  const t = useT()
  const saved = params.get('saved')
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('settings.title')}
        actions={
          <Link to="/audit?entityType=setting" className="link text-sm">
            {t('settings.history')}
          </Link>
        }
        subtitle={t('settings.intro')}
      />
      <p className="flex flex-wrap gap-4 text-sm">
        <Link to="/settings/reminders" className="link" data-testid="reminder-rules-link">
          {t('reminderRules.link')}
        </Link>
        <Link to="/settings/requests" className="link" data-testid="request-rules-link">
          {t('requests.rules.link')}
        </Link>
        <Link to="/settings/criteria" className="link" data-testid="criteria-link">
          {t('criteria.link')}
        </Link>
        <Link to="/settings/robots" className="link" data-testid="robots-link">
          {t('robots.link')}
        </Link>
        <Link to="/settings/indicators" className="link" data-testid="indicators-link">
          {t('indicators.link')}
        </Link>
      </p>
      {sent?.intent === '' ? <FormAlert errors={sent.errors} /> : null}
      {saved !== null && !actionData ? (
        <SavedNotice>{saved === '0' ? t('settings.unchanged') : t('settings.saved', { n: saved })}</SavedNotice>
      ) : null}
      {/* a new version (someone saved) remounts the inputs with the values as they are now */}
      <Form key={rows.map((r) => r.rowVersion).join('.')} method="post" className="card space-y-4" noValidate>
        <input type="hidden" name="intent" value="settings" />
        {rows.map((row) => (
          <input key={row.key} type="hidden" name={`${VERSION_FIELD}.${row.key}`} value={row.rowVersion} />
        ))}
        {actionData && 'stale' in actionData ? <StaleNotice answer={actionData} /> : <FormAlert errors={actionData?.errors} />}
        <TableScroll>
          <table className="min-w-full">
            <thead>
              <tr>
                <th className="th">{t('settings.col.setting')}</th>
                <th className="th">{t('settings.col.value')}</th>
                <th className="th">{t('settings.col.default')}</th>
                <th className="th">{t('settings.col.range')}</th>
                <th className="th">{t('settings.col.changed')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const unit = t(`settings.unit.${row.unit}`)
                return (
                  <tr key={row.key} data-setting={row.key}>
                    <td className="td align-top">
                      <p className="font-medium">{t(`settings.${row.key}.label` as MessageKey)}</p>
                      <p className="text-xs text-slate-600">{t(`settings.${row.key}.help` as MessageKey)}</p>
                    </td>
                    <td className="td align-top">
                      <Field name={row.key} label={unit} errors={actionData?.errors}>
                        {(p) =>
                          row.unit === 'grades' || row.unit === 'switch' ? (
                            // the urgent incident grades (a count from grade I) and the on/off switches, chosen by name
                            <select
                              {...p}
                              className="input w-40"
                              defaultValue={
                                (actionData && !('stale' in actionData) ? actionData.values[row.key] : undefined) ?? String(row.value)
                              }
                            >
                              {Array.from({ length: row.max - row.min + 1 }, (_, i) => row.min + i).map((n) => (
                                <option key={n} value={n}>
                                  {t(`settings.${row.key}.option.${n}` as MessageKey)}
                                </option>
                              ))}
                            </select>
                          ) : (
                            <input
                              {...p}
                              type="number"
                              inputMode="numeric"
                              min={row.min}
                              max={row.max}
                              step={1}
                              className="input w-28"
                              defaultValue={
                                (actionData && !('stale' in actionData) ? actionData.values[row.key] : undefined) ?? String(row.value)
                              }
                            />
                          )
                        }
                      </Field>
                    </td>
                    <td className="td align-top token tabular-nums">
                      {row.defaultValue} {unit}
                    </td>
                    <td className="td align-top token tabular-nums">{t('settings.range', { min: row.min, max: row.max, unit })}</td>
                    <td className="td align-top text-sm text-slate-600">
                      {row.updatedAt
                        ? t('settings.changedBy', { who: row.updatedBy ?? '—', at: formatShanghaiTime(row.updatedAt) })
                        : t('settings.never')}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </TableScroll>
        <button type="submit" className="btn-primary">
          {t('settings.save')}
        </button>
      </Form>
      <GradeScale rows={grades} feedback={gradeFeedback} saved={params.get('grade')} />
    </div>
  )
}

export const shouldRevalidate = revalidateWhenStale

export const meta: MetaFunction = (args) => pageTitle(args, 'settings.title')
