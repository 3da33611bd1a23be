import { describe, expect, test } from 'vitest'
import { ENDPOINTS } from '~/api/endpoints.server'
import { loader } from '~/routes/api.v1.docs'
import { getRequest, TEST_CONTEXT } from '../helpers'

// /api/v1/docs (issue 20): public, server-rendered, no script, every endpoint with its parameters
// and a curl example, in the visitor's language.

async function docs(url: string, cookie?: string) {
  const res = (await loader({ request: getRequest(url, cookie), params: {}, context: TEST_CONTEXT })) as Response
  return { status: res.status, type: res.headers.get('Content-Type'), html: await res.text() }
}

describe('the API docs page', () => {
  test('lists every endpoint with a curl example and every problem kind, without a script', async () => {
    const { status, type, html } = await docs('/api/v1/docs')
    expect(status).toBe(200)
    expect(type).toContain('text/html')
    for (const e of ENDPOINTS) {
      expect(html).toContain(`GET /api/v1${e.path}`)
      expect(html).toContain(e.summary.zh)
    }
    expect(html).toContain('curl -H &#34;Authorization: Bearer lc_…&#34; http://localhost:3000/api/v1/labs')
    expect(html).toContain('id="problem-too_many_requests"')
    expect(html).toContain('<code>limit</code>')
    expect(html).not.toContain('<script')
  })

  test('speaks the visitor’s language, and English when asked', async () => {
    expect((await docs('/api/v1/docs')).html).toContain('Labcycle 接口说明')
    expect((await docs('/api/v1/docs', 'lc_lang=en')).html).toContain('<title>Labcycle API</title>')
    const english = (await docs('/api/v1/docs?lang=en')).html
    expect(english).toContain(ENDPOINTS[0]!.summary.en)
    expect(english).not.toContain(ENDPOINTS[0]!.summary.zh)
  })
})
