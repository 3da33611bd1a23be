import type { PeriodOutcome, ReminderSource } from '~db/schema/enums'
import type { IsoDate } from '~/domain/dates'
import type { ObligationOwner } from '~/domain/reminders'
import type { RuleSettings } from '~/domain/settings'
import type { MessageKey } from '~/i18n'
import type { Db } from '~/utils/db.server'

// One obligation someone may have to be reminded of. `sourceId` with `source` names the thing the
// obligation belongs to (a ledger row, a period, a plan, an incident, a lab for its drills); the
// notice key adds the due date, so a source that moves a due date simply yields the new one.
export type OpenObligation = {
  source: ReminderSource
  sourceId: number
  labId: number
  districtCode: string
  dueDate: IsoDate
  // what the obligation is, rendered in the reader's language (app/i18n/reminders.ts); `lab` is always among the params
  title: { key: MessageKey; params: Record<string, string | number> }
  // where the recipient acts on it
  link: string
  // done: no more reminders (a source may also just leave it out)
  completed: boolean
  // who owes it: the lab unless said otherwise (app/domain/reminders.ts ownerOfSource)
  owedBy?: ObligationOwner
  // its own repeat interval in days over its kind's (an open incident's follow-up cadence by grade)
  repeatEveryDays?: number
}

export type ReminderSourceContext = {
  db: Db
  today: IsoDate
  settings: RuleSettings
  // labs held to the rules today (labsInForce), shared by the sources of one run
  labs: ReadonlyMap<number, LabInForce>
}

export type LabInForce = {
  id: number
  name: string
  districtCode: string
  // the latest validity period: the end of certification, and the renewal that continues it
  latest: { periodId: number; startDate: IsoDate; endDate: IsoDate; outcome: PeriodOutcome | null }
  // the period whose years are owed (labPeriods' inForce): the latest one's predecessor while a
  // renewed period has not begun
  inForcePeriodId: number
  // the first period's start
  certifiedOn: IsoDate
}

// A source is a name and a list function. Adding one (e.g. a resource request's decision
// deadline): a file next to this one, its value in REMINDER_SOURCES (db/schema/enums.ts), a
// title message 'reminders.title.<source>' and a source name 'reminders.source.<source>'
// (app/i18n/reminders.ts), and an entry in SOURCES (./index.server.ts).
export type ReminderSourceDefinition = {
  source: ReminderSource
  list: (ctx: ReminderSourceContext) => OpenObligation[]
}
