// One status language (issue 19 item 8, docs/status-language.md): every page that says whether
// something owed by a date is due soon, overdue, done, done late, or — in an ended period —
// met or not, asks this module. Pure: `today` is a parameter.
import type { CheckResult } from '~db/schema/enums'
import { addDays, diffDays, type IsoDate } from './dates'

/**
 * - open: not done, due later than the warning window
 * - due_soon (即将到期): not done, due within the window (due day included) — a warning
 * - overdue (已逾期): not done, the due day has passed — failing
 * - done (已完成): done on or before the due day
 * - done_late (逾期提交): done after the due day — done, with how late
 * An ended period's obligation (a later period is in force) is history, never "overdue":
 * - closed_met / closed_met_late / closed_not_met (已结束：已履行 / 逾期履行 / 未履行)
 */
export const DUE_STATES = ['open', 'due_soon', 'overdue', 'done', 'done_late', 'closed_met', 'closed_met_late', 'closed_not_met'] as const
export type DueState = (typeof DUE_STATES)[number]

export type DueStatus = {
  state: DueState
  // due_soon: days left (0 on the due day); overdue, done_late, closed_met_late, closed_not_met:
  // days past the due date (to today, or to the day it was done); otherwise 0
  days: number
}

export function dueStatus({
  dueDate,
  doneOn,
  today,
  windowDays,
  periodClosed = false,
}: {
  dueDate: IsoDate
  // the Asia/Shanghai day it was done (filed, held, accepted), null while it is not
  doneOn: IsoDate | null
  today: IsoDate
  // how many days ahead a due date turns into a warning
  windowDays: number
  // a later period is in force: this obligation is history
  periodClosed?: boolean
}): DueStatus {
  if (doneOn !== null) {
    const late = Math.max(0, diffDays(dueDate, doneOn))
    if (periodClosed) return { state: late > 0 ? 'closed_met_late' : 'closed_met', days: late }
    return late > 0 ? { state: 'done_late', days: late } : { state: 'done', days: 0 }
  }
  if (periodClosed) return { state: 'closed_not_met', days: Math.max(0, diffDays(dueDate, today)) }
  if (dueDate < today) return { state: 'overdue', days: diffDays(dueDate, today) }
  if (dueDate <= addDays(today, windowDays)) return { state: 'due_soon', days: diffDays(today, dueDate) }
  return { state: 'open', days: 0 }
}

/** The compliance result a state stands for; null for an ended period's (not judged any more). */
export function resultOfDueState(state: DueState): CheckResult | null {
  switch (state) {
    case 'overdue':
      return 'failing'
    case 'due_soon':
      return 'warning'
    case 'open':
    case 'done':
    case 'done_late':
      return 'ok'
    default:
      return null
  }
}

/** Days a filing came in after its due date, or null when it was on time (or not filed). */
export function daysFiledLate({ dueDate, filedOn }: { dueDate: IsoDate | null; filedOn: IsoDate | null }): number | null {
  if (!dueDate || !filedOn || filedOn <= dueDate) return null
  return diffDays(dueDate, filedOn)
}
