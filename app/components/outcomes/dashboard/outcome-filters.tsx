import { DELIVERABLE_FORMS, DIRECTIONS, OUTCOME_VERIFICATIONS, type DistrictCode } from '~db/schema/enums'
import { DistrictFilter, FilterForm, FilterSelect } from '~/components/data-table/filter-form'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import { ITEM_SOURCES, KIND_FILTERS, type OutcomeFilter } from '~/models/outcome-dashboard-params'

// The dashboard's and the register's filter bar: the same names, so a link from one opens the
// other with the same rows. A district office has no district choice (its scope is its district).
export function OutcomeFilters({
  filter,
  years,
  districts,
  resetTo,
  hidden = {},
  lab,
  showSource = false,
}: {
  filter: OutcomeFilter
  years: readonly number[]
  districts: readonly DistrictCode[]
  resetTo: string
  hidden?: Record<string, string | number | undefined>
  lab: { id: number; name: string } | null
  showSource?: boolean
}) {
  const t = useT()
  return (
    <FilterForm hidden={{ ...hidden, lab: filter.labId }} resetTo={resetTo}>
      {lab ? (
        <p className="self-center text-sm text-slate-700" data-testid="filter-lab">
          {t('cityOutcomes.filter.lab', { name: lab.name })}
        </p>
      ) : null}
      <FilterSelect
        name="year"
        label={t('cityOutcomes.filter.year')}
        value={filter.year}
        options={years.map((y) => [y, String(y)] as const)}
      />
      <DistrictFilter label={t('cityOutcomes.filter.district')} value={filter.districtCode} districts={districts} />
      <FilterSelect
        name="direction"
        label={t('cityOutcomes.filter.direction')}
        value={filter.direction}
        options={DIRECTIONS.map((d) => [String(d), `${d}. ${t(`direction.${d}`)}`] as const)}
      />
      <FilterSelect
        name="form"
        label={t('cityOutcomes.filter.form')}
        value={filter.form}
        options={DELIVERABLE_FORMS.map((f) => [f, t(`deliverables.form.${f}`)] as const)}
      />
      <FilterSelect
        name="kind"
        label={t('cityOutcomes.filter.kind')}
        value={filter.kind}
        options={KIND_FILTERS.map((k) => [k, t(k === 'none' ? 'cityOutcomes.kind.none' : (`outcomes.kind.${k}` as MessageKey))] as const)}
      />
      <FilterSelect
        name="verification"
        label={t('cityOutcomes.filter.verification')}
        value={filter.verification}
        options={OUTCOME_VERIFICATIONS.map((v) => [v, t(`outcomes.verification.${v}`)] as const)}
      />
      {showSource ? (
        <FilterSelect
          name="source"
          label={t('cityOutcomes.filter.source')}
          value={filter.source}
          options={ITEM_SOURCES.map((s) => [s, t(`cityOutcomes.source.${s}`)] as const)}
        />
      ) : null}
    </FilterForm>
  )
}
