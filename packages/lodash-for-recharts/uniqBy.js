import { iteratee } from './internal.js'

/** The first element for each computed value (SameValueZero, as lodash), in order. */
export default function uniqBy(array, by) {
  if (!array || !array.length) return []
  const f = iteratee(by)
  const seen = new Set()
  const result = []
  for (const value of array) {
    const computed = f(value)
    if (seen.has(computed)) continue
    seen.add(computed)
    result.push(value)
  }
  return result
}
