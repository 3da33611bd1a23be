import { csvField } from './csv'
import { downloadHeaders, pacer, streamOf, type StreamControl } from './xlsx.server'

// A CSV export streamed as its rows are read (issue 18): the same bytes toCsv writes (byte-order
// mark, CRLF, fields quoted and formula-safe), sent in pieces of about 64 KB instead of one string
// of every row. Text, so the compression middleware compresses it as it goes.

const PIECE_CHARS = 64 * 1024

async function* csvParts(header: string[], rows: Iterable<string[]>, control: StreamControl): AsyncGenerator<Uint8Array> {
  const line = (r: string[]) => `${r.map(csvField).join(',')}\r\n`
  let piece = `\uFEFF${line(header)}`
  const pace = pacer(control)
  for (const row of rows) {
    piece += line(row)
    if (piece.length >= PIECE_CHARS) {
      yield Buffer.from(piece, 'utf8')
      piece = ''
    }
    await pace()
  }
  yield Buffer.from(piece, 'utf8')
}

/**
 * A CSV download: `rows` read once, in order. `pausable` as for a sheet (app/utils/xlsx.server.ts):
 * false when the rows come from a statement open on the shared connection.
 */
export function csvResponse({
  header,
  rows,
  fileName,
  asciiName,
  pausable = true,
  signal,
}: {
  header: string[]
  rows: Iterable<string[]>
  fileName: string
  asciiName: string
  pausable?: boolean
  signal?: AbortSignal
}): Response {
  return new Response(streamOf(csvParts(header, rows, { pause: pausable, signal }), asciiName), {
    headers: downloadHeaders({ type: 'text/csv; charset=utf-8', fileName, asciiName }),
  })
}
