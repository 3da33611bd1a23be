import { each, iteratee } from './internal.js'

export default function some(collection, predicate) {
  const f = iteratee(predicate)
  let result = false
  each(collection, (value, key, c) => !(result = !!f(value, key, c)))
  return result
}
