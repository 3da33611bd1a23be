import { describe, expect, it } from 'vitest'
import { growthExponent, growthMarkdown, growthSvg, growthTable, type BenchRun } from '../../scripts/bench-growth'

const run = (labs: number, pages: Record<string, number>, exports: Record<string, number> = {}): BenchRun => ({
  labs,
  floors: { login: { serial: { p50: 3 } } },
  rows: [
    ...Object.entries(pages).map(([page, p50]) => ({
      page,
      url: page,
      serial: { p50, p95: p50 * 2 },
      bytes: 1000,
      js: { files: 3, gzBytes: 1 },
    })),
    ...Object.entries(exports).map(([page, p50]) => ({ page, url: page, serial: { p50, p95: p50 }, bytes: 1000, js: null })),
  ],
})

describe('bench:growth', () => {
  it('reads the exponent of time against labs from the smallest and largest run', () => {
    expect(
      growthExponent([
        { labs: 500, ms: 10 },
        { labs: 50_000, ms: 10 },
      ]),
    ).toBeCloseTo(0)
    expect(
      growthExponent([
        { labs: 50_000, ms: 1000 },
        { labs: 500, ms: 10 },
      ]),
    ).toBeCloseTo(1)
    expect(growthExponent([{ labs: 500, ms: 10 }])).toBeNull()
  })

  it('flags a page whose cost grows with all labs, and lets exports grow', () => {
    const runs = [
      run(500, { '/labs': 8, '/outcomes': 20 }, { '/labs/export': 30 }),
      run(5000, { '/labs': 9, '/outcomes': 200 }, { '/labs/export': 300 }),
      run(50_000, { '/labs': 11, '/outcomes': 2000 }, { '/labs/export': 3000 }),
    ]
    const table = new Map(growthTable(runs).map((r) => [r.page, r]))
    expect(table.get('/labs')!.flat).toBe(true)
    expect(table.get('/outcomes')!.flat).toBe(false)
    expect(table.get('/labs/export')!.flat).toBeNull()
    const md = growthMarkdown(runs)
    expect(md).toContain('| `/outcomes` | 20 ms | 200 ms | 2000 ms | 1.00 ✗ grows with all labs |')
    expect(md).toContain('| `/labs` | 8 ms | 9 ms | 11 ms | 0.07 ✓ flat |')
    expect(md).toContain('whole register')
    expect(md).toContain('| /login (floor) | 3 ms | 3 ms | 3 ms | |')
  })

  it('draws one line per page, not per export', () => {
    const svg = growthSvg([run(500, { '/a': 5, '/b': 7 }, { '/x': 9 }), run(5000, { '/a': 6, '/b': 70 }, { '/x': 90 })])
    expect(svg.match(/<polyline/g)).toHaveLength(2)
    expect(svg).not.toContain('>/x<')
  })
})
