import { describe, expect, it } from 'vitest'
import { displayableError, mapClerkError, retryAfterSeconds } from '../../src/runtime/core/errors'

describe('displayableError', () => {
  it('keeps Clerk API errors, Clerk runtime errors and network failures', () => {
    const api = { code: 'api_response_error', errors: [{ code: 'form_code_incorrect' }] }
    expect(displayableError(api)).toBe(api)
    const runtime = Object.assign(new Error('x'), { code: 'network_error' })
    expect(displayableError(runtime)).toBe(runtime)
    const offline = new TypeError('Failed to fetch')
    expect(displayableError(offline)).toBe(offline)
    const clerkNetwork = new Error('ClerkJS: Network error at "http://x/v1/client/sign_ins" - TypeError: Failed to fetch. Please try again.')
    expect(mapClerkError(displayableError(clerkNetwork)).message).toBe('Could not reach the server. Check your connection and try again.')
  })

  it('turns everything else into the generic message, never its own text', () => {
    for (const error of [new SyntaxError('Unexpected end of JSON input'), new Error('t.map is not a function'), 'boom', 42, null, { message: '<b>x</b>' }]) {
      expect(mapClerkError(displayableError(error)).message, String(error)).toBe('Something went wrong. Please try again.')
    }
  })
})

describe('retryAfterSeconds', () => {
  it('reads clerk-js\' retryAfter (the Retry-After header) and nothing Clerk does not send', () => {
    expect(retryAfterSeconds({ retryAfter: 57, errors: [{ meta: { retry_after: 3 } }] })).toBe(57)
    expect(retryAfterSeconds({ retryAfter: 2.2 })).toBe(3)
    // A body field only the old emulator sent: clerk-js would drop it anyway.
    expect(retryAfterSeconds({ errors: [{ meta: { retry_after: 6 } }] })).toBeNull()
  })

  it('ignores missing, negative, absurd or non-numeric values', () => {
    for (const error of [null, {}, { retryAfter: -1 }, { retryAfter: 'soon' }, { errors: [] }]) expect(retryAfterSeconds(error)).toBeNull()
    expect(retryAfterSeconds({ retryAfter: 1e9 })).toBe(3600)
  })
})
