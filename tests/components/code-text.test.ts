import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { expect, test } from 'vitest'
import { CodeText } from '~/components/ui/code-text'

// What a message quotes literally (a setting, a command) is shown as code, so neither reader nor
// the page crawl takes SCHEDULER=off for a word left untranslated.

test('backticked parts of a message are code, the rest is text', () => {
  expect(renderToStaticMarkup(createElement(CodeText, { text: '请开启 `SCHEDULER`，并运行 `npm run backup -- <目录>`。' }))).toBe(
    '请开启 <code translate="no" class="rounded bg-slate-100 px-1 text-[0.9em]">SCHEDULER</code>，并运行 <code translate="no" class="rounded bg-slate-100 px-1 text-[0.9em]">npm run backup -- &lt;目录&gt;</code>。',
  )
})

test('a message without backticks, or with an unmatched one, is plain text', () => {
  expect(renderToStaticMarkup(createElement(CodeText, { text: '没有代码' }))).toBe('没有代码')
  expect(renderToStaticMarkup(createElement(CodeText, { text: 'a ` b' }))).toBe('a ` b')
})
