import { extremum, identity } from './internal.js'

export default function max(array) {
  return array && array.length ? extremum(array, identity, (a, b) => a > b) : undefined
}
