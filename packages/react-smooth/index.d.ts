import type { ReactNode } from 'react'

export type AnimateProps = {
  children?: ReactNode | ((style: Record<string, number | string>) => ReactNode)
  from?: object | string
  to?: object | string
  attributeName?: string
  duration?: number
  begin?: number
  easing?: string | ((t: number) => number)
  steps?: Array<{ duration: number; style: object; easing?: string; properties?: string[]; onAnimationEnd?: () => void }>
  isActive?: boolean
  canBegin?: boolean
  shouldReAnimate?: boolean
  onAnimationStart?: () => void
  onAnimationEnd?: () => void
  onAnimationReStart?: () => void
  [prop: string]: unknown
}

/** The style an animation ends on. */
export function lastFrame(props: Pick<AnimateProps, 'to' | 'attributeName' | 'steps'>): object | string

/** react-smooth's <Animate>, rendering its last frame at once. */
export default function Animate(props: AnimateProps): ReactNode
