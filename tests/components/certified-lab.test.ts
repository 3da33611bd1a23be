import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { expect, test } from 'vitest'
import { CertifiedLab } from '~/components/applications/certified-lab'

// A certified application's 授牌 section as the server renders it: the links only where the
// loader said the viewer may open them.
async function render(element: ReactElement, locale: 'zh' | 'en' = 'zh') {
  const routes: RouteObject[] = [
    { id: 'root', path: '/', loader: () => ({ locale }), element: createElement(Outlet), children: [{ index: true, element }] },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/'))
  if (context instanceof Response) throw new Error('unexpected response')
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }))
}

const lab = { labId: 42, labName: '苏州数据要素实验室', certificateNo: '苏数创〔2026〕001号', canOpenLab: true, canOpenCertificate: true }

test('the bureau or the lab’s district gets the lab and its certificate as links', async () => {
  const html = await render(createElement(CertifiedLab, { lab }))
  expect(html).toContain('href="/labs/42"')
  expect(html).toContain('href="/labs/42/certificate"')
  expect(html).toContain('证书编号：苏数创〔2026〕001号')
})

test('the applicant reads the lab’s name and number with no link, in either language', async () => {
  const plain = { ...lab, canOpenLab: false, canOpenCertificate: false }
  for (const locale of ['zh', 'en'] as const) {
    const html = await render(createElement(CertifiedLab, { lab: plain }), locale)
    expect(html).not.toContain('href="/labs/42')
    expect(html).toContain('苏州数据要素实验室')
    expect(html).toContain(locale === 'zh' ? '证书编号：苏数创〔2026〕001号' : 'Certificate no.: 苏数创〔2026〕001号')
  }
})
