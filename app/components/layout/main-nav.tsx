import { Link, useLocation } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useT } from '~/i18n/use-t'
import { activeNavId, type NavItem } from './nav-entries'

type NavLinkClass = (state: { isActive: boolean }) => string

const MENU_ID = 'main-nav'
// React 18 knows neither attribute: passed through as written. The popover API toggles the menu
// without any script (the browser shows the nav in its top layer and closes it on Escape or a
// click outside); browsers without it ignore both and show the links as on a wide screen.
const menuPopover = { popover: 'auto' } as Record<string, string>
const menuTarget = { popovertarget: MENU_ID } as Record<string, string>

// The header's main links, one per entry the root loader chose (nav-entries.ts), each with its
// badge when something waits. Below 768 px (tailwind.css: .main-nav) the links fold behind a
// 菜单/Menu button; at most one link is marked current (activeNavId).
export function MainNav({ links, linkClass }: { links: readonly (NavItem & { count: number })[]; linkClass: NavLinkClass }) {
  const t = useT()
  const { pathname } = useLocation()
  const active = activeNavId(links, pathname)
  const open = useMenuOpen(pathname)
  return (
    <>
      <button
        type="button"
        className="nav-menu-button"
        {...menuTarget}
        aria-controls={MENU_ID}
        aria-expanded={open ?? undefined}
        data-testid="menu-button"
      >
        <span aria-hidden>☰</span>
        {t('nav.menu')}
      </button>
      <nav id={MENU_ID} className="main-nav" aria-label="main" {...menuPopover}>
        {links.map((link) => (
          <Link
            key={link.id}
            to={link.path}
            className={linkClass({ isActive: link.id === active })}
            aria-current={link.id === active ? 'page' : undefined}
          >
            {t(link.key)}
            {link.count > 0 ? <NavBadgeCount testId={`nav-${link.id}-count`} count={link.count} /> : null}
          </Link>
        ))}
      </nav>
    </>
  )
}

/**
 * Whether the narrow screen's menu is open, once the page runs script (null before: the server's
 * HTML leaves aria-expanded to the browser, which exposes a popover button's state itself). A
 * link followed inside the page closes the menu, as loading a new document would.
 */
function useMenuOpen(pathname: string): boolean | null {
  const [open, setOpen] = useState<boolean | null>(null)
  useEffect(() => {
    const nav = document.getElementById(MENU_ID)
    if (!nav) return
    const onToggle = (event: Event) => setOpen((event as ToggleEvent).newState === 'open')
    nav.addEventListener('toggle', onToggle)
    setOpen(isOpen(nav))
    return () => nav.removeEventListener('toggle', onToggle)
  }, [])
  useEffect(() => {
    const nav = document.getElementById(MENU_ID)
    if (nav && isOpen(nav)) nav.hidePopover()
  }, [pathname])
  return open
}

const isOpen = (nav: HTMLElement) => {
  try {
    return nav.matches(':popover-open')
  } catch {
    return false // a browser without the popover API: the links are always shown
  }
}

/** A count on a link; `hidden` from assistive technology when the link says the count in words. */
export function NavBadgeCount({ count, testId, hidden }: { count: number; testId: string; hidden?: boolean }) {
  return (
    <span
      className="token ml-1 rounded-full bg-amber-400 px-1.5 text-xs font-semibold text-slate-900"
      data-testid={testId}
      aria-hidden={hidden || undefined}
    >
      {count}
    </span>
  )
}
