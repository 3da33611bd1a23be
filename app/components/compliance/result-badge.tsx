import type { CheckOwner, CheckResult } from '~db/schema/enums'
import { useT } from '~/i18n/use-t'

// Symbols as well as colours, so the result reads without colour vision too.
const STYLE: Record<CheckResult, { className: string; symbol: string }> = {
  ok: { className: 'bg-green-100 text-green-900', symbol: '✓' },
  warning: { className: 'bg-amber-100 text-amber-900', symbol: '!' },
  failing: { className: 'bg-red-100 text-red-900', symbol: '✕' },
}

// A result the bureau owes (a request past its decision deadline) says so next to its badge:
// it is shown to everyone concerned but does not count against the lab.
export function ResultBadge({ result, owner = 'lab' }: { result: CheckResult; owner?: CheckOwner }) {
  const t = useT()
  const { className, symbol } = STYLE[result]
  return (
    <span className="inline-flex items-center gap-1">
      <span
        className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${className}`}
        data-result={result}
      >
        <span aria-hidden="true">{symbol}</span>
        {t(`compliance.result.${result}`)}
      </span>
      {owner === 'bureau' ? (
        <span className="whitespace-nowrap rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-800" data-owner="bureau">
          {t('compliance.owner.bureau')}
        </span>
      ) : null}
    </span>
  )
}
