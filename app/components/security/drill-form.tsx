import { Form } from '@remix-run/react'
import { Field, FormAlert } from '~/components/ui/field'
import { VersionField } from '~/components/ui/stale-notice'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

export type DrillLimits = { scenario: number; participants: number; findings: number; followUp: number }

// A drill as the lab records it, new or edited. Clearing the completion date reopens the follow-up.
export function DrillForm({
  intent,
  drillId,
  version,
  values,
  errors,
  today,
  limits,
  submitLabel,
}: {
  intent: 'addDrill' | 'updateDrill'
  drillId?: number
  // the drill's row version when editing it
  version?: number
  values: Record<string, string | null | undefined>
  errors?: FieldErrors
  today: string
  // DRILL_LIMITS of the model, from the loader
  limits: DrillLimits
  submitLabel: string
}) {
  const t = useT()
  const v = (name: string) => values[name] ?? ''
  return (
    <Form method="post" className="space-y-3" noValidate data-testid={drillId ? `drill-edit-${drillId}` : 'drill-form'}>
      <input type="hidden" name="intent" value={intent} />
      {drillId ? <input type="hidden" name="drillId" value={drillId} /> : null}
      {version !== undefined ? <VersionField version={version} /> : null}
      <FormAlert errors={errors} />
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="heldOn" label={t('security.drills.heldOn')} errors={errors} required>
          {(p) => <input {...p} type="date" className="input" max={today} defaultValue={v('heldOn')} />}
        </Field>
        <Field name="scenario" label={t('security.drills.scenario')} errors={errors} required>
          {(p) => <input {...p} className="input" maxLength={limits.scenario} defaultValue={v('scenario')} />}
        </Field>
        <div className="md:col-span-2">
          <Field name="participants" label={t('security.drills.participants')} errors={errors} required>
            {(p) => <input {...p} className="input" maxLength={limits.participants} defaultValue={v('participants')} />}
          </Field>
        </div>
        <Field name="findings" label={t('security.drills.findings')} errors={errors}>
          {(p) => <textarea {...p} rows={3} className="input" maxLength={limits.findings} defaultValue={v('findings')} />}
        </Field>
        <Field name="followUp" label={t('security.drills.followUp')} errors={errors}>
          {(p) => <textarea {...p} rows={3} className="input" maxLength={limits.followUp} defaultValue={v('followUp')} />}
        </Field>
        <Field
          name="followUpClosedOn"
          label={t('security.drills.followUpClosedOn')}
          hint={t('security.drills.followUpClosedOnHint')}
          errors={errors}
        >
          {(p) => <input {...p} type="date" className="input" max={today} defaultValue={v('followUpClosedOn')} />}
        </Field>
      </div>
      <button type="submit" className="btn-primary">
        {submitLabel}
      </button>
    </Form>
  )
}
