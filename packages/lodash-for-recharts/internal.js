// Shared pieces, restated from lodash 4.17/4.18 (MIT, © OpenJS Foundation and other contributors,
// https://lodash.com/license) for the inputs recharts gives them.

const toString = Object.prototype.toString
export const tagOf = (value) => toString.call(value)
export const isObjectLike = (value) => value != null && typeof value === 'object'
export const MAX_SAFE_INTEGER = 9007199254740991
export const isArrayLike = (value) =>
  value != null &&
  typeof value !== 'function' &&
  typeof value.length === 'number' &&
  value.length > -1 &&
  value.length % 1 === 0 &&
  value.length <= MAX_SAFE_INTEGER
export const identity = (value) => value
export const isSymbol = (value) => typeof value === 'symbol' || (isObjectLike(value) && tagOf(value) === '[object Symbol]')

// lodash's property paths: 'a.b[0].c', 'a["b.c"]'
const rePropName = /[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))/g
const reEscapeChar = /\\(\\)?/g
const reIsDeepProp = /\.|\[(?:[^[\]]*|(["'])(?:(?!\1)[^\\]|\\.)*?\1)\]/
const reIsPlainProp = /^\w*$/
const paths = new Map()

function stringToPath(string) {
  let result = paths.get(string)
  if (result) return result
  result = []
  if (string.charCodeAt(0) === 46 /* . */) result.push('')
  string.replace(rePropName, (match, number, quote, subString) => {
    result.push(quote ? subString.replace(reEscapeChar, '$1') : number || match)
  })
  // lodash's memoizeCapped: forget them all past 500
  if (paths.size >= 500) paths.clear()
  paths.set(string, result)
  return result
}

function isKey(value, object) {
  if (Array.isArray(value)) return false
  const type = typeof value
  if (type === 'number' || type === 'symbol' || type === 'boolean' || value == null || isSymbol(value)) return true
  return reIsPlainProp.test(value) || !reIsDeepProp.test(value) || (object != null && value in Object(object))
}

function toKey(value) {
  if (typeof value === 'string' || isSymbol(value)) return value
  const result = `${value}`
  return result === '0' && 1 / value === -Infinity ? '-0' : result
}

export function baseGet(object, path) {
  const parts = Array.isArray(path) ? path : isKey(path, object) ? [path] : stringToPath(path == null ? '' : String(path))
  let index = 0
  while (object != null && index < parts.length) object = object[toKey(parts[index++])]
  return index && index === parts.length ? object : undefined
}

/** lodash's iteratee shorthands as recharts uses them: a function, or a property path. */
export function iteratee(value) {
  if (typeof value === 'function') return value
  if (value == null) return identity
  if (typeof value === 'object' && !Array.isArray(value))
    throw new TypeError("Labcycle's lodash for recharts takes a function or a property path as iteratee")
  return (object) => baseGet(object, value)
}

/** Calls `f(value, key, collection)` for each element (array-likes by index, else own keys) until it returns false. */
export function each(collection, f) {
  if (collection == null) return
  if (isArrayLike(collection)) {
    for (let i = 0; i < collection.length; i++) if (f(collection[i], i, collection) === false) return
  } else {
    const object = Object(collection)
    for (const key of Object.keys(object)) if (f(object[key], key, collection) === false) return
  }
}

export function toFinite(value) {
  if (!value) return value === 0 ? value : 0
  value = isSymbol(value) ? NaN : Number(value)
  if (value === Infinity || value === -Infinity) return (value < 0 ? -1 : 1) * 1.7976931348623157e308
  return value === value ? value : 0
}

/** lodash's baseExtremum: the element whose computed value wins, skipping null, NaN and symbols. */
export function extremum(array, computeOf, wins) {
  let result
  let computed
  for (const value of array) {
    const current = computeOf(value)
    if (current != null && (computed === undefined ? current === current && !isSymbol(current) : wins(current, computed))) {
      computed = current
      result = value
    }
  }
  return result
}

/** lodash's compareAscending: undefined, null and NaN sort last, symbols after other values. */
export function compareAscending(value, other) {
  if (value !== other) {
    const valIsDefined = value !== undefined
    const valIsNull = value === null
    const valIsReflexive = value === value
    const valIsSymbol = isSymbol(value)
    const othIsDefined = other !== undefined
    const othIsNull = other === null
    const othIsReflexive = other === other
    const othIsSymbol = isSymbol(other)
    if (
      (!othIsNull && !othIsSymbol && !valIsSymbol && value > other) ||
      (valIsSymbol && othIsDefined && othIsReflexive && !othIsNull && !othIsSymbol) ||
      (valIsNull && othIsDefined && othIsReflexive) ||
      (!valIsDefined && othIsReflexive) ||
      !valIsReflexive
    )
      return 1
    if (
      (!valIsNull && !valIsSymbol && !othIsSymbol && value < other) ||
      (othIsSymbol && valIsDefined && valIsReflexive && !valIsNull && !valIsSymbol) ||
      (othIsNull && valIsDefined && valIsReflexive) ||
      (!othIsDefined && valIsReflexive) ||
      !othIsReflexive
    )
      return -1
  }
  return 0
}
