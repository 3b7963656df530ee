/**
 * Clerk Protect challenges as plain data: which challenge SDK URL may be loaded, and when a
 * challenge is past its time. No Vue, no Clerk objects, no DOM.
 *
 * The contract (clerk/javascript `packages/shared/src/internal/clerk-js/protectCheck.ts`): the
 * sign-in's `protectCheck` names an ES module (`sdkUrl`) whose default export takes the element
 * to render in and `{ token, uiHints, signal, setWidgetVisible }`, and resolves to a proof token
 * for `signIn.submitProtectCheck({ proofToken })`. A chained challenge comes back as a new
 * `protectCheck` with a new token.
 */

/**
 * Where the form's challenge stands: `loading` (the SDK is being fetched), `shown` (the SDK's
 * step is on screen, waiting for the person), `submitting` (its proof is being sent), `failed`
 * (it could not load or run, or its proof was refused: "Try again" runs it again).
 */
export type ProtectCheckStatus = 'loading' | 'shown' | 'submitting' | 'failed'

/** The challenge the form is running, for the `protect-check` step. */
export interface ProtectCheckView {
  /** Clerk's challenge token: a new one is a new (chained) challenge. */
  readonly token: string
  readonly status: ProtectCheckStatus
}

/**
 * The URL to `import()` for a challenge, or `null` when it must not be loaded. Clerk's own loader
 * accepts `https:` only, never credentials in the URL (a tampered answer must not run a
 * `data:`/`blob:` module in the page). One exception here: the origin of the Frontend API this
 * page already runs clerk-js from (`fapiOrigin`), which is how the local emulator serves its
 * stand-in over plain http. Anything else fails closed: the step says the check cannot load.
 */
export function protectSdkUrl(sdkUrl: unknown, fapiOrigin: string | null): string | null {
  if (typeof sdkUrl !== 'string' || !sdkUrl) return null
  let url: URL
  try {
    url = new URL(sdkUrl)
  }
  catch {
    return null
  }
  if (url.username || url.password) return null
  if (url.protocol === 'https:') return url.href
  return url.protocol === 'http:' && fapiOrigin !== null && url.origin === fapiOrigin ? url.href : null
}

/** A challenge whose `expiresAt` (epoch ms, as clerk-js reads `expires_at`) has passed can no longer be solved. */
export function isProtectCheckExpired(expiresAt: number | null | undefined, now: number): boolean {
  return typeof expiresAt === 'number' && Number.isFinite(expiresAt) && expiresAt <= now
}
