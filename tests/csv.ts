import type { RouteFunction } from './helpers'
import { getRequest, TEST_CONTEXT } from './helpers'

// A minimal RFC 4180 reader for the CSV the app writes: quoted fields with doubled quotes, CRLF
// rows. Returns the finished rows and what was left after the last CRLF (nothing, for a
// well-formed file).
export function scanCsv(text: string): { rows: string[][]; row: string[]; field: string } {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += c
  }
  return { rows, row, field }
}

export const parseCsv = (text: string): string[][] => scanCsv(text).rows

// Calls a CSV loader for `url` as `cookie`. Response.text() would drop the byte-order mark:
// the text is decoded keeping it, as Excel sees the bytes.
export async function fetchCsv(csvLoader: RouteFunction, url: string, cookie?: string) {
  const response = (await csvLoader({ request: getRequest(url, cookie), params: {}, context: TEST_CONTEXT })) as Response
  const bytes = new Uint8Array(await response.arrayBuffer())
  return { response, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) }
}
