import { and, eq, gt } from 'drizzle-orm'
import { reminderSnoozes, users } from '~db/schema'
import type { ReminderSource } from '~db/schema/enums'
import { shanghaiDate, type IsoDate } from '~/domain/dates'
import { isOwnLab } from '~/domain/permissions'
import { canSnoozeSource, checkSnoozeUntil, isSnoozed } from '~/domain/reminder-kinds'
import type { RuleSettings } from '~/domain/settings'
import type { Db } from '~/utils/db.server'
import { recordAudit } from './audit.server'
import { scopedLab } from './filing-steps.server'
import { labsInForce } from './reminder-sources/labs.server'
import { SOURCES, type OpenObligation } from './reminder-sources/index.server'
import {
  auditActorOf,
  forbidden,
  invalid,
  notFound,
  ok,
  type ActingUser,
  type Invalid,
  type NotFound,
  type Forbidden,
  type Result,
} from './result.server'

// A lab snoozes its own reminders for one open obligation for a few days (issue 15 part 6,
// app/domain/reminder-kinds.ts). Only the lab's own steps wait; the obligation stays on every
// list, the district's and the bureau's escalations go out on their day, and the offices see the
// snooze on the lab's obligations page. Both the snooze and its end are audited.

const keyOf = (o: { source: ReminderSource; sourceId: number }) => `${o.source}:${o.sourceId}`

/** Snoozes still running today, by obligation key (source:sourceId): the day the lab's steps resume. */
export function snoozesOf(db: Db, today: IsoDate): Map<string, IsoDate> {
  return new Map(
    db
      .select({ source: reminderSnoozes.source, sourceId: reminderSnoozes.sourceId, until: reminderSnoozes.until })
      .from(reminderSnoozes)
      .where(gt(reminderSnoozes.until, today))
      .all()
      .map((s) => [keyOf(s), s.until as IsoDate]),
  )
}

export type LabReminder = OpenObligation & { snoozedUntil: IsoDate | null; snoozedBy: string | null; snoozable: boolean }

/** One lab's open obligations (every reminder kind), soonest due first, with their snoozes. Callers check scope. */
export function labReminders({
  db,
  labId,
  today,
  settings,
}: {
  db: Db
  labId: number
  today: IsoDate
  settings: RuleSettings
}): LabReminder[] {
  const labs = labsInForce({ db, today, settings, labIds: [labId] })
  if (labs.size === 0) return []
  const snoozes = db
    .select({ source: reminderSnoozes.source, sourceId: reminderSnoozes.sourceId, until: reminderSnoozes.until, by: users.displayName })
    .from(reminderSnoozes)
    .leftJoin(users, eq(users.id, reminderSnoozes.createdBy))
    .where(and(eq(reminderSnoozes.labId, labId), gt(reminderSnoozes.until, today)))
    .all()
  return SOURCES.flatMap((s) => s.list({ db, today, settings, labs }))
    .filter((o) => !o.completed)
    .map((o) => {
      const snooze = snoozes.find((s) => keyOf(s) === keyOf(o))
      return {
        ...o,
        snoozedUntil: snooze && isSnoozed(snooze.until, today) ? (snooze.until as IsoDate) : null,
        snoozedBy: snooze?.by ?? null,
        snoozable: canSnoozeSource(o.source),
      }
    })
    .sort((a, b) => (a.dueDate === b.dueDate ? a.source.localeCompare(b.source) : a.dueDate < b.dueDate ? -1 : 1))
}

type SnoozeFailure = NotFound | Forbidden | Invalid

/**
 * The lab snoozes (until: the day its reminders resume) or unsnoozes (until: null) one of its own
 * open obligations. Out of scope: 404; an office or expert: 403; an obligation the lab does not
 * have open, or one that cannot be snoozed: 404; a day outside tomorrow…14 days ahead: 400.
 */
export function snoozeReminder({
  db,
  by,
  labId,
  source,
  sourceId,
  until,
  settings,
  now,
}: {
  db: Db
  by: ActingUser
  labId: number
  source: ReminderSource
  sourceId: number
  until: IsoDate | null
  settings: RuleSettings
  now: Date
}): Result<{ changed: boolean }, SnoozeFailure> {
  const lab = scopedLab(by, labId)
  if (!lab) return notFound()
  if (by.role !== 'lab' || !isOwnLab(by, lab)) return forbidden()
  const today = shanghaiDate(now)
  const obligation = labReminders({ db, labId, today, settings }).find((o) => o.source === source && o.sourceId === sourceId)
  if (!obligation || !obligation.snoozable) return notFound()
  if (until) {
    const problem = checkSnoozeUntil(until, today)
    if (problem) return invalid({ until: { key: `snooze.error.${problem}`, vars: { max: 14 } } })
  }
  const at = now.toISOString()
  return db.transaction((tx) => {
    const current = tx
      .select()
      .from(reminderSnoozes)
      .where(and(eq(reminderSnoozes.source, source), eq(reminderSnoozes.sourceId, sourceId)))
      .get()
    const before = current && current.until > today ? { until: current.until } : null
    if ((before?.until ?? null) === until) return ok({ changed: false })
    if (until)
      tx.insert(reminderSnoozes)
        .values({ source, sourceId, labId, until, createdBy: by.id, createdAt: at })
        .onConflictDoUpdate({
          target: [reminderSnoozes.source, reminderSnoozes.sourceId],
          set: { until, createdBy: by.id, createdAt: at },
        })
        .run()
    else
      tx.delete(reminderSnoozes)
        .where(and(eq(reminderSnoozes.source, source), eq(reminderSnoozes.sourceId, sourceId)))
        .run()
    recordAudit(tx, {
      actor: auditActorOf(by),
      action: until ? 'snooze' : 'unsnooze',
      entityType: 'reminder_snooze',
      entityId: keyOf({ source, sourceId }),
      labId,
      before,
      after: until ? { until, dueDate: obligation.dueDate } : null,
      at: now,
    })
    return ok({ changed: true })
  })
}
