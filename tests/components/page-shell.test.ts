import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, test } from 'vitest'
import { MainNav } from '~/components/layout/main-nav'
import { navFor } from '~/components/layout/nav-entries'
import { PageHeader } from '~/components/ui/page-header'

// The shell's pieces as the server renders them, under a root route that carries the locale
// the way the app's root loader does.
async function render(element: ReactElement, locale: 'zh' | 'en' = 'zh', path = '/') {
  const routes: RouteObject[] = [
    {
      id: 'root',
      path: '/',
      loader: () => ({ locale }),
      element: createElement(Outlet),
      children: [
        { index: true, element },
        { path: '*', element },
      ],
    },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request(`http://localhost${path}`))
  if (context instanceof Response) throw new Error('unexpected response')
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }))
}

describe('the page header', () => {
  test('a bare title is one h1 in the heading row, nothing else', async () => {
    const html = await render(createElement(PageHeader, { title: '实验室名录' }))
    expect(html).toContain('<div class="flex flex-wrap items-center gap-3"><h1 class="text-xl font-semibold">实验室名录</h1></div>')
    expect(html).not.toContain('page-back')
    expect(html).not.toContain('ml-auto')
    expect(html).not.toContain('<p')
  })

  test('back link above, badges after the title, actions at the right, subtitle below, in that order', async () => {
    const html = await render(
      createElement(PageHeader, {
        title: '团队名单',
        titleTestId: 'team-title',
        titleClassName: 'font-mono',
        back: { to: '/labs/7', label: '某实验室' },
        badges: createElement('span', { 'data-testid': 'badge' }, '有效'),
        actions: createElement('a', { href: '/x', className: 'btn' }, '导出'),
        subtitle: '说明',
      }),
    )
    expect(html).toContain('<a class="link text-sm" data-testid="page-back" data-discover="true" href="/labs/7">← 某实验室</a>')
    expect(html).toContain('<h1 class="text-xl font-semibold font-mono" data-testid="team-title">团队名单</h1>')
    expect(html).toContain('<div class="ml-auto flex flex-wrap items-center gap-2"><a href="/x" class="btn">导出</a></div>')
    expect(html).toContain('<p class="text-sm text-slate-600">说明</p>')
    const order = ['page-back', 'team-title', 'data-testid="badge"', 'ml-auto', '说明'].map((s) => html.indexOf(s))
    expect(order.every((at) => at >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
  })

  test('actions that render nothing leave no empty right-hand box', async () => {
    const html = await render(createElement(PageHeader, { title: 't', actions: null }))
    expect(html).not.toContain('ml-auto')
  })
})

describe('the main navigation', () => {
  const lab = { id: 3, role: 'lab' as const, districtCode: null, labId: 11 }
  const district = { id: 2, role: 'district' as const, districtCode: '320508' as const, labId: null }

  test('renders one link per entry, labelled from the catalogue in the reader’s language', async () => {
    const links = navFor(lab).map((item) => ({ ...item, count: 0 }))
    const zh = await render(createElement(MainNav, { links, linkClass: () => 'nav' }), 'zh')
    const en = await render(createElement(MainNav, { links, linkClass: () => 'nav' }), 'en')
    const anchors = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]+)/g)].map((m) => `${m[1]} ${m[2]}`)
    expect(anchors(zh)).toEqual(['/ 仪表盘', '/labs/11 实验室', '/labs/11/requests 资源申请', '/outcomes 成果看板', '/calendar 工作日历'])
    expect(anchors(en)).toEqual([
      '/ Dashboard',
      '/labs/11 Labs',
      '/labs/11/requests Requests',
      '/outcomes Outcomes',
      '/calendar Working-day calendar',
    ])
    expect(zh).toContain('aria-label="main"')
  })

  test('a badge shows only when its count is above zero, with the test id the browser tests use', async () => {
    const links = navFor(district).map((item) => ({ ...item, count: item.id === 'reviews' ? 4 : 0 }))
    const html = await render(createElement(MainNav, { links, linkClass: () => 'nav' }))
    expect(html).toContain('data-testid="nav-reviews-count">4</span>')
    expect(html).not.toContain('nav-requests-count')
    expect(html.match(/data-testid="nav-/g)).toHaveLength(1)
  })

  // issue 19: on a lab's requests both its lab (/labs/11, a prefix) and its requests were lit
  test('exactly one link is the current page, the longest path the page is under', async () => {
    const links = navFor(lab).map((item) => ({ ...item, count: 0 }))
    const html = await render(
      createElement(MainNav, { links, linkClass: ({ isActive }) => (isActive ? 'on' : 'off') }),
      'zh',
      '/labs/11/requests',
    )
    expect(html.match(/aria-current="page"/g)).toHaveLength(1)
    expect(html.match(/class="on"/g)).toHaveLength(1)
    expect(html).toMatch(/<a class="on" aria-current="page"[^>]*href="\/labs\/11\/requests"/)
  })

  test('on a narrow screen the links fold behind a 菜单 button that works without script', async () => {
    const links = navFor(lab).map((item) => ({ ...item, count: 0 }))
    const zh = await render(createElement(MainNav, { links, linkClass: () => 'nav' }), 'zh')
    const en = await render(createElement(MainNav, { links, linkClass: () => 'nav' }), 'en')
    // a real button that opens the nav as a popover (the browser's own toggle, no script)
    expect(zh).toMatch(
      /<button type="button" class="nav-menu-button" popovertarget="main-nav" aria-controls="main-nav"[^>]*>.*菜单<\/button>/,
    )
    expect(en).toContain('Menu</button>')
    expect(zh).toMatch(/<nav id="main-nav" class="main-nav" aria-label="main" popover="auto">/)
    // the server leaves aria-expanded to the browser, which knows the popover's state; set after hydration
    expect(zh).not.toContain('aria-expanded')
  })
})
