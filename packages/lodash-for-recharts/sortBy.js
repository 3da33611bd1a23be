import { baseGet, compareAscending, each, iteratee } from './internal.js'

/** A stable sort by each iteratee in turn, ascending, with undefined, null and NaN last (as lodash). */
export default function sortBy(collection, ...iteratees) {
  if (collection == null) return []
  const by = iteratees.flat().map((i) => (Array.isArray(i) ? (value) => baseGet(value, i.length === 1 ? i[0] : i) : iteratee(i)))
  if (by.length === 0) by.push((value) => value)
  const rows = []
  each(collection, (value) => {
    rows.push({ value, index: rows.length, criteria: by.map((f) => f(value)) })
  })
  rows.sort((a, b) => {
    for (let i = 0; i < by.length; i++) {
      const order = compareAscending(a.criteria[i], b.criteria[i])
      if (order) return order
    }
    return a.index - b.index
  })
  return rows.map((row) => row.value)
}
