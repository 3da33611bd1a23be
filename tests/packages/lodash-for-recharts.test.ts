import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, test } from 'vitest'

// packages/lodash-for-recharts stands in for lodash under recharts (docs/decisions/019): each of
// its 29 functions must answer as lodash 4.18 answers, on the values recharts passes and on the
// edges lodash defines (null, NaN, -0, sparse and array-like inputs, cycles, stable order).

const lodash = createRequire(import.meta.url)('lodash') as Record<string, (...args: unknown[]) => unknown>
const dir = path.resolve(__dirname, '../../packages/lodash-for-recharts')
const ours = async (name: string) => ((await import(path.join(dir, `${name}.js`))) as { default: (...args: unknown[]) => unknown }).default

const FUNCTIONS = [
  'isFunction', 'isNil', 'isEqual', 'get', 'isString', 'isObject', 'isNaN', 'upperFirst', 'sortBy', 'throttle', 'range', 'omit',
  'min', 'maxBy', 'max', 'last', 'isNumber', 'every', 'uniqBy', 'sumBy', 'some', 'minBy', 'memoize', 'mapValues', 'isPlainObject',
  'isBoolean', 'flatMap', 'first', 'find',
] // prettier-ignore

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}
const sym = Symbol('s')
const cyclic = () => {
  const a: Record<string, unknown> = { n: 1 }
  a.self = a
  return a
}

// an arguments object, which lodash compares as a plain object
const argumentsOf = function (..._values: unknown[]) {
  // eslint-disable-next-line prefer-rest-params
  return arguments
}

// values of every kind, for the predicates and as the two sides of isEqual
const VALUES: unknown[] = [
  undefined, null, 0, -0, 1, -1.5, NaN, Infinity, '', 'a', 'abc', '10', true, false, sym, 10n,
  [], [1, 2], [1, [2, 3]], { a: 1 }, { a: 1, b: undefined }, { a: { b: [1, { c: 2 }] } }, Object.create(null),
  new Point(1, 2), { x: 1, y: 2 }, new Date(0), new Date(1), /a/g, /a/i, new Error('x'), new TypeError('x'),
  new Map<number, unknown>([[1, { a: 1 }], [2, 'b']]), new Map<number, unknown>([[2, 'b'], [1, { a: 1 }]]), new Set<unknown>([1, 'a', { b: 2 }]), new Set<unknown>([{ b: 2 }, 'a', 1]),
  new Uint8Array([1, 2]), new Int8Array([1, 2]), new Uint8Array([1, 3]), new ArrayBuffer(2), new DataView(new ArrayBuffer(2)),
  Object(1), Object('a'), Object(false), Object(NaN), Object(sym), () => 1, function named() {}, class K {},
  argumentsOf(1, 2), { length: 2, 0: 'a', 1: 'b' }, cyclic(), cyclic(),
  { [sym]: 1 }, { [sym]: 2 }, { constructor: 1 }, { constructor: Point },
] // prettier-ignore

