import crypto from 'node:crypto'
import type { Locale } from '~db/schema/enums'
import { catalogs } from './catalogs.server'
import { isLocale, type BrowserMessages } from '.'

// The browser's messages (docs/decisions/018-client-javascript.md): one language per page, as a
// script the document loads before the app's modules, at an address named by its content so it
// is cached for good and a new release's messages get a new address. Before, every page's
// JavaScript carried both languages' dictionaries (~97 KB gzipped).

export const MESSAGES_PATH = '/messages/'

// Areas only one page (or one page and its print view) shows: their messages travel with that
// page's data (pageMessages, usePageMessages in ./use-t.ts) instead of in the script every page
// loads, which keeps the pages within their JavaScript budget (issue 18) as messages grow.
// The certification rounds' and city departments' words (issue 21) travel with their four pages,
// the calendar feed section's with /account, the A4 certificate's with /labs/:labId/certificate,
// the public notice's (公示) with its pages, the applicants' pages (/register, /applicants…,
// /registration) and the applications' (/applications…) theirs.
export const PAGE_MESSAGE_AREAS = [
  'help.',
  'dossier.',
  'calendarFeed.',
  'rounds.',
  'departments.',
  'certificate.',
  'notice.',
  'applicants.',
  'applications.',
  // the jobs page (/jobs), the bureau's alone
  'jobs.',
  // the round at a glance (/rounds/:roundId/funnel, issue 21 item 8)
  'funnel.',
] as const
export type PageMessageArea = (typeof PAGE_MESSAGE_AREAS)[number]
const onOnePage = (key: string) => PAGE_MESSAGE_AREAS.some((area) => key.startsWith(area))

// Areas no page shows in the browser: the read API's problem documents and its docs page are
// written on the server alone (app/api/), as is the calendar feed's text (ics.), so their texts
// stay out of the browser's script. The certification round's refusals and findings (issue 21)
// go to the application pages with their own words (applicationPageMessages) rather than grow
// every page's script.
// The inbox writes its titles on the server, so the round's and the applicants' notice titles
// ('roundNotice.', 'notices.applicant.') stay out of the browser's script too.
export const SERVER_ONLY_AREAS = ['api.', 'ics.', 'certification.', 'roundNotice.', 'notices.applicant.'] as const
const onServerOnly = (key: string) => SERVER_ONLY_AREAS.some((area) => key.startsWith(area))

/** The messages of the certification round pages (/rounds…, /departments): both their areas. */
export function roundPageMessages(locale: Locale): Record<string, string> {
  return { ...pageMessages(locale, 'rounds.'), ...pageMessages(locale, 'departments.') }
}

/**
 * The application pages' words (issue 21): their own area and the certification rules' refusals
 * and findings, which no other page shows.
 */
export function applicationPageMessages(locale: Locale): Record<string, string> {
  const rules = Object.entries(catalogs[locale] as Record<string, string>).filter(([key]) => key.startsWith('certification.'))
  return { ...pageMessages(locale, 'applications.'), ...Object.fromEntries(rules) }
}

/** The round-at-a-glance page's words and the round stages' names it shows. */
export function funnelPageMessages(locale: Locale): Record<string, string> {
  const stages = Object.entries(pageMessages(locale, 'rounds.')).filter(([key]) => key.startsWith('rounds.stage.'))
  return { ...pageMessages(locale, 'funnel.'), ...Object.fromEntries(stages) }
}

/** The messages of one page-local area in this language, for the page's loader to send. */
export function pageMessages(locale: Locale, area: PageMessageArea): Record<string, string> {
  return Object.fromEntries(Object.entries(catalogs[locale] as Record<string, string>).filter(([key]) => key.startsWith(area)))
}

type Asset = { file: string; body: string }
const assets = new Map<Locale, Asset>()

/** The keys nested at their dots ('a.b.c' under a → b → c; '' holds a key that is also a prefix): smaller to send. */
function nest(catalog: Record<string, string>) {
  type Tree = { [part: string]: string | Tree }
  const tree: Tree = {}
  for (const [key, text] of Object.entries(catalog)) {
    const parts = key.split('.')
    let node = tree
    for (const part of parts.slice(0, -1)) {
      const next = node[part]
      node = typeof next === 'object' ? next : (node[part] = next === undefined ? {} : { '': next })
    }
    const last = parts[parts.length - 1]
    const there = node[last]
    if (typeof there === 'object') there[''] = text
    else node[last] = text
  }
  return tree
}

// Runs in the browser: flattens the tree back into the dictionary the translator reads.
const UNNEST = `function (tree) {
  var messages = {}
  ;(function walk(node, prefix) {
    for (var part in node) {
      var value = node[part]
      if (typeof value === 'string') messages[part === '' ? prefix.slice(0, -1) : prefix + part] = value
      else walk(value, prefix + part + '.')
    }
  })(tree, '')
  return messages
}`

function assetOf(locale: Locale): Asset {
  let asset = assets.get(locale)
  if (!asset) {
    const shared = Object.fromEntries(
      Object.entries(catalogs[locale] as Record<string, string>).filter(([key]) => !onOnePage(key) && !onServerOnly(key)),
    )
    const tree = JSON.stringify(nest(shared))
    const hash = crypto.createHash('sha256').update(locale).update(tree).digest('hex').slice(0, 12)
    const file = `${locale}.${hash}.js`
    const head: Omit<BrowserMessages, 'messages'> = { src: `${MESSAGES_PATH}${file}`, locale }
    const body = `window.__labcycleMessages = Object.assign(${JSON.stringify(head)}, { messages: (${UNNEST})(${tree}) })\n`
    asset = { file, body }
    assets.set(locale, asset)
  }
  return asset
}

/** The address of the page's messages script for this language. */
export function messagesSrc(locale: Locale): string {
  return `${MESSAGES_PATH}${assetOf(locale).file}`
}

/** The script at /messages/<file>, or null for an address no language has (an old release's, a guess). */
export function messagesScript(file: string): string | null {
  const locale = file.split('.')[0]
  if (!isLocale(locale)) return null
  const asset = assetOf(locale)
  return asset.file === file ? asset.body : null
}
