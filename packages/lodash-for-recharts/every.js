import { each, iteratee } from './internal.js'

export default function every(collection, predicate) {
  const f = iteratee(predicate)
  let result = true
  each(collection, (value, key, c) => (result = !!f(value, key, c)))
  return result
}
