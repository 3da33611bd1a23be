import { useRouteLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import type { Locale } from '~db/schema/enums'
import { DEFAULT_LOCALE, translator } from '.'

type RootData = { locale: Locale }

export function useLocale(): Locale {
  const data = useRouteLoaderData('root') as RootData | undefined
  return data?.locale ?? DEFAULT_LOCALE
}

export function useT() {
  const locale = useLocale()
  return useMemo(() => translator(locale), [locale])
}

/**
 * Adds a page's own messages (pageMessages in ./messages-asset.server.ts, sent with its data) to
 * the browser's dictionary. The server has every message already.
 */
export function addPageMessages(messages: Record<string, string> | undefined) {
  const loaded = typeof window === 'undefined' ? undefined : window.__labcycleMessages?.messages
  if (loaded && messages) Object.assign(loaded, messages)
}

/** addPageMessages before the page translates anything (its meta does the same: ./meta.ts). */
export function usePageMessages(messages: Record<string, string> | undefined) {
  useMemo(() => addPageMessages(messages), [messages])
}
