import { Form, useNavigation } from '@remix-run/react'
import { Field } from '~/components/ui/field'
import { isoWeekday, MAX_WORKING_DAYS } from '~/domain/calendar'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { CalculatorState } from '~/models/calendar-form'

// A GET form, so every role that sees the page can use it and a result can be linked.
export function Calculator({ calc, year, today }: { calc: CalculatorState; year: number; today: string }) {
  const t = useT()
  const navigation = useNavigation()
  const result = calc?.result
  return (
    <section className="card" aria-labelledby="calc-title">
      <h2 id="calc-title" className="mb-1 font-semibold">
        {t('calendar.calc.title')}
      </h2>
      <p className="mb-3 text-sm text-slate-600">{t('calendar.calc.hint')}</p>
      <Form method="get" className="flex flex-wrap items-end gap-3" noValidate>
        <input type="hidden" name="year" value={year} />
        <Field name="from" label={t('calendar.field.from')} errors={calc?.errors ?? undefined} required>
          {(p) => <input {...p} type="date" className="input" defaultValue={calc?.values.from ?? today} />}
        </Field>
        <Field name="n" label={t('calendar.field.n')} errors={calc?.errors ?? undefined} required>
          {(p) => (
            <input {...p} type="number" min={1} max={MAX_WORKING_DAYS} className="input w-28" defaultValue={calc?.values.n ?? '10'} />
          )}
        </Field>
        <button type="submit" className="btn-primary" disabled={navigation.state === 'loading'}>
          {t('calendar.calc.submit')}
        </button>
      </Form>
      {result ? (
        <div className="mt-3 space-y-1 text-sm" role="status" data-testid="calc-result">
          <p className="font-medium">
            {t('calendar.calc.result', {
              from: result.from,
              n: result.n,
              date: result.date,
              weekday: t(`calendar.weekdayLong.${isoWeekday(result.date)}` as MessageKey),
            })}
          </p>
          {result.estimated ? (
            <p className="rounded border border-amber-400 bg-amber-50 p-2 text-amber-900" data-testid="calc-estimated">
              ⚠ {t('calendar.calc.estimated', { years: result.unknownYears.join('、') })}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}
