// recharts reads d3-scale as one namespace (`import * as d3Scales`, then `d3Scales['scale' + type]`
// for an axis's `scale` prop), so a bundler cannot leave out any scale it exports: the time
// scales brought d3-time and d3-time-format (~5 KB gzipped), the sequential and diverging ones
// more interpolation (~1.6 KB). Labcycle's axes use recharts' automatic scales (band, point and
// linear); the scales it never uses are left out here and say so if a chart asks for one.
export {
  scaleBand,
  scaleIdentity,
  scaleImplicit,
  scaleLinear,
  scaleLog,
  scaleOrdinal,
  scalePoint,
  scalePow,
  scaleQuantile,
  scaleQuantize,
  scaleRadial,
  scaleSqrt,
  scaleSymlog,
  scaleThreshold,
  tickFormat,
} from 'd3-scale'

const leftOut = (name) => () => {
  throw new Error(`${name} is left out of Labcycle's charts (packages/victory-vendor/d3-scale.js); add it there to use it`)
}
export const scaleTime = leftOut('scaleTime')
export const scaleUtc = leftOut('scaleUtc')
export const scaleSequential = leftOut('scaleSequential')
export const scaleSequentialLog = leftOut('scaleSequentialLog')
export const scaleSequentialPow = leftOut('scaleSequentialPow')
export const scaleSequentialQuantile = leftOut('scaleSequentialQuantile')
export const scaleSequentialSqrt = leftOut('scaleSequentialSqrt')
export const scaleSequentialSymlog = leftOut('scaleSequentialSymlog')
export const scaleDiverging = leftOut('scaleDiverging')
export const scaleDivergingLog = leftOut('scaleDivergingLog')
export const scaleDivergingPow = leftOut('scaleDivergingPow')
export const scaleDivergingSqrt = leftOut('scaleDivergingSqrt')
export const scaleDivergingSymlog = leftOut('scaleDivergingSymlog')
