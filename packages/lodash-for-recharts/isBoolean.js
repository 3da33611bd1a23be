import { isObjectLike, tagOf } from './internal.js'

export default function isBoolean(value) {
  return value === true || value === false || (isObjectLike(value) && tagOf(value) === '[object Boolean]')
}
