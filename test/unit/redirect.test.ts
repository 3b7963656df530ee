import { describe, expect, it } from 'vitest'
import { safeRedirect, withoutUnparseableRedirect } from '../../src/runtime/core/redirect'

const origin = 'https://app.example.com'

describe('safeRedirect', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/a/b?x=1#h', '/a/b?x=1#h'],
    ['/foo%2F%2Fbar', '/foo%2F%2Fbar'],
    ['https://app.example.com/x?y=1', '/x?y=1'],
  ])('keeps %j', (url, expected) => {
    expect(safeRedirect(url, { origin })).toBe(expected)
  })

  it.each([
    '//evil.com',
    '///evil.com',
    '/\\evil.com',
    '\\\\evil.com',
    '/%2Fevil.com',
    '/%2F%2Fevil.com',
    '%2F%2Fevil.com',
    '/%5Cevil.com',
    '/%252F%252Fevil.com',
    'https:evil.com',
    'https://evil.com',
    'http://app.example.com.evil.com/',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,x',
    '/\t/evil.com',
    '/\n/evil.com',
    ' /dashboard',
    'dashboard',
    '',
    '/%E0%A4%A',
  ])('refuses %j', (url) => {
    expect(safeRedirect(url, { origin, fallback: '/home' })).toBe('/home')
  })

  it('refuses non-strings', () => {
    expect(safeRedirect(undefined)).toBe('/')
    expect(safeRedirect(42)).toBe('/')
  })

  it('allows listed origins only', () => {
    expect(safeRedirect('https://admin.example.com/x', { origin, allowedOrigins: ['https://admin.example.com'] }))
      .toBe('https://admin.example.com/x')
    expect(safeRedirect('https://admin.example.com/x', { origin })).toBe('/')
  })
})

describe('withoutUnparseableRedirect (what runs before clerk-js reads the address bar)', () => {
  const base = 'http://127.0.0.1:3000/sign-in'
  it.each([
    ['?redirect_url=http%3A%2F%2F127.0.0.1%3A3000.evil.test%2F', ''],
    ['?a=1&redirect_url=http%3A%2F%2Fx%3A99999%2F&b=2', '?a=1&b=2'],
    ['?redirect_url=https%3A%2F%2F%5B%3A%3A1&redirect_url=%2Fheadless', '?redirect_url=%2Fheadless'],
  ])('takes the unparseable value out of %s', (search, expected) => {
    expect(withoutUnparseableRedirect(search, base)).toBe(expected)
  })

  it.each([
    '',
    '?a=1',
    '?redirect_url=%2Fheadless',
    // Parseable but unsafe ones stay: afterSignInTarget refuses them later, and clerk-js copes.
    '?redirect_url=https%3A%2F%2Fevil.com%2F',
    '?redirect_url=javascript%3Aalert(1)',
    '?redirect_url=%2F%2Fevil.com',
  ])('leaves %j alone', (search) => {
    expect(withoutUnparseableRedirect(search, base)).toBeNull()
  })
})
