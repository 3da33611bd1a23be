// Labcycle's react-smooth (docs/decisions/019-chart-javascript.md). recharts 2 wraps bars, lines
// and shapes in react-smooth's <Animate>, which moves a style from `from` to `to` over `duration`
// ms (or through `steps`). Labcycle's charts set isAnimationActive={false}, so that code never
// ran, yet with fast-equals it was ~7 KB of every chart page's gzipped JavaScript (issue 18).
// package.json's `overrides` gives recharts this <Animate> instead: it renders at once what the
// real one renders when its animation has ended, its last frame.
//
// What the real component renders, for each way recharts calls it:
// - children a function (Bar, Line, Area... animating): the function of the current style; at
//   the end, of `to`, and with the animation off, of `to` from the start.
// - children elements with the animation off, or none: the children as they are.
// - children elements animating: each child cloned with the props <Animate> does not take, its
//   style merged with the animated one (at the end `{ [attributeName]: to }`, `to`, or the last
//   step's style); several children wrapped in a <div>.
// An animation that runs calls onAnimationStart and then onAnimationEnd (Bar and Line show
// their labels only after it ended); here both are called once it could begin, right after
// mounting or when `canBegin` turns true.
import { Children, cloneElement, createElement, useEffect } from 'react'

// the props the real <Animate> takes for itself; the rest go on to the animated child
const OWN_PROPS = new Set([
  'children',
  'begin',
  'duration',
  'attributeName',
  'easing',
  'isActive',
  'steps',
  'from',
  'to',
  'canBegin',
  'onAnimationEnd',
  'onAnimationStart',
  'shouldReAnimate',
  'onAnimationReStart',
])

/** The style an animation ends on. */
export function lastFrame({ to = '', attributeName = '', steps = [] }) {
  if (steps.length > 0) return steps[steps.length - 1].style
  return attributeName ? { [attributeName]: to } : to
}

export default function Animate(props) {
  const { children, isActive = true, canBegin = true, duration = 1000, to = '', onAnimationStart, onAnimationEnd } = props
  const runs = isActive && canBegin
  useEffect(() => {
    if (!runs) return
    onAnimationStart?.()
    onAnimationEnd?.()
    // as the real component: when its animation begins, not on every render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runs])
  if (typeof children === 'function') return children(to)
  const count = Children.count(children)
  if (!isActive || count === 0 || duration <= 0) return children
  const style = lastFrame(props)
  const passed = {}
  for (const key of Object.keys(props)) if (!OWN_PROPS.has(key)) passed[key] = props[key]
  const clone = (child) => cloneElement(child, { ...passed, style: { ...child.props.style, ...style }, className: child.props.className })
  return count === 1 ? clone(Children.only(children)) : createElement('div', null, Children.map(children, clone))
}
