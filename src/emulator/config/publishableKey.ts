// The emulator's synthetic publishable key. A file of its own that imports nothing: the Nuxt
// module puts the same key into the app's config at build time, and must not load the
// emulator (h3, jose, the routes) to compute it.

/**
 * The Frontend API host in the key: neutral (no Clerk dev suffix, so clerk-js skips the
 * dev-browser handshake; `.invalid` never resolves, so nothing reaches a real host).
 */
export const DEFAULT_FRONTEND_API_HOST = 'clerk.emulator.invalid'

/** `pk_test_` + base64("<host>$"): clerk-js derives its Frontend API host from it. */
export function publishableKeyFor(host: string): string {
  return `pk_test_${Buffer.from(`${host}$`).toString('base64').replace(/=+$/, '')}`
}
