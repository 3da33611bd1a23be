import type { SelectHTMLAttributes } from 'react'

export type SelectOption = readonly [value: string | number, label: string]

// A select over [value, label] pairs, with an optional blank first option ("—" or "all").
export function OptionsSelect({
  options,
  blank,
  className = 'input',
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { options: readonly SelectOption[]; blank?: string }) {
  return (
    <select className={className} {...props}>
      {blank !== undefined ? <option value="">{blank}</option> : null}
      {options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  )
}
