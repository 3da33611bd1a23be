/** The first character (a whole code point) in upper case. */
export default function upperFirst(string) {
  const s = string == null ? '' : typeof string === 'string' ? string : `${string}`
  if (!s) return ''
  const first = String.fromCodePoint(s.codePointAt(0))
  return first.toUpperCase() + s.slice(first.length)
}
