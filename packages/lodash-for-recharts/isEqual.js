// lodash's isEqual (MIT, © OpenJS Foundation and other contributors), restated: a deep comparison
// of primitives (NaN equals NaN, 0 equals -0), arrays and typed arrays element by element, plain
// and other objects by their own enumerable keys and symbols and then their constructors, Dates,
// numbers, strings, booleans, symbols, regular expressions and errors by value, Maps and Sets by
// their entries in any order, ArrayBuffers and DataViews by their bytes; cycles are followed once.
// Functions and DOM nodes are equal only to themselves. recharts compares chart data with it.
import { isObjectLike, tagOf } from './internal.js'

const ARGS = '[object Arguments]'
const OBJECT = '[object Object]'
const ARRAY = '[object Array]'
const hasOwn = Object.prototype.hasOwnProperty
const isEnumerable = Object.prototype.propertyIsEnumerable

const isTypedArray = (value) => ArrayBuffer.isView(value) && !(value instanceof DataView)
const ownKeys = (object) => [...Object.keys(object), ...Object.getOwnPropertySymbols(object).filter((s) => isEnumerable.call(object, s))]
const same = (a, b) => a === b || (a !== a && b !== b)

function equal(a, b, stack) {
  if (a === b) return true
  if (a == null || b == null || (!isObjectLike(a) && !isObjectLike(b))) return a !== a && b !== b
  return equalDeep(a, b, stack)
}

function equalDeep(a, b, stack) {
  const aIsArr = Array.isArray(a)
  const bIsArr = Array.isArray(b)
  let aTag = aIsArr ? ARRAY : tagOf(a)
  let bTag = bIsArr ? ARRAY : tagOf(b)
  if (aTag === ARGS) aTag = OBJECT
  if (bTag === ARGS) bTag = OBJECT
  if (aTag !== bTag) return false
  const listA = aIsArr || isTypedArray(a)
  if (listA || aTag === OBJECT) {
    const aStacked = stack.get(a)
    const bStacked = stack.get(b)
    if (aStacked && bStacked) return aStacked === b && bStacked === a
    stack.set(a, b)
    stack.set(b, a)
    const result = listA ? equalLists(a, b, stack, false) : equalObjects(a, b, stack)
    stack.delete(a)
    stack.delete(b)
    return result
  }
  return equalByTag(a, b, aTag, stack)
}

function equalLists(a, b, stack, unordered) {
  if (a.length !== b.length) return false
  if (!unordered) {
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i], stack)) return false
    return true
  }
  const matched = new Set()
  for (const x of a) {
    let found = false
    for (let j = 0; j < b.length; j++)
      if (!matched.has(j) && (x === b[j] || equal(x, b[j], stack))) {
        matched.add(j)
        found = true
        break
      }
    if (!found) return false
  }
  return true
}

function equalObjects(a, b, stack) {
  const keys = ownKeys(a)
  if (keys.length !== ownKeys(b).length) return false
  for (const key of keys) if (!hasOwn.call(b, key) || !equal(a[key], b[key], stack)) return false
  const aCtor = a.constructor
  const bCtor = b.constructor
  if (
    aCtor !== bCtor &&
    'constructor' in a &&
    'constructor' in b &&
    !(typeof aCtor === 'function' && aCtor instanceof aCtor && typeof bCtor === 'function' && bCtor instanceof bCtor)
  )
    return false
  return true
}

function equalByTag(a, b, tag, stack) {
  switch (tag) {
    case '[object DataView]':
      if (a.byteLength !== b.byteLength || a.byteOffset !== b.byteOffset) return false
      return equalLists(
        new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
        new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
        stack,
        false,
      )
    case '[object ArrayBuffer]':
      return a.byteLength === b.byteLength && equalLists(new Uint8Array(a), new Uint8Array(b), stack, false)
    case '[object Boolean]':
    case '[object Date]':
    case '[object Number]':
      return same(+a, +b)
    case '[object Error]':
      return a.name === b.name && a.message === b.message
    case '[object RegExp]':
    case '[object String]':
      return a == `${b}`
    case '[object Map]':
    case '[object Set]': {
      if (a.size !== b.size) return false
      const aStacked = stack.get(a)
      if (aStacked) return aStacked === b
      stack.set(a, b)
      const result = equalLists([...a], [...b], stack, true)
      stack.delete(a)
      return result
    }
    case '[object Symbol]':
      return Symbol.prototype.valueOf.call(a) === Symbol.prototype.valueOf.call(b)
  }
  return false
}

export default function isEqual(value, other) {
  return equal(value, other, new Map())
}
