// What Express tells Remix about the request that Remix's Request does not carry.
export type AppLoadContext = { clientIp: string }

export function clientIpOf(context: unknown): string {
  const ip = (context as Partial<AppLoadContext> | undefined)?.clientIp
  return typeof ip === 'string' ? ip : ''
}

// A same-site path only: never redirect a user to another host after sign-in or a switch.
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}
