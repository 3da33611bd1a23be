import { iteratee } from './internal.js'

/** As lodash: 0 for an empty array, undefined when every computed value is undefined. */
export default function sumBy(array, by) {
  if (!array || !array.length) return 0
  const f = iteratee(by)
  let result
  for (const value of array) {
    const current = f(value)
    if (current !== undefined) result = result === undefined ? current : result + current
  }
  return result
}
