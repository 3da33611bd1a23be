import { LOCALES, type Locale } from '~db/schema/enums'
import { formatNumber } from '~/domain/numbers'
import { catalogs, type zh } from './catalogs.server'

// The messages: one file per area (a Chinese object `as const` and an English one typed
// Record<keyof zh, string>, so a missing English message is a type error), spread into one
// dictionary per language in ./catalogs.server.ts. The server holds every language; the browser
// build gets an empty module there and reads the one language of the page, which the document
// loads as a content-addressed, cached script before the app's modules run
// (./messages-asset.server.ts, docs/decisions/018-client-javascript.md).

export type MessageKey = keyof typeof zh
export type MessageVars = Record<string, string | number>
export type Translate = (key: MessageKey, vars?: MessageVars) => string
type Catalog = Record<MessageKey, string>

/** What the messages script (/messages/<locale>.<hash>.js) leaves for the browser. */
export type BrowserMessages = { src: string; locale: Locale; messages: Catalog }
declare global {
  interface Window {
    __labcycleMessages?: BrowserMessages
  }
}

export const DEFAULT_LOCALE: Locale = 'zh'

/** One of the languages the catalogue has (a cookie, a stored preference, the root's data). */
export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v)
}

// In the browser there is only the page's language: a page whose language changes under it (a
// sign-in with an English preference) is loaded again by the root (app/root.tsx).
const NO_MESSAGES = {} as Catalog
function catalogOf(locale: Locale): Catalog {
  if (catalogs) return catalogs[locale] ?? catalogs[DEFAULT_LOCALE]
  return (typeof window === 'undefined' ? undefined : window.__labcycleMessages?.messages) ?? NO_MESSAGES
}

// A message may choose its words by a number's plural category in its language:
// `{count, plural, one {scenario} other {scenarios}}` (the ICU form, two categories), so English
// reads "1 scenario" and "3 scenarios". Without the number, or in Chinese, it is the `other` form.
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g
const pluralRules = new Map<Locale, Intl.PluralRules>()
function pluralOf(locale: Locale, n: number) {
  let rules = pluralRules.get(locale)
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale === 'zh' ? 'zh-CN' : 'en-GB')))
  return rules.select(n)
}

// counts in messages are numbers as people read them (app/domain/numbers.ts); an id is a name
const shownValue = (name: string, value: string | number) =>
  typeof value === 'number' && !/(^id|Id)$/.test(name) ? formatNumber(value) : String(value)

export function translator(locale: Locale): Translate {
  const catalog = catalogOf(locale)
  return (key, vars) => {
    let text = catalog[key] ?? key
    if (text.includes(', plural, '))
      text = text.replace(PLURAL, (_, name: string, one: string, other: string) => {
        const n = vars?.[name]
        return typeof n === 'number' && pluralOf(locale, n) === 'one' ? one : other
      })
    if (!vars) return text
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? shownValue(name, vars[name]) : whole))
  }
}

export function isMessageKey(key: string): key is MessageKey {
  return key in catalogOf(DEFAULT_LOCALE)
}
