import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, test } from 'vitest'
import { ServiceSection } from '~/components/requests/service-section'
import type { Actor } from '~/domain/permissions'
import { requestServiceStats } from '~/models/request-stats.server'
import { makeLab, setupTestDb } from '../helpers'
import { makeRequest } from '../request-service-fixtures'

// Issue 19 item 7: a district office is not shown a city-wide chart of one bar. The dashboard's
// service section draws time to decision by district for the bureau only; a district's own is
// the by-type chart above it. (The overview's and /renewals' district charts: tests/e2e/dashboard.e2e.ts.)
async function render(element: ReactElement) {
  const routes: RouteObject[] = [
    { id: 'root', path: '/', loader: () => ({ locale: 'zh' }), element: createElement(Outlet), children: [{ index: true, element }] },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/'))
  if (context instanceof Response) throw new Error('unexpected response')
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }))
}

const TODAY = '2026-03-20'
const bureau: Actor = { id: 1, role: 'bureau', districtCode: null, labId: null }
const gusu: Actor = { id: 2, role: 'district', districtCode: '320508', labId: null }

describe('the dashboard’s request service charts', () => {
  test('the bureau sees time to decision by district; a district office sees no chart of its one district', async () => {
    const db = setupTestDb()
    const lab = makeLab(db, { districtCode: '320508' })
    makeRequest(db, { labId: lab.id, status: 'approved', submittedOn: '2026-03-02', deadline: '2026-03-16', decidedOn: '2026-03-10' })
    const city = await render(createElement(ServiceSection, { stats: requestServiceStats({ actor: bureau, today: TODAY }), scope: null }))
    expect(city).toContain('data-testid="chart-decision-time-by-district"')
    const own = await render(createElement(ServiceSection, { stats: requestServiceStats({ actor: gusu, today: TODAY }), scope: '320508' }))
    expect(own).toContain('data-testid="chart-decision-time-by-type"')
    expect(own).not.toContain('data-testid="chart-decision-time-by-district"')
  })
})
