import { baseGet } from './internal.js'

/** The value at a property path ('a.b[0]', or an array of keys), else defaultValue. */
export default function get(object, path, defaultValue) {
  const result = object == null ? undefined : baseGet(object, path)
  return result === undefined ? defaultValue : result
}
