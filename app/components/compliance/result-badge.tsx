import type { CheckResult } from '../../../db/schema/enums'
import { useT } from '~/i18n/use-t'

// Symbols as well as colours, so the result reads without colour vision too.
const STYLE: Record<CheckResult, { className: string; symbol: string }> = {
  ok: { className: 'bg-green-100 text-green-900', symbol: '✓' },
  warning: { className: 'bg-amber-100 text-amber-900', symbol: '!' },
  failing: { className: 'bg-red-100 text-red-900', symbol: '✕' },
}

export function ResultBadge({ result }: { result: CheckResult }) {
  const t = useT()
  const { className, symbol } = STYLE[result]
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${className}`} data-result={result}>
      <span aria-hidden="true">{symbol}</span>
      {t(`compliance.result.${result}`)}
    </span>
  )
}
