import { createElement as h } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import Animate, { lastFrame } from '../../packages/react-smooth/index.js'

// packages/react-smooth stands in for react-smooth under recharts (docs/decisions/019): it renders
// at once the frame the real <Animate> ends on, for each way recharts uses it.

const html = (props: Record<string, unknown>, ...children: unknown[]) =>
  renderToStaticMarkup(h(Animate as never, props as never, ...(children as never[])))

describe("Labcycle's react-smooth shows an animation's last frame", () => {
  test('a Bar animating its rectangles is drawn at t = 1, its end, at once', () => {
    const bar = ({ t }: { t: number }) => h('rect', { height: 200 * t, width: 20 })
    expect(html({ begin: 0, duration: 400, isActive: true, from: { t: 0 }, to: { t: 1 } }, bar)).toBe(
      '<rect height="200" width="20"></rect>',
    )
    // and the same with the animation off, as every Labcycle chart has it
    expect(html({ isActive: false, from: { t: 0 }, to: { t: 1 } }, bar)).toBe('<rect height="200" width="20"></rect>')
  })

  test('a shape animating its size and position is drawn with the values it moves to', () => {
    const shape = ({ x, y, width, height }: Record<string, number>) => h('path', { d: `M${x},${y}h${width}v${height}` })
    expect(html({ canBegin: false, from: { x: 0, y: 0, width: 0, height: 0 }, to: { x: 5, y: 6, width: 7, height: 8 } }, shape)).toBe(
      '<path d="M5,6h7v8"></path>',
    )
  })

  test('an element child with the animation off is rendered as it is', () => {
    expect(html({ isActive: false, attributeName: 'opacity', from: 0, to: 1 }, h('path', { d: 'M0,0', style: { fill: 'red' } }))).toBe(
      '<path d="M0,0" style="fill:red"></path>',
    )
    expect(html({ duration: 0, to: { opacity: 1 } }, h('g', { id: 'x' }))).toBe('<g id="x"></g>')
  })

  test('an element child animating one attribute gets its end value, and the props <Animate> does not take', () => {
    const line = h('path', { d: 'M0,0L10,10', style: { stroke: 'blue' }, className: 'curve' })
    expect(html({ attributeName: 'strokeDasharray', from: '0px 14px', to: '14px 0px', duration: 300, 'data-x': 'kept' }, line)).toBe(
      '<path d="M0,0L10,10" style="stroke:blue;stroke-dasharray:14px 0px" class="curve" data-x="kept"></path>',
    )
  })

  test('steps end on the last step’s style; several children are wrapped in a div', () => {
    const steps = [
      { duration: 0, style: { opacity: 0 } },
      { duration: 100, style: { opacity: 0.5 } },
      { duration: 100, style: { opacity: 1 } },
    ]
    expect(lastFrame({ steps })).toEqual({ opacity: 1 })
    expect(html({ steps, duration: 200 }, h('i', { key: 'a' }), h('b', { key: 'b' }))).toBe(
      '<div><i style="opacity:1"></i><b style="opacity:1"></b></div>',
    )
  })
})
