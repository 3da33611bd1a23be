import fs from 'node:fs'
import path from 'node:path'
import type { MetaFunction } from '@remix-run/node'
import { describe, expect, test } from 'vitest'
import { pageTitle, printTitle } from '~/i18n/meta'

// Every page's <title> comes from the message catalogue in the reader's language; a Chinese
// literal in a route's meta would stay Chinese after the English switch.
const ROUTES = path.resolve(__dirname, '../../app/routes')
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/
const pages = fs
  .readdirSync(ROUTES)
  .filter((f) => f.endsWith('.tsx'))
  .filter((f) => /^export default /m.test(fs.readFileSync(path.join(ROUTES, f), 'utf8')))
// print pages lead with the lab's name: the browser offers the title as the PDF's file name
const PRINT_PAGES = [
  'labs.$labId.renewals.$renewalId_.dossier.tsx',
  'labs.$labId.reports.$reportId_.print.tsx',
  'labs.$labId.certificate.tsx',
]

const metaSource = (file: string) => {
  const source = fs.readFileSync(path.join(ROUTES, file), 'utf8')
  const start = source.search(/^export const meta\b/m)
  if (start < 0) return null
  const next = source.slice(start + 1).search(/^export /m)
  return next < 0 ? source.slice(start) : source.slice(start, start + 1 + next)
}

const titleOf = (meta: MetaFunction, locale: 'zh' | 'en') => {
  const args = {
    data: undefined,
    params: {},
    location: { pathname: '/', search: '', hash: '', state: null, key: 'k' },
    matches: [{ id: 'root', data: { locale } }],
  }
  const descriptors = meta(args as unknown as Parameters<MetaFunction>[0]) ?? []
  return descriptors.flatMap((d) => ('title' in d && typeof d.title === 'string' ? [d.title] : []))
}

describe('page titles', () => {
  test('the routes with a page were found', () => {
    expect(pages.length).toBeGreaterThan(40)
  })

  test.each(pages)('%s has a meta with no Chinese written into it', (file) => {
    const source = metaSource(file)
    expect(source, 'no meta export').not.toBeNull()
    expect(source).not.toMatch(CJK)
  })

  test.each(pages)('%s is titled in Chinese and in English', async (file) => {
    const { meta } = (await import(path.join(ROUTES, file))) as { meta: MetaFunction }
    const [zh] = titleOf(meta, 'zh')
    const [en] = titleOf(meta, 'en')
    expect(titleOf(meta, 'zh')).toHaveLength(1)
    expect(zh).toMatch(CJK)
    expect(en).not.toMatch(CJK)
    expect(en).not.toBe(zh)
    // one shape everywhere: the app's name first, except on the print pages
    if (PRINT_PAGES.includes(file)) expect(zh).not.toMatch(/^Labcycle/)
    else {
      expect(zh).toMatch(/^Labcycle · \S/)
      expect(en).toMatch(/^Labcycle · \S/)
    }
  })
})

describe('the title helpers', () => {
  const matches = (locale: string) => ({
    matches: [
      { id: 'other', data: {} },
      { id: 'root', data: { locale } },
    ],
  })

  test('a page title names the app, the page, then the record shown, untranslated', () => {
    expect(pageTitle(matches('zh'), 'reports.title', '苏州市城市数字孪生大数据创新应用实验室')).toEqual([
      { title: 'Labcycle · 年度报告 · 苏州市城市数字孪生大数据创新应用实验室' },
    ])
    expect(pageTitle(matches('en'), 'reports.title', '苏州市城市数字孪生大数据创新应用实验室')).toEqual([
      { title: 'Labcycle · Annual reports · 苏州市城市数字孪生大数据创新应用实验室' },
    ])
  })

  test('without a record (a 404, or before the loader answered) the page name stands alone', () => {
    expect(pageTitle(matches('en'), 'labs.title', undefined)).toEqual([{ title: 'Labcycle · Lab registry' }])
    expect(pageTitle(matches('en'), 'labs.title', '')).toEqual([{ title: 'Labcycle · Lab registry' }])
  })

  test('an unknown or missing locale falls back to Chinese', () => {
    expect(pageTitle(matches('fr'), 'labs.title')).toEqual([{ title: 'Labcycle · 实验室名录' }])
    expect(pageTitle({ matches: [] }, 'labs.title')).toEqual([{ title: 'Labcycle · 实验室名录' }])
  })

  test('a print title leads with the lab', () => {
    expect(printTitle(matches('en'), 'dossier.title', '昆山市工业互联网大数据创新应用实验室')).toEqual([
      { title: '昆山市工业互联网大数据创新应用实验室 · Renewal dossier' },
    ])
  })
})
