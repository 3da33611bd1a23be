import fs from 'node:fs'
import { parseArgs } from 'node:util'

// `npm run bench:growth -- a.json b.json c.json [--svg docs/performance-growth.svg]` (issue 18,
// item 4): how each page's cost grows with the number of labs, from bench:http runs on databases
// of different sizes (500, 5,000, 50,000 labs). Per page: serial p50 at each size and the
// growth exponent k of time ∝ labs^k between the smallest and largest run (log-log slope):
// k ≈ 0 is flat, k ≈ 1 grows in proportion to all labs. A page that shows a fixed-size page of
// rows must stay flat; only whole-register exports may grow with the data they contain.

export type BenchRow = { page: string; url: string; serial: { p50: number; p95: number }; bytes: number; js: unknown }
export type BenchRun = { labs: number; rows: BenchRow[]; floors: { login: { serial: { p50: number } } } }

/** pages that may grow with the data: they send every row (exports) */
export const growsByNature = (row: Pick<BenchRow, 'js'>) => row.js === null

/** the slope of log(time) over log(labs) between the first and last run, or null when too few */
export function growthExponent(points: { labs: number; ms: number }[]): number | null {
  const valid = points.filter((p) => p.labs > 0 && p.ms > 0).sort((a, b) => a.labs - b.labs)
  if (valid.length < 2) return null
  const first = valid[0]
  const last = valid[valid.length - 1]
  if (first.labs === last.labs) return null
  return Math.log(last.ms / first.ms) / Math.log(last.labs / first.labs)
}

/** flat enough for a page that shows a fixed-size page: 100x the labs costs at most about 3x */
export const FLAT_EXPONENT = 0.25

export type GrowthRow = { page: string; byLabs: Map<number, number>; exponent: number | null; byNature: boolean; flat: boolean | null }

export function growthTable(runs: BenchRun[]): GrowthRow[] {
  const sorted = [...runs].sort((a, b) => a.labs - b.labs)
  const pages = new Map<string, { byLabs: Map<number, number>; byNature: boolean }>()
  for (const run of sorted)
    for (const row of run.rows) {
      const entry = pages.get(row.page) ?? { byLabs: new Map(), byNature: growsByNature(row) }
      entry.byLabs.set(run.labs, row.serial.p50)
      pages.set(row.page, entry)
    }
  return [...pages].map(([page, { byLabs, byNature }]) => {
    const exponent = growthExponent([...byLabs].map(([labs, ms]) => ({ labs, ms })))
    return { page, byLabs, exponent, byNature, flat: exponent === null || byNature ? null : exponent <= FLAT_EXPONENT }
  })
}

export function growthMarkdown(runs: BenchRun[]): string {
  const sizes = [...runs].sort((a, b) => a.labs - b.labs).map((r) => r.labs)
  const rows = growthTable(runs)
  const head = `| page | ${sizes.map((n) => `${n.toLocaleString('en')} labs`).join(' | ')} | growth k (time ∝ labs^k) |`
  const rule = `|---|${sizes.map(() => '---|').join('')}---|`
  const floor = `| /login (floor) | ${[...runs]
    .sort((a, b) => a.labs - b.labs)
    .map((r) => `${r.floors.login.serial.p50} ms`)
    .join(' | ')} | |`
  const body = rows.map((r) => {
    const k = r.exponent === null ? '' : r.exponent.toFixed(2)
    const verdict = r.byNature
      ? ' (whole register: grows with the data)'
      : r.flat === null
        ? ''
        : r.flat
          ? ' ✓ flat'
          : ' ✗ grows with all labs'
    return `| \`${r.page}\` | ${sizes.map((n) => (r.byLabs.has(n) ? `${r.byLabs.get(n)} ms` : '')).join(' | ')} | ${k}${verdict} |`
  })
  return [head, rule, floor, ...body].join('\n')
}

/** a log-log line chart of serial p50 against labs, one line per HTML page; plain SVG, no dependencies */
export function growthSvg(runs: BenchRun[]): string {
  const rows = growthTable(runs).filter((r) => !r.byNature)
  const W = 760
  const H = 420
  const pad = { left: 60, right: 230, top: 20, bottom: 40 }
  const sizes = [...new Set(runs.map((r) => r.labs))].sort((a, b) => a - b)
  const times = rows.flatMap((r) => [...r.byLabs.values()]).filter((ms) => ms > 0)
  const [xMin, xMax] = [Math.log10(sizes[0]), Math.log10(sizes[sizes.length - 1])]
  const [yMin, yMax] = [Math.floor(Math.log10(Math.min(...times))), Math.ceil(Math.log10(Math.max(...times)))]
  const x = (labs: number) => pad.left + ((Math.log10(labs) - xMin) / (xMax - xMin || 1)) * (W - pad.left - pad.right)
  const y = (ms: number) => H - pad.bottom - ((Math.log10(ms) - yMin) / (yMax - yMin || 1)) * (H - pad.top - pad.bottom)
  const hue = (i: number) => `hsl(${Math.round((i * 360) / Math.max(rows.length, 1))} 65% 40%)`
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    ...sizes.map(
      (n) =>
        `<line x1="${x(n)}" x2="${x(n)}" y1="${pad.top}" y2="${H - pad.bottom}" stroke="#ddd"/><text x="${x(n)}" y="${H - pad.bottom + 16}" text-anchor="middle">${n.toLocaleString('en')} labs</text>`,
    ),
    ...Array.from({ length: yMax - yMin + 1 }, (_, i) => 10 ** (yMin + i)).map(
      (ms) =>
        `<line x1="${pad.left}" x2="${W - pad.right}" y1="${y(ms)}" y2="${y(ms)}" stroke="#ddd"/><text x="${pad.left - 6}" y="${y(ms) + 4}" text-anchor="end">${ms} ms</text>`,
    ),
    ...rows.map((r, i) => {
      const pts = [...r.byLabs].sort((a, b) => a[0] - b[0])
      const line = pts.map(([labs, ms]) => `${x(labs).toFixed(1)},${y(Math.max(ms, 10 ** yMin)).toFixed(1)}`).join(' ')
      const ly = pad.top + 12 + i * 13
      return `<polyline fill="none" stroke="${hue(i)}" stroke-width="1.5" points="${line}"/><text x="${W - pad.right + 8}" y="${ly}" fill="${hue(i)}">${esc(r.page)}</text>`
    }),
    `<text x="${pad.left}" y="${H - 6}">serial p50 (log scale) against labs (log scale); slope 1 = cost in proportion to all labs</text>`,
    '</svg>',
  ]
  return parts.join('\n')
}

if (process.argv[1]?.endsWith('bench-growth.ts')) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { svg: { type: 'string' } } })
  if (positionals.length < 2) {
    console.error('usage: npm run bench:growth -- run-500.json run-5000.json run-50000.json [--svg file.svg]')
    process.exit(2)
  }
  const runs = positionals.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as BenchRun)
  console.log(growthMarkdown(runs))
  if (values.svg) {
    fs.writeFileSync(values.svg, growthSvg(runs))
    console.log(`\nchart: ${values.svg}`)
  }
}
