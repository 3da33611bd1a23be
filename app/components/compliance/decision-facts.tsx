import type { ReactNode } from 'react'
import { Link } from '@remix-run/react'
import { ChecksTable, type CheckRow } from '~/components/compliance/checks-table'
import { EligibilitySection, type ViolationRow } from '~/components/eligibility/eligibility-section'
import { useT } from '~/i18n/use-t'

export type DecisionFactsData = {
  labId: number
  checks: CheckRow[]
  evaluatedOn: string | null
  failing: number
  warning: number
  counting: number
  violations: ViolationRow[]
}

// The facts a renewal or filing decision is taken beside (issue 19, item 5): the lab's failing
// and warning checks (the lab page's table) and its eligibility record, read-only.
export function DecisionFacts({ facts, today }: { facts: DecisionFactsData; today: string }) {
  const t = useT()
  const alarming = facts.failing > 0 || facts.counting > 0
  return (
    <section
      className={`space-y-4 rounded border p-3 ${alarming ? 'border-red-300 bg-red-50/40' : 'border-slate-200'}`}
      aria-labelledby="decision-facts-title"
      data-testid="decision-facts"
    >
      <div className="flex flex-wrap items-baseline gap-3">
        <h3 id="decision-facts-title" className="font-semibold">
          {t('decisionFacts.title')}
        </h3>
        <Link to={`/labs/${facts.labId}#compliance`} className="link ml-auto text-sm">
          {t('decisionFacts.labLink')}
        </Link>
      </div>
      <div>
        <h4 className="mb-2 text-sm font-medium">{t('decisionFacts.checks')}</h4>
        {facts.checks.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="decision-checks-empty">
            {t('decisionFacts.noChecks')}
          </p>
        ) : (
          <ChecksTable checks={facts.checks} evaluatedOn={facts.evaluatedOn} testId="decision-checks" />
        )}
      </div>
      <EligibilitySection rows={facts.violations} canManage={false} today={today} embedded />
    </section>
  )
}

/** The sentences a decision's dialog adds about the lab's record: failing checks, warnings, violations counting. */
export function useRecordWarnings(facts: Pick<DecisionFactsData, 'failing' | 'warning' | 'counting'> | null | undefined) {
  const t = useT()
  if (!facts) return []
  const lines: string[] = []
  if (facts.failing > 0) lines.push(t('confirm.decision.failing', { n: facts.failing }))
  if (facts.warning > 0) lines.push(t('confirm.decision.warning', { n: facts.warning }))
  if (facts.counting > 0) lines.push(t('confirm.decision.violations', { n: facts.counting }))
  return lines
}

/**
 * The lab's record as a confirmation dialog states it, one sentence a line (nothing when it is
 * clean); `children` may add a last line (the decision's question).
 */
export function RecordLines({
  lines,
  className = 'font-semibold text-red-800',
  children,
}: {
  lines: string[]
  className?: string
  children?: ReactNode
}) {
  if (lines.length === 0) return null
  return (
    <p className={className} data-testid="confirm-record">
      {lines.map((line) => (
        <span key={line} className="block">
          {line}
        </span>
      ))}
      {children}
    </p>
  )
}
