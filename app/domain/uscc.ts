// Unified social credit code (统一社会信用代码, GB 32100-2015), which identifies a host
// organisation (shared/domain.md, "The lab and its host").

/** GB 32100 code characters; a character's value is its index. I, O, Z, S and V are excluded. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** Weight of position i (1-based, 1..17) is 3^(i-1) mod 31. */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

// Suzhou's prefix in the administrative division code (行政区划代码 3205xx).
const SUZHOU_REGION_PREFIX = '3205'

export type UsccError = 'empty' | 'length' | 'charset' | 'checksum'

export type UsccCheck = { ok: true; code: string; regionCode: string; inSuzhou: boolean } | { ok: false; code: string; error: UsccError }

function inCharset(s: string): boolean {
  return [...s].every((ch) => USCC_CHARSET.includes(ch))
}

/** People paste codes with spaces or in lower case; neither changes the code. */
export function normalizeUscc(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase()
}

/** The 18th character for the first 17. Throws on bad input: it builds codes, it does not check them. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17 || !inCharset(first17)) {
    throw new RangeError(`expected 17 characters from the USCC charset: ${JSON.stringify(first17)}`)
  }
  const sum = [...first17].reduce((acc, ch, i) => acc + USCC_CHARSET.indexOf(ch) * USCC_WEIGHTS[i], 0)
  return USCC_CHARSET[(31 - (sum % 31)) % 31]
}

/**
 * Only the length, the charset and the check character are enforced. Positions 1
 * (registration authority) and 2 (organisation kind) get no further checks, and a region
 * outside 3205xx is accepted with inSuzhou false so the form can warn (shared/domain.md).
 */
export function checkUscc(input: string): UsccCheck {
  const code = normalizeUscc(input)
  if (code === '') return { ok: false, code, error: 'empty' }
  if (code.length !== 18) return { ok: false, code, error: 'length' }
  if (!inCharset(code)) return { ok: false, code, error: 'charset' }
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, code, error: 'checksum' }
  const regionCode = code.slice(2, 8)
  return { ok: true, code, regionCode, inSuzhou: regionCode.startsWith(SUZHOU_REGION_PREFIX) }
}

/** Builds a valid code from its parts, for demo data and tests. */
export function makeUscc({
  authority,
  kind,
  region,
  serial,
}: {
  authority: string // e.g. '9' industry and commerce
  kind: string // e.g. '1' enterprise
  region: string // 6-digit division code, e.g. '320505'
  serial: string // 9 characters from the charset (the organisation code)
}): string {
  if (authority.length !== 1 || kind.length !== 1 || !/^\d{6}$/.test(region) || serial.length !== 9) {
    throw new RangeError('makeUscc: expected 1 + 1 + 6 digits + 9 characters')
  }
  const first17 = authority + kind + region + serial
  return first17 + usccCheckChar(first17)
}
