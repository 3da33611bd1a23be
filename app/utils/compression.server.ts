import compression from 'compression'
import type { RequestHandler } from 'express'

// Every text response compressed (issue 18): pages, Remix data, the built JS and CSS, CSV and JSON.
// The `compression` package negotiates brotli (quality 4, cheap enough per request) or gzip from
// Accept-Encoding and adds `Vary: Accept-Encoding`. What it leaves alone, and why:
// - types that are compressed already (xlsx, docx, zip, images, PDF): its filter asks mime-db
//   whether a Content-Type is compressible, and those are not;
// - responses under 1 KB, where the encoding costs more than it saves;
// - responses marked `Cache-Control: no-transform`: the stored files (attachments, an import's
//   original upload), which go out as the exact bytes stored with their Content-Length, whatever
//   type the uploader gave them.
export const COMPRESSION_THRESHOLD_BYTES = 1024

export function compressText(): RequestHandler {
  return compression({ threshold: COMPRESSION_THRESHOLD_BYTES })
}

/** Cache-Control of a stored file sent as a download: never kept, never re-encoded on the way. */
export const STORED_FILE_CACHE_CONTROL = 'private, no-store, no-transform'
