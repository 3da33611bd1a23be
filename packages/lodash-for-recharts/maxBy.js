import { extremum, iteratee } from './internal.js'

export default function maxBy(array, by) {
  return array && array.length ? extremum(array, iteratee(by), (a, b) => a > b) : undefined
}
