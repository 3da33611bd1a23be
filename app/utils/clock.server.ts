import { shanghaiDate, type IsoDate } from '~/domain/dates'

// The one place request handlers read the clock. Tests pin it with setClock().
declare global {
  var __labcycleNow: (() => Date) | undefined
}

export function now(): Date {
  return globalThis.__labcycleNow ? globalThis.__labcycleNow() : new Date()
}

export function today(): IsoDate {
  return shanghaiDate(now())
}

export function setClock(fixed: Date | undefined) {
  globalThis.__labcycleNow = fixed ? () => fixed : undefined
}
