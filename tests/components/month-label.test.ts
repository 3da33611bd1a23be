import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, test } from 'vitest'
import { useMonthLabel } from '~/components/charts/chart-parts'

// Rendered under a root route that carries the locale the way the app's root loader does.
async function render(element: ReactElement, locale: 'zh' | 'en') {
  const routes: RouteObject[] = [
    { id: 'root', path: '/', loader: () => ({ locale }), element: createElement(Outlet), children: [{ index: true, element }] },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/'))
  if (context instanceof Response) throw new Error('unexpected response')
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }))
}

function Months({ months }: { months: string[] }) {
  const monthLabel = useMonthLabel()
  return createElement('ul', null, ...months.map((m) => createElement('li', { key: m }, monthLabel(m))))
}

// The charts' month labels share one formatter per language (issue 18): each language still
// gets its own words, whichever language asked first.
describe('month labels on the charts', () => {
  test('each language labels its months, in turn and again', async () => {
    const months = ['2026-12', '2027-01', '2024-02']
    expect(await render(createElement(Months, { months }), 'zh')).toContain(
      '<ul><li>2026年12月</li><li>2027年1月</li><li>2024年2月</li></ul>',
    )
    expect(await render(createElement(Months, { months }), 'en')).toContain('<ul><li>Dec 2026</li><li>Jan 2027</li><li>Feb 2024</li></ul>')
    expect(await render(createElement(Months, { months }), 'zh')).toContain(
      '<ul><li>2026年12月</li><li>2027年1月</li><li>2024年2月</li></ul>',
    )
  })
})
