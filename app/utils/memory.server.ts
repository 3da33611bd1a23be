import type { NextFunction, Request, Response } from 'express'
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'

// The server's resident memory (issue 18; docs/performance.md). Measured on a 5,000-lab database
// after the pages and the exports of every row: of ~490 MB resident, ~150 MB was V8 heap the
// exports had filled with garbage (rows as objects, cells as strings) and ~120 MB memory glibc's
// malloc had been given back but kept; the live heap was ~55 MB before and after, so nothing leaks.
//
// V8 collects its old generation when allocation pushes it to its next limit. An idle server
// allocates nothing, so after a download of every row the heap stays at the size the download grew
// it to, whatever is live. One full collection once downloads have finished returns it.
//
// glibc keeps freed memory in its arenas (one per thread that allocated: the libuv threads compress
// responses and hash passwords) and raises its mmap threshold after a big block is freed, so later
// big blocks come from the arenas and stay there. Those settings are read from the environment when
// the process starts, before any code runs: MALLOC_ENV is set by every way the server is started
// (package.json's start, serve and dev; tests/app-server.ts). Each sets a documented glibc tunable
// (mallopt(3)): two arenas, and a fixed 128 KiB threshold above which blocks are mapped on their
// own and unmapped when freed, and above which a heap's free top is returned.

export const MALLOC_ENV = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
} as const

/** The environment prefix of package.json's server scripts, `A=1 B=2`. */
export const MALLOC_ENV_PREFIX = Object.entries(MALLOC_ENV)
  .map(([name, value]) => `${name}=${value}`)
  .join(' ')

let fullCollection: (() => void) | undefined

/** A full, compacting collection of V8's heap (gc() without starting node with --expose-gc). */
export function collectGarbage() {
  if (!fullCollection) {
    v8.setFlagsFromString('--expose-gc')
    fullCollection = runInNewContext('gc') as () => void
  }
  fullCollection()
}

/** Whether a response is a download: a file the browser saves (exports, attachments). */
function isDownload(res: Response) {
  return /^attachment/i.test(String(res.getHeader('content-disposition') ?? ''))
}

/**
 * Middleware: once the last download running has ended (sent, failed or abandoned) and `quietMs`
 * passed without another starting, one full collection (`collect`). Pages are left to V8: they
 * make little garbage and come often.
 */
export function collectAfterDownloads({ quietMs = 1000, collect = collectGarbage }: { quietMs?: number; collect?: () => void } = {}) {
  let running = 0
  let timer: NodeJS.Timeout | undefined
  return (_req: Request, res: Response, next: NextFunction) => {
    let counted = false
    const count = () => {
      if (counted || !isDownload(res)) return
      counted = true
      running++
      clearTimeout(timer)
    }
    // the headers are known once they are written
    const writeHead = res.writeHead
    res.writeHead = function (this: Response, ...args: Parameters<typeof writeHead>) {
      const result = writeHead.apply(this, args)
      count()
      return result
    } as typeof writeHead
    res.once('close', () => {
      count()
      if (!counted) return
      running--
      if (running > 0) return
      clearTimeout(timer)
      timer = setTimeout(() => {
        if (running === 0) collect()
      }, quietMs)
      timer.unref()
    })
    next()
  }
}
