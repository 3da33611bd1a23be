import { Form, useNavigation } from '@remix-run/react'
import { INCIDENT_GRADES, type IncidentGrade } from '~db/schema/enums'
import { Field, FormAlert } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import { INCIDENT_LIMITS } from '~/domain/incidents'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The lab's incident report. Times are typed in Beijing time to the minute. The report time is
// left empty and means the moment of submission (recording it here is the report), rather than
// prefilled with the moment the page was opened, which would date the report before it was made.
export function IncidentForm({
  values,
  errors,
  hours,
  nowValue,
}: {
  values?: Record<string, string>
  errors?: FieldErrors
  // each grade's report deadline in hours, as the bureau has set them
  hours: Record<IncidentGrade, number>
  // now in Beijing time as a datetime-local value
  nowValue: string
}) {
  const t = useT()
  const navigation = useNavigation()
  const text = (name: string) => values?.[name] ?? ''
  return (
    <Form method="post" className="space-y-4" noValidate data-testid="incident-form">
      <input type="hidden" name="intent" value="report" />
      <FormAlert errors={errors} />
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="grade" label={t('incidents.field.grade')} errors={errors} required hint={t('incidents.field.gradeHint')}>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={text('grade')}
              blank="—"
              options={INCIDENT_GRADES.map(
                (g) => [g, t('incidents.gradeWithHours', { grade: t(`incidents.grade.${g}`), hours: hours[g] })] as const,
              )}
            />
          )}
        </Field>
        <Field name="title" label={t('incidents.field.title')} errors={errors} required>
          {(p) => <input {...p} className="input" defaultValue={text('title')} maxLength={INCIDENT_LIMITS.title} />}
        </Field>
        <Field
          name="discoveredAt"
          label={t('incidents.field.discoveredAt')}
          errors={errors}
          required
          hint={t('incidents.field.beijingTime')}
        >
          {(p) => <input {...p} type="datetime-local" className="input" defaultValue={text('discoveredAt')} max={nowValue} />}
        </Field>
        <Field name="reportedAt" label={t('incidents.field.reportedAt')} errors={errors} hint={t('incidents.field.reportedAtHint')}>
          {(p) => <input {...p} type="datetime-local" className="input" defaultValue={text('reportedAt')} max={nowValue} />}
        </Field>
        <div className="md:col-span-2">
          <Field name="description" label={t('incidents.field.description')} errors={errors} required>
            {(p) => (
              <textarea {...p} rows={4} className="input" defaultValue={text('description')} maxLength={INCIDENT_LIMITS.description} />
            )}
          </Field>
        </div>
        <Field name="dataAffected" label={t('incidents.field.dataAffected')} errors={errors} hint={t('incidents.field.dataAffectedHint')}>
          {(p) => (
            <textarea {...p} rows={3} className="input" defaultValue={text('dataAffected')} maxLength={INCIDENT_LIMITS.dataAffected} />
          )}
        </Field>
        <Field name="measures" label={t('incidents.field.measures')} errors={errors} hint={t('incidents.field.measuresHint')}>
          {(p) => <textarea {...p} rows={3} className="input" defaultValue={text('measures')} maxLength={INCIDENT_LIMITS.measures} />}
        </Field>
      </div>
      <button type="submit" className="btn-primary" disabled={navigation.state === 'submitting'}>
        {t('incidents.report.submit')}
      </button>
    </Form>
  )
}
