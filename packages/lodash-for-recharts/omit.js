/** The object's own and inherited enumerable properties but the given keys (plain keys, not deep paths). */
export default function omit(object, ...keys) {
  const result = {}
  if (object == null) return result
  for (const key in object) result[key] = object[key]
  for (const symbol of Object.getOwnPropertySymbols(object))
    if (Object.prototype.propertyIsEnumerable.call(object, symbol)) result[symbol] = object[symbol]
  for (const key of keys.flat()) {
    if (typeof key === 'string' && /[.[]/.test(key) && !(key in Object(object)))
      throw new TypeError("Labcycle's lodash for recharts omits plain keys, not paths")
    delete result[key]
  }
  return result
}
