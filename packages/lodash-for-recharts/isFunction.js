/** lodash's isFunction: functions, async and generator functions, classes. */
export default function isFunction(value) {
  return typeof value === 'function'
}
