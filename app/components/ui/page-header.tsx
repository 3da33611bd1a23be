import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

// A page's heading row: the title with what qualifies it (status badges, a version), the page's
// own buttons at the right, an optional way back to the parent page above and a one-line
// introduction below. A fragment, so the page's own vertical spacing applies between the parts.
export function PageHeader({
  title,
  titleTestId,
  titleClassName,
  back,
  badges,
  actions,
  subtitle,
}: {
  title: ReactNode
  titleTestId?: string
  /** added to the heading's classes (a username in monospace) */
  titleClassName?: string
  back?: { to: string; label: ReactNode }
  badges?: ReactNode
  actions?: ReactNode
  subtitle?: ReactNode
}) {
  return (
    <>
      {back ? (
        <Link to={back.to} className="link text-sm" data-testid="page-back">
          ← {back.label}
        </Link>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <h1 className={['text-xl font-semibold', titleClassName].filter(Boolean).join(' ')} data-testid={titleTestId}>
          {title}
        </h1>
        {badges}
        {actions ? <div className="ml-auto flex flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
      {subtitle ? <p className="text-sm text-slate-600">{subtitle}</p> : null}
    </>
  )
}
