import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, test } from 'vitest'
import { RoundNoticeStage, type CertifyAnswer } from '~/components/rounds/round-notice-stage'

// The review page's 公示与授牌 section as the server renders it: what each application's state
// reads as, and the certify answer shown once with the new accounts' passwords.
async function render(element: ReactElement) {
  const routes: RouteObject[] = [
    { id: 'root', path: '/', loader: () => ({ locale: 'zh' }), element: createElement(Outlet), children: [{ index: true, element }] },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/'))
  if (context instanceof Response) throw new Error('unexpected response')
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }))
}

const app = (over: object) => ({
  id: 7,
  status: 'in_notice',
  labName: '苏州数据要素实验室',
  labId: null as number | null,
  applicantName: '申报单位甲',
  notice: { id: 3, startsOn: '2026-09-29', endsOn: '2026-10-13' },
  openObjections: 0,
  notYet: null,
  warning: null,
  ...over,
})

describe('the notice and certification section', () => {
  test('nothing shortlisted and nothing in notice: no section at all', async () => {
    const html = await render(
      createElement(RoundNoticeStage, { roundVersion: 1, stage: { shortlisted: 0, preview: null, applications: [], today: '2026-10-14' } }),
    )
    expect(html).not.toContain('round-notice')
  })

  test('an application in notice links its notice, says why it waits, and the certify form is offered', async () => {
    const stage = {
      shortlisted: 0,
      preview: null,
      today: '2026-10-09',
      applications: [
        app({ openObjections: 1, notYet: 'certification.refusal.objections_open' as const, warning: '2027 年的日历尚未发布' }),
      ],
    }
    const html = await render(createElement(RoundNoticeStage, { roundVersion: 1, stage }))
    expect(html).toContain('href="/notices/3"')
    expect(html).toContain('data-status="in_notice"')
    expect(html).toContain('2027 年的日历尚未发布')
    expect(html).toContain('name="intent" value="certify"')
    expect(html).not.toContain('value="publishShortlist"')
  })

  test('before publishing, the period a publication today would run is shown with its estimate warning', async () => {
    const stage = {
      shortlisted: 2,
      preview: { from: '2027-06-01', to: '2027-06-09', warning: '公示期截止日为估算' },
      applications: [],
      today: '2027-06-01',
    }
    const html = await render(createElement(RoundNoticeStage, { roundVersion: 4, stage }))
    expect(html).toContain('name="intent" value="publishShortlist"')
    expect(html).toContain('公示期截止日为估算')
    expect(html).not.toContain('value="certify"')
  })

  test('a certified answer lists each lab with its certificate, the announcement and the passwords once', async () => {
    const certified: CertifyAnswer = {
      ok: true,
      on: '2026-10-14',
      notYet: [],
      labs: [
        {
          applicationId: 7,
          labId: 42,
          labName: '苏州数据要素实验室',
          applicantName: '申报单位甲',
          certificateNo: '苏数创〔2026〕001号',
          accounts: [{ username: 'wang.lx', displayName: '王联系', password: 'Abc123def456' }],
        },
      ],
    }
    const stage = { shortlisted: 0, preview: null, today: '2026-10-14', applications: [app({ status: 'certified', labId: 42 })] }
    const html = await render(createElement(RoundNoticeStage, { roundVersion: 1, stage, certified }))
    expect(html).toContain('href="/labs/42/certificate"')
    expect(html).toContain('href="/labs/certificates.docx?on=2026-10-14"')
    expect(html).toContain('Abc123def456')
    expect(html).toContain('苏数创〔2026〕001号')
    // the certified row links to the lab it became
    expect(html).toContain('data-testid="certified-lab-link" data-discover="true" href="/labs/42"')
  })

  test('a certified row without its lab (certified before 0046, no audit row) says so without a link', async () => {
    const stage = { shortlisted: 0, preview: null, today: '2026-10-14', applications: [app({ status: 'certified' })] }
    const html = await render(createElement(RoundNoticeStage, { roundVersion: 1, stage }))
    expect(html).toContain('data-status="certified"')
    expect(html).not.toContain('certified-lab-link')
  })
})
