import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MODULE_DEFAULTS } from '../../src/module'
import type { ModuleOptions } from '../../src/module'
import { afterSignInTarget, isOrigin, redirectUrlFromSearch, safeRedirect } from '../../src/runtime/core/redirect'
import { validateOptions } from '../../src/setup/options'
import { payloads } from './openRedirectPayloads'

const origin = 'https://app.example.com'
const afterSignInUrl = '/dashboard'

/** The whole path of a `?redirect_url=` from the address bar to the page we leave for. */
const targetFor = (search: string, allowedOrigins: string[] = []) =>
  afterSignInTarget({ requested: redirectUrlFromSearch(search), afterSignInUrl, origin, allowedOrigins })
const query = (value: string) => `?${new URLSearchParams({ redirect_url: value })}`

describe('given a ?redirect_url= in the address bar', () => {
  it.each([
    ['/headless', '/headless'],
    ['/a/b?x=1#h', '/a/b?x=1#h'],
    ['https://app.example.com/settings?tab=2', '/settings?tab=2'],
  ])('follows the same-origin %j', (value, expected) => {
    expect(targetFor(query(value))).toBe(expected)
  })

  it('reads it among other parameters, percent-encoded like Clerk writes it', () => {
    expect(targetFor('?foo=1&redirect_url=%2Fheadless%3Fa%3D1&bar=2')).toBe('/headless?a=1')
  })

  it.each(payloads.filter(Boolean))('falls back to afterSignInUrl for the payload %j', (payload) => {
    expect(targetFor(query(payload))).toBe(afterSignInUrl)
  })

  it('falls back to afterSignInUrl for the payloads even when other origins are allowed', () => {
    for (const payload of payloads) expect(targetFor(query(payload), ['https://docs.example.com']), payload).toBe(afterSignInUrl)
  })

  it('uses afterSignInUrl without one, with an empty one, or a repeated empty one', () => {
    for (const search of ['', '?', '?redirect_url=', '?other=%2Fx', '?redirect_url'] as const) expect(targetFor(search), search).toBe(afterSignInUrl)
  })
})

describe('given allowedRedirectOrigins', () => {
  const allowed = ['https://docs.example.com', 'http://localhost:4000']

  it('follows an absolute URL on an allowed origin, and nothing else off-site', () => {
    expect(targetFor(query('https://docs.example.com/guide?x=1'), allowed)).toBe('https://docs.example.com/guide?x=1')
    expect(targetFor(query('http://localhost:4000/'), allowed)).toBe('http://localhost:4000/')
    for (const lookAlike of [
      'https://docs.example.com.evil.com/',
      'https://evil.com/https://docs.example.com',
      'http://docs.example.com/',
      'https://docs.example.com:8443/',
      'https://docs.example.com@evil.com/',
      'https://user:pw@docs.example.com/',
      'http://localhost:4001/',
    ]) expect(targetFor(query(lookAlike), allowed), lookAlike).toBe(afterSignInUrl)
  })

  it('refuses other origins without the option', () => {
    expect(targetFor(query('https://docs.example.com/guide'))).toBe(afterSignInUrl)
  })
})

describe('given an unsafe afterSignInUrl as the fallback', () => {
  it('goes to "/" rather than off-site', () => {
    for (const bad of ['//evil.com', 'https://evil.com/', 'javascript:alert(1)']) {
      expect(afterSignInTarget({ requested: '//evil.com', afterSignInUrl: bad, origin })).toBe('/')
    }
  })
})

describe('afterSignInTarget, for any redirect_url', () => {
  it('returns a same-origin path, an allowed origin\'s URL, or afterSignInUrl', () => {
    const allowed = ['https://docs.example.com']
    fc.assert(fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.webPath(), fc.string({ unit: 'grapheme' })), (value) => {
      const target = targetFor(query(value), allowed)
      const parsed = new URL(target, origin)
      expect([origin, ...allowed]).toContain(parsed.origin)
      if (target !== afterSignInUrl && !target.startsWith('https://docs.example.com/')) {
        expect(target.startsWith('/') && !target.startsWith('//')).toBe(true)
      }
    }), { numRuns: 2000 })
  })
})

describe('safeRedirect, for paths built of dot segments and slashes', () => {
  it('never returns a protocol-relative URL (`/.//evil.com` resolves to `//evil.com`)', () => {
    const piece = fc.constantFrom('/', '.', '..', '%2e', '%2E', '%2f', 'evil.com', 'a', '?', '#', '%5c')
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
      const url = `/${pieces.join('')}`
      for (const candidate of [url, `${origin}${url}`]) {
        const target = safeRedirect(candidate, { origin, fallback: afterSignInUrl })
        expect(target.startsWith('//'), `${candidate} → ${target}`).toBe(false)
        expect(new URL(target, origin).origin).toBe(origin)
      }
    }), { numRuns: 3000 })
  })
})

describe('isOrigin', () => {
  it.each(['https://docs.example.com', 'http://localhost:3000', 'https://docs.example.com/'])('accepts %j', (value) => {
    expect(isOrigin(value)).toBe(true)
  })
  it.each(['docs.example.com', 'https://docs.example.com/path', 'https://*.example.com', 'https://a@docs.example.com', 'javascript:alert(1)', '', 42, null, 'https://docs.example.com?x'])('refuses %j', (value) => {
    expect(isOrigin(value)).toBe(false)
  })
})

describe('the allowedRedirectOrigins module option', () => {
  const options = (allowedRedirectOrigins: unknown): ModuleOptions => ({ ...MODULE_DEFAULTS, allowedRedirectOrigins: allowedRedirectOrigins as string[] })

  it('accepts bare origins', () => {
    expect(() => validateOptions(options([]))).not.toThrow()
    expect(() => validateOptions(options(['https://docs.example.com', 'http://localhost:4000']))).not.toThrow()
  })

  it.each([
    ['a string', 'https://docs.example.com'],
    ['a path', ['https://docs.example.com/guide']],
    ['a wildcard', ['https://*.example.com']],
    ['no scheme', ['docs.example.com']],
    ['a javascript: URL', ['javascript:alert(1)']],
  ])('fails the build with the fix for %s', (_name, value) => {
    expect(() => validateOptions(options(value))).toThrow(/clientTrust\.allowedRedirectOrigins.*https:\/\/docs\.example\.com/)
  })
})
