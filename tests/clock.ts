import { afterEach, beforeEach } from 'vitest'
import { setClock } from '~/utils/clock.server'

// Pins the app's clock at `now` for each test of the file (or describe block) it is called in.
export function pinClock(now: Date | string) {
  beforeEach(() => setClock(new Date(now)))
  afterEach(() => setClock(undefined))
}
