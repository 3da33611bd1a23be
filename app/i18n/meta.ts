import type { MetaDescriptor } from '@remix-run/node'
import type { Locale } from '~db/schema/enums'
import { DEFAULT_LOCALE, isLocale, translator, type MessageKey, type MessageVars } from '.'

// Page titles come from the catalogue in the reader's language. A route's `meta` runs on the
// server and in the browser without a hook, so the locale is read from the root loader's data
// among the matches, as useLocale() reads it in components.
type MetaArgs = { matches: ReadonlyArray<{ id: string; data?: unknown }> }

export function localeOfMatches(matches: MetaArgs['matches']): Locale {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined)?.locale
  return isLocale(locale) ? locale : DEFAULT_LOCALE
}

/**
 * "Labcycle · page[ · detail]": the page's catalogue name, then the record it shows (a lab's or a
 * document's own name, never translated) when the loader found one.
 */
export function pageTitle(args: MetaArgs, key: MessageKey, detail?: string | null, vars?: MessageVars): MetaDescriptor[] {
  const t = translator(localeOfMatches(args.matches))
  return [{ title: [t('app.shortName'), t(key, vars), detail].filter(Boolean).join(' · ') }]
}

/**
 * "lab · document" for the print pages: browsers offer the title as the PDF's file name, so it
 * leads with what tells one lab's file from another's.
 */
export function printTitle(args: MetaArgs, key: MessageKey, lead?: string | null): MetaDescriptor[] {
  const t = translator(localeOfMatches(args.matches))
  return [{ title: [lead, t(key)].filter(Boolean).join(' · ') }]
}
