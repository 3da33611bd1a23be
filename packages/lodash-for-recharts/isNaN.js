import isNumber from './isNumber.js'

/** NaN and new Number(NaN), unlike the global isNaN: not undefined or 'a'. */
export default function isNaN(value) {
  return isNumber(value) && value != +value
}
