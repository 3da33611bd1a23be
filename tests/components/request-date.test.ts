import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, test } from 'vitest'
import { RequestDate } from '~/components/requests/request-date'

// Rendered under a root route that carries the locale the way the app's root loader does.
async function render(element: ReactElement, locale: 'zh' | 'en') {
  const routes: RouteObject[] = [
    { id: 'root', path: '/', loader: () => ({ locale }), element: createElement(Outlet), children: [{ index: true, element }] },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/'))
  if (context instanceof Response) throw new Error('unexpected response')
  const html = renderToStaticMarkup(
    createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }),
  )
  return html.replace(/<script>.*<\/script>$/, '')
}

const dated = (status: 'submitted' | 'approved' | 'draft', deadline: string | null, decidedOn: string | null, locale: 'zh' | 'en' = 'zh') =>
  render(createElement(RequestDate, { request: { status, deadline, decidedOn } }), locale)

// Found in issue 19's review: the lab's list showed a decided request's decision date under 决定时限.
describe('a request’s date in the lab’s list', () => {
  test('an open request shows its deadline as 决定时限, a decided one its decision date as 决定日期', async () => {
    expect(await dated('submitted', '2026-03-20', null)).toBe('决定时限 2026-03-20')
    expect(await dated('approved', '2026-03-20', '2026-03-15')).toBe('决定日期 2026-03-15')
    expect(await dated('approved', '2026-03-20', '2026-03-15', 'en')).toBe('Decided 2026-03-15')
    expect(await dated('draft', null, null)).toBe('—')
  })
})
