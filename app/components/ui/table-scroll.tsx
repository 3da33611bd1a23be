import type { ReactNode } from 'react'

/**
 * The box a table scrolls sideways in when it is wider than its card (issue 19: at 390 px a
 * table widened the whole page). `.table-scroll` (tailwind.css) keeps the table's width from
 * reaching the layout around it; the box takes keyboard focus so that a keyboard can scroll it
 * (axe: scrollable-region-focusable).
 */
export function TableScroll({ className = '', children }: { className?: string; children: ReactNode }) {
  return (
    <div className={`table-scroll ${className}`.trim()} tabIndex={0}>
      {children}
    </div>
  )
}
