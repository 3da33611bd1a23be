import type { CSSProperties, ReactNode } from 'react'

// A short label on a coloured chip: a status, a grade, a decision, never broken over two lines
// (.token). One shape for every badge; each caller brings its colours and a data attribute naming
// what the chip marks (the browser tests and the screen crawl read it, e.g. data-filing-status="returned").
export function Badge({
  className = '',
  style,
  data,
  children,
}: {
  className?: string
  style?: CSSProperties
  data: Record<`data-${string}`, string>
  children: ReactNode
}) {
  return (
    <span className={`token inline-block rounded px-2 py-0.5 text-xs font-medium ${className}`} style={style} {...data}>
      {children}
    </span>
  )
}
