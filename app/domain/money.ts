import { formatNumber } from './numbers'

// Money in 万元 (issue 16), kept exactly: stored as whole yuan (an integer column), typed and shown
// in 万元 with up to four decimals (one yuan is 0.0001 万元). Parsed from the text as typed, never
// through a float, so 0.1 + 0.2 万元 is 3,000 yuan and not 2,999.9999…

// up to 100 亿元 (1,000,000 万元), as for deliverables' transfer value
export const MAX_YUAN = 10_000_000_000

const WAN_TEXT = /^(\d{1,7})(?:\.(\d{1,4}))?$/

export type WanParse = { ok: true; yuan: number } | { ok: false; reason: 'format' | 'tooLarge' }

/** '12.5' (万元) → 125,000 yuan. Digits with up to four decimals; no sign, no exponent, no separators. */
export function parseWan(text: string): WanParse {
  const m = WAN_TEXT.exec(text.trim())
  if (!m) return { ok: false, reason: 'format' }
  const yuan = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'))
  return yuan > MAX_YUAN ? { ok: false, reason: 'tooLarge' } : { ok: true, yuan }
}

/** 125,000 yuan → '12.5' (万元): up to four decimals, no trailing zeros. */
export function formatWan(yuan: number): string {
  const whole = Math.trunc(yuan / 10_000)
  const rest = String(Math.abs(yuan % 10_000))
    .padStart(4, '0')
    .replace(/0+$/, '')
  return rest ? `${yuan < 0 && whole === 0 ? '-' : ''}${whole}.${rest}` : String(whole)
}

/**
 * 125,000 yuan → '12.5' and 123,456,780,000 yuan → '12,345,678' (万元) for reading: formatWan with
 * its whole part grouped as every number on screen is (app/domain/numbers.ts). Inputs keep
 * formatWan, which parseWan reads back.
 */
export function formatWanText(yuan: number): string {
  const [whole, decimals] = formatWan(yuan).split('.')
  const grouped = whole === '-0' ? whole : formatNumber(Number(whole))
  return decimals ? `${grouped}.${decimals}` : grouped
}
