import { DISTRICT_OPINIONS } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The district's 推荐 / 不推荐 on a filing (issue 19 item 7): one radio group, required; the step's
// comment field below it carries the reasons (required for 不推荐, checked on the server).
export function OpinionField({ defaultValue, error }: { defaultValue: string; error?: FieldErrors[string] }) {
  const t = useT()
  return (
    <fieldset aria-invalid={Boolean(error)} aria-describedby={error ? 'district_opinion-opinion-error' : undefined}>
      <legend className="label">
        {t('filings.opinion.label')}
        <span className="ml-1 text-red-700" aria-hidden>
          *
        </span>
      </legend>
      <div className="flex gap-4">
        {DISTRICT_OPINIONS.map((o) => (
          <label key={o} className="inline-flex items-center gap-1 text-sm">
            <input type="radio" name="opinion" value={o} defaultChecked={defaultValue === o} />
            {t(`filings.opinion.${o}`)}
          </label>
        ))}
      </div>
      <p className="text-xs text-slate-500">{t('filings.opinion.reasonsHint')}</p>
      {error ? (
        <p id="district_opinion-opinion-error" className="field-error" role="alert" data-testid="error-opinion">
          {t(error.key, error.vars)}
        </p>
      ) : null}
    </fieldset>
  )
}
