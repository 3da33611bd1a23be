import crypto from 'node:crypto'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import helmet from 'helmet'

// The HTTP security headers of every response (docs/decisions/011-security-headers.md). helmet
// sets them; the app decides the policy.

/** A fresh nonce per response: the only inline scripts that run are the ones we rendered. */
export function cspNonceOf(res: Response): string {
  const nonce = res.locals.cspNonce
  return typeof nonce === 'string' ? nonce : ''
}

function contentSecurityPolicy({ upgrade }: { upgrade: boolean }) {
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      // Remix's inline hand-off and module scripts carry the nonce; the route modules they import
      // come from /build ('self'), as do the <link rel="modulepreload"> tags, which Remix renders
      // without a nonce and 'strict-dynamic' would block.
      'script-src': ["'self'", (_req, res) => `'nonce-${cspNonceOf(res as Response)}'`],
      'script-src-attr': ["'none'"],
      // 'unsafe-inline' for styles only: recharts and the badges set style attributes, and the
      // print sheets (report, dossier) carry a <style> block that client-side navigation renders
      // again, where no nonce can be read back. CSS cannot run script.
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'self'"],
      'base-uri': ["'none'"],
      'object-src': ["'none'"],
      // on plain HTTP (a local install, the tests) upgrading would send the browser to a port
      // that speaks no TLS
      'upgrade-insecure-requests': upgrade ? [] : null,
    },
  })
}

// Features Labcycle never uses, denied to the page and to anything it might embed. helmet does
// not set this header.
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ')

/** helmet's headers, the CSP with this response's nonce, HSTS only over HTTPS. */
export function securityHeaders(): RequestHandler[] {
  const cspSecure = contentSecurityPolicy({ upgrade: true })
  const cspPlain = contentSecurityPolicy({ upgrade: false })
  // over plain HTTP a browser ignores HSTS; sending it there would only mislead a reader
  const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 3600, includeSubDomains: true })
  const others = helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  })
  return [
    (_req: Request, res: Response, next: NextFunction) => {
      res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
      res.setHeader('Permissions-Policy', PERMISSIONS_POLICY)
      next()
    },
    others,
    // req.secure is req.protocol === 'https', which honours X-Forwarded-Proto under TRUST_PROXY
    (req, res, next) => (req.secure ? cspSecure : cspPlain)(req, res, next),
    (req, res, next) => (req.secure ? hsts(req, res, next) : next()),
  ]
}

/** Pages and data carry who is signed in: no cache, shared or private, may keep them. */
export function noStore(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store')
    next()
  }
}
