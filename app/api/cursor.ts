// The opaque cursor of a list: base64url of the JSON [sort key, id] of the page's last row. The
// next page starts strictly after that pair, so rows added or removed meanwhile neither repeat
// nor skip a row that stays. Anything else that arrives as a cursor is refused (400), never
// guessed at. A key of 200 characters (a lab's name is at most 100) is up to 600 bytes of UTF-8:
// its cursor is under 1,000 characters, which is the most accepted.

export type Cursor = { key: string | null; id: number }

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url')
}

export function decodeCursor(text: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(text)) return null
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (!Array.isArray(value) || value.length !== 2) return null
  const [key, id] = value as [unknown, unknown]
  if (key !== null && (typeof key !== 'string' || key.length > 200)) return null
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return null
  return { key, id }
}
