import type { IsoDate } from '~/domain/dates'
import type { Actor } from '~/domain/permissions'
import { buildChecklist, periodYears } from '~/domain/lab-checklist'
import { daysUntilExpiry, labPeriods, labStatus } from '~/domain/validity'
import { labChecksOf } from './compliance.server'
import { getLab } from './labs.server'
import { ruleSettings } from './settings.server'
import { labTimeline } from './timeline.server'

// How many of the latest timeline events the home page shows as "recent notices".
export const RECENT_NOTICES = 8

// The `lab` role's home page (issue 3 item 6): its own lab's days until expiry, what is due
// next with dates, and recent notices. Scoped through getLab, so only the actor's lab is read.
export function labHomeData({ actor, today }: { actor: Actor; today: IsoDate }) {
  const detail = actor.labId === null ? null : getLab({ id: actor.labId, actor })
  if (!detail) return { state: 'no_lab' as const, today }
  const { lab, periods } = detail
  const { latest, inForce: current } = labPeriods(periods, today)
  const status = labStatus({ latest, today, windowDays: ruleSettings().expiryWindowDays })
  const checks = labChecksOf({ labId: lab.id, today })
  const checklist = buildChecklist({ labId: lab.id, checks, periods, today })
  return {
    state: 'lab' as const,
    today,
    lab: { id: lab.id, name: lab.name },
    status,
    // the latest period decides the lab's expiry, as on the registry and the lab page
    expiry: latest
      ? {
          endDate: latest.endDate,
          daysLeft: daysUntilExpiry({ endDate: latest.endDate, today }),
          outcome: latest.outcome,
          outcomeDate: latest.outcomeDate,
        }
      : null,
    period: current ? periodYears(current, today) : null,
    checklist,
    // no failing check and no warning (a lab not held to the rules has no checks at all)
    allClear: checks.length > 0 && checks.every((c) => c.result === 'ok'),
    tracked: checks.length > 0,
    recent: labTimeline({ labId: lab.id, viewer: actor, today, limit: RECENT_NOTICES }).events,
  }
}

export type LabHomeData = ReturnType<typeof labHomeData>
