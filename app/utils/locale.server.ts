import type { Locale } from '~db/schema/enums'
import { DEFAULT_LOCALE, isLocale, translator } from '~/i18n'
import { readCookie } from './session.server'

export const LOCALE_COOKIE = 'lc_lang'

// The language switch sets a cookie (remembered on this browser) and, when signed in, the
// user's preference (used for mail). Chinese is the default for everyone else.
export function localeOf(request: Request, userLocale?: Locale | null): Locale {
  const fromCookie = readCookie(request, LOCALE_COOKIE)
  if (isLocale(fromCookie)) return fromCookie
  if (isLocale(userLocale)) return userLocale
  return DEFAULT_LOCALE
}

export function localeCookie(locale: Locale) {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${60 * 60 * 24 * 365}; SameSite=Lax`
}

export function translatorFor(request: Request, userLocale?: Locale | null) {
  return translator(localeOf(request, userLocale))
}

export { isLocale }
