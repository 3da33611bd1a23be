export default function first(array) {
  return array != null && array.length ? array[0] : undefined
}
