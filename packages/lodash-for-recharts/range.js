import { toFinite } from './internal.js'

/** Numbers from start up to (not including) end by step, added up as lodash adds them. */
export default function range(start, end, step) {
  start = toFinite(start)
  if (end === undefined) {
    end = start
    start = 0
  } else end = toFinite(end)
  step = step === undefined ? (start < end ? 1 : -1) : toFinite(step)
  let length = Math.max(Math.ceil((end - start) / (step || 1)), 0)
  const result = new Array(length)
  let index = 0
  while (length--) {
    result[index++] = start
    start += step
  }
  return result
}
