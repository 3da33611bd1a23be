// lodash's debounce and throttle (MIT, © OpenJS Foundation and other contributors), as they are:
// recharts throttles its mouse-move handler with them and cancels the timer on unmount.
import isObject from './isObject.js'
import { toFinite } from './internal.js'

export function debounce(func, wait, options) {
  let lastArgs
  let lastThis
  let maxWait
  let result
  let timerId
  let lastCallTime
  let lastInvokeTime = 0
  let leading = false
  let maxing = false
  let trailing = true
  if (typeof func !== 'function') throw new TypeError('Expected a function')
  wait = toFinite(wait) || 0
  if (isObject(options)) {
    leading = !!options.leading
    maxing = 'maxWait' in options
    maxWait = maxing ? Math.max(toFinite(options.maxWait) || 0, wait) : maxWait
    trailing = 'trailing' in options ? !!options.trailing : trailing
  }

  function invokeFunc(time) {
    const args = lastArgs
    const thisArg = lastThis
    lastArgs = lastThis = undefined
    lastInvokeTime = time
    result = func.apply(thisArg, args)
    return result
  }
  function leadingEdge(time) {
    lastInvokeTime = time
    timerId = setTimeout(timerExpired, wait)
    return leading ? invokeFunc(time) : result
  }
  function remainingWait(time) {
    const timeSinceLastCall = time - lastCallTime
    const timeSinceLastInvoke = time - lastInvokeTime
    const timeWaiting = wait - timeSinceLastCall
    return maxing ? Math.min(timeWaiting, maxWait - timeSinceLastInvoke) : timeWaiting
  }
  function shouldInvoke(time) {
    const timeSinceLastCall = time - lastCallTime
    const timeSinceLastInvoke = time - lastInvokeTime
    return lastCallTime === undefined || timeSinceLastCall >= wait || timeSinceLastCall < 0 || (maxing && timeSinceLastInvoke >= maxWait)
  }
  function timerExpired() {
    const time = Date.now()
    if (shouldInvoke(time)) return trailingEdge(time)
    timerId = setTimeout(timerExpired, remainingWait(time))
  }
  function trailingEdge(time) {
    timerId = undefined
    if (trailing && lastArgs) return invokeFunc(time)
    lastArgs = lastThis = undefined
    return result
  }
  function cancel() {
    if (timerId !== undefined) clearTimeout(timerId)
    lastInvokeTime = 0
    lastArgs = lastCallTime = lastThis = timerId = undefined
  }
  function flush() {
    return timerId === undefined ? result : trailingEdge(Date.now())
  }
  function debounced(...args) {
    const time = Date.now()
    const isInvoking = shouldInvoke(time)
    lastArgs = args
    // the caller's `this`, passed on to func as lodash does
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    lastThis = this
    lastCallTime = time
    if (isInvoking) {
      if (timerId === undefined) return leadingEdge(lastCallTime)
      if (maxing) {
        clearTimeout(timerId)
        timerId = setTimeout(timerExpired, wait)
        return invokeFunc(lastCallTime)
      }
    }
    if (timerId === undefined) timerId = setTimeout(timerExpired, wait)
    return result
  }
  debounced.cancel = cancel
  debounced.flush = flush
  return debounced
}

/** Calls func at most once per `wait` ms: at once (leading) and with the last arguments at the end (trailing). */
export default function throttle(func, wait, options) {
  let leading = true
  let trailing = true
  if (typeof func !== 'function') throw new TypeError('Expected a function')
  if (isObject(options)) {
    leading = 'leading' in options ? !!options.leading : leading
    trailing = 'trailing' in options ? !!options.trailing : trailing
  }
  return debounce(func, wait, { leading, maxWait: wait, trailing })
}
