import type { MetaDescriptor } from '@remix-run/node'
import type { Locale } from '~db/schema/enums'
import { DEFAULT_LOCALE, isLocale, translator, type MessageKey, type MessageVars } from '.'
import { addPageMessages } from './use-t'

// Page titles come from the catalogue in the reader's language. A route's `meta` runs on the
// server and in the browser without a hook, so the locale is read from the root loader's data
// among the matches, as useLocale() reads it in components.
type MetaArgs = { matches: ReadonlyArray<{ id: string; data?: unknown }>; data?: unknown }

export function localeOfMatches(matches: MetaArgs['matches']): Locale {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined)?.locale
  return isLocale(locale) ? locale : DEFAULT_LOCALE
}

/**
 * "Labcycle · page[ · detail]": the page's catalogue name, then the record it shows (a lab's or a
 * document's own name, never translated) when the loader found one.
 */
// The head is rendered before the page: a page whose messages come with its data (pageMessages)
// adds them here too.
function withPageMessages(args: MetaArgs) {
  addPageMessages((args.data as { messages?: Record<string, string> } | undefined)?.messages)
  return translator(localeOfMatches(args.matches))
}

export function pageTitle(args: MetaArgs, key: MessageKey, detail?: string | null, vars?: MessageVars): MetaDescriptor[] {
  const t = withPageMessages(args)
  return [{ title: [t('app.shortName'), t(key, vars), detail].filter(Boolean).join(' · ') }]
}

/**
 * "lab · document" for the print pages: browsers offer the title as the PDF's file name, so it
 * leads with what tells one lab's file from another's.
 */
export function printTitle(args: MetaArgs, key: MessageKey, lead?: string | null): MetaDescriptor[] {
  const t = withPageMessages(args)
  return [{ title: [lead, t(key)].filter(Boolean).join(' · ') }]
}
