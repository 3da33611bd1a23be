// The browser build's `zod` (package.json "browser" maps it here; the server, the tests and the
// type checker use the real one). Forms are validated on the server only: route modules and the
// form models build their schemas at module level, which the classic Remix compiler keeps in
// the browser bundle (a call might have side effects), and with them all of zod and its locales
// (~93 KB gzipped on every page). Here those module-level `z.object(…).refine(…)` chains build
// nothing; parsing, the only thing a schema is for, refuses loudly, so a component that starts
// validating in the browser fails its first test instead of passing silently
// (docs/decisions/018-client-javascript.md).

const PARSERS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'decode', 'encode', 'safeDecode', 'safeEncode'])

function serverOnly(): never {
  throw new Error('zod runs on the server only: validate in the loader or action (app/utils/zod-in-browser.ts)')
}

// an arrow function as the target: callable, and with no non-configurable own keys (`ownKeys`)
const inert: unknown = new Proxy(() => {}, {
  get: (_target, key) => {
    if (key === 'then') return undefined // never a thenable
    if (key === Symbol.toPrimitive || key === 'toString' || (typeof key === 'string' && PARSERS.has(key))) return serverOnly
    return inert
  },
  apply: () => inert,
  ownKeys: () => [],
  getOwnPropertyDescriptor: () => undefined,
})

export const z = inert
export default inert
