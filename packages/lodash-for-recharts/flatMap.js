import { each, iteratee } from './internal.js'

const isArguments = (value) => Object.prototype.toString.call(value) === '[object Arguments]'

/** Maps each element and flattens the results one level. */
export default function flatMap(collection, by) {
  const f = iteratee(by)
  const result = []
  each(collection, (value, key, c) => {
    const mapped = f(value, key, c)
    if (Array.isArray(mapped) || isArguments(mapped) || (mapped != null && mapped[Symbol.isConcatSpreadable]))
      for (let i = 0; i < mapped.length; i++) result.push(mapped[i])
    else result.push(mapped)
  })
  return result
}
