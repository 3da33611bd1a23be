import { PassThrough, Transform } from 'node:stream'
import type { AppLoadContext as RemixLoadContext, EntryContext, HandleDataRequestFunction } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { z } from 'zod'
import { NonceProvider } from './utils/nonce'
import { cspNonceOf } from './utils/request.server'

// Remix's default Node entry, with one addition: React 18.3's streaming renderer can leave NUL
// bytes in its output where a multi-byte (Chinese) character meets the end of its 2 KB write
// buffer (the unused tail of a reserved chunk; the characters themselves are intact). HTML
// never carries a NUL, so they are dropped on the way out (facebook/react#24985).
const ABORT_DELAY = 5_000

function withoutNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.includes(0) ? chunk.filter((byte) => byte !== 0) : chunk)
    },
  })
}

// zod's interpreted checks, as since it first ran in the browser, where its probe for eval (a
// caught `new Function`) was a CSP violation. zod now runs on the server only (the browser build
// maps it to app/utils/zod-in-browser.ts); the forms keep validating exactly as they did.
z.config({ jitless: true })

// A busy database answers 503 (app/utils/busy.server.ts); the page and the data request say
// when to try again. Remix passes a thrown Response's headers on to neither.
const RETRY_AFTER_SECONDS = '3'

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  if (response.status === 503 && !response.headers.has('Retry-After')) response.headers.set('Retry-After', RETRY_AFTER_SECONDS)
  return response
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: RemixLoadContext,
) {
  if (responseStatusCode === 503) responseHeaders.set('Retry-After', RETRY_AFTER_SECONDS)
  // the Content-Security-Policy header names this nonce; every inline script must carry it
  const nonce = cspNonceOf(loadContext)
  // bots and SPA mode get the whole document at once; browsers get it as soon as the shell is ready
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const ready = () => {
      shellRendered = true
      const body = new PassThrough()
      responseHeaders.set('Content-Type', 'text/html')
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
      pipe(withoutNulBytes()).pipe(body)
    }
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider nonce={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady: waitForAll ? ready : undefined,
        onShellReady: waitForAll ? undefined : ready,
        onShellError: reject,
        onError(error: unknown) {
          responseStatusCode = 500
          // errors before the shell is ready reject above and are logged by Remix
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}