describe("Labcycle's lodash for recharts agrees with lodash", () => {
  test('it has each function recharts imports, and only those', async () => {
    const fs = await import('node:fs')
    const imported = new Set<string>()
    const recharts = path.resolve(__dirname, '../../node_modules/recharts/es6')
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }))
        if (e.isDirectory()) walk(path.join(d, e.name))
        else for (const m of fs.readFileSync(path.join(d, e.name), 'utf8').matchAll(/from 'lodash\/(\w+)'/g)) imported.add(m[1])
    }
    walk(recharts)
    expect([...imported].sort()).toEqual([...FUNCTIONS].sort())
    for (const name of FUNCTIONS) expect(typeof (await ours(name)), name).toBe('function')
  })

  test.each(['isFunction', 'isNil', 'isString', 'isObject', 'isNaN', 'isNumber', 'isBoolean', 'isPlainObject'])(
    '%s on every kind of value',
    async (name) => {
      const f = await ours(name)
      VALUES.forEach((v, i) => expect(f(v), `${name}(VALUES[${i}])`).toBe(lodash[name](v)))
    },
  )

  test('isEqual on every pair of values, and on copies of each', async () => {
    const isEqual = await ours('isEqual')
    let pairs = 0
    VALUES.forEach((a, i) =>
      VALUES.forEach((b, j) => {
        expect(isEqual(a, b), `VALUES[${i}] vs VALUES[${j}]`).toBe(lodash.isEqual(a, b))
        pairs++
      }),
    )
    // what recharts compares: chart data and points, deep copies and one changed value
    const data = [
      { name: '姑苏区', valid: 245, expiring: 35, payload: { code: '320508', nested: [1, 2, { d: new Date(5) }] } },
      { name: '吴中区', valid: 0, expiring: null, payload: { code: '320506', nested: [] as unknown[] } },
    ]
    const copy = structuredClone(data)
    const changed = structuredClone(data)
    changed[1].payload.nested.push(1)
    for (const [a, b] of [
      [data, copy],
      [data, changed],
      [copy, changed],
      [
        [0, -0],
        [-0, 0],
      ],
      [[NaN], [NaN]],
      [{ a: [1, 2] }, { a: [1, 2, undefined] }],
    ])
      expect(isEqual(a, b)).toBe(lodash.isEqual(a, b))
    expect(isEqual(data, copy)).toBe(true)
    expect(isEqual(data, changed)).toBe(false)
    expect(pairs).toBeGreaterThan(3000)
  })

  test('get reads the same paths', async () => {
    const get = await ours('get')
    const object = { a: { b: [{ c: 3 }, { 'd.e': 4 }] }, 'x.y': 5, '': { '': 6 }, n: null, z: 0, u: undefined, [sym]: 7 }
    const paths: unknown[] = [
      'a', 'a.b', 'a.b[0].c', 'a.b.0.c', 'a.b[1]["d.e"]', "a.b[1]['d.e']", 'x.y', '.', '', '[""]', 'n.m', 'z', 'u', 'a.b[5].c', 'a[b]',
      ['a', 'b', '0', 'c'], ['x.y'], [], 0, sym, null, undefined, 'a.b[-0]', 'a..b', 'a.b[0].c.d',
    ] // prettier-ignore
    for (const p of paths) {
      expect(get(object, p), `paths[${paths.indexOf(p)}]`).toEqual(lodash.get(object, p))
      expect(get(object, p, 'default')).toEqual(lodash.get(object, p, 'default'))
    }
    expect(get(null, 'a', 1)).toBe(lodash.get(null, 'a', 1))
    expect(get([[1, 2]], '[0][1]')).toBe(lodash.get([[1, 2]], '[0][1]'))
  })

  test('sortBy is stable and puts undefined, null, NaN and symbols where lodash does', async () => {
    const sortBy = await ours('sortBy')
    const rows = [3, 1, undefined, 'b', null, 2, NaN, 'a', 1, sym, -0, 0, Infinity, -Infinity].map((v, i) => ({ v, i, name: `n${i % 3}` }))
    expect(sortBy(rows, (r: { v: unknown }) => r.v)).toEqual(lodash.sortBy(rows, (r: { v: unknown }) => r.v))
    expect(sortBy(rows, 'name')).toEqual(lodash.sortBy(rows, 'name'))
    expect(sortBy(rows, ['name'], (r: { i: number }) => -r.i)).toEqual(lodash.sortBy(rows, ['name'], (r: { i: number }) => -r.i))
    expect(sortBy(rows, 'name', 'v')).toEqual(lodash.sortBy(rows, 'name', 'v'))
    expect(sortBy({ a: 3, b: 1, c: 2 })).toEqual(lodash.sortBy({ a: 3, b: 1, c: 2 }))
    expect(sortBy('cab')).toEqual(lodash.sortBy('cab'))
    expect(sortBy(null)).toEqual(lodash.sortBy(null))
    // recharts' ticks by coordinate
    const ticks = [{ coordinate: 30 }, { coordinate: 10 }, { coordinate: 20 }, { coordinate: 10, second: true }]
    expect(sortBy(ticks, (o: { coordinate: number }) => o.coordinate)).toEqual(
      lodash.sortBy(ticks, (o: { coordinate: number }) => o.coordinate),
    )
  })

  test('min, max, minBy, maxBy, sumBy skip what lodash skips', async () => {
    const lists: unknown[][] = [[], [3, 1, 2], [NaN, 2, 1], [null, undefined, 4], ['b', 'a'], [sym, 1], [-0, 0], [1, '2', 3]]
    for (const name of ['min', 'max']) {
      const f = await ours(name)
      for (const l of lists) expect(f(l), `${name}(${lists.indexOf(l)})`).toEqual(lodash[name](l))
      expect(f(null)).toEqual(lodash[name](null))
    }
    const objects = [{ n: 2 }, { n: 5 }, { n: null }, { n: NaN }, { n: 5 }, {}, { n: -1 }]
    for (const name of ['minBy', 'maxBy', 'sumBy']) {
      const f = await ours(name)
      expect(
        f(objects, (o: { n?: number }) => o.n),
        name,
      ).toEqual(lodash[name](objects, (o: { n?: number }) => o.n))
      expect(f(objects, 'n'), name).toEqual(lodash[name](objects, 'n'))
      expect(f([], 'n'), name).toEqual(lodash[name]([], 'n'))
      expect(f([{}, {}], 'n'), name).toEqual(lodash[name]([{}, {}], 'n'))
    }
  })

  test('every, some, find, flatMap, mapValues over arrays, objects and strings', async () => {
    const collections: unknown[] = [[], [1, 2, 3], [0, 1], { a: 1, b: 0 }, 'abc', null, [Infinity, 1], { x: 1.5, y: 2 }]
    const predicates = [(v: unknown) => Boolean(v), (v: unknown) => Number.isFinite(v), (v: unknown, k: unknown) => k === 1 || k === 'b']
    for (const name of ['every', 'some', 'find']) {
      const f = await ours(name)
      for (const c of collections) for (const p of predicates) expect(f(c, p), `${name} ${JSON.stringify(c)}`).toEqual(lodash[name](c, p))
    }
    const flatMap = await ours('flatMap')
    for (const c of collections) expect(flatMap(c, (v: unknown) => [v, [v]])).toEqual(lodash.flatMap(c, (v: unknown) => [v, [v]]))
    expect(flatMap([{ a: [1, 2] }, { a: 3 }], 'a')).toEqual(lodash.flatMap([{ a: [1, 2] }, { a: 3 }], 'a'))
    const mapValues = await ours('mapValues')
    for (const c of collections)
      expect(mapValues(c, (v: unknown, k: unknown) => `${k}:${v}`)).toEqual(lodash.mapValues(c, (v: unknown, k: unknown) => `${k}:${v}`))
  })

  test('uniqBy, range, first, last, upperFirst, omit', async () => {
    const uniqBy = await ours('uniqBy')
    const payload = [
      { dataKey: 'a', v: 1 },
      { dataKey: 'b', v: 2 },
      { dataKey: 'a', v: 3 },
      { dataKey: NaN },
      { dataKey: NaN },
      { dataKey: 0 },
      { dataKey: -0 },
    ]
    expect(uniqBy(payload, (p: { dataKey: unknown }) => p.dataKey)).toEqual(lodash.uniqBy(payload, (p: { dataKey: unknown }) => p.dataKey))
    expect(uniqBy(payload, 'dataKey')).toEqual(lodash.uniqBy(payload, 'dataKey'))
    expect(uniqBy(null, 'dataKey')).toEqual(lodash.uniqBy(null, 'dataKey'))
    const range = await ours('range')
    for (const args of [
      [4],
      [-4],
      [1, 5],
      [0, 20, 5],
      [0, -4, -1],
      [1, 4, 0],
      [0, 1, 0.1],
      [5, 1],
      ['3'],
      [0, 2.5, 0.5],
      [Infinity, 1, -Infinity],
    ])
      expect(range(...args), JSON.stringify(args)).toEqual(lodash.range(...args))
    const first = await ours('first')
    const last = await ours('last')
    for (const a of [[], [1], [1, 2, 3], 'abc', null, undefined]) {
      expect(first(a)).toEqual(lodash.first(a))
      expect(last(a)).toEqual(lodash.last(a))
    }
    const upperFirst = await ours('upperFirst')
    for (const s of ['', 'linear', 'monotoneX', 'Band', 'élan', 'ß', '𐐨x', '1a', null, undefined, 12])
      expect(upperFirst(s)).toBe(lodash.upperFirst(s))
    const omit = await ours('omit')
    const entry = Object.assign(Object.create({ inherited: 1 }), { width: 10, height: 5, [sym]: 1 })
    expect(omit(entry, 'width')).toEqual(lodash.omit(entry, 'width'))
    expect(omit({ a: 1, b: 2, c: 3 }, ['a', 'c'])).toEqual(lodash.omit({ a: 1, b: 2, c: 3 }, ['a', 'c']))
    expect(omit(null, 'a')).toEqual(lodash.omit(null, 'a'))
  })

  test('memoize caches by the first argument or the resolver’s key, and throttle calls at the leading and trailing edges', async () => {
    const memoize = (await ours('memoize')) as (
      f: (...a: unknown[]) => unknown,
      r?: (...a: unknown[]) => unknown,
    ) => ((...a: unknown[]) => unknown) & { cache: Map<unknown, unknown> }
    let calls = 0
    const square = memoize((n) => {
      calls++
      return (n as number) ** 2
    })
    expect([square(3), square(3), square(4)]).toEqual([9, 9, 16])
    expect(calls).toBe(2)
    square.cache.delete(3)
    square(3)
    expect(calls).toBe(3)
    const byBoth = memoize(
      (a, b) => `${a}${b}`,
      (a, b) => `${a}|${b}`,
    )
    expect([byBoth(1, 2), byBoth(1, 3)]).toEqual(['12', '13'])
    expect(() => memoize(1 as never)).toThrow(TypeError)

    // the same sequence of calls through ours and lodash's: the same calls reach the function
    const run = async (throttle: (f: (x: number) => void, wait: number) => ((x: number) => void) & { cancel: () => void }) => {
      const seen: number[] = []
      const t = throttle((x) => seen.push(x), 40)
      t(1)
      t(2)
      t(3)
      await new Promise((r) => setTimeout(r, 80))
      t(4)
      t(5)
      t.cancel()
      await new Promise((r) => setTimeout(r, 80))
      return seen
    }
    const [mine, theirs] = await Promise.all([run((await ours('throttle')) as never), run(lodash.throttle as never)])
    expect(mine).toEqual(theirs)
    expect(mine).toEqual([1, 3, 4])
  })

  test('an iteratee shorthand recharts never passes is refused, not misread', async () => {
    const sortBy = await ours('sortBy')
    expect(() => sortBy([{ a: 1 }], { a: 1 })).toThrow(/function or a property path/)
    const omit = await ours('omit')
    expect(() => omit({ a: { b: 1 } }, 'a.b')).toThrow(/plain keys/)
  })
})
