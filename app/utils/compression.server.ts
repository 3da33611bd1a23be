import compression from 'compression'
import type { NextFunction, Request, RequestHandler, Response } from 'express'

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

/** Cache-Control of a stored file sent as a download: never kept, never re-encoded on the way. */
export const STORED_FILE_CACHE_CONTROL = 'private, no-store, no-transform'

// Remix flushes the response after every chunk it streams (@remix-run/node
// writeReadableStreamToWritable), which through compression ends a deflate block each time: React
// writes a page in small chunks, and the dashboard gzipped to 67 KB streamed against 29 KB in one
// piece. The flushes are gathered into one per turn of the event loop: what is written is still
// sent before the server waits for anything (a deferred loader, a slow client), in one block.
function coalescedFlush(_req: Request, res: Response, next: NextFunction) {
  const flush = res.flush?.bind(res)
  if (flush) {
    let pending = false
    res.flush = () => {
      if (pending) return
      pending = true
      setImmediate(() => {
        pending = false
        if (!res.writableEnded) flush()
      })
    }
  }
  next()
}

export function compressText(): RequestHandler[] {
  return [compression({ threshold: COMPRESSION_THRESHOLD_BYTES }), coalescedFlush]
}
