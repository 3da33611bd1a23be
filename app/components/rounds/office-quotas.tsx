import { Form } from '@remix-run/react'
import { DISTRICT_CODES } from '~db/schema/enums'
import { VersionField } from '~/components/ui/stale-notice'
import { TableScroll } from '~/components/ui/table-scroll'
import { useLocale, useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

type Override = { districtCode: string | null; departmentId: number | null; quota: number }
type Department = { id: number; nameZh: string; nameEn: string; active: boolean }

// Per-office quotas: the ten districts and the departments, each with a box; blank is the
// default for its kind (shown as the placeholder).
export function OfficeQuotas({
  version,
  defaults,
  overrides,
  departments,
  values,
  errors,
}: {
  version: number
  defaults: { districtQuota: number; departmentQuota: number }
  overrides: Override[]
  departments: Department[]
  // what was typed, when the post was refused
  values?: Record<string, string>
  errors?: FieldErrors
}) {
  const t = useT()
  const locale = useLocale()
  const stored = (field: string, o: Override | undefined) => values?.[field] ?? (o ? String(o.quota) : '')
  const row = (field: string, label: string, placeholder: number, o: Override | undefined, note?: string) => (
    <tr key={field} className="border-t">
      <td className="py-1 pr-3">
        <label htmlFor={field}>{label}</label>
        {note ? <span className="ml-1 text-xs text-slate-500">{note}</span> : null}
      </td>
      <td className="py-1">
        <input
          id={field}
          name={field}
          type="number"
          min={0}
          className="input w-24"
          placeholder={String(placeholder)}
          defaultValue={stored(field, o)}
          aria-invalid={Boolean(errors?.[field])}
        />
        {errors?.[field] ? (
          <p className="field-error" role="alert">
            {t(errors[field]!.key, errors[field]!.vars)}
          </p>
        ) : null}
      </td>
    </tr>
  )
  return (
    <Form method="post" className="space-y-3">
      <input type="hidden" name="intent" value="saveQuotas" />
      <VersionField version={version} />
      <p className="text-sm text-slate-600">{t('rounds.quotas.intro')}</p>
      <TableScroll>
        <table className="text-sm">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="pr-3 font-medium">{t('rounds.quotas.office')}</th>
              <th className="font-medium">{t('rounds.quotas.quota')}</th>
            </tr>
          </thead>
          <tbody>
            {DISTRICT_CODES.map((code) =>
              row(
                `quota-district-${code}`,
                t(`district.${code}`),
                defaults.districtQuota,
                overrides.find((o) => o.districtCode === code),
              ),
            )}
            {departments.map((d) =>
              row(
                `quota-department-${d.id}`,
                locale === 'zh' ? d.nameZh : d.nameEn,
                defaults.departmentQuota,
                overrides.find((o) => o.departmentId === d.id),
                d.active ? undefined : t('departments.inactive'),
              ),
            )}
          </tbody>
        </table>
      </TableScroll>
      {departments.length === 0 ? <p className="text-sm text-slate-500">{t('rounds.quotas.noDepartments')}</p> : null}
      <button type="submit" className="btn-primary">
        {t('rounds.quotas.save')}
      </button>
    </Form>
  )
}
