import { Form, useNavigation } from '@remix-run/react'
import { CALENDAR_DAY_KINDS } from '~db/schema/enums'
import { Field, FormAlert } from '~/components/ui/field'
import { OptionsSelect } from '~/components/ui/options-select'
import { useT } from '~/i18n/use-t'
import type { CalendarActionData } from '~/models/calendar-form'
import type { CalendarPageData } from './types'

// The bureau's two forms: a day (new or corrected), and the year's confirmation, which only a
// year outside chinese-days needs. A refused submission comes back to the form it came from.
export function BureauForms({
  page,
  actionData,
}: {
  page: Pick<CalendarPageData, 'year' | 'inPackage' | 'confirmation'>
  actionData: CalendarActionData
}) {
  const busy = useNavigation().state === 'submitting'
  const dayForm = actionData?.intent === 'setDay' ? actionData : undefined
  const yearErrors = actionData?.intent === 'confirmYear' || actionData?.intent === 'unconfirmYear' ? actionData.errors : undefined
  const yearValues = actionData?.intent === 'confirmYear' ? actionData.values : undefined
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <DayForm errors={dayForm?.errors} values={dayForm?.values} busy={busy} />
      {!page.inPackage ? (
        <YearForm year={page.year} confirmed={page.confirmation !== null} errors={yearErrors} values={yearValues} busy={busy} />
      ) : null}
    </div>
  )
}

type FormState = Pick<NonNullable<CalendarActionData>, 'errors' | 'values'>

function DayForm({ errors, values, busy }: Partial<FormState> & { busy: boolean }) {
  const t = useT()
  return (
    <section className="card" aria-labelledby="day-form-title">
      <h2 id="day-form-title" className="mb-1 font-semibold">
        {t('calendar.dayForm.title')}
      </h2>
      <p className="mb-3 text-sm text-slate-600">{t('calendar.dayForm.hint')}</p>
      <Form method="post" className="space-y-3" noValidate>
        <input type="hidden" name="intent" value="setDay" />
        <FormAlert errors={errors} />
        <Field name="date" label={t('calendar.field.date')} errors={errors} required>
          {(p) => <input {...p} type="date" className="input" defaultValue={values?.date ?? ''} />}
        </Field>
        <Field name="kind" label={t('calendar.field.kind')} errors={errors} required>
          {(p) => (
            <OptionsSelect
              {...p}
              defaultValue={values?.kind ?? 'holiday'}
              options={CALENDAR_DAY_KINDS.map((k) => [k, t(`calendar.field.kind.${k}`)] as const)}
            />
          )}
        </Field>
        <Field name="name" label={t('calendar.field.name')} hint={t('calendar.field.nameHint')} errors={errors}>
          {(p) => <input {...p} className="input" maxLength={50} defaultValue={values?.name ?? ''} />}
        </Field>
        <button type="submit" className="btn-primary" disabled={busy}>
          {t('calendar.dayForm.submit')}
        </button>
      </Form>
    </section>
  )
}

function YearForm({ year, confirmed, errors, values, busy }: Partial<FormState> & { year: number; confirmed: boolean; busy: boolean }) {
  const t = useT()
  return (
    <section className="card" aria-labelledby="year-form-title">
      <h2 id="year-form-title" className="mb-1 font-semibold">
        {t(confirmed ? 'calendar.yearForm.withdrawTitle' : 'calendar.yearForm.title')}
      </h2>
      <p className="mb-3 text-sm text-slate-600">{t(confirmed ? 'calendar.yearForm.withdrawHint' : 'calendar.yearForm.hint', { year })}</p>
      <Form method="post" className="space-y-3" noValidate>
        <input type="hidden" name="intent" value={confirmed ? 'unconfirmYear' : 'confirmYear'} />
        <input type="hidden" name="year" value={year} />
        <FormAlert errors={errors} />
        {confirmed ? (
          <button type="submit" className="btn-danger" disabled={busy}>
            {t('calendar.yearForm.withdraw', { year })}
          </button>
        ) : (
          <>
            <Field name="source" label={t('calendar.field.source')} hint={t('calendar.field.sourceHint')} errors={errors} required>
              {(p) => <input {...p} className="input" maxLength={100} defaultValue={values?.source ?? ''} />}
            </Field>
            <button type="submit" className="btn-primary" disabled={busy}>
              {t('calendar.yearForm.submit', { year })}
            </button>
          </>
        )}
      </Form>
    </section>
  )
}
