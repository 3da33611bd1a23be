import * as d3Scale from 'd3-scale'
import * as d3Shape from 'd3-shape'
import { describe, expect, test } from 'vitest'
import * as scales from '../../packages/victory-vendor/d3-scale.js'
import * as shapes from '../../packages/victory-vendor/d3-shape.js'

// packages/victory-vendor stands in for victory-vendor under recharts (docs/decisions/019): d3's
// own scales and shapes, less the scales Labcycle's charts never use, which refuse loudly.

const LEFT_OUT = Object.keys(d3Scale).filter((name) => /^scale(Time|Utc|Sequential|Diverging)/.test(name))

describe("Labcycle's victory-vendor", () => {
  test('the scales recharts picks for Labcycle’s axes are d3’s own', () => {
    for (const name of [
      'scaleBand',
      'scalePoint',
      'scaleLinear',
      'scaleLog',
      'scalePow',
      'scaleSqrt',
      'scaleOrdinal',
      'scaleQuantile',
      'scaleThreshold',
    ])
      expect(scales[name as keyof typeof scales], name).toBe(d3Scale[name as keyof typeof d3Scale])
    const y = scales.scaleLinear().domain([0, 3400]).range([300, 0]).nice()
    expect(y.ticks(5)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500])
  })

  test('every name d3-scale exports is there, so recharts’ lookup of a scale by name finds each', () => {
    expect(Object.keys(scales).sort()).toEqual(Object.keys(d3Scale).sort())
    expect(LEFT_OUT.length).toBe(13)
  })

  test('a left-out scale says where to add it instead of drawing a wrong axis', () => {
    for (const name of LEFT_OUT)
      expect(() => (scales[name as keyof typeof scales] as () => unknown)(), name).toThrow(/packages\/victory-vendor\/d3-scale\.js/)
  })

  test('d3-shape is d3’s as it is', () => {
    expect(Object.keys(shapes).sort()).toEqual(Object.keys(d3Shape).sort())
    expect(shapes.curveMonotoneX).toBe(d3Shape.curveMonotoneX)
  })
})
