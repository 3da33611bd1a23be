import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { SavedNotice } from '~/components/ui/saved-notice'

describe('the saved notice', () => {
  test('announces its message as a status in the green banner', () => {
    const html = renderToStaticMarkup(createElement(SavedNotice, { children: '已保存' }))
    expect(html).toBe('<p role="status" class="rounded border p-3 text-sm border-green-300 bg-green-50 text-green-800">已保存</p>')
  })

  test('a failed run is red, still a status; extra classes are added, not swapped in', () => {
    const html = renderToStaticMarkup(createElement(SavedNotice, { tone: 'failed', className: 'mb-3', children: 'failed' }))
    expect(html).toContain('role="status"')
    expect(html).toContain('class="rounded border p-3 text-sm border-red-300 bg-red-50 text-red-800 mb-3"')
    expect(html).not.toContain('green')
  })
})
