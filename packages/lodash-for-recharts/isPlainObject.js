import { isObjectLike, tagOf } from './internal.js'

const objectCtorString = Function.prototype.toString.call(Object)

export default function isPlainObject(value) {
  if (!isObjectLike(value) || tagOf(value) !== '[object Object]') return false
  const proto = Object.getPrototypeOf(value)
  if (proto === null) return true
  const Ctor = Object.prototype.hasOwnProperty.call(proto, 'constructor') && proto.constructor
  return typeof Ctor === 'function' && Ctor instanceof Ctor && Function.prototype.toString.call(Ctor) === objectCtorString
}
