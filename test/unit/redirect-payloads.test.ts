import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { safeRedirect } from '../../src/runtime/core/redirect'
import { payloads } from './openRedirectPayloads'

const origin = 'https://app.example.com'
const fallback = '/after-sign-in'

describe('given open-redirect payloads', () => {
  it('has at least 40 of them', () => {
    expect(new Set(payloads).size).toBeGreaterThanOrEqual(40)
  })

  it.each(payloads.map(p => [JSON.stringify(p).slice(0, 60), p]))('refuses %s', (_label, payload) => {
    expect(safeRedirect(payload, { origin, fallback })).toBe(fallback)
  })

  it('refuses them even when other origins are allowed', () => {
    for (const payload of payloads) {
      expect(safeRedirect(payload, { origin, fallback, allowedOrigins: ['https://accounts.example.com'] }), payload).toBe(fallback)
    }
  })
})

describe('given allowedOrigins', () => {
  it('follows an allowed origin exactly, not its look-alikes', () => {
    const allowedOrigins = ['https://accounts.example.com']
    expect(safeRedirect('https://accounts.example.com/welcome', { origin, fallback, allowedOrigins })).toBe('https://accounts.example.com/welcome')
    expect(safeRedirect('https://accounts.example.com.evil.com/', { origin, fallback, allowedOrigins })).toBe(fallback)
    expect(safeRedirect('http://accounts.example.com/', { origin, fallback, allowedOrigins })).toBe(fallback)
    expect(safeRedirect('https://accounts.example.com@evil.com/', { origin, fallback, allowedOrigins })).toBe(fallback)
  })
})

describe('safeRedirect, for any input', () => {
  const target = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.webUrl(),
    fc.webPath().map(p => `/${p}`),
    fc.tuple(fc.constantFrom('/', '//', '\\', '/\\', '%2F', 'https:', 'javascript:'), fc.string({ maxLength: 40 })).map(([a, b]) => a + b),
  )

  it('never throws and returns a same-origin path or the fallback', () => {
    fc.assert(fc.property(target, (url) => {
      const result = safeRedirect(url, { origin, fallback })
      expect(typeof result).toBe('string')
      if (result === fallback) return
      // Whatever is followed must resolve to our own origin in a real URL parser.
      expect(result.startsWith('/')).toBe(true)
      expect(result.startsWith('//')).toBe(false)
      expect(new URL(result, origin).origin).toBe(origin)
    }), { numRuns: 2000 })
  })

  it('is idempotent: a followed URL is followed unchanged again', () => {
    fc.assert(fc.property(target, (url) => {
      const once = safeRedirect(url, { origin, fallback })
      expect(safeRedirect(once, { origin, fallback })).toBe(once)
    }), { numRuns: 1000 })
  })
})
