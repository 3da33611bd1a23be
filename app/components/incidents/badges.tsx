import type { IncidentGrade, IncidentStatus } from '~db/schema/enums'
import { timingText, type IncidentTiming } from '~/domain/incidents'
import { useT } from '~/i18n/use-t'
import { Badge } from '~/components/ui/badge'

// The grade's colour in badges and in the bureau's chart: darker is more serious.
export const GRADE_COLOURS: Record<IncidentGrade, string> = { I: '#7f1d1d', II: '#dc2626', III: '#ea580c', IV: '#ca8a04' }

const GRADE_CLASSES: Record<IncidentGrade, string> = {
  I: 'bg-red-900 text-white',
  II: 'bg-red-600 text-white',
  III: 'bg-orange-700 text-white',
  IV: 'bg-yellow-100 text-yellow-900',
}

export function GradeBadge({ grade }: { grade: IncidentGrade }) {
  const t = useT()
  return (
    <Badge className={GRADE_CLASSES[grade]} data={{ 'data-grade': grade }}>
      {t(`incidents.grade.${grade}`)}
    </Badge>
  )
}

const STATUS_CLASSES: Record<IncidentStatus, string> = {
  open: 'bg-red-100 text-red-900',
  contained: 'bg-amber-100 text-amber-900',
  resolved: 'bg-sky-100 text-sky-900',
  closed: 'bg-slate-200 text-slate-700',
}

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  const t = useT()
  return (
    <Badge className={STATUS_CLASSES[status]} data={{ 'data-incident-status': status }}>
      {t(`incidents.status.${status}`)}
    </Badge>
  )
}

// "Reported 30 min after discovery, within the 4 h limit" in green, "late by 2 h 21 min" in red with a mark, so the
// difference does not rest on colour alone.
export function TimingText({ timing }: { timing: IncidentTiming }) {
  const t = useT()
  const late = timing.state === 'late' || timing.state === 'overdue'
  return (
    <span className={late ? 'font-semibold text-red-700' : 'text-green-800'} data-timing={timing.state}>
      <span aria-hidden="true">{late ? '⚠ ' : '✓ '}</span>
      {timingText(timing, t)}
    </span>
  )
}
