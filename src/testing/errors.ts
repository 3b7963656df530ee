import type { RateLimitName } from '../emulator/config/instance'
import { RATE_LIMITS, RATE_LIMITS_PER_ENV } from '../emulator/config/instance'

/**
 * What the testing kit throws: a message that says what went wrong and what to change.
 * `code` is Clerk's error code when Clerk (or the emulator) answered with one.
 */
export class TestingError extends Error {
  /** Clerk's error code (`form_password_incorrect`, …) when there was one. */
  readonly code: string | undefined

  constructor(message: string, code?: string) {
    super(message)
    // The name the README documents and `instanceof` checks use.
    this.name = 'TestingError'
    this.code = code
  }
}

/**
 * Clerk (or the emulator) refused a step with 429: which limit it was, its default numbers and
 * where they come from, and how a suite that signs in many times gets past it. `code` is Clerk's
 * (`too_many_requests`, `verification_code_too_many_requests`).
 */
export function rateLimitError(who: string, limit: RateLimitName, answer: { code: string | undefined, retryAfter?: number }, backend: 'emulator' | 'clerk'): TestingError {
  const { counts, source, default: numbers } = RATE_LIMITS[limit]
  const per = limit === 'codes' ? 'per sign-in' : 'per IP address'
  const wait = answer.retryAfter ? `, retry after ${answer.retryAfter} s` : ''
  const relax = backend === 'emulator'
    ? `The emulator counts like Clerk: a suite that signs in many times relaxes it with ${RATE_LIMITS_PER_ENV}=client in the test runner's environment (vitest's \`test.env\`), or \`instance: { rateLimits: { per: 'client' } }\`: one budget per browser context, Clerk's numbers kept (README, "Rate limits").`
    : 'Against Clerk, sign in fewer times: reuse a signed-in storage state, or space the sign-ins out.'
  return new TestingError(`${who}: refused by the rate limit on ${counts} ("${limit}": ${numbers.requests} per ${numbers.windowSeconds} s ${per} by default, ${source}; Clerk: ${answer.code ?? 'HTTP 429'}${wait}). ${relax}`, answer.code)
}
