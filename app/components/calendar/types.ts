import type { GridDay, monthsOfYear } from '~/domain/calendar'
import type { packageCoverage, CalendarYearListing } from '~/models/calendar.server'
import type { CalculatorState } from '~/models/calendar-form'

// What the calendar route's loader hands the page (every field is already plain JSON).
export type CalendarPageData = CalendarYearListing & {
  coverage: ReturnType<typeof packageCoverage>
  canManage: boolean
  today: string
  calc: CalculatorState
}

export type CalendarMonth = ReturnType<typeof monthsOfYear>[number]
export type CalendarGridDay = GridDay
