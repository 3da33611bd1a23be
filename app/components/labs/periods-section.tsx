import { Form } from '@remix-run/react'
import { PeriodFields } from '~/components/labs/lab-form'
import { FormAlert } from '~/components/ui/field'
import type { ValidityYearRange } from '~/domain/validity'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'
import type { ValidityPeriod } from '~db/schema'

export type PeriodRow = ValidityPeriod & {
  years: [ValidityYearRange] | [ValidityYearRange, ValidityYearRange]
  nonStandardEnd: string | null
}

// Every validity period of the lab, oldest first, and for the bureau the form for the next one.
export function PeriodsSection({
  periods,
  canManage,
  action,
}: {
  periods: PeriodRow[]
  canManage: boolean
  action?: { errors: FieldErrors; values: Record<string, string> }
}) {
  const t = useT()
  return (
    <section className="card" id="periods">
      <h2 className="mb-3 font-semibold">{t('labs.section.periods')}</h2>
      <ol className="space-y-3 text-sm" data-testid="periods">
        {periods.map((p, i) => (
          <li key={p.id} className="rounded border border-slate-200 p-3">
            <div className="flex flex-wrap items-center gap-2 font-medium">
              {t('labs.period.sequence', { n: p.sequence })}: {p.startDate} — {p.endDate}
              {i === periods.length - 1 ? (
                <span className="rounded bg-sky-100 px-2 text-xs text-sky-800">{t('labs.period.current')}</span>
              ) : null}
              {p.certificateNo ? <span className="text-slate-600">· {p.certificateNo}</span> : null}
              {/* the certificate page prints the current period's certificate (/labs/:labId/certificate) */}
              {p.certificateNo && i === periods.length - 1 ? (
                <a href={`/labs/${p.labId}/certificate`} className="link text-xs font-normal" data-testid="certificate-link">
                  {t('labs.period.certificate')}
                </a>
              ) : null}
            </div>
            <div className="text-slate-600">
              {p.years[1]
                ? t('labs.period.years', {
                    y1: `${p.years[0].startDate} — ${p.years[0].endDate}`,
                    y2: `${p.years[1].startDate} — ${p.years[1].endDate}`,
                  })
                : t('labs.period.yearsOne', { y1: `${p.years[0].startDate} — ${p.years[0].endDate}` })}
            </div>
            <div>
              {t('labs.period.outcome')}: {p.outcome ? t(`outcome.${p.outcome}`) : t('outcome.pending')}
              {p.outcomeDate ? ` (${p.outcomeDate})` : ''}
            </div>
            {p.nonStandardEnd ? (
              <p className="field-warning">{t('labs.warning.period.end_not_two_years', { expected: p.nonStandardEnd })}</p>
            ) : null}
          </li>
        ))}
      </ol>
      {canManage ? (
        <Form method="post" className="mt-4 space-y-3 border-t border-slate-200 pt-4" noValidate>
          <h3 className="font-medium">{t('labs.period.add')}</h3>
          <input type="hidden" name="intent" value="addPeriod" />
          <FormAlert errors={action?.errors} />
          <div className="grid gap-4 md:grid-cols-3">
            <PeriodFields values={action?.values ?? {}} errors={action?.errors} />
          </div>
          <button type="submit" className="btn-primary">
            {t('common.save')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
