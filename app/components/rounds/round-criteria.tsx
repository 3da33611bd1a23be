import { Form } from '@remix-run/react'
import { VersionField } from '~/components/ui/stale-notice'
import { TableScroll } from '~/components/ui/table-scroll'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

type Criterion = { labelZh: string; labelEn: string; weight: number }

// The round's review criteria as one form: a row per criterion and a blank one to add; a row
// cleared is removed. Weights add up to 100 (the renewal criteria's rule). Read-only once the
// round's review has started.
export function RoundCriteria({
  version,
  criteria,
  editable,
  values,
  errors,
}: {
  version: number
  criteria: Criterion[]
  editable: boolean
  values?: Record<string, string>
  errors?: FieldErrors
}) {
  const t = useT()
  const rows = [
    ...criteria.map((c) => ({ labelZh: c.labelZh, labelEn: c.labelEn, weight: String(c.weight) })),
    { labelZh: '', labelEn: '', weight: '' },
  ]
  const sum = criteria.reduce((s, c) => s + c.weight, 0)
  const value = (field: 'labelZh' | 'labelEn' | 'weight', i: number) => values?.[`${field}.${i}`] ?? rows[i][field]
  const cell = (field: 'labelZh' | 'labelEn' | 'weight', i: number, label: string) => {
    const name = `${field}.${i}`
    const error = errors?.[name]
    return (
      <td className="py-1 pr-2 align-top">
        <input
          name={name}
          aria-label={`${label} ${i + 1}`}
          className={field === 'weight' ? 'input w-20' : 'input'}
          type={field === 'weight' ? 'number' : 'text'}
          defaultValue={value(field, i)}
          disabled={!editable}
          aria-invalid={Boolean(error)}
        />
        {error ? (
          <p className="field-error" role="alert">
            {t(error.key, error.vars)}
          </p>
        ) : null}
      </td>
    )
  }
  return (
    <Form method="post" className="space-y-3">
      <input type="hidden" name="intent" value="saveCriteria" />
      <VersionField version={version} />
      <p className="text-sm text-slate-600">{editable ? t('rounds.criteria.intro') : t('rounds.criteria.locked')}</p>
      <TableScroll>
        <table className="text-sm">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="pr-2 font-medium">{t('rounds.criteria.labelZh')}</th>
              <th className="pr-2 font-medium">{t('rounds.criteria.labelEn')}</th>
              <th className="font-medium">{t('rounds.criteria.weight')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, editable ? rows.length : criteria.length).map((_, i) => (
              <tr key={i}>
                {cell('labelZh', i, t('rounds.criteria.labelZh'))}
                {cell('labelEn', i, t('rounds.criteria.labelEn'))}
                {cell('weight', i, t('rounds.criteria.weight'))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p className={`text-sm ${sum === 100 ? 'text-slate-600' : 'text-red-700'}`} data-testid="round-weight-sum">
        {t('rounds.criteria.sum', { sum })}
      </p>
      {editable ? (
        <button type="submit" className="btn-primary">
          {t('rounds.criteria.save')}
        </button>
      ) : null}
    </Form>
  )
}
