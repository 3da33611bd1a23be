import { each, iteratee } from './internal.js'

export default function find(collection, predicate) {
  const f = iteratee(predicate)
  let found
  each(collection, (value, key, c) => {
    if (!f(value, key, c)) return true
    found = value
    return false
  })
  return found
}
