import { createContext, useContext, type ReactNode } from 'react'

// This response's Content-Security-Policy nonce, from the server's load context to the <script>
// tags the root renders. In the browser it is '' (browsers hide a nonce from the DOM), and only
// the server-rendered tags ever need it.
const NonceContext = createContext('')

export function NonceProvider({ nonce, children }: { nonce: string; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>
}

export function useNonce() {
  return useContext(NonceContext)
}
