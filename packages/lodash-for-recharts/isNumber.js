import { isObjectLike, tagOf } from './internal.js'

export default function isNumber(value) {
  return typeof value === 'number' || (isObjectLike(value) && tagOf(value) === '[object Number]')
}
