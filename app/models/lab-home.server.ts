import type { IsoDate } from '../domain/dates'
import type { Actor } from '../domain/permissions'
import { listLabs } from './labs.server'
import { ruleSettings } from './settings.server'

// The `lab` role's home page: its own lab at a glance.
export function labHomeData({ actor, today }: { actor: Actor; today: IsoDate }) {
  const windowDays = ruleSettings().expiryWindowDays
  const myLab =
    listLabs({
      actor,
      filter: { sort: 'name', dir: 'asc' },
      today,
      windowDays,
      page: 1,
      pageSize: 1,
    }).rows[0] ?? null
  return { today, myLab }
}

export type LabHomeData = ReturnType<typeof labHomeData>
