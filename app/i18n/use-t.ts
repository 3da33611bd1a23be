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
