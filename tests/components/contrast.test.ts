import fs from 'node:fs'
import path from 'node:path'
import colors from 'tailwindcss/colors'
import { describe, expect, test } from 'vitest'
import { LAB_STATUSES } from '~db/schema/enums'
import { STATUS_COLOURS } from '~/components/status-badge'
import { MUTED_TEXT } from '../../tailwind.config'

// Issue 19: white text on 即将到期, 部分批准, 较大（III级）, 已撤回 and the uncertified badge was
// under 4.5:1. Every class list in the app that sets both a background and a text colour (a
// badge, a tag, a highlighted row) is checked here against WCAG 2's contrast for normal text,
// so a new badge in a light colour fails before anyone has to squint at it.

const MINIMUM = 4.5

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
  const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

const palette = colors as unknown as Record<string, string | Record<string, string>>
// the text colours tailwind.config.ts overrides: muted slate text is darker than Tailwind's slate
const TEXT_OVERRIDES: Record<string, string> = { 'slate-400': MUTED_TEXT, 'slate-500': MUTED_TEXT }
function tailwindColour(name: string, kind: 'bg' | 'text' = 'bg'): string | null {
  if (kind === 'text' && TEXT_OVERRIDES[name]) return TEXT_OVERRIDES[name]
  if (name === 'white') return '#ffffff'
  if (name === 'black') return '#000000'
  const match = /^([a-z]+)-(\d+)$/.exec(name)
  const family = match ? palette[match[1]] : undefined
  return match && family && typeof family === 'object' ? (family[match[2]] ?? null) : null
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(e.name) ? [full] : []
  })
}

type Pair = { where: string; classes: string; background: string; text: string }

/** Each string literal whose classes (without a variant such as hover:) set one background and one text colour. */
export function colourPairs(source: string, where: string): Pair[] {
  const pairs: Pair[] = []
  for (const [, literal] of source.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`]*)`/g)) {
    const classes = literal ?? ''
    const tokens = classes.split(/\s+/).filter((token) => !token.includes(':'))
    const backgrounds = tokens.flatMap((token) => /^bg-([a-z]+(?:-\d+)?)$/.exec(token)?.[1] ?? []).filter((c) => tailwindColour(c))
    const texts = tokens.flatMap((token) => /^text-([a-z]+(?:-\d+)?)$/.exec(token)?.[1] ?? []).filter((c) => tailwindColour(c))
    if (backgrounds.length === 1 && texts.length === 1) pairs.push({ where, classes, background: backgrounds[0], text: texts[0] })
  }
  return pairs
}

const root = path.resolve(import.meta.dirname, '../../app')
const pairs = sourceFiles(root).flatMap((file) => colourPairs(fs.readFileSync(file, 'utf8'), path.relative(root, file)))

describe('text on coloured backgrounds is readable (WCAG AA, 4.5:1)', () => {
  test('the class lists are found', () => {
    // the badges of labs, filings, requests, renewals and incidents at least
    expect(pairs.length).toBeGreaterThan(40)
    expect(colourPairs(`const a = 'rounded bg-amber-600 text-white'`, 'x')).toEqual([
      { where: 'x', classes: 'rounded bg-amber-600 text-white', background: 'amber-600', text: 'white' },
    ])
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21)
    // the example: white on the amber of 即将到期 is about 3.2:1
    expect(contrast('#ffffff', '#d97706')).toBeLessThan(MINIMUM)
  })

  test('every background and text colour set together', () => {
    const failing = pairs
      .map((p) => ({ ...p, ratio: Number(contrast(tailwindColour(p.background)!, tailwindColour(p.text, 'text')!).toFixed(2)) }))
      .filter((p) => p.ratio < MINIMUM)
      .map((p) => `${p.where}: ${p.text} on ${p.background} ${p.ratio}:1 (${p.classes})`)
    expect(failing).toEqual([])
  })

  test('the lab status badges, white on each status colour', () => {
    const failing = LAB_STATUSES.filter((s) => contrast('#ffffff', STATUS_COLOURS[s]) < MINIMUM)
    expect(failing).toEqual([])
  })

  // axe in the crawl found grey notes (text-slate-400/500) under 4.5:1 on the page's slate-100, the
  // slate-50 table heads and the tinted rows of overdue items: one muted tone now passes on each
  test.each(['white', 'slate-50', 'slate-100', 'slate-200', 'red-50', 'amber-50', 'sky-50', 'emerald-50'])(
    'muted text on %s',
    (surface) => {
      for (const muted of ['slate-400', 'slate-500']) {
        expect(contrast(tailwindColour(muted, 'text')!, tailwindColour(surface)!)).toBeGreaterThanOrEqual(MINIMUM)
      }
      // Tailwind's own slate-500 fails on the page background: the override is what makes this pass
      if (surface === 'slate-100') expect(contrast(tailwindColour('slate-500')!, tailwindColour(surface)!)).toBeLessThan(MINIMUM)
    },
  )
})
