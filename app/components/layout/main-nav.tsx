import { NavLink } from '@remix-run/react'
import { useT } from '~/i18n/use-t'
import type { NavItem } from './nav-entries'

type NavLinkClass = (state: { isActive: boolean }) => string

// The header's main links, one per entry the root loader chose (nav-entries.ts), each with its
// badge when something waits.
export function MainNav({ links, linkClass }: { links: readonly (NavItem & { count: number })[]; linkClass: NavLinkClass }) {
  const t = useT()
  return (
    <nav className="flex flex-wrap gap-1" aria-label="main">
      {links.map((link) => (
        <NavLink key={link.id} to={link.path} end={link.end} className={linkClass}>
          {t(link.key)}
          {link.count > 0 ? <NavBadgeCount testId={`nav-${link.id}-count`} count={link.count} /> : null}
        </NavLink>
      ))}
    </nav>
  )
}

export function NavBadgeCount({ count, testId }: { count: number; testId: string }) {
  return (
    <span className="ml-1 rounded-full bg-amber-400 px-1.5 text-xs font-semibold text-slate-900" data-testid={testId}>
      {count}
    </span>
  )
}
