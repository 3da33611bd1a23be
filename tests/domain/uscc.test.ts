import { describe, expect, test } from 'vitest'
import { USCC_CHARSET, USCC_WEIGHTS, checkUscc, makeUscc, normalizeUscc, usccCheckChar } from '~/domain/uscc'

// Codes published by companies registered in Shenzhen and Beijing, checked independently of
// this module, so the tests do not only agree with themselves.
const PUBLISHED_CODES = ['91440300708461136T', '91110000802100433B', '91110108551385082Q']

describe('the GB 32100 constants', () => {
  test('the charset has 31 characters and leaves out I, O, S, V and Z', () => {
    expect(USCC_CHARSET).toHaveLength(31)
    for (const ch of 'IOSVZ') expect(USCC_CHARSET).not.toContain(ch)
  })

  test('the weight of position i is 3 to the power i − 1, modulo 31', () => {
    expect(USCC_WEIGHTS).toEqual(Array.from({ length: 17 }, (_, i) => 3 ** i % 31))
  })
})

describe('usccCheckChar', () => {
  test.each(PUBLISHED_CODES)('the check character of the published code %s matches its last character', (code) => {
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17])
  })

  test('a weighted sum that is a multiple of 31 gives the check character 0', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0')
  })

  test('a first 17 of the wrong length or charset is refused', () => {
    expect(() => usccCheckChar('9132050')).toThrow(RangeError)
    expect(() => usccCheckChar('9132050500000000I')).toThrow(RangeError)
  })
})

describe('normalizeUscc', () => {
  test.each([
    ['  91440300708461136t ', '91440300708461136T', 'surrounding spaces go and letters are uppercased'],
    ['9144 0300 7084 6113 6T', '91440300708461136T', 'inner spaces are removed'],
    ['\u30009144030070846113 6T', '91440300708461136T', 'a full-width space from a Chinese keyboard is removed'],
  ])('%j normalises to %s because %s', (input, expected) => {
    expect(normalizeUscc(input)).toBe(expected)
  })
})

describe('checkUscc', () => {
  const suzhou = makeUscc({ authority: '9', kind: '1', region: '320505', serial: 'MA1MX8KK6' })

  test('a code built by makeUscc from a Suzhou region is valid and in Suzhou', () => {
    // The check character X was computed separately from the weighted sum (Python).
    expect(suzhou).toBe('91320505MA1MX8KK6X')
    expect(checkUscc(suzhou)).toEqual({ ok: true, code: suzhou, regionCode: '320505', inSuzhou: true })
  })

  test.each(['320508', '320571', '320585'])('a code registered in district %s is in Suzhou', (region) => {
    const code = makeUscc({ authority: '5', kind: '2', region, serial: '12345678X' })
    expect(checkUscc(code)).toMatchObject({ ok: true, regionCode: region, inSuzhou: true })
  })

  test.each(PUBLISHED_CODES)('the published code %s is valid but not in Suzhou', (code) => {
    expect(checkUscc(code)).toMatchObject({ ok: true, inSuzhou: false })
  })

  test('a lowercase code with spaces is accepted and returned normalised', () => {
    expect(checkUscc(' 9144 0300 7084 6113 6t ')).toEqual({
      ok: true,
      code: '91440300708461136T',
      regionCode: '440300',
      inSuzhou: false,
    })
  })

  test('every wrong check character is refused as a checksum error', () => {
    const wrong = [...USCC_CHARSET].filter((ch) => ch !== suzhou[17])
    expect(wrong).toHaveLength(30)
    for (const ch of wrong) {
      expect(checkUscc(suzhou.slice(0, 17) + ch)).toEqual({ ok: false, code: suzhou.slice(0, 17) + ch, error: 'checksum' })
    }
  })

  test('one changed character in the body is caught by the checksum', () => {
    const changed = suzhou.slice(0, 10) + (suzhou[10] === '1' ? '2' : '1') + suzhou.slice(11)
    expect(checkUscc(changed)).toMatchObject({ ok: false, error: 'checksum' })
  })

  test.each([
    ['', 'empty', 'nothing typed'],
    ['   ', 'empty', 'only spaces'],
    ['9144030070846113', 'length', 'two characters short'],
    ['91440300708461136TT', 'length', 'one character too many'],
    ['9144030070846113IT', 'charset', 'the letter I'],
    ['9144030070846113OT', 'charset', 'the letter O'],
    ['9144030070846113ZT', 'charset', 'the letter Z'],
    ['9144030070846113ST', 'charset', 'the letter S'],
    ['9144030070846113VT', 'charset', 'the letter V'],
    ['I1440300708461136T', 'charset', 'a forbidden letter in the authority position'],
    ['9144030070846113-T', 'charset', 'punctuation'],
  ])('%j is refused with %s (%s)', (input, error) => {
    expect(checkUscc(input)).toMatchObject({ ok: false, error })
  })
})

describe('makeUscc', () => {
  test('parts of the wrong shape are refused', () => {
    expect(() => makeUscc({ authority: '9', kind: '1', region: '3205', serial: 'MA1MX8KK6' })).toThrow(RangeError)
    expect(() => makeUscc({ authority: '9', kind: '1', region: '320505', serial: 'MA1MX8KK' })).toThrow(RangeError)
    expect(() => makeUscc({ authority: '9', kind: '1', region: '320505', serial: 'MA1MX8KKI' })).toThrow(RangeError)
  })
})
