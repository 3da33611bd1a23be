import { iteratee } from './internal.js'

export default function mapValues(object, by) {
  const f = iteratee(by)
  const result = {}
  if (object == null) return result
  for (const key of Object.keys(Object(object))) result[key] = f(object[key], key, object)
  return result
}
