export default function isNil(value) {
  return value == null
}
