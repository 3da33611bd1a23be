import { isObjectLike, tagOf } from './internal.js'

export default function isString(value) {
  return typeof value === 'string' || (!Array.isArray(value) && isObjectLike(value) && tagOf(value) === '[object String]')
}
