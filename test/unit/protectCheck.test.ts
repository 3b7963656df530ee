import { describe, expect, it } from 'vitest'
import { goneNotice, mapClerkError } from '../../src/runtime/core/errors'
import { defaultMessages } from '../../src/runtime/core/defaultMessages'
import { isProtectCheckExpired, protectSdkUrl } from '../../src/runtime/core/protectCheck'

describe('given a Protect challenge\'s sdk_url', () => {
  const fapi = 'http://localhost:3000'

  it('loads https, and plain http only from the Frontend API\'s own origin (the emulator)', () => {
    expect(protectSdkUrl('https://protect.clerk.example/sdk.mjs', null)).toBe('https://protect.clerk.example/sdk.mjs')
    expect(protectSdkUrl('http://localhost:3000/__clerk/protect/sdk.mjs', fapi)).toBe('http://localhost:3000/__clerk/protect/sdk.mjs')
    expect(protectSdkUrl('http://localhost:3001/protect/sdk.mjs', fapi)).toBeNull()
    expect(protectSdkUrl('http://localhost:3000/protect/sdk.mjs', null)).toBeNull()
  })

  it.each([
    ['data:text/javascript,alert(1)'],
    ['blob:https://evil.example/1'],
    ['javascript:alert(1)'],
    ['//evil.example/sdk.mjs'],
    ['/__clerk/protect/sdk.mjs'],
    ['https://user:pass@protect.clerk.example/sdk.mjs'],
    ['http://localhost:3000@evil.example/sdk.mjs'],
    ['ftp://localhost:3000/sdk.mjs'],
    [''],
    ['not a url'],
  ])('refuses %s', (url) => {
    expect(protectSdkUrl(url, fapi)).toBeNull()
  })

  it('refuses what is not a string', () => {
    expect(protectSdkUrl(undefined, fapi)).toBeNull()
    expect(protectSdkUrl({ href: 'https://x.example' }, fapi)).toBeNull()
  })
})

describe('given a challenge\'s expires_at (epoch ms)', () => {
  it('is expired from that instant on, never without one', () => {
    expect(isProtectCheckExpired(1000, 999)).toBe(false)
    expect(isProtectCheckExpired(1000, 1000)).toBe(true)
    expect(isProtectCheckExpired(undefined, 1e15)).toBe(false)
    expect(isProtectCheckExpired(Number.NaN, 1e15)).toBe(false)
  })
})

describe('given Clerk Protect\'s error codes', () => {
  it('says a refused proof and an expired challenge in our words, form-wide', () => {
    expect(mapClerkError({ errors: [{ code: 'protect_check_execution_failed', message: 'x' }] })).toEqual({ field: null, message: defaultMessages.protectCheckFailed, code: 'protect_check_execution_failed' })
    expect(mapClerkError({ errors: [{ code: 'protect_check_timed_out', message: 'x' }] }).message).toBe(defaultMessages.protectCheckExpired)
  })

  it('starts again from the credentials after an expired challenge, with its own notice', () => {
    expect(goneNotice('protect_check_timed_out')).toBe('protectCheckExpired')
    expect(goneNotice('sign_in_expired')).toBe('signInExpired')
    expect(goneNotice('protect_check_execution_failed')).toBeNull()
  })
})
