import { Form, Link, useSubmit } from '@remix-run/react'
import type { ReactNode } from 'react'
import { OptionsSelect, type SelectOption } from '~/components/ui/options-select'
import { useT } from '~/i18n/use-t'
import { DISTRICT_CODES, type DistrictCode } from '~db/schema/enums'

// The filter bar above a server-driven table: a GET form that keeps the table's sort, size and
// other hidden state, resubmits when a control changes, and offers Filter and Reset.
export function FilterForm({
  hidden,
  resetTo,
  search,
  autoSubmit = true,
  children,
}: {
  hidden: Record<string, string | number | undefined>
  resetTo: string
  search?: { value: string | undefined; placeholder: string }
  autoSubmit?: boolean
  children?: ReactNode
}) {
  const t = useT()
  const submit = useSubmit()
  return (
    <Form
      method="get"
      className="card flex flex-wrap items-end gap-3"
      role="search"
      onChange={autoSubmit ? (e) => submit(e.currentTarget) : undefined}
    >
      {Object.entries(hidden).map(([name, value]) =>
        value === undefined || value === '' ? null : <input key={name} type="hidden" name={name} value={value} />,
      )}
      {search ? (
        <div className="min-w-64 flex-1">
          <label className="label" htmlFor="q">
            {t('common.search')}
          </label>
          <input id="q" name="q" type="search" defaultValue={search.value ?? ''} placeholder={search.placeholder} className="input" />
        </div>
      ) : null}
      {children}
      <button type="submit" className="btn-primary">
        {t('common.filter')}
      </button>
      <Link to={resetTo} className="btn">
        {t('common.reset')}
      </Link>
    </Form>
  )
}

// A labelled select whose empty first option means "all".
export function FilterSelect({
  name,
  label,
  value,
  options,
  id = name,
  blank,
}: {
  name: string
  label: string
  value: string | number | undefined
  options: readonly SelectOption[]
  // when the page has another control of that name (the dashboard's attention filters)
  id?: string
  // the "any" choice; 全部 unless said otherwise
  blank?: string
}) {
  const t = useT()
  return (
    <div>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <OptionsSelect id={id} name={name} defaultValue={value ?? ''} options={options} blank={blank ?? t('common.all')} />
    </div>
  )
}

// The district filter of a list page, over the districts the viewer may choose among (every one
// for the bureau); a district office, which sees only its own, gets no filter at all.
export function DistrictFilter({
  label,
  value,
  districts = DISTRICT_CODES,
}: {
  label: string
  value: string | undefined
  districts?: readonly DistrictCode[]
}) {
  const t = useT()
  if (districts.length < 2) return null
  return <FilterSelect name="district" label={label} value={value} options={districts.map((c) => [c, t(`district.${c}`)] as const)} />
}
