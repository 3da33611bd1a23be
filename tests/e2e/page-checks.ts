import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { AxeResults, RunOptions } from 'axe-core'
import type { Page } from 'playwright-core'

// The crawl's accessibility and narrow-screen checks (issue 19 items 3 and 4), each run on a
// loaded, settled page and returning one line per finding.

// axe-core's source, injected into the page under test only, never into the app's bundle. By
// evaluation rather than a <script> tag: the app's Content-Security-Policy admits only scripts that
// carry the response's nonce, and DevTools' evaluation is outside it.
const AXE_SOURCE = fs.readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js'), 'utf8')

/** axe-core's serious and critical violations: rule id, impact and the first few targets. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }))
  })
  return violations.map(
    (v) => `axe ${v.id} (${v.impact}): ${v.targets.slice(0, 3).join(', ')}${v.targets.length > 3 ? ` (+${v.targets.length - 3})` : ''}`,
  )
}

export const NARROW = { width: 390, height: 844 }

/**
 * At the page's current width: the page wider than the window (naming the widest element that
 * sticks out and is not inside a scrolling box), and any value marked not to wrap (`.token`, the
 * dates, grades, codes, money and badges) that the browser broke over two lines anyway.
 */
export async function narrowFindings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = []
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : ''
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 4).join('.')}` : ''
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`
    }
    const width = window.innerWidth
    if (document.documentElement.scrollWidth > width + 1) {
      // an element inside a box that scrolls or clips does not widen the page, unless it is
      // positioned against something outside that box (seen: a sorted column's sr-only label)
      const clipped = (el: Element) => {
        if (['absolute', 'fixed'].includes(getComputedStyle(el).position)) return false
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          if (getComputedStyle(p).overflowX !== 'visible') return true
        }
        return false
      }
      let widest: { el: Element; right: number } | null = null
      for (const el of document.body.querySelectorAll('*')) {
        // text that overflows its box (a long word) leaves the box's own edge where it was
        const box = el.getBoundingClientRect()
        const right = Math.max(box.right, box.left + el.scrollWidth)
        // the outermost of the widest: the first in document order wins a tie
        if (right > width + 1 && (!widest || right > widest.right + 0.5) && !clipped(el)) widest = { el, right }
      }
      found.push(
        `wider than ${width} px: ${document.documentElement.scrollWidth} px` +
          (widest ? `, widest ${describe(widest.el)} to ${Math.round(widest.right)} px` : ''),
      )
    }
    for (const el of document.querySelectorAll('.token')) {
      // the text's line boxes: a top further down than half a line from the last starts a new line
      const range = document.createRange()
      range.selectNodeContents(el)
      const half = parseFloat(getComputedStyle(el).fontSize) * 0.6
      const tops = [...range.getClientRects()]
        .filter((r) => r.width > 0)
        .map((r) => r.top)
        .sort((a, b) => a - b)
      const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > half).length
      if (lines > 1) found.push(`value broken over ${lines} lines: ${describe(el)}`)
    }
    return found
  })
}
