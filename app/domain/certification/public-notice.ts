// Guide 四(四) 公示: "对拟入选名单…公示，公示期为7个工作日", and 四(五) "公示无异议后…授牌".
// Working days are the official calendar's (app/domain/calendar.ts: holidays and 调休 make-up
// days), never Monday to Friday, and a count that reaches a year the calendar does not know says
// so (the coverage warning) instead of passing a guess off as the date.
import { addWorkingDays, nextWorkingDay, type WorkCalendar } from '~/domain/calendar'
import { addDays, shanghaiDate, shanghaiDayStart, type IsoDate } from '~/domain/dates'
import type { MessageKey } from '~/i18n'

export const NOTICE_WORKING_DAYS = 7

export type NoticePeriod = {
  publishedOn: IsoDate
  // the first working day of the notice: the publication day itself when it is one
  firstDay: IsoDate
  // the 7th working day, counting the publication day when it is a working day (as notices read
  // "公示期：8月1日至8月9日" for a Tuesday publication); objections are heard to its end
  lastDay: IsoDate
  // true when a day counted lies in a year without calendar data: the last day is a Monday–Friday guess
  estimated: boolean
  unknownYears: number[]
}

/** The notice published on `publishedOn` (a Shanghai day): its first and last working day. */
export function noticePeriod(cal: WorkCalendar, publishedOn: IsoDate): NoticePeriod {
  // counting from the day before makes the publication day the first day counted
  const last = addWorkingDays(cal, addDays(publishedOn, -1), NOTICE_WORKING_DAYS)
  const first = nextWorkingDay(cal, publishedOn)
  const unknownYears = [...new Set([...first.unknownYears, ...last.unknownYears])].sort((a, b) => a - b)
  return { publishedOn, firstDay: first.date, lastDay: last.date, estimated: unknownYears.length > 0, unknownYears }
}

/** The coverage warning the bureau's and the public page show beside an estimated last day. */
export function noticeCoverageWarning(period: NoticePeriod): { key: MessageKey; params: { years: string } } | null {
  return period.estimated ? { key: 'certification.notice.estimated', params: { years: period.unknownYears.join('、') } } : null
}

export type NoticeStage = 'not_started' | 'open' | 'closed'

/** Where `now` (its Shanghai day) stands: before publication, inside the notice, or after its last day. */
export function noticeStage(period: NoticePeriod, now: Date): NoticeStage {
  const today = shanghaiDate(now)
  if (today < period.publishedOn) return 'not_started'
  return today <= period.lastDay ? 'open' : 'closed'
}

/** The instant objections stop being in time: the end of the last day, Beijing time (its next midnight). */
export function objectionsCloseAt(period: NoticePeriod): string {
  return shanghaiDayStart(addDays(period.lastDay, 1))
}

export type ObjectionTiming = { inTime: true } | { inTime: false; reason: 'before_notice' | 'after_notice' }

/**
 * Whether an objection received at `receivedAt` is in time: from the publication day's start to
 * the last day's end, Beijing time, weekends and holidays inside the notice included (the list
 * is public on them too). The guide names no hour, so the whole last day counts.
 */
export function objectionTiming(period: NoticePeriod, receivedAt: Date): ObjectionTiming {
  const at = receivedAt.getTime()
  if (at < Date.parse(shanghaiDayStart(period.publishedOn))) return { inTime: false, reason: 'before_notice' }
  if (at >= Date.parse(objectionsCloseAt(period))) return { inTime: false, reason: 'after_notice' }
  return { inTime: true }
}
