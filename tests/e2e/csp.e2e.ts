import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { browserForFile, dbQuery, hydrated, labIdOf, openPage } from './browser'

// The Content-Security-Policy (docs/decisions/011) walked in Chromium: the main pages, their
// charts, print sheets and client-side navigation run under it without one violation, and the
// page still hydrates (Remix's inline scripts carry the nonce).

const { pageAs } = browserForFile()

/** Every CSP violation the page reports, as the browser's event and as its console message. */
async function watchViolations(page: Page) {
  const violations: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text()))
      violations.push(`${page.url()}: ${m.text()}`)
  })
  page.on('pageerror', (e) => violations.push(`${page.url()}: ${e.message}`))
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(`${page.url()}: ${text}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      ;(window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      )
    })
  })
  return violations
}

const firstId = (sql: string, ...params: unknown[]) => dbQuery<{ id: number }>(sql, ...params)[0]?.id

describe('the content security policy in the browser', () => {
  test('the bureau walks the main pages without a CSP violation', { timeout: 180_000 }, async () => {
    const page = await pageAs('bureau')
    const violations = await watchViolations(page)
    const labId = labIdOf('lab')
    const deliverable = firstId('SELECT id FROM deliverables WHERE lab_id = ? ORDER BY id LIMIT 1', labId)
    const report = firstId('SELECT id FROM annual_reports WHERE lab_id = ? ORDER BY id LIMIT 1', labId)
    const renewal = dbQuery<{ id: number; lab_id: number }>('SELECT id, lab_id FROM renewals ORDER BY id LIMIT 1')[0]
    const paths = [
      '/', // the dashboard's charts
      '/labs',
      `/labs/${labId}`,
      '/renewals', // the pipeline's charts
      '/requests', // the service charts
      '/security', // incidents by month
      '/reviews',
      `/labs/${labId}/deliverables/${deliverable}`,
      `/labs/${labId}/reports/${report}`,
      `/labs/${labId}/reports/${report}/print`, // a print sheet's <style> block
      `/labs/${renewal.lab_id}/renewals/${renewal.id}`,
      `/labs/${renewal.lab_id}/renewals/${renewal.id}/dossier`,
      '/calendar',
      '/inbox',
    ]
    for (const path of paths) {
      await openPage(page, path)
      // the page hydrated: Remix's router runs, which only the nonced scripts could start
      expect(await page.evaluate(() => '__remixRouter' in window), path).toBe(true)
    }
    // client-side navigation renders the next page in the browser, print sheet and charts included
    await openPage(page, `/labs/${labId}/reports/${report}`)
    await page.evaluate(
      (to) => (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate(to),
      `/labs/${labId}/reports/${report}/print`,
    )
    await hydrated(page)
    await page.evaluate(() =>
      (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate('/'),
    )
    await hydrated(page)
    await page.getByTestId('current-user').waitFor()
    expect(violations).toEqual([])
  })

  test('a lab user walks its own pages without a CSP violation', { timeout: 120_000 }, async () => {
    const page = await pageAs('lab2')
    const violations = await watchViolations(page)
    const labId = labIdOf('lab2')
    for (const path of [
      '/',
      `/labs/${labId}`,
      `/labs/${labId}/requests`,
      `/labs/${labId}/deliverables`,
      `/labs/${labId}/incidents`,
      '/account',
    ]) {
      await openPage(page, path)
    }
    expect(violations).toEqual([])
  })

  test('an inline script without the nonce does not run', async () => {
    const page = await pageAs('bureau')
    await openPage(page, '/labs')
    // what an injected <script> would be: parsed into the page without this response's nonce
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { injected?: boolean }
      const div = document.createElement('div')
      div.innerHTML = '<img src="data:," onerror="window.injected = true">'
      document.body.append(div)
      const script = document.createElement('script')
      script.textContent = 'window.injected = true'
      document.body.append(script)
      await new Promise((r) => setTimeout(r, 200))
      return w.injected === true
    })
    expect(ran).toBe(false)
  })
})
