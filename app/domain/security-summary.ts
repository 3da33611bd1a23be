// The security section of an annual report, drafted from the year's records (issue 5): the plan
// in force at the year's end, the drills held and the incidents discovered within the year.
// Pure: the records and the wording (a translator) are parameters. The lab edits the text freely
// afterwards; this only saves it from retyping what the platform already holds.
import type { IncidentGrade, IncidentStatus } from '~db/schema/enums'
import type { Translate } from '~/i18n'
import { shanghaiDate, type IsoDate } from './dates'

export type SummaryPlan = { id: number; version: string; approvedOn: IsoDate; nextReviewOn: IsoDate; acknowledgedAt: string | null }
export type SummaryDrill = {
  heldOn: IsoDate
  scenario: string
  participants: string
  findings: string
  followUp: string
  followUpClosedOn: IsoDate | null
}
// discoveredAt is an instant (UTC ISO); the year is counted in Asia/Shanghai days
export type SummaryIncident = { discoveredAt: string; grade: IncidentGrade; title: string; status: IncidentStatus }

// a drill's free text is quoted, not copied whole: the full record stays on the security page
const QUOTE_MAX = 120

const quote = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return Array.from(flat).length > QUOTE_MAX
    ? `${Array.from(flat)
        .slice(0, QUOTE_MAX - 1)
        .join('')}…`
    : flat
}

/**
 * The plan in force on `day`: the latest approved on or before it (ties: the later entry). The
 * compliance facts, the plan-review reminders and the annual report's security section all ask
 * this one function which version counts.
 */
export function planInForce<P extends { id: number; approvedOn: string }>(plans: readonly P[], day: IsoDate): P | null {
  let best: P | null = null
  for (const p of plans) {
    if (p.approvedOn > day) continue
    if (!best || p.approvedOn > best.approvedOn || (p.approvedOn === best.approvedOn && p.id > best.id)) best = p
  }
  return best
}

/**
 * The drafted text, one paragraph each for the plan, the drills and the incidents of the year
 * `startDate`..`endDate` (both included), cut to `max` characters (the report's field limit).
 */
export function summariseSecurityYear({
  year,
  plans,
  drills,
  incidents,
  t,
  max,
}: {
  year: { startDate: IsoDate; endDate: IsoDate }
  plans: readonly SummaryPlan[]
  drills: readonly SummaryDrill[]
  incidents: readonly SummaryIncident[]
  t: Translate
  max: number
}): string {
  const within = (d: IsoDate) => d >= year.startDate && d <= year.endDate
  const lines: string[] = []

  const plan = planInForce(plans, year.endDate)
  if (!plan) lines.push(t('security.summary.noPlan'))
  else {
    const vars = { version: plan.version, approved: plan.approvedOn, review: plan.nextReviewOn }
    lines.push(t(plan.acknowledgedAt ? 'security.summary.plan' : 'security.summary.planUnacknowledged', vars))
    const revised = plans
      .filter((p) => within(p.approvedOn))
      .sort((a, b) => a.approvedOn.localeCompare(b.approvedOn) || a.id - b.id)
      .map((p) => t('security.summary.versionItem', { version: p.version, approved: p.approvedOn }))
    if (revised.length) lines.push(t('security.summary.revised', { versions: revised.join(t('security.summary.listSeparator')) }))
  }

  const held = drills.filter((d) => within(d.heldOn)).sort((a, b) => a.heldOn.localeCompare(b.heldOn))
  lines.push(held.length ? t('security.summary.drills', { n: held.length }) : t('security.summary.noDrills'))
  held.forEach((d, i) => {
    const parts = [
      t('security.summary.drill', { n: i + 1, date: d.heldOn, scenario: quote(d.scenario), participants: quote(d.participants) }),
    ]
    if (d.findings.trim()) parts.push(t('security.summary.findings', { text: quote(d.findings) }))
    if (d.followUp.trim()) {
      parts.push(t('security.summary.followUp', { text: quote(d.followUp) }))
      parts.push(
        d.followUpClosedOn ? t('security.summary.followUpClosed', { date: d.followUpClosedOn }) : t('security.summary.followUpOpen'),
      )
    }
    lines.push(parts.join(t('security.summary.partSeparator')))
  })

  const found = incidents
    .map((i) => ({ ...i, day: shanghaiDate(new Date(i.discoveredAt)) }))
    .filter((i) => within(i.day))
    .sort((a, b) => a.discoveredAt.localeCompare(b.discoveredAt))
  lines.push(found.length ? t('security.summary.incidents', { n: found.length }) : t('security.summary.noIncidents'))
  found.forEach((i, n) =>
    lines.push(
      t('security.summary.incident', {
        n: n + 1,
        date: i.day,
        grade: t(`incidents.grade.${i.grade}`),
        title: quote(i.title),
        status: t(`incidents.status.${i.status}`),
      }),
    ),
  )

  const text = lines.join('\n')
  return Array.from(text).length > max
    ? `${Array.from(text)
        .slice(0, max - 1)
        .join('')}…`
    : text
}
